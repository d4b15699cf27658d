package knowledge_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/safehttp"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

// Every test here aims only at local servers it starts itself.

// testSite is a small web site on a loopback port: pages by path, an
// optional robots.txt, and a count of the requests each path got.
type testSite struct {
	*httptest.Server
	mu     sync.Mutex
	pages  map[string]string
	robots string
	hits   map[string]int
	extra  map[string]http.HandlerFunc
}

func newTestSite(t *testing.T, pages map[string]string) *testSite {
	t.Helper()
	s := &testSite{pages: pages, hits: map[string]int{}, extra: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		page, ok := s.pages[r.URL.RequestURI()]
		robots, extra := s.robots, s.extra[r.URL.Path]
		s.mu.Unlock()
		switch {
		case extra != nil:
			extra(w, r)
		case r.URL.Path == "/robots.txt" && robots != "":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, robots)
		case ok:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) set(path, page string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = page
}

func (s *testSite) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extra[path] = h
}

func (s *testSite) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *testSite) host() string { return s.Listener.Addr().String() }

// page is an HTML page with a title, a menu of links and a text.
func page(title, text string, links ...string) string {
	var menu strings.Builder
	for _, l := range links {
		fmt.Fprintf(&menu, `<li><a href="%s">%s</a></li>`, l, l)
	}
	return `<!doctype html><html><head><title>` + title + `</title></head><body>
	<nav><ul>` + menu.String() + `</ul></nav>
	<main><h1>` + title + `</h1><p>` + text + `</p></main>
	<footer>© Sol do Cerrado</footer></body></html>`
}

// jobsRecorder is an Enqueuer that keeps the jobs.
type jobsRecorder struct {
	mu   sync.Mutex
	jobs []river.JobArgs
}

func (r *jobsRecorder) Enqueue(_ context.Context, args river.JobArgs) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.jobs = append(r.jobs, args)
	return nil
}

// take returns the jobs enqueued since the last take.
func (r *jobsRecorder) take() []river.JobArgs {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.jobs
	r.jobs = nil
	return out
}

type crawlKit struct {
	*kb
	w     *knowledge.CrawlWorker
	jobs  *jobsRecorder
	clock *piloto.FakeClock
}

func newCrawlKit(t *testing.T, db *store.DB, cfg safehttp.Config) *crawlKit {
	t.Helper()
	k := newKB(t, db)
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	client, err := safehttp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	rec := &jobsRecorder{}
	clock := piloto.NewFakeClock(time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC))
	w := &knowledge.CrawlWorker{Store: db, Files: blob.Files{Bucket: k.bucket}, Jobs: rec, Web: client, Clock: clock,
		Limits: knowledge.DefaultLimits, Delay: -1}
	k.worker.Clock = clock
	return &crawlKit{kb: k, w: w, jobs: rec, clock: clock}
}

