package safehttp_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/safehttp"
)

// These tests never leave the machine: the resolver is fake, every server
// listens on loopback, and the dial hook refuses any address that is not
// loopback, so even a broken guard could not reach 169.254.169.254 or 8.8.8.8.

// fakeResolver answers from a fixed table; "dns-down.example" fails as a
// temporary error and any other name is not found.
type fakeResolver map[string][]string

func (r fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	if host == "dns-down.example" {
		return nil, &net.DNSError{Err: "server misbehaving", Name: host, IsTemporary: true}
	}
	ips, ok := r[strings.TrimSuffix(host, ".")]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

var resolver = fakeResolver{
	"metadata.example":    {"169.254.169.254"},
	"intranet.example":    {"10.0.0.1"},
	"six.example":         {"::1"},
	"mapped.example":      {"::ffff:127.0.0.1"},
	"mixed.example":       {"8.8.8.8", "10.0.0.1"},
	"nat64.example":       {"64:ff9b::7f00:1"},
	"localhost":           {"127.0.0.1", "::1"},
	"public.example":      {"8.8.8.8", "2606:4700:4700::1111"},
	"xn--aa-4iaz.example": {"8.8.8.8"}, // açaí.example
	"loja.example":        {"93.184.215.14"},
}

var errNotLoopback = errors.New("test dial hook: refusing to leave loopback")

// dialLog records every address a Client was about to dial, and stops any
// that is not loopback.
type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialLog) hook(_, addr string) error {
	d.mu.Lock()
	d.addrs = append(d.addrs, addr)
	d.mu.Unlock()
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return errNotLoopback
	}
	return nil
}

func (d *dialLog) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.addrs)
}

// newClient returns a Client with the fake resolver, a 2 s timeout unless cfg
// says otherwise, and a dial log.
func newClient(t *testing.T, cfg safehttp.Config) (*safehttp.Client, *dialLog) {
	t.Helper()
	if cfg.Resolver == nil {
		cfg.Resolver = resolver
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	c, err := safehttp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	log := &dialLog{}
	safehttp.SetDialHook(c, log.hook)
	t.Cleanup(c.CloseIdleConnections)
	return c, log
}

// trap listens on ip (any port) without ever serving, to prove that nothing
// connected: untouched accepts what the kernel may have queued.
type trap struct {
	ln   *net.TCPListener
	port string
}

func newTrap(t *testing.T, ip string) *trap {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return nil // e.g. no IPv6 loopback here; the dial log still proves it
	}
	t.Cleanup(func() { ln.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &trap{ln: ln.(*net.TCPListener), port: port}
}

// untouched reports whether no connection reached the trap. A connection that
// was made is already queued, so Accept returns it at once; the deadline only
// bounds the wait when there is none.
func (tr *trap) untouched(t *testing.T) {
	t.Helper()
	if tr == nil {
		return
	}
	tr.ln.SetDeadline(time.Now().Add(20 * time.Millisecond))
	if c, err := tr.ln.Accept(); err == nil {
		c.Close()
		t.Errorf("a connection reached the listener on %s", tr.ln.Addr())
	}
}

func (tr *trap) portOr(def string) string {
	if tr == nil {
		return def
	}
	return tr.port
}

// server serves the routes the tests use, on 127.0.0.1.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ok %s", r.UserAgent())
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.Query().Get("to"))
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.URL.Query().Get("n"), &n)
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", fmt.Sprint(n))
		} else {
			w.(http.Flusher).Flush()
		}
		w.Write(bytes.Repeat([]byte("a"), n))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("a"), 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/gzip-bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(make([]byte, 8<<20))
		zw.Close()
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				w.Write([]byte("."))
				w.(http.Flusher).Flush()
			}
		}
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func hostPort(srv *httptest.Server) string { return srv.Listener.Addr().String() }

func wantBlocked(t *testing.T, err error) {
	t.Helper()
	var be *safehttp.BlockedError
	if !errors.As(err, &be) {
		t.Fatalf("want a *BlockedError, got %v", err)
	}
}

