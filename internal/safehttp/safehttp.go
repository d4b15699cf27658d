// Package safehttp is the one way to fetch a URL that a tenant typed (a CRM
// endpoint, a webhook, a page to import): its Client refuses to connect to
// anything but the public internet, so a tenant cannot make the server reach
// its own loopback, the private network it runs in or the cloud metadata
// service (server-side request forgery, ASVS 1.3.6).
//
// The guard works at three points. Before a request, the URL must be http or
// https with a host that is a DNS name or a canonical IP literal (shorthand
// IPv4 forms such as 2130706433 or 0x7f000001 are refused). On every redirect,
// the next URL is checked the same way. And at dial time — the check that
// decides — the host is resolved through Config.Resolver, every address it
// resolves to must be public (one private address refuses the name as a
// whole), and the connection goes to a checked address literal, so a DNS
// answer that changes between the check and the connection (DNS rebinding)
// cannot slip through. Refused are loopback, private, link-local
// (169.254.169.254 included), carrier-grade NAT, unspecified, multicast,
// broadcast, documentation, benchmarking and reserved ranges, in IPv4 and IPv6,
// and the IPv6 forms that embed such an IPv4 address (::ffff:127.0.0.1, NAT64,
// 6to4). Any port is allowed. Environment proxies (HTTP_PROXY and its kin) are
// ignored, so they cannot route around the guard.
//
// Every request has an overall deadline and every response body a size cap.
// Base URLs the operator sets in the environment (the LLM, the WhatsApp Graph
// API) are trusted and do not go through this package.
package safehttp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults for the zero fields of Config.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultDialTimeout  = 5 * time.Second
	DefaultMaxBodyBytes = 10 << 20 // 10 MiB
	DefaultMaxRedirects = 5
)

// Resolver finds the addresses of a host name. *net.Resolver implements it;
// tests inject their own.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Config says how a Client behaves. Its zero value is the production setting:
// only public destinations, the defaults above, net.DefaultResolver.
type Config struct {
	// AllowPrivate lifts the address guard entirely: loopback, private and
	// link-local destinations are reached like any other. Development only
	// (PILOTO_ALLOW_PRIVATE_URLS; the configuration refuses it in production).
	// The scheme and host-form checks still apply.
	AllowPrivate bool
	// AllowHosts lists exact "host:port" pairs (e.g. "127.0.0.1:41234", the
	// address of an httptest server) that skip the address guard. For tests
	// only: another port on the same host, or another spelling of the same
	// address (127.0.0.2, [::1], [::ffff:127.0.0.1], localhost), stays
	// refused. A name listed here is still resolved through Resolver.
	AllowHosts []string
	// Resolver resolves host names; nil means net.DefaultResolver.
	Resolver Resolver
	// Timeout bounds a whole request: resolution, connection, redirects,
	// headers and reading the body. Zero means DefaultTimeout.
	Timeout time.Duration
	// DialTimeout bounds each connection attempt. Zero means
	// DefaultDialTimeout.
	DialTimeout time.Duration
	// MaxBodyBytes caps a response body; reading past it fails with
	// ErrTooLarge. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxRedirects is how many redirects a request follows before failing
	// with ErrTooManyRedirects. Zero means DefaultMaxRedirects; a negative
	// value follows none and returns the 3xx response itself.
	MaxRedirects int
	// UserAgent is sent when a request has no User-Agent of its own; empty
	// leaves Go's default.
	UserAgent string
}

