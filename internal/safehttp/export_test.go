package safehttp

import "net/http"

// SetDialHook makes c call hook with every address it is about to dial; an
// error from hook aborts that attempt. Set it before the first request.
func SetDialHook(c *Client, hook func(network, addr string) error) { c.dialHook = hook }

// TransportOf returns c's transport.
func TransportOf(c *Client) *http.Transport { return c.transport }

// ReasonFor is reasonFor.
var ReasonFor = reasonFor

// ControlPublic is controlPublic, the dialer's last check.
var ControlPublic = controlPublic