// A name or literal that leads to a non-public address is refused before any
// connection is attempted.
func TestRefusedBeforeDial(t *testing.T) {
	t.Parallel()
	trap1 := newTrap(t, "127.0.0.1")
	trap2 := newTrap(t, "127.0.0.2")
	trap6 := newTrap(t, "::1")
	p1 := trap1.portOr("9")
	p2, p6 := trap2.portOr(p1), trap6.portOr(p1)
	urls := []string{
		"http://metadata.example/latest/meta-data/",
		"http://metadata.example./computeMetadata/v1/",
		"http://intranet.example:8080/",
		"http://six.example:" + p6 + "/",
		"http://mapped.example:" + p1 + "/",
		"http://mixed.example/",
		"http://nat64.example/",
		"http://localhost:" + p1 + "/",
		"http://LOCALHOST:" + p1 + "/",
		"http://127.0.0.1:" + p1 + "/",
		"http://127.0.0.2:" + p2 + "/",
		"http://[::1]:" + p6 + "/",
		"http://[::ffff:127.0.0.1]:" + p1 + "/",
		"http://[::ffff:7f00:1]:" + p1 + "/",
		"http://0.0.0.0:" + p1 + "/",
		"http://169.254.169.254/latest/meta-data/",
		"http://[fe80::1%25lo]:" + p1 + "/",
		// Shorthand IPv4 forms some resolvers read as 127.0.0.1.
		"http://2130706433:" + p1 + "/",
		"http://0x7f000001:" + p1 + "/",
		"http://0177.0.0.1:" + p1 + "/",
		"http://017700000001:" + p1 + "/",
		"http://0x7f.0.0.1:" + p1 + "/",
		"http://127.1:" + p1 + "/",
		"http://127.0.0.1.:" + p1 + "/",
		// Not HTTP.
		"file:///etc/passwd",
		"gopher://127.0.0.1:" + p1 + "/",
		"ftp://127.0.0.1:" + p1 + "/",
	}
	t.Run("group", func(t *testing.T) {
		for _, u := range urls {
			t.Run(u, func(t *testing.T) {
				t.Parallel()
				c, log := newClient(t, safehttp.Config{})
				_, err := c.Fetch(context.Background(), u)
				wantBlocked(t, err)
				if got := log.list(); len(got) != 0 {
					t.Errorf("dialed %v", got)
				}
			})
		}
	})
	trap1.untouched(t)
	trap2.untouched(t)
	trap6.untouched(t)
}

// A name resolving only to public addresses passes the guard: the checked
// literals are dialed in order (here stopped by the test's hook).
func TestPublicAddressesAreDialed(t *testing.T) {
	t.Parallel()
	c, log := newClient(t, safehttp.Config{})
	_, err := c.Fetch(context.Background(), "https://public.example/x")
	if !errors.Is(err, errNotLoopback) {
		t.Fatalf("want the hook's refusal, got %v", err)
	}
	want := []string{"8.8.8.8:443", "[2606:4700:4700::1111]:443"}
	if got := log.list(); !slices.Equal(got, want) {
		t.Fatalf("dialed %v, want %v", got, want)
	}
}

func TestAllowHostsIsExact(t *testing.T) {
	t.Parallel()
	srv := server(t)
	addr := hostPort(srv)
	_, port, _ := net.SplitHostPort(addr)
	c, log := newClient(t, safehttp.Config{AllowHosts: []string{addr}, UserAgent: "PilotoTeste/1"})

	resp, err := c.Fetch(context.Background(), srv.URL+"/ok")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != "ok PilotoTeste/1" || resp.URL != srv.URL+"/ok" {
		t.Fatalf("got %d %q at %s", resp.StatusCode, resp.Body, resp.URL)
	}
	if got := log.list(); !slices.Equal(got, []string{addr}) {
		t.Fatalf("dialed %v", got)
	}

	other := newTrap(t, "127.0.0.1")
	same2 := newTrap(t, "127.0.0.2")
	for _, u := range []string{
		"http://127.0.0.1:" + other.portOr("9") + "/",
		"http://127.0.0.2:" + port + "/",
		"http://[::1]:" + port + "/",
		"http://localhost:" + port + "/",
		"http://[::ffff:127.0.0.1]:" + port + "/",
		"http://2130706433:" + port + "/",
	} {
		_, err := c.Fetch(context.Background(), u)
		wantBlocked(t, err)
	}
	if got := log.list(); len(got) != 1 {
		t.Fatalf("dialed %v", got)
	}
	other.untouched(t)
	if same2 != nil && same2.port == port {
		same2.untouched(t)
	}
}