func (c *crawlKit) addSite(t *testing.T, rawURL string, crawl bool, maxPages int) *knowledge.Site {
	t.Helper()
	now := c.clock.Now()
	s := &knowledge.Site{ID: piloto.NewID(), OrganizationID: c.orgID, KnowledgeBaseID: c.baseID, URL: rawURL, Crawl: crawl,
		MaxPages: maxPages, Status: knowledge.SiteQueued, CreatedAt: now, UpdatedAt: now}
	if err := c.db.CreateSite(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

// sync runs a crawl of the site and returns the site after it.
func (c *crawlKit) sync(t *testing.T, siteID string) *knowledge.Site {
	t.Helper()
	job := &river.Job[knowledge.CrawlArgs]{Args: knowledge.CrawlArgs{OrganizationID: c.orgID, SiteID: siteID}}
	if err := c.w.Work(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	s, err := c.db.Site(context.Background(), c.orgID, siteID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ingestAll works the ingestions the crawl queued and returns their sources'
// ids.
func (c *crawlKit) ingestAll(t *testing.T) []string {
	t.Helper()
	var ids []string
	for _, j := range c.jobs.take() {
		if a, ok := j.(knowledge.IngestArgs); ok {
			c.ingest(t, a.SourceID)
			ids = append(ids, a.SourceID)
		}
	}
	return ids
}

// pages returns the site's pages by URL.
func (c *crawlKit) pages(t *testing.T, siteID string) map[string]knowledge.Source {
	t.Helper()
	list, err := c.db.SitePages(context.Background(), c.orgID, siteID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]knowledge.Source{}
	for _, p := range list {
		out[p.URL] = p
	}
	return out
}

func (c *crawlKit) chunkText(t *testing.T, sourceID string) string {
	t.Helper()
	chunks, err := c.db.Chunks(context.Background(), c.orgID, sourceID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, ch := range chunks {
		b.WriteString(ch.Text + "\n")
	}
	return b.String()
}

// The crawl follows links breadth first on the same site only — not to
// another host, not to mailto:, tel:, javascript: or files — and stops at
// the site's page limit; each page becomes a source, ingested from its main
// text.
func TestCrawlStaysOnSiteAndStopsAtLimit(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		other := newTestSite(t, map[string]string{"/": page("Outro site", "Não deveria ser lido.")})
		site := newTestSite(t, map[string]string{})
		site.set("/", page("Início", "A Sol do Cerrado instala energia solar em Goiás.",
			other.URL+"/", "mailto:vendas@example.com", "tel:+5562999990000", "javascript:void(0)", "/catalogo.pdf",
			"#conteudo", "/residencial", "empresas", "/agro#topo", "/residencial"))
		site.set("/residencial", page("Residencial", "Kits residenciais a partir de R$ 12.000.", "/", "/residencial/kit-3"))
		site.set("/empresas", page("Empresas", "Sistemas comerciais até 75 kWp.", "/"))
		site.set("/agro", page("Agro", "Energia solar para fazendas e pivôs.", "/"))
		site.set("/residencial/kit-3", page("Kit 3 kWp", "Seis módulos e um inversor.", "/"))
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host(), other.host()}})

		s := c.sync(t, c.addSite(t, site.URL+"/", true, 3).ID)
		if s.Status != knowledge.SiteReady || s.PagesFound != 3 || s.Error != "" || s.LastSyncedAt == nil {
			t.Fatalf("site after sync: %+v", s)
		}
		pages := c.pages(t, s.ID)
		for _, p := range []string{"/", "/residencial", "/empresas"} { // breadth first: the start page's links in order
			if _, ok := pages[site.URL+p]; !ok {
				t.Errorf("page %s was not kept: %v", p, pages)
			}
		}
		if len(pages) != 3 || site.hitsOf("/agro") != 0 || site.hitsOf("/residencial/kit-3") != 0 {
			t.Errorf("the limit of 3 pages was passed: %d pages, /agro %d hits", len(pages), site.hitsOf("/agro"))
		}
		if other.hitsOf("/") != 0 || other.hitsOf("/robots.txt") != 0 || site.hitsOf("/catalogo.pdf") != 0 || site.hitsOf("/residencial") != 1 {
			t.Errorf("the crawl left the site or fetched twice: other %d, pdf %d, /residencial %d",
				other.hitsOf("/")+other.hitsOf("/robots.txt"), site.hitsOf("/catalogo.pdf"), site.hitsOf("/residencial"))
		}
		home := pages[site.URL+"/"]
		if home.Name != "Início" || home.Kind != knowledge.KindFile || home.Format != "html" || home.Status != knowledge.StatusQueued {
			t.Errorf("the start page's source: %+v", home)
		}
		if ids := c.ingestAll(t); len(ids) != 3 {
			t.Fatalf("%d ingestions queued for 3 pages", len(ids))
		}
		text := c.chunkText(t, home.ID)
		if !strings.Contains(text, "instala energia solar em Goiás") || strings.Contains(text, "Sol do Cerrado\n") || strings.Contains(text, "/residencial") {
			t.Errorf("the start page's chunks: %q", text)
		}
		if got := c.pages(t, s.ID)[site.URL+"/"]; got.Status != knowledge.StatusReady {
			t.Errorf("the start page after ingestion: %s %q", got.Status, got.Error)
		}
		// Pages are listed with their site, not among the base's files.
		if list, _ := db.Sources(context.Background(), c.orgID, c.baseID); len(list) != 0 {
			t.Errorf("the base's sources list pages: %d", len(list))
		}

		// Without crawling, the start page alone.
		one := c.sync(t, c.addSite(t, site.URL+"/empresas", false, 1).ID)
		if one.PagesFound != 1 || len(c.pages(t, one.ID)) != 1 || site.hitsOf("/agro") != 0 {
			t.Errorf("a page without crawling: %+v", one)
		}

		// Deleting the site deletes its pages, their chunks and files.
		svc := &knowledge.Service{Store: db, Sites: db, Files: blob.Files{Bucket: c.bucket}, Clock: c.clock}
		blobKey := home.BlobKey
		if err := svc.DeleteSite(context.Background(), c.orgID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Source(context.Background(), c.orgID, home.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("a page of a deleted site: %v", err)
		}
		if chunks, _ := db.Chunks(context.Background(), c.orgID, home.ID); len(chunks) != 0 {
			t.Error("a deleted site left chunks")
		}
		if ok, _ := c.bucket.Exists(context.Background(), blobKey); ok {
			t.Error("a deleted site left its pages' files")
		}
		// Deleting the base deletes its other site and that site's page.
		onePage := c.pages(t, one.ID)[site.URL+"/empresas"]
		if err := svc.DeleteBase(context.Background(), c.orgID, c.baseID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Site(context.Background(), c.orgID, one.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("a site of a deleted base: %v", err)
		}
		if _, err := db.Source(context.Background(), c.orgID, onePage.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("a page of a deleted base: %v", err)
		}
		if ok, _ := c.bucket.Exists(context.Background(), onePage.BlobKey); ok {
			t.Error("a deleted base left its pages' files")
		}
	})
}

// robots.txt is read first, through the same guard: our group's rules (or
// else "*"'s) decide, with the longest match; a page it disallows is never
// requested.
func TestCrawlHonoursRobots(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newTestSite(t, map[string]string{
			"/":                  page("Início", "Bem-vindo à loja.", "/interno/precos", "/interno/publico", "/privado", "/blog"),
			"/interno/precos":    page("Preços internos", "Tabela de custo."),
			"/interno/publico":   page("Público", "Catálogo aberto a todos."),
			"/privado":           page("Privado", "Área que só o asterisco proíbe."),
			"/blog":              page("Blog", "Notícias sobre energia solar."),
			"/disallowed-by-all": page("X", "Y"),
		})
		site.robots = "User-agent: *\nDisallow: /privado\n\nUser-agent: PilotoDeVendas\nDisallow: /interno\nAllow: /interno/publico\n"
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host()}})
		s := c.sync(t, c.addSite(t, site.URL+"/", true, 20).ID)
		pages := c.pages(t, s.ID)
		if site.hitsOf("/robots.txt") != 1 || site.hitsOf("/interno/precos") != 0 {
			t.Errorf("robots.txt %d hits, a disallowed page %d", site.hitsOf("/robots.txt"), site.hitsOf("/interno/precos"))
		}
		for _, p := range []string{"/", "/interno/publico", "/privado", "/blog"} {
			if _, ok := pages[site.URL+p]; !ok {
				t.Errorf("%s was not read (our group allows it)", p)
			}
		}
		if len(pages) != 4 || s.Status != knowledge.SiteReady {
			t.Errorf("%d pages, status %s", len(pages), s.Status)
		}

		// A site whose robots.txt refuses everything: nothing is fetched,
		// and the site says why.
		closed := newTestSite(t, map[string]string{"/": page("Fechado", "Nada aqui.")})
		closed.robots = "User-agent: *\nDisallow: /\n"
		c2 := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{closed.host()}})
		s2 := c2.sync(t, c2.addSite(t, closed.URL+"/", true, 20).ID)
		if s2.Status != knowledge.SiteFailed || !strings.Contains(s2.Error, "robots.txt") || closed.hitsOf("/") != 0 {
			t.Errorf("a site closed by robots.txt: %+v, / hit %d times", s2, closed.hitsOf("/"))
		}

		// A robots.txt that errors (5xx) blocks the sync until it answers.
		broken := newTestSite(t, map[string]string{"/": page("Quebrado", "Texto.")})
		broken.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 503) })
		c3 := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{broken.host()}})
		s3 := c3.sync(t, c3.addSite(t, broken.URL+"/", true, 20).ID)
		if s3.Status != knowledge.SiteFailed || !strings.Contains(s3.Error, "503") || broken.hitsOf("/") != 0 {
			t.Errorf("robots.txt answering 503: %+v", s3)
		}
	})
}