// Validate reports what is wrong with c: a negative timeout or size, or an
// AllowHosts entry that is not host:port with a numeric port.
func (c Config) Validate() error {
	var errs []error
	if c.Timeout < 0 || c.DialTimeout < 0 {
		errs = append(errs, errors.New("safehttp: Timeout and DialTimeout must not be negative"))
	}
	if c.MaxBodyBytes < 0 {
		errs = append(errs, errors.New("safehttp: MaxBodyBytes must not be negative"))
	}
	for _, hp := range c.AllowHosts {
		if _, err := canonicalHostPort(hp); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// canonicalHostPort returns hp as the dial-time address the Client compares
// with AllowHosts: lower case, IPv6 in canonical form and brackets.
func canonicalHostPort(hp string) (string, error) {
	host, port, err := net.SplitHostPort(hp)
	if err != nil {
		return "", fmt.Errorf("safehttp: AllowHosts entry %q is not host:port", hp)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("safehttp: AllowHosts entry %q has no valid port", hp)
	}
	h, _, err := canonicalHost(host)
	if err != nil {
		return "", fmt.Errorf("safehttp: AllowHosts entry %q has no valid host", hp)
	}
	return net.JoinHostPort(h, port), nil
}

// ErrTooLarge is returned when reading a response body past
// Config.MaxBodyBytes (or at once when its Content-Length says it is over).
var ErrTooLarge = errors.New("safehttp: response body over the size cap")

// ErrTooManyRedirects is returned when a request would follow more than
// Config.MaxRedirects redirects.
var ErrTooManyRedirects = errors.New("safehttp: too many redirects")

// BlockedError is why the Client refused a destination before connecting to
// it. Callers find it with errors.As (it is wrapped in a *url.Error) and show
// the user that the address is not allowed, without its details.
type BlockedError struct {
	// Host is the host as the URL or the dial address wrote it.
	Host string
	// IP is the refused address; it is the zero Addr when the refusal is
	// about the URL itself (its scheme or the form of its host).
	IP netip.Addr
	// Reason says what is wrong, in English, for logs.
	Reason string
}

func (e *BlockedError) Error() string {
	if e.IP.IsValid() {
		return fmt.Sprintf("safehttp: refused %q (%s): %s", e.Host, e.IP, e.Reason)
	}
	return fmt.Sprintf("safehttp: refused %q: %s", e.Host, e.Reason)
}

// Client fetches URLs through the guard. It is safe for concurrent use and
// keeps idle connections for reuse; make one and share it.
type Client struct {
	hc           *http.Client
	transport    *http.Transport
	resolver     Resolver
	allowPrivate bool
	allowHosts   map[string]bool
	maxBody      int64
	maxRedirects int
	userAgent    string
	guarded      *net.Dialer // refuses non-public addresses in Control
	open         *net.Dialer // for AllowPrivate and AllowHosts

	// dialHook, when set (tests), is called with every address about to be
	// dialed; an error aborts that attempt.
	dialHook func(network, addr string) error
}

// New returns a Client for cfg, with defaults for its zero fields. It fails
// when cfg.Validate does.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Client{
		resolver:     cfg.Resolver,
		allowPrivate: cfg.AllowPrivate,
		allowHosts:   map[string]bool{},
		maxBody:      cfg.MaxBodyBytes,
		maxRedirects: cfg.MaxRedirects,
		userAgent:    cfg.UserAgent,
	}
	if c.resolver == nil {
		c.resolver = net.DefaultResolver
	}
	if c.maxBody == 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.maxRedirects == 0 {
		c.maxRedirects = DefaultMaxRedirects
	}
	for _, hp := range cfg.AllowHosts {
		canon, _ := canonicalHostPort(hp) // Validate passed
		c.allowHosts[canon] = true
	}
	timeout, dialTimeout := cfg.Timeout, cfg.DialTimeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if dialTimeout == 0 {
		dialTimeout = DefaultDialTimeout
	}
	c.open = &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	c.guarded = &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, Control: controlPublic}
	c.transport = &http.Transport{
		Proxy:                  nil, // never HTTP_PROXY: it would dial for us, unchecked
		DialContext:            c.dial,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	c.hc = &http.Client{Transport: c.transport, Timeout: timeout, CheckRedirect: c.checkRedirect}
	return c, nil
}

// Do sends req through the guard and returns the response with its body
// capped at Config.MaxBodyBytes: reading past the cap fails with ErrTooLarge.
// The caller closes the body. A refused destination fails with an error
// wrapping *BlockedError, before any connection to it; a request over
// Config.Timeout fails with a timeout error (net.Error's Timeout reports true),
// even when the body is being read. Errors name only the scheme and host of a
// URL, never its path or query, which may carry a tenant's secret. As with
// http.Client, a non-2xx status is not an error. Do does not refuse a user
// name or password in the URL; CheckURL does, when the URL is saved.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req.URL == nil {
		return nil, errors.New("safehttp: request without a URL")
	}
	if err := c.checkURL(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, &url.Error{Op: urlErrorOp(req.Method), URL: origin(req.URL), Err: err}
	}
	if c.userAgent != "" && req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", c.userAgent)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, redact(err)
	}
	resp.Body = &cappedBody{rc: resp.Body, left: c.maxBody + 1, over: resp.ContentLength > c.maxBody}
	return resp, nil
}

// Get fetches rawURL with GET under ctx; see Do.
func (c *Client) Get(ctx context.Context, rawURL string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, redact(err)
	}
	return c.Do(req)
}