// Every redirect hop is checked: the allowed server cannot send the client on
// to loopback, link-local or another scheme.
func TestRedirectsAreChecked(t *testing.T) {
	t.Parallel()
	srv := server(t)
	addr := hostPort(srv)
	_, port, _ := net.SplitHostPort(addr)
	trap2 := newTrap(t, "127.0.0.2")
	trap6 := newTrap(t, "::1")
	targets := []string{
		"http://127.0.0.2:" + trap2.portOr(port) + "/",
		"http://[::1]:" + trap6.portOr(port) + "/",
		"http://metadata.example/latest/meta-data/",
		"http://169.254.169.254/latest/meta-data/",
		"http://localhost:" + port + "/ok",
		"http://[::ffff:127.0.0.1]:" + port + "/ok",
		"http://2130706433:" + port + "/ok",
		"http://0x7f000001:" + port + "/ok",
		"file:///etc/passwd",
		"gopher://127.0.0.1:" + port + "/",
	}
	t.Run("group", func(t *testing.T) {
		for _, target := range targets {
			t.Run(target, func(t *testing.T) {
				t.Parallel()
				c, log := newClient(t, safehttp.Config{AllowHosts: []string{addr}})
				_, err := c.Fetch(context.Background(), srv.URL+"/redirect?to="+url.QueryEscape(target))
				wantBlocked(t, err)
				if got := log.list(); !slices.Equal(got, []string{addr}) {
					t.Errorf("dialed %v, want only the allowed server", got)
				}
			})
		}
	})
	trap2.untouched(t)
	trap6.untouched(t)

	t.Run("same host", func(t *testing.T) {
		c, _ := newClient(t, safehttp.Config{AllowHosts: []string{addr}})
		resp, err := c.Fetch(context.Background(), srv.URL+"/redirect?to=/ok")
		if err != nil || resp.URL != srv.URL+"/ok" || !strings.HasPrefix(string(resp.Body), "ok") {
			t.Fatalf("%+v %v", resp, err)
		}
	})
	t.Run("loop", func(t *testing.T) {
		c, _ := newClient(t, safehttp.Config{AllowHosts: []string{addr}, MaxRedirects: 3})
		_, err := c.Fetch(context.Background(), srv.URL+"/loop")
		if !errors.Is(err, safehttp.ErrTooManyRedirects) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("not followed", func(t *testing.T) {
		c, _ := newClient(t, safehttp.Config{AllowHosts: []string{addr}, MaxRedirects: -1})
		resp, err := c.Fetch(context.Background(), srv.URL+"/redirect?to=http://169.254.169.254/")
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Fatalf("%+v %v", resp, err)
		}
	})
}

// AllowPrivate (development) lifts the address guard, not the URL checks.
func TestAllowPrivate(t *testing.T) {
	t.Parallel()
	ip := "127.0.0.2"
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		ip = "127.0.0.1"
		if ln, err = net.Listen("tcp", ip+":0"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "private")
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)

	c, _ := newClient(t, safehttp.Config{AllowPrivate: true})
	resp, err := c.Fetch(context.Background(), srv.URL)
	if err != nil || string(resp.Body) != "private" {
		t.Fatalf("%+v %v", resp, err)
	}
	_, port, _ := net.SplitHostPort(hostPort(srv))
	if err := c.CheckURL(context.Background(), "http://localhost:"+port+"/"); err != nil {
		t.Errorf("CheckURL with AllowPrivate: %v", err)
	}
	for _, u := range []string{"file:///etc/passwd", "http://2130706433:" + port + "/"} {
		_, err := c.Fetch(context.Background(), u)
		wantBlocked(t, err)
	}
	strict, _ := newClient(t, safehttp.Config{})
	_, err = strict.Fetch(context.Background(), srv.URL)
	wantBlocked(t, err)
}