// A sync again re-ingests only the pages whose main text changed; a page
// whose markup alone changed is left as it was; a page no longer linked is
// removed.
func TestCrawlResyncReingestsOnlyChangedPages(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newTestSite(t, map[string]string{
			"/":         page("Início", "Energia solar em Goiás.", "/precos", "/garantia", "/antiga"),
			"/precos":   page("Preços", "O kit de 3 kWp custa R$ 12.000.", "/"),
			"/garantia": page("Garantia", "Os módulos têm 25 anos de garantia.", "/"),
			"/antiga":   page("Promoção antiga", "Promoção de carnaval.", "/"),
		})
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host()}})
		s := c.addSite(t, site.URL+"/", true, 20)
		c.sync(t, s.ID)
		if ids := c.ingestAll(t); len(ids) != 4 {
			t.Fatalf("first sync: %d ingestions", len(ids))
		}
		before := c.pages(t, s.ID)

		c.clock.Advance(time.Hour)
		site.set("/", page("Início", "Energia solar em Goiás.", "/precos", "/garantia")) // /antiga unlinked
		site.set("/precos", page("Preços", "O kit de 3 kWp custa R$ 11.500 em março.", "/"))
		site.set("/garantia", strings.Replace(page("Garantia", "Os módulos têm 25 anos de garantia.", "/"),
			"</head>", "<script>var visita = 2;</script><style>p{color:red}</style></head>", 1)) // markup only
		s2 := c.sync(t, s.ID)
		ids := c.ingestAll(t)
		if len(ids) != 1 || ids[0] != before[site.URL+"/precos"].ID {
			t.Fatalf("second sync queued %v, want only /precos (%s)", ids, before[site.URL+"/precos"].ID)
		}
		after := c.pages(t, s.ID)
		if !after[site.URL+"/garantia"].UpdatedAt.Equal(before[site.URL+"/garantia"].UpdatedAt) ||
			!after[site.URL+"/"].UpdatedAt.Equal(before[site.URL+"/"].UpdatedAt) {
			t.Errorf("unchanged pages were touched: %v → %v", before[site.URL+"/garantia"].UpdatedAt, after[site.URL+"/garantia"].UpdatedAt)
		}
		if text := c.chunkText(t, after[site.URL+"/precos"].ID); !strings.Contains(text, "R$ 11.500 em março") || strings.Contains(text, "12.000") {
			t.Errorf("the changed page's chunks: %q", text)
		}
		if _, ok := after[site.URL+"/antiga"]; ok || len(after) != 3 {
			t.Errorf("the unlinked page stayed: %d pages", len(after))
		}
		if _, err := db.Source(context.Background(), c.orgID, before[site.URL+"/antiga"].ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("the unlinked page's source: %v", err)
		}
		if s2.PagesFound != 3 || s2.Status != knowledge.SiteReady || !s2.LastSyncedAt.Equal(c.clock.Now()) {
			t.Errorf("site after the second sync: %+v", s2)
		}

		// A page that starts failing is marked failed with a reason, and its
		// chunks stop being searched; when it comes back, it is ingested again.
		c.clock.Advance(time.Hour)
		site.handle("/garantia", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "fora do ar", 500) })
		c.sync(t, s.ID)
		g := c.pages(t, s.ID)[site.URL+"/garantia"]
		if g.Status != knowledge.StatusFailed || !strings.Contains(g.Error, "erro 500") || c.chunkText(t, g.ID) != "" {
			t.Errorf("a failing page: %s %q", g.Status, g.Error)
		}
		site.handle("/garantia", nil)
		c.sync(t, s.ID)
		if ids := c.ingestAll(t); len(ids) != 1 || ids[0] != g.ID {
			t.Errorf("a page back up: ingestions %v", ids)
		}
	})
}

