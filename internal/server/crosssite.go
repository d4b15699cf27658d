package server

import (
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/api"
)

// withClientIP puts the client's address in the request context. It is the
// connection's peer, unless the peer is a trusted proxy: then the
// X-Forwarded-For chain is walked from the right, skipping trusted proxies,
// and the first address not trusted is the client. A client cannot change
// its address by sending X-Forwarded-For itself: without a trusted peer the
// header is ignored, and behind one only the entries the proxies appended
// count.
func withClientIP(trusted []netip.Prefix, next http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		client := host
		if peer, err := netip.ParseAddr(host); err == nil && isTrusted(peer) {
			var chain []string
			for _, v := range r.Header.Values("X-Forwarded-For") {
				for _, part := range strings.Split(v, ",") {
					chain = append(chain, strings.TrimSpace(part))
				}
			}
			for i := len(chain) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(chain[i])
				if err != nil {
					break // a malformed entry: stop at the last good one
				}
				client = a.Unmap().String()
				if !isTrusted(a) {
					break
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(piloto.WithClientIP(r.Context(), client)))
	})
}

// withCORS answers cross-origin requests to the API from the allowed
// origins only: the exact origin is echoed with credentials allowed, never
// "*" or "null". Preflights from allowed origins get 204 and are cached for
// two hours; from others, 204 without CORS headers (the browser then refuses
// the real request). Every API response says Vary: Origin.
func withCORS(allowed []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		ok := origin != "" && origin != "null" && slices.Contains(allowed, origin)
		if ok {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Expose-Headers", "Retry-After, X-Request-Id")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			if ok {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
				h.Set("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token, X-Piloto-Org, X-Request-Id")
				h.Set("Access-Control-Max-Age", "7200")
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginProtection refuses unsafe requests that a browser says come from
// another site (Sec-Fetch-Site, or an Origin not matching the Host), unless
// the origin is one of the app's. Requests with neither header (servers,
// curl, webhooks) pass; they carry no browser cookies. The refusal is the
// API's JSON error, code csrf_failed.
func crossOriginProtection(trusted []string) (*http.CrossOriginProtection, error) {
	p := http.NewCrossOriginProtection()
	// Providers' webhooks are server-to-server and prove themselves with a
	// signature, not a session.
	p.AddInsecureBypassPattern("/webhooks/")
	for _, o := range trusted {
		if err := p.AddTrustedOrigin(o); err != nil {
			return nil, err
		}
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.WriteError(w, r, discard, piloto.Errorf(piloto.ECSRF, "Requisição de outro site recusada."))
	}))
	return p, nil
}