func TestBodyCap(t *testing.T) {
	t.Parallel()
	srv := server(t)
	c, _ := newClient(t, safehttp.Config{AllowHosts: []string{hostPort(srv)}, MaxBodyBytes: 1024})
	ctx := context.Background()

	resp, err := c.Fetch(ctx, srv.URL+"/bytes?n=1024")
	if err != nil || len(resp.Body) != 1024 {
		t.Fatalf("a body at the cap: %v", err)
	}
	for _, path := range []string{"/bytes?n=1025&chunked=1", "/bytes?n=5000", "/endless", "/gzip-bomb"} {
		if _, err := c.Fetch(ctx, srv.URL+path); !errors.Is(err, safehttp.ErrTooLarge) {
			t.Errorf("%s: want ErrTooLarge, got %v", path, err)
		}
	}

	// Streaming through Do: the cap's worth of bytes, then the error.
	r, err := c.Get(ctx, srv.URL+"/bytes?n=3000&chunked=1")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if len(b) != 1024 || !errors.Is(err, safehttp.ErrTooLarge) {
		t.Fatalf("read %d bytes, %v", len(b), err)
	}
}

// A response that never ends, or never starts, is cut off by the timeout.
func TestSlowResponsesAreCut(t *testing.T) {
	t.Parallel()
	srv := server(t)
	for _, path := range []string{"/trickle", "/stall"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			c, _ := newClient(t, safehttp.Config{AllowHosts: []string{hostPort(srv)}, Timeout: 300 * time.Millisecond})
			start := time.Now()
			_, err := c.Fetch(context.Background(), srv.URL+path)
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("want a timeout, got %v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %s", d)
			}
		})
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	c, log := newClient(t, safehttp.Config{AllowHosts: []string{"127.0.0.1:4321"}})
	cases := []struct {
		url, code, msg string // msg: a substring of the message
	}{
		{"https://loja.example/webhook?token=x", "", ""},
		{"http://loja.example:8080/", "", ""},
		{"https://açaí.example/", "", ""},
		{"https://AÇAÍ.example/", "", ""},
		{"https://açaí-não.example/", "invalid", "Não encontramos o domínio xn--"},
		{"https://public.example/", "", ""},
		{"http://127.0.0.1:4321/", "", ""}, // allowlisted
		{"", "invalid", "Informe"},
		{"https://loja.example/" + strings.Repeat("a", 2100), "invalid", "longo demais"},
		{"loja.example/webhook", "invalid", "Endereço inválido"},
		{"//loja.example/webhook", "invalid", "Endereço inválido"},
		{"http:loja.example", "invalid", "Endereço inválido"},
		{"https://", "invalid", "Endereço inválido"},
		{"https:///webhook", "invalid", "Endereço inválido"},
		{"ftp://loja.example/", "invalid", "https://"},
		{"file:///etc/passwd", "invalid", "https://"},
		{"javascript:alert(1)", "invalid", "https://"},
		{"https://user:senha@loja.example/", "invalid", "usuário nem senha"},
		{"https://user@loja.example/", "invalid", "usuário nem senha"},
		{"https://loja.example:0/", "invalid", "porta"},
		{"https://loja.example:99999/", "invalid", "porta"},
		{"https://loja_.exa mple/", "invalid", ""},
		{"https://-loja.example/", "invalid", "domínio"},
		{"https://nao-existe.example/", "invalid", "Não encontramos o domínio nao-existe.example"},
		{"https://dns-down.example/", "unavailable", "Tente de novo"},
		{"http://localhost/", "invalid", "rede interna"},
		{"http://metadata.example/", "invalid", "rede interna"},
		{"http://mixed.example/", "invalid", "rede interna"},
		{"http://mapped.example/", "invalid", "rede interna"},
		{"http://127.0.0.1:4322/", "invalid", "rede interna"},
		{"http://127.0.0.1/", "invalid", "rede interna"},
		{"http://10.1.2.3/", "invalid", "rede interna"},
		{"http://[::1]/", "invalid", "rede interna"},
		{"http://[fd00::1]/", "invalid", "rede interna"},
		{"http://169.254.169.254/", "invalid", "rede interna"},
		{"http://2130706433/", "invalid", "domínio"},
		{"http://0x7f000001/", "invalid", "domínio"},
		{"http://0177.0.0.1/", "invalid", "domínio"},
		{"http://127.1/", "invalid", "domínio"},
		{"http://8.8.8.8/", "", ""},
	}
	for _, tc := range cases {
		err := c.CheckURL(context.Background(), tc.url)
		if got := piloto.ErrorCode(err); got != tc.code {
			t.Errorf("%q: code %q (%v), want %q", tc.url, got, err, tc.code)
			continue
		}
		if msg := piloto.ErrorMessage(err); !strings.Contains(msg, tc.msg) {
			t.Errorf("%q: message %q, want it to contain %q", tc.url, msg, tc.msg)
		}
		if msg := piloto.ErrorMessage(err); strings.Contains(msg, "169.254") || strings.Contains(msg, "10.0.0.1") {
			t.Errorf("%q: the message reveals a resolved address: %q", tc.url, msg)
		}
	}
	if got := log.list(); len(got) != 0 {
		t.Errorf("CheckURL dialed %v", got)
	}
}

