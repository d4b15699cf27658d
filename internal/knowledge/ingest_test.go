package knowledge_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

type kb struct {
	db     *store.DB
	bucket *blob.Bucket
	worker *knowledge.IngestWorker
	orgID  string
	baseID string
}

func newKB(t testing.TB, db *store.DB) *kb {
	t.Helper()
	ctx := context.Background()
	bucket, err := blob.Open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bucket.Close() })
	now := time.Now().UTC()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: "Ana", CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja", TimeZone: org.DefaultTimeZone, CreatedAt: now}
	if err := db.CreateAccount(ctx, u, o, nil, ""); err != nil {
		t.Fatal(err)
	}
	b := &knowledge.Base{ID: piloto.NewID(), OrganizationID: o.ID, Name: "Base", CreatedAt: now}
	if err := db.CreateKnowledgeBase(ctx, b); err != nil {
		t.Fatal(err)
	}
	w := &knowledge.IngestWorker{Store: db, Blobs: bucket, Clock: piloto.SystemClock{}, Limits: knowledge.DefaultLimits}
	return &kb{db: db, bucket: bucket, worker: w, orgID: o.ID, baseID: b.ID}
}

// addFile stores a file and its source, and ingests it.
func (k *kb) addFile(t testing.TB, name string, content []byte) *knowledge.Source {
	t.Helper()
	ctx := context.Background()
	src := &knowledge.Source{ID: piloto.NewID(), OrganizationID: k.orgID, KnowledgeBaseID: k.baseID, Kind: knowledge.KindFile,
		Name: name, BlobKey: "orgs/" + k.orgID + "/sources/" + piloto.NewID(), SizeBytes: int64(len(content)),
		Status: knowledge.StatusQueued, CreatedAt: time.Now().UTC()}
	if err := k.bucket.WriteAll(ctx, src.BlobKey, content, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	k.ingest(t, src.ID)
	got, err := k.db.Source(ctx, k.orgID, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (k *kb) ingest(t testing.TB, id string) {
	t.Helper()
	if err := k.worker.Work(context.Background(), &river.Job[knowledge.IngestArgs]{Args: knowledge.IngestArgs{OrganizationID: k.orgID, SourceID: id}}); err != nil {
		t.Fatal(err)
	}
}

func TestIngestEveryFormat(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		k := newKB(t, db)
		ctx := context.Background()
		for _, name := range []string{"resumo-contratual.pdf", "manual-do-cliente.docx", "carregador-veicular.html", "faq.md", "contato-e-horarios.txt", "tabela-precos-2025.csv"} {
			content, err := os.ReadFile(filepath.Join("testdata/kb", name))
			if err != nil {
				t.Fatal(err)
			}
			src := k.addFile(t, name, content)
			chunks, err := db.Chunks(ctx, k.orgID, src.ID)
			if err != nil {
				t.Fatal(err)
			}
			if src.Status != knowledge.StatusReady || src.ProgressDone != len(chunks) || len(chunks) == 0 {
				t.Fatalf("%s: status %s %d/%d, %d chunks, error %q", name, src.Status, src.ProgressDone, src.ProgressTotal, len(chunks), src.Error)
			}
			// Ingesting again gives the same chunks.
			k.ingest(t, src.ID)
			again, _ := db.Chunks(ctx, k.orgID, src.ID)
			if len(again) != len(chunks) || again[0].Text != chunks[0].Text || again[0].NormText != strings.ToLower(again[0].NormText) {
				t.Fatalf("%s: re-ingest changed the chunks", name)
			}
		}
		// Progress was streamed: extracting, indexing, ready.
		var kinds int
		db.Reader().QueryRow(`SELECT COUNT(*) FROM events WHERE organization_id = $1 AND kind = 'knowledge.source.updated'`, k.orgID).Scan(&kinds)
		if kinds < 6*3 {
			t.Fatalf("%d progress events for 6 files", kinds)
		}
	})
}

// A hostile file fails with a reason and stores no chunks; deleting a
// source removes its chunks; another organization cannot reach it.
func TestIngestFailuresDeletionIsolation(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		k := newKB(t, db)
		ctx := context.Background()
		bad := k.addFile(t, "planilha.csv", []byte("%PDF-1.7 lies"))
		if bad.Status != knowledge.StatusFailed || !strings.Contains(bad.Error, "diz ser CSV") {
			t.Fatalf("lying file: %s %q", bad.Status, bad.Error)
		}
		if chunks, _ := db.Chunks(ctx, k.orgID, bad.ID); len(chunks) != 0 {
			t.Fatal("a failed file left chunks")
		}
		content, _ := os.ReadFile("testdata/kb/garantias.md")
		good := k.addFile(t, "garantias.md", content)

		other := newKB(t, db)
		if _, err := db.Source(ctx, other.orgID, good.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("another organization reads the source: %v", err)
		}
		if chunks, _ := db.Chunks(ctx, other.orgID, good.ID); len(chunks) != 0 {
			t.Fatal("another organization reads the chunks")
		}
		if _, err := db.DeleteSource(ctx, other.orgID, good.ID, time.Now()); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("another organization deletes the source: %v", err)
		}
		key, err := db.DeleteSource(ctx, k.orgID, good.ID, time.Now())
		if err != nil || key != good.BlobKey {
			t.Fatalf("delete: %q, %v", key, err)
		}
		var left int
		db.Reader().QueryRow(`SELECT COUNT(*) FROM knowledge_chunks WHERE source_id = $1`, good.ID).Scan(&left)
		if left != 0 {
			t.Fatalf("%d chunks left after deleting the source", left)
		}
		// A job for a deleted source does nothing.
		k.ingest(t, good.ID)
	})
}

// A FAQ entry is one chunk: the question as its heading, then the answer.
func TestIngestFAQ(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		k := newKB(t, db)
		ctx := context.Background()
		src := &knowledge.Source{ID: piloto.NewID(), OrganizationID: k.orgID, KnowledgeBaseID: k.baseID, Kind: knowledge.KindFAQ,
			Name: "Vocês parcelam?", Question: "Vocês parcelam?", Answer: "Sim, em até 12x sem juros no cartão.",
			Status: knowledge.StatusQueued, CreatedAt: time.Now().UTC()}
		if err := db.CreateSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		k.ingest(t, src.ID)
		chunks, _ := db.Chunks(ctx, k.orgID, src.ID)
		if len(chunks) != 1 || chunks[0].Text != "Vocês parcelam?\n\nSim, em até 12x sem juros no cartão." {
			t.Fatalf("FAQ chunks = %+v", chunks)
		}
	})
}

// BenchmarkIngestSharedKB ingests the 28 files of the shared knowledge base
// (extract, chunk, index, store) on SQLite and reports chunks per second.
func BenchmarkIngestSharedKB(b *testing.B) {
	files, _ := filepath.Glob("testdata/kb/*")
	db := storetest.MustOpen(b, store.SQLite)
	k := newKB(b, db)
	contents := map[string][]byte{}
	for _, f := range files {
		contents[filepath.Base(f)], _ = os.ReadFile(f)
	}
	chunks := 0
	b.ResetTimer()
	for b.Loop() {
		for name, c := range contents {
			src := k.addFile(b, name, c)
			chunks += src.ProgressTotal
		}
	}
	b.ReportMetric(float64(chunks)/b.Elapsed().Seconds(), "chunks/s")
}