// Every request goes through the outbound guard: a redirect to an address
// that is not public fails that page with a reason that does not name the
// address, and nothing reaches it; a start URL that is not allowed fails the
// site before any request.
func TestCrawlGuardRefusals(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		// A server on 127.0.0.2, which the guard refuses (only the test
		// site's exact host:port is allowed).
		ln, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("no 127.0.0.2 here: %v", err)
		}
		var mu sync.Mutex
		inner := 0
		internal := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inner++
			mu.Unlock()
			fmt.Fprint(w, page("Segredo", "Dados internos."))
		})}}
		internal.Start()
		t.Cleanup(internal.Close)

		site := newTestSite(t, map[string]string{
			"/":      page("Início", "Loja de energia solar.", "/ir", internal.URL+"/direto"),
			"/sobre": page("Sobre", "Quem somos."),
		})
		site.handle("/ir", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, internal.URL+"/segredo", http.StatusFound)
		})
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host()}})
		s := c.sync(t, c.addSite(t, site.URL+"/", true, 20).ID)
		pages := c.pages(t, s.ID)
		ir := pages[site.URL+"/ir"]
		if ir.Status != knowledge.StatusFailed || !strings.Contains(ir.Error, "rede interna ou reservada") {
			t.Errorf("the redirect to a private address: %s %q", ir.Status, ir.Error)
		}
		if strings.Contains(ir.Error, "127.0.0.2") || strings.Contains(ir.Error, internal.Listener.Addr().String()) {
			t.Errorf("the reason names the address: %q", ir.Error)
		}
		mu.Lock()
		defer mu.Unlock()
		if inner != 0 {
			t.Errorf("%d requests reached the private server", inner)
		}
		if s.Status != knowledge.SiteReady || len(pages) != 2 {
			t.Errorf("site %s with %d pages", s.Status, len(pages))
		}

		// A site whose start address is refused (not allowed for this
		// client): failed, nothing fetched.
		elsewhere := newTestSite(t, map[string]string{"/": page("Outro", "Texto.")})
		s2 := c.sync(t, c.addSite(t, elsewhere.URL+"/", true, 20).ID)
		if s2.Status != knowledge.SiteFailed || !strings.Contains(s2.Error, "rede interna ou reservada") || strings.Contains(s2.Error, "127.0.0.1") {
			t.Errorf("a refused start address: %+v", s2)
		}
		if elsewhere.hitsOf("/") != 0 || elsewhere.hitsOf("/robots.txt") != 0 {
			t.Error("a request reached a refused address")
		}
	})
}