// Errors name the scheme and host only: a webhook's path or query may be its
// secret.
func TestErrorsHideThePath(t *testing.T) {
	t.Parallel()
	closed := newTrap(t, "127.0.0.1")
	if closed == nil {
		t.Skip("no loopback")
	}
	addr := closed.ln.Addr().String()
	closed.ln.Close() // nothing listens there now: the dial fails
	c, _ := newClient(t, safehttp.Config{AllowHosts: []string{addr}})
	for _, u := range []string{
		"http://metadata.example/hooks/s3cr3t?token=t0k3n",
		"http://" + addr + "/hooks/s3cr3t?token=t0k3n",
		"http://127.0.0.1:" + "999999/hooks/s3cr3t?token=t0k3n",
	} {
		_, err := c.Fetch(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "t0k3n") {
			t.Errorf("%s: error %v", u, err)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := server(t)
	c, _ := newClient(t, safehttp.Config{AllowHosts: []string{hostPort(srv)}})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			u := srv.URL + "/ok"
			if i%2 == 1 {
				u = "http://metadata.example/"
			}
			_, err := c.Fetch(context.Background(), u)
			if (err == nil) != (i%2 == 0) {
				t.Errorf("%s: %v", u, err)
			}
		})
	}
	wg.Wait()
}

func TestConfig(t *testing.T) {
	t.Parallel()
	for _, cfg := range []safehttp.Config{
		{Timeout: -1},
		{DialTimeout: -time.Second},
		{MaxBodyBytes: -1},
		{AllowHosts: []string{"127.0.0.1"}},
		{AllowHosts: []string{"127.0.0.1:http"}},
		{AllowHosts: []string{"0x7f000001:80"}},
	} {
		if _, err := safehttp.New(cfg); err == nil {
			t.Errorf("%+v must be refused", cfg)
		}
	}
	c, err := safehttp.New(safehttp.Config{AllowHosts: []string{"[::1]:80", "LocalHost:8080"}})
	if err != nil {
		t.Fatal(err)
	}
	if safehttp.TransportOf(c).Proxy != nil {
		t.Error("the transport must not use environment proxies")
	}
}

// HTTPClient, for SDKs that take an *http.Client, guards every connection
// and redirect as Do does, and streams without an overall timeout.
func TestHTTPClient(t *testing.T) {
	t.Parallel()
	srv := server(t)
	addr := hostPort(srv)
	trap := newTrap(t, "127.0.0.1")

	guarded, log := newClient(t, safehttp.Config{Timeout: 50 * time.Millisecond})
	hc := guarded.HTTPClient()
	for _, target := range []string{srv.URL + "/ok", "http://intranet.example/v1/models", "http://169.254.169.254/", "http://127.0.0.1:" + trap.portOr("1") + "/"} {
		_, err := hc.Get(target)
		wantBlocked(t, err)
	}
	if got := log.list(); len(got) != 0 {
		t.Errorf("dialed %v", got)
	}
	trap.untouched(t)

	allowed, _ := newClient(t, safehttp.Config{AllowHosts: []string{addr}, UserAgent: "PilotoTeste/1", Timeout: 50 * time.Millisecond})
	hc = allowed.HTTPClient()
	resp, err := hc.Get(srv.URL + "/ok")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok PilotoTeste/1" {
		t.Errorf("body %q", body)
	}
	_, err = hc.Get(srv.URL + "/redirect?to=" + url.QueryEscape("http://metadata.example/"))
	wantBlocked(t, err)
	// No overall timeout: a slow stream is read past the guard's Timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/trickle", nil)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if n < 5 {
		t.Errorf("read %d bytes of a trickle in 200 ms", n)
	}
}
