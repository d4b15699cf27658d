package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// localSite is a small web site on a loopback port (every test aims only at
// servers it starts): a home page linking two pages.
func localSite(t *testing.T) *httptest.Server {
	t.Helper()
	pages := map[string]string{
		"/":        `<html><head><title>Sol do Cerrado</title></head><body><nav><a href="/kits">Kits</a> <a href="/contato">Contato</a></nav><main><h1>Sol do Cerrado</h1><p>Energia solar em Goiânia desde 2012.</p></main></body></html>`,
		"/kits":    `<html><head><title>Kits solares</title></head><body><main><h1>Kits</h1><p>O kit de 3 kWp custa R$ 12.000 instalado.</p></main></body></html>`,
		"/contato": `<html><head><title>Contato</title></head><body><main><h1>Contato</h1><p>Atendemos de segunda a sexta, das 8h às 18h.</p></main></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, p)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// forEachServerOpts runs fn on a server of each database, with opts.
func forEachServerOpts(t *testing.T, opts func() apptest.Options, fn func(t *testing.T, srv *apptest.Server)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, apptest.MustRunWith(t, d, opts()))
		})
	}
}

type sitePage struct {
	ID, URL, Name, Status, Error string
	UpdatedAt                    string `json:"updated_at"`
}

type siteDetail struct {
	ID, URL, Status, Error string
	Crawl                  bool
	MaxPages               int    `json:"max_pages"`
	PagesFound             int    `json:"pages_found"`
	LastSyncedAt           string `json:"last_synced_at"`
	Pages                  []sitePage
}

// waitSite polls a site until it is synced and its pages are ingested.
func waitSite(t *testing.T, c *apptest.Client, id string) siteDetail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var s siteDetail
	for time.Now().Before(deadline) {
		r := c.Do("GET", "/api/v1/sites/"+id, nil)
		mustStatus(t, r, 200)
		s = siteDetail{}
		r.JSON(&s)
		done := s.Status == "ready" || s.Status == "failed"
		for _, p := range s.Pages {
			done = done && (p.Status == "ready" || p.Status == "failed")
		}
		if done {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("site %s did not finish: %+v", id, s)
	return s
}

func TestSitesOverHTTP(t *testing.T) {
	site := localSite(t)
	forEachServerOpts(t, func() apptest.Options {
		return apptest.Options{AllowHosts: []string{site.Listener.Addr().String()}}
	}, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		base := createBase(t, owner, "Site")

		// The address is checked at once, with the guard's reasons.
		for raw, want := range map[string]string{
			"http://127.0.0.1:1/":      "rede interna",
			"http://169.254.169.254/":  "rede interna",
			"gopher://example.com/":    "https://",
			"https://user:x@localhost": "usuário nem senha",
		} {
			r := owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/sites", map[string]any{"url": raw, "crawl": true})
			var e struct {
				Error struct {
					Code   string
					Fields map[string]string
				}
			}
			r.JSON(&e)
			if r.StatusCode != 400 || e.Error.Code != "invalid" || !strings.Contains(e.Error.Fields["url"], want) {
				t.Errorf("%s: %d %s", raw, r.StatusCode, r.Body)
			}
		}
		r := owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/sites", map[string]any{"url": site.URL, "crawl": true, "max_pages": 201})
		mustStatus(t, r, 400)

		r = owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/sites", map[string]any{"url": site.URL, "crawl": true, "max_pages": 10})
		mustStatus(t, r, 201)
		var created siteDetail
		r.JSON(&created)
		if created.Status != "queued" || created.MaxPages != 10 || !created.Crawl || created.URL != site.URL+"/" {
			t.Fatalf("new site: %s", r.Body)
		}
		s := waitSite(t, owner, created.ID)
		if s.Status != "ready" || s.PagesFound != 3 || len(s.Pages) != 3 || s.LastSyncedAt == "" {
			t.Fatalf("synced site: %+v", s)
		}
		names := map[string]string{}
		for _, p := range s.Pages {
			if p.Status != "ready" {
				t.Errorf("page %s: %s %q", p.URL, p.Status, p.Error)
			}
			names[p.URL] = p.Name
		}
		if names[site.URL+"/kits"] != "Kits solares" || names[site.URL+"/"] != "Sol do Cerrado" {
			t.Errorf("page names: %v", names)
		}
		// The same address twice in a base is refused.
		mustStatus(t, owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/sites", map[string]any{"url": site.URL + "/#x"}), 400)

		r = owner.Do("GET", "/api/v1/knowledge-bases/"+base+"/sites", nil)
		mustStatus(t, r, 200)
		if strings.Count(string(r.Body), `"knowledge_base_id"`) != 1 {
			t.Errorf("sites list: %s", r.Body)
		}
		// Pages are listed with their site, not with the files.
		r = owner.Do("GET", "/api/v1/knowledge-bases/"+base+"/sources", nil)
		if strings.Contains(string(r.Body), `"site_id"`) {
			t.Errorf("the sources list has pages: %s", r.Body)
		}
		// A page's chunks are there, from its main text.
		var kits sitePage
		for _, p := range s.Pages {
			if p.URL == site.URL+"/kits" {
				kits = p
			}
		}
		r = owner.Do("GET", "/api/v1/sources/"+kits.ID+"/chunks", nil)
		if !strings.Contains(string(r.Body), "R$ 12.000 instalado") {
			t.Errorf("the page's chunks: %s", r.Body)
		}

		// Sync again: nothing changed, so no page is touched.
		r = owner.Do("POST", "/api/v1/sites/"+created.ID+"/sync", nil)
		mustStatus(t, r, 202)
		time.Sleep(100 * time.Millisecond)
		again := waitSite(t, owner, created.ID)
		for _, p := range again.Pages {
			if p.URL == kits.URL && p.UpdatedAt != kits.UpdatedAt {
				t.Errorf("an unchanged page was updated: %s → %s", kits.UpdatedAt, p.UpdatedAt)
			}
		}

		// Members read but do not change.
		_, token := invite(t, owner, "bia@example.com", "member")
		bia := srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"}), 201)
		mustStatus(t, bia.Do("GET", "/api/v1/sites/"+created.ID, nil), 200)
		mustStatus(t, bia.Do("GET", "/api/v1/knowledge-bases/"+base+"/sites", nil), 200)
		mustStatus(t, bia.Do("POST", "/api/v1/sites/"+created.ID+"/sync", nil), 403)
		mustStatus(t, bia.Do("DELETE", "/api/v1/sites/"+created.ID, nil), 403)
		mustStatus(t, bia.Do("POST", "/api/v1/knowledge-bases/"+base+"/sites", map[string]any{"url": site.URL + "/kits"}), 403)

		// Deleting the site deletes its pages.
		mustStatus(t, owner.Do("DELETE", "/api/v1/sites/"+created.ID, nil), 204)
		mustStatus(t, owner.Do("GET", "/api/v1/sites/"+created.ID, nil), 404)
		mustStatus(t, owner.Do("GET", "/api/v1/sources/"+kits.ID, nil), 404)
	})
}

// createSite adds a page (not crawled) to a base and waits until it is read.
func createSite(t *testing.T, c *apptest.Client, baseID, rawURL string) string {
	t.Helper()
	r := c.Do("POST", "/api/v1/knowledge-bases/"+baseID+"/sites", map[string]any{"url": rawURL})
	mustStatus(t, r, 201)
	var s struct{ ID string }
	r.JSON(&s)
	if got := waitSite(t, c, s.ID); got.Status != "ready" || len(got.Pages) != 1 {
		t.Fatalf("site: %+v", got)
	}
	return s.ID
}

// bSiteIntact says B's site is there, synced, with its one page.
func bSiteIntact(t *testing.T, x *tenants, _ map[string]string) bool {
	r := x.b.Do("GET", "/api/v1/sites/"+x.bSite, nil)
	if r.StatusCode != 200 {
		return false
	}
	var s siteDetail
	r.JSON(&s)
	return s.Status == "ready" && len(s.Pages) == 1 && s.Pages[0].Status == "ready"
}

func bSiteCount(t *testing.T, x *tenants) int {
	r := x.b.Do("GET", "/api/v1/knowledge-bases/"+x.bBase+"/sites", nil)
	return strings.Count(string(r.Body), `"knowledge_base_id":`)
}