// A page that answers too slowly, or without end, is cut off and marked
// failed; the sync goes on with the other pages.
func TestCrawlCutsOffSlowAndEndlessPages(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newTestSite(t, map[string]string{
			"/":       page("Início", "Loja.", "/lenta", "/sem-fim", "/normal"),
			"/normal": page("Normal", "Uma página comum."),
		})
		site.handle("/lenta", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>")
			w.(http.Flusher).Flush()
			for { // a byte a second, forever
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
					fmt.Fprint(w, "a")
					w.(http.Flusher).Flush()
				}
			}
		})
		site.handle("/sem-fim", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := []byte(strings.Repeat("<p>sem fim</p>", 1000))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		})
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host()}, Timeout: 700 * time.Millisecond})
		c.w.MaxPageBytes = 256 << 10
		begin := time.Now()
		s := c.sync(t, c.addSite(t, site.URL+"/", true, 20).ID)
		if took := time.Since(begin); took > 10*time.Second {
			t.Errorf("the sync took %v", took)
		}
		pages := c.pages(t, s.ID)
		if p := pages[site.URL+"/lenta"]; p.Status != knowledge.StatusFailed || !strings.Contains(p.Error, "demorou demais") {
			t.Errorf("the slow page: %s %q", p.Status, p.Error)
		}
		if p := pages[site.URL+"/sem-fim"]; p.Status != knowledge.StatusFailed || !strings.Contains(p.Error, "passa de 256 KB") {
			t.Errorf("the endless page: %s %q", p.Status, p.Error)
		}
		if p := pages[site.URL+"/normal"]; p.Status != knowledge.StatusQueued {
			t.Errorf("the normal page: %s %q", p.Status, p.Error)
		}
		if s.Status != knowledge.SiteReady || s.PagesFound != 4 {
			t.Errorf("site: %+v", s)
		}
	})
}

