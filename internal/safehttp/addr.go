package safehttp

import (
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// Reasons a destination is refused. They appear in BlockedError.Reason and in
// logs, never in messages for users.
const (
	reasonScheme   = "scheme is not http or https"
	reasonNoHost   = "the URL has no host"
	reasonHostForm = "the host is neither a DNS name nor a canonical IP address"
	reasonPort     = "the port is not a number between 1 and 65535"
)

// blockedV4 lists the IPv4 ranges that are not the public internet (IANA's
// special-purpose registry, less the few that are globally reachable).
var blockedV4 = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (0.0.0.0/8)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (carrier-grade NAT)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local (cloud metadata)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private network"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private network"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (including broadcast)"},
}

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour      = netip.MustParsePrefix("2002::/16")
	// blockedV6 lists the ranges inside 2000::/3 that are not the public
	// internet; everything outside 2000::/3 is refused anyway, except the
	// IPv4-mapped and NAT64 forms, which are judged by the IPv4 they embed.
	blockedV6 = []struct {
		prefix netip.Prefix
		reason string
	}{
		{netip.MustParsePrefix("2001::/23"), "IETF protocol assignments (Teredo, benchmarking, ORCHID)"},
		{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
		{netip.MustParsePrefix("3fff::/20"), "documentation"},
	}
)

// reasonFor returns why ip is not a public internet address, or "" when it is
// one. IPv4 addresses embedded in IPv6 (IPv4-mapped ::ffff:0:0/96, NAT64
// 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry. A
// zone is ignored.
func reasonFor(ip netip.Addr) string {
	if !ip.IsValid() {
		return "not an IP address"
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return reason4(ip)
	}
	if nat64.Contains(ip) {
		b := ip.As16()
		if r := reason4(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); r != "" {
			return "NAT64 form of " + r
		}
		return ""
	}
	if !globalUnicast6.Contains(ip) {
		switch {
		case ip.IsUnspecified():
			return "unspecified"
		case ip.IsLoopback():
			return "loopback"
		case ip.IsLinkLocalUnicast():
			return "link-local"
		case ip.IsPrivate():
			return "private network (unique local)"
		case ip.IsMulticast():
			return "multicast"
		default:
			return "reserved (outside 2000::/3)"
		}
	}
	if sixToFour.Contains(ip) {
		b := ip.As16()
		if r := reason4(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})); r != "" {
			return "6to4 form of " + r
		}
		return ""
	}
	for _, p := range blockedV6 {
		if p.prefix.Contains(ip) {
			return p.reason
		}
	}
	return ""
}

func reason4(ip netip.Addr) string {
	for _, p := range blockedV4 {
		if p.prefix.Contains(ip) {
			return p.reason
		}
	}
	return ""
}

// target is where a URL points, before DNS resolution.
type target struct {
	host string     // lower case, ASCII (punycode), without brackets
	addr string     // host:port, the port made explicit: what the transport dials
	ip   netip.Addr // the host, when it is an IP literal
}

// parseTarget checks the parts of u that need no DNS: the scheme is http or
// https, the host is an IP literal or a well-formed DNS name — never a
// shorthand IPv4 form such as 2130706433, 0x7f000001, 0177.0.0.1 or 127.1, which
// some resolvers would quietly read as 127.0.0.1 — and the port is valid. It
// does not judge the address itself.
func parseTarget(u *url.URL) (target, error) {
	if u.Scheme != "http" && u.Scheme != "https" {
		return target{}, &BlockedError{Host: u.Host, Reason: reasonScheme}
	}
	if u.Host == "" {
		return target{}, &BlockedError{Reason: reasonNoHost}
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return target{}, &BlockedError{Host: u.Host, Reason: reasonPort}
	}
	host, ip, err := canonicalHost(u.Hostname())
	if err != nil {
		return target{}, err
	}
	return target{host: host, addr: net.JoinHostPort(host, port), ip: ip}, nil
}

// canonicalHost returns host in lower case ASCII, and its address when it is
// an IP literal. It refuses anything else than an IP literal in canonical form
// or a DNS name.
func canonicalHost(host string) (string, netip.Addr, error) {
	refuse := func() (string, netip.Addr, error) {
		return "", netip.Addr{}, &BlockedError{Host: host, Reason: reasonHostForm}
	}
	if host == "" {
		return refuse()
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.String(), ip, nil
	}
	name := strings.ToLower(host)
	if !isASCII(name) {
		a, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return refuse()
		}
		name = a
	}
	if !isDNSName(name) || endsInNumber(name) {
		return refuse()
	}
	return name, netip.Addr{}, nil
}

// endsInNumber reports whether the last label of a host is a number (decimal,
// or hexadecimal with 0x), which makes browsers and many resolvers read the
// whole host as an IPv4 address in some shorthand form. A host that is not a
// canonical IP literal and ends in a number is refused.
func endsInNumber(host string) bool {
	host = strings.TrimSuffix(host, ".")
	last := host[strings.LastIndexByte(host, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return strings.Trim(last[2:], "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}

// isDNSName reports whether s (lower case ASCII) is made of labels of 1 to 63
// letters, digits, hyphens or underscores, at most 253 characters, with an
// optional final dot.
func isDNSName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