// Response is a fetched response, its body read whole.
type Response struct {
	URL        string // the final URL, after redirects
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Fetch gets rawURL and reads its body whole; see Do for the failures. A body
// over Config.MaxBodyBytes fails with ErrTooLarge and no Response. A non-2xx
// status is returned as any other.
func (c *Client) Fetch(ctx context.Context, rawURL string) (*Response, error) {
	resp, err := c.Get(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, redact(err)
	}
	return &Response{URL: resp.Request.URL.String(), StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// HTTPClient returns an *http.Client for code that takes one (the SDK of an
// LLM provider at a base URL an organization set): every connection and
// every redirect goes through the same guard as Do. It has no overall
// timeout and no body cap, since answers stream for as long as they take:
// the caller bounds them (the llm package's call and idle timeouts).
func (c *Client) HTTPClient() *http.Client {
	return &http.Client{Transport: guardedTransport{c}, CheckRedirect: c.checkRedirect}
}

// guardedTransport checks a request's URL as Do does, then sends it on the
// guarded transport.
type guardedTransport struct{ c *Client }

func (t guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.c.checkURL(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if t.c.userAgent != "" && req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.c.userAgent)
	}
	return t.c.transport.RoundTrip(req)
}

// CloseIdleConnections closes the connections kept for reuse.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

// checkURL checks what needs no DNS: scheme, host form, port, and an IP
// literal host against the guard. Names are judged at dial time.
func (c *Client) checkURL(u *url.URL) error {
	t, err := parseTarget(u)
	if err != nil {
		return err
	}
	if t.ip.IsValid() && !c.trusted(t.addr) {
		if r := reasonFor(t.ip); r != "" {
			return &BlockedError{Host: t.host, IP: t.ip, Reason: r}
		}
	}
	return nil
}

// trusted reports whether addr (canonical host:port) skips the address guard.
func (c *Client) trusted(addr string) bool { return c.allowPrivate || c.allowHosts[addr] }

// checkRedirect checks each hop like the first request, and counts them.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if c.maxRedirects < 0 {
		return http.ErrUseLastResponse
	}
	if len(via) > c.maxRedirects {
		return ErrTooManyRedirects
	}
	return c.checkURL(req.URL)
}

// dial is the transport's DialContext, where the guard decides: the host is
// resolved, every address must be public (unless trusted), and only the
// checked address literals are dialed, in order, until one answers.
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	h, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	host, ip, err := canonicalHost(h)
	if err != nil {
		return nil, err
	}
	trusted := c.trusted(net.JoinHostPort(host, port))
	var ips []netip.Addr
	if ip.IsValid() {
		ips = []netip.Addr{ip}
	} else if ips, err = c.lookup(ctx, host); err != nil {
		return nil, err
	}
	dialer := c.open
	if !trusted {
		dialer = c.guarded
		for _, ip := range ips {
			if r := reasonFor(ip); r != "" {
				return nil, &BlockedError{Host: host, IP: ip, Reason: r}
			}
		}
	}
	var lastErr error
	for _, ip := range ips {
		target := net.JoinHostPort(ip.String(), port)
		if c.dialHook != nil {
			if lastErr = c.dialHook(network, target); lastErr != nil {
				continue
			}
		}
		conn, err := dialer.DialContext(ctx, network, target)
		if err == nil {
			return conn, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

// lookup resolves a host name to its addresses, IPv4-mapped ones unmapped.
func (c *Client) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	addrs, err := c.resolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			continue
		}
		ips = append(ips, ip.Unmap().WithZone(a.Zone))
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return ips, nil
}

// controlPublic runs after the socket is made and before it connects: the
// last word on the address actually dialed.
func controlPublic(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Host: address, Reason: "the dialed address is not an IP literal"}
	}
	if r := reasonFor(ap.Addr()); r != "" {
		return &BlockedError{Host: address, IP: ap.Addr(), Reason: r}
	}
	return nil
}

// cappedBody fails with ErrTooLarge once more than the cap has been read. left
// starts at the cap plus one: reading that extra byte proves the body is over.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
	over bool // Content-Length already says it is over
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.over || b.left <= 0 {
		b.over = true
		return 0, ErrTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left <= 0 {
		b.over = true
		return n - 1, ErrTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// redact cuts the URL in a *url.Error down to its scheme and host.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = origin(u)
		} else {
			ue.URL = "(unparsable URL)"
		}
	}
	return err
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// urlErrorOp mimics http.Client's Op: "Get", "Post"…
func urlErrorOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}