// The schedule queues a sync 24 hours after the last one, not before.
func TestSiteScheduleSyncsDaily(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newTestSite(t, map[string]string{"/": page("Início", "Texto.")})
		c := newCrawlKit(t, db, safehttp.Config{AllowHosts: []string{site.host()}})
		s := c.addSite(t, site.URL+"/", false, 1)
		synced := c.sync(t, s.ID)
		c.jobs.take()
		if want := c.clock.Now().Add(knowledge.SiteSyncInterval); synced.NextSyncAt == nil || !synced.NextSyncAt.Equal(want) {
			t.Fatalf("next sync at %v, want %v", synced.NextSyncAt, want)
		}
		schedule := &knowledge.SiteScheduleWorker{Store: db, Jobs: c.jobs, Clock: c.clock}
		run := func() []river.JobArgs {
			t.Helper()
			if err := schedule.Work(context.Background(), &river.Job[knowledge.SiteScheduleArgs]{}); err != nil {
				t.Fatal(err)
			}
			return c.jobs.take()
		}
		c.clock.Advance(23 * time.Hour)
		if jobs := run(); len(jobs) != 0 {
			t.Fatalf("after 23 h: %v", jobs)
		}
		c.clock.Advance(time.Hour)
		jobs := run()
		if len(jobs) != 1 || jobs[0] != (knowledge.CrawlArgs{OrganizationID: c.orgID, SiteID: s.ID, After: synced.LastSyncedAt.Format(time.RFC3339Nano)}) {
			t.Fatalf("after 24 h: %v", jobs)
		}
		got, _ := db.Site(context.Background(), c.orgID, s.ID)
		if got.Status != knowledge.SiteQueued || !got.NextSyncAt.Equal(c.clock.Now().Add(knowledge.SiteSyncInterval)) {
			t.Errorf("after queuing: %+v", got)
		}
		if jobs := run(); len(jobs) != 0 {
			t.Fatalf("queued twice: %v", jobs)
		}
	})
}

// Adding a site checks its address with the guard at once.
func TestAddSiteValidates(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		c := newCrawlKit(t, db, safehttp.Config{})
		client, _ := safehttp.New(safehttp.Config{})
		svc := &knowledge.Service{Store: db, Sites: db, Jobs: c.jobs, Clock: c.clock, URLs: client}
		ctx := context.Background()
		for raw, want := range map[string]string{
			"":                          "Informe o endereço.",
			"ftp://example.com/":        "https://",
			"http://127.0.0.1:8080/":    "rede interna",
			"http://169.254.169.254/":   "rede interna",
			"http://[::1]/":             "rede interna",
			"http://user:pw@localhost/": "usuário nem senha",
		} {
			_, err := svc.AddSite(ctx, c.orgID, c.baseID, knowledge.SiteInput{URL: raw})
			var e *piloto.Error
			if !errors.As(err, &e) || e.Code != piloto.EINVALID || !strings.Contains(e.Fields["url"], want) {
				t.Errorf("%q: %v (%v)", raw, err, fields(err))
			}
		}
		_, err := svc.AddSite(ctx, c.orgID, c.baseID, knowledge.SiteInput{URL: "http://127.0.0.1/", Crawl: true, MaxPages: 500})
		if f := fields(err); f["max_pages"] == "" {
			t.Errorf("500 pages: %v", f)
		}
		if _, err := svc.AddSite(ctx, c.orgID, piloto.NewID(), knowledge.SiteInput{URL: "http://127.0.0.1/"}); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("another base: %v", err)
		}
		if len(c.jobs.take()) != 0 {
			t.Error("a refused site queued a sync")
		}
	})
}

// fields returns the field errors of err.
func fields(err error) map[string]string {
	var e *piloto.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
