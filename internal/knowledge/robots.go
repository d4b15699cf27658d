package knowledge

import (
	"fmt"
	"net/url"
	"strings"
)

// CrawlerToken is the product token robots.txt groups name to address this
// crawler ("User-agent: PilotoDeVendas").
const CrawlerToken = "PilotoDeVendas"

// robotsMaxBytes is how much of a robots.txt is read (RFC 9309 asks crawlers
// to read at least 500 KiB).
const robotsMaxBytes = 512 << 10

// robotsRule is one Allow or Disallow line.
type robotsRule struct {
	allow   bool
	pattern string // percent-encoded; '*' matches any run, a final '$' anchors the end
}

// robots is the part of a robots.txt that applies to this crawler.
type robots struct {
	rules    []robotsRule
	blockAll bool // the file could not be read: nothing is allowed (RFC 9309, "unreachable")
}

// allowAll is the rules of a site without a robots.txt.
var allowAll = &robots{}

// parseRobots reads a robots.txt (RFC 9309) and keeps the rules of the
// groups for token (case-insensitive), or else of the "*" groups. Several
// groups for the same agent are merged; rules before any User-agent line
// belong to no group.
func parseRobots(body []byte, token string) *robots {
	token = strings.ToLower(token)
	type group struct {
		agents  []string
		rules   []robotsRule
		hasRule bool
	}
	var groups []*group
	var cur *group
	for line := range strings.SplitSeq(string(body), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if cur == nil || cur.hasRule { // a user-agent line after rules starts a new group
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, agentToken(value))
		case "allow", "disallow":
			if cur == nil {
				continue
			}
			cur.hasRule = true
			if value != "" { // "Disallow:" with nothing disallows nothing
				cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: encodePattern(value)})
			}
		}
	}
	var mine, star []robotsRule
	foundMine := false
	for _, g := range groups {
		for _, a := range g.agents {
			switch a {
			case token:
				foundMine = true
				mine = append(mine, g.rules...)
			case "*":
				star = append(star, g.rules...)
			}
		}
	}
	if foundMine {
		return &robots{rules: mine}
	}
	return &robots{rules: star}
}

// agentToken is the product token of a User-agent value: "PilotoDeVendas/1.0"
// is "pilotodevendas".
func agentToken(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, "/ \t"); i >= 0 {
		v = v[:i]
	}
	return v
}

// encodePattern percent-encodes the bytes of a rule that a URL path would
// carry encoded (non-ASCII and spaces), and uppercases existing escapes, so
// rule and path compare alike.
func encodePattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteString(strings.ToUpper(p[i : i+3]))
			i += 2
		case c >= 0x80 || c == ' ':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// allowed says whether u may be fetched: the longest matching rule decides,
// Allow winning a tie; no matching rule allows. /robots.txt is always
// allowed.
func (r *robots) allowed(u *url.URL) bool {
	if r.blockAll {
		return false
	}
	target := u.EscapedPath()
	if target == "" {
		target = "/"
	}
	if target == "/robots.txt" {
		return true
	}
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, target) {
			continue
		}
		if n := len(rule.pattern); n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch reports whether pattern matches the start of path: '*' stands
// for any run of characters, and a final '$' for the end of the path.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	// The first part must be a prefix.
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	// Middle parts match the leftmost occurrence in turn; the last part, when
	// anchored, must end the path.
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return len(path)-pos >= len(part) && strings.HasSuffix(path, part)
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return false
		}
		pos += j + len(part)
	}
	return true
}
