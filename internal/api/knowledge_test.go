package api_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
)

// createBase makes a knowledge base and returns its id.
func createBase(t *testing.T, c *apptest.Client, name string) string {
	t.Helper()
	r := c.Do("POST", "/api/v1/knowledge-bases", map[string]string{"name": name})
	mustStatus(t, r, 201)
	var b struct{ ID string }
	r.JSON(&b)
	return b.ID
}

// waitReady polls a source until its ingestion ends, and returns it.
func waitReady(t *testing.T, c *apptest.Client, id string) (status, reason string, total int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r := c.Do("GET", "/api/v1/sources/"+id, nil)
		mustStatus(t, r, 200)
		var s struct {
			Status, Error string
			Total         int `json:"progress_total"`
		}
		r.JSON(&s)
		if s.Status == "ready" || s.Status == "failed" {
			return s.Status, s.Error, s.Total
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := c.Do("GET", "/api/v1/sources/"+id, nil)
	t.Fatalf("source %s did not finish: %s", id, r.Body)
	return "", "", 0
}

func TestKnowledgeOverHTTP(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		base := createBase(t, owner, "Produtos")
		pdf, err := os.ReadFile("../knowledge/testdata/kb/resumo-contratual.pdf")
		if err != nil {
			t.Fatal(err)
		}
		r := owner.Upload("/api/v1/knowledge-bases/"+base+"/files", "file", "resumo-contratual.pdf", pdf)
		mustStatus(t, r, 201)
		var src struct{ ID, Status string }
		r.JSON(&src)
		if src.Status != "queued" {
			t.Fatalf("new source: %s", r.Body)
		}
		status, reason, total := waitReady(t, owner, src.ID)
		if status != "ready" || total == 0 {
			t.Fatalf("ingestion: %s %q, %d chunks", status, reason, total)
		}
		r = owner.Do("GET", "/api/v1/sources/"+src.ID+"/chunks", nil)
		mustStatus(t, r, 200)
		if strings.Count(string(r.Body), `"seq":`) != total {
			t.Fatalf("chunks: %s", r.Body)
		}

		// A lying extension is refused at once; nothing is stored.
		mustStatus(t, owner.Upload("/api/v1/knowledge-bases/"+base+"/files", "file", "planilha.csv", pdf), 415)
		r = owner.Do("GET", "/api/v1/knowledge-bases/"+base+"/sources", nil)
		if strings.Count(string(r.Body), `"id":`) != 1 {
			t.Fatalf("sources after a refused upload: %s", r.Body)
		}
		// A FAQ entry, a re-ingest, a deletion.
		r = owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/faqs", map[string]string{"question": "Vocês parcelam?", "answer": "Sim, em 12x."})
		mustStatus(t, r, 201)
		r.JSON(&src)
		if status, _, _ := waitReady(t, owner, src.ID); status != "ready" {
			t.Fatalf("FAQ: %s", status)
		}
		mustStatus(t, owner.Do("POST", "/api/v1/sources/"+src.ID+"/reingest", nil), 202)
		waitReady(t, owner, src.ID)
		mustStatus(t, owner.Do("DELETE", "/api/v1/sources/"+src.ID, nil), 204)
		mustStatus(t, owner.Do("GET", "/api/v1/sources/"+src.ID, nil), 404)

		// Members read but do not change.
		_, token := invite(t, owner, "bia@example.com", "member")
		bia := srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"}), 201)
		mustStatus(t, bia.Do("GET", "/api/v1/knowledge-bases/"+base+"/sources", nil), 200)
		mustStatus(t, bia.Upload("/api/v1/knowledge-bases/"+base+"/files", "file", "x.txt", []byte("texto")), 403)
		mustStatus(t, bia.Do("DELETE", "/api/v1/knowledge-bases/"+base, nil), 403)
		mustStatus(t, owner.Do("DELETE", "/api/v1/knowledge-bases/"+base, nil), 204)
	})
}

func TestUploadCap(t *testing.T) {
	forEachServerWith(t, func(c *config.Config) { c.MaxUploadMB = 1 }, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		base := createBase(t, owner, "Produtos")
		big := []byte(strings.Repeat("texto de exemplo ", 70000)) // ~1.2 MB
		mustStatus(t, owner.Upload("/api/v1/knowledge-bases/"+base+"/files", "file", "grande.txt", big), 413)
		mustStatus(t, owner.Upload("/api/v1/knowledge-bases/"+base+"/files", "file", "vazio.txt", nil), 415)
	})
}

func TestKnowledgeSearchOverHTTP(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		base := createBase(t, owner, "Produtos")
		r := owner.Do("POST", "/api/v1/knowledge-bases/"+base+"/faqs", map[string]string{"question": "Vocês parcelam a instalação?", "answer": "Sim, em até 12x sem juros no cartão."})
		mustStatus(t, r, 201)
		var src struct{ ID string }
		r.JSON(&src)
		waitReady(t, owner, src.ID)

		other, _ := signup(t, srv, "Caio", "caio@example.com", "Loja B")
		otherBase := createBase(t, other, "Outros")
		r = other.Do("POST", "/api/v1/knowledge-bases/"+otherBase+"/faqs", map[string]string{"question": "Parcelam?", "answer": "Só à vista, sem parcelamento."})
		mustStatus(t, r, 201)
		r.JSON(&src)
		waitReady(t, other, src.ID)

		type hit struct {
			SourceName string `json:"source_name"`
			Heading    string
			Score      float64
			Snippet    []struct {
				Text  string
				Match bool
			}
		}
		var res struct{ Items []hit }
		for _, s := range []struct {
			name   string
			c      *apptest.Client
			query  string
			status int
			want   string // the first hit's source name; "" for none
		}{
			{"informal question", owner, "?q=da+pra+parcelar+em+12x%3F", 200, "Vocês parcelam a instalação?"},
			{"one base, limit", owner, "?q=parcela&limit=1&base_id=" + base, 200, "Vocês parcelam a instalação?"},
			{"another organization's base", owner, "?q=parcela&base_id=" + otherBase, 200, ""},
			{"the other organization", other, "?q=parcelar+instalação+cartão", 200, "Parcelam?"},
			{"nothing to look for", owner, "?q=vc+oq", 400, ""},
			{"bad limit", owner, "?q=parcela&limit=x", 400, ""},
			{"signed out", srv.NewClient(t), "?q=parcela", 401, ""},
		} {
			r := s.c.Do("GET", "/api/v1/knowledge/search"+s.query, nil)
			if r.StatusCode != s.status {
				t.Errorf("%s: status %d, want %d: %s", s.name, r.StatusCode, s.status, r.Body)
				continue
			}
			if s.status != 200 {
				continue
			}
			res.Items = nil
			r.JSON(&res)
			switch {
			case s.want == "" && len(res.Items) > 0:
				t.Errorf("%s: found %+v", s.name, res.Items)
			case s.want != "" && (len(res.Items) == 0 || res.Items[0].SourceName != s.want):
				t.Errorf("%s: %s", s.name, r.Body)
			}
			for _, h := range res.Items {
				if h.SourceName != s.want {
					t.Errorf("%s: a hit from %q", s.name, h.SourceName)
				}
			}
		}
	})
}
