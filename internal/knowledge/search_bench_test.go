package knowledge_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// BenchmarkSearch measures one search (the dev set's questions in turn)
// over an organization of 1k, 10k and 100k chunks on each database, and
// reports the p50 and p99 latency. The chunks are made of the dev
// knowledge base's own sentences, shuffled, so the vocabulary and the
// length of posting lists are those of a real (if repetitive) company.
//
//	go test -run '^$' -bench Search -benchtime 200x ./internal/knowledge
func BenchmarkSearch(b *testing.B) {
	sentences := devSentences(b)
	questions := devQuestions(b)
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		db := storetest.MustOpen(b, d)
		k := newKB(b, db)
		have := 0
		for _, size := range []int{1_000, 10_000, 100_000} {
			start := time.Now()
			seedChunks(b, db, k, sentences, size-have)
			have = size
			// On PostgreSQL, the steady state autovacuum reaches: statistics,
			// and the visibility map index-only scans need.
			if d == store.Postgres {
				if _, err := db.Writer().Exec("VACUUM ANALYZE knowledge_postings, knowledge_chunks, knowledge_terms"); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %d chunks seeded in %s", d, size, time.Since(start).Round(time.Millisecond))
			b.Run(fmt.Sprintf("%s/%dk", d, size/1000), func(b *testing.B) {
				s := &knowledge.Searcher{Store: db}
				ctx := context.Background()
				var took []time.Duration
				i := 0
				for b.Loop() {
					t0 := time.Now()
					if _, err := s.Search(ctx, k.orgID, knowledge.Query{Text: questions[i%len(questions)], Limit: 5}); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(t0))
					i++
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}

// seedChunks adds n chunks of 3 to 8 random sentences, in sources of 500.
func seedChunks(b *testing.B, db *store.DB, k *kb, sentences []string, n int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	for n > 0 {
		src := &knowledge.Source{ID: piloto.NewID(), OrganizationID: k.orgID, KnowledgeBaseID: k.baseID, Kind: knowledge.KindFAQ,
			Name: "seed", Question: "seed", Answer: "seed", Status: knowledge.StatusQueued, CreatedAt: time.Now().UTC()}
		src.UpdatedAt = src.CreatedAt
		if err := db.CreateSource(ctx, src); err != nil {
			b.Fatal(err)
		}
		var chunks []knowledge.StoredChunk
		for i := 0; i < min(500, n); i++ {
			var parts []string
			for range 3 + rng.IntN(6) {
				parts = append(parts, sentences[rng.IntN(len(sentences))])
			}
			c := knowledge.Chunk{Seq: i, Heading: "Seção " + fmt.Sprint(i), Text: strings.Join(parts, " ")}
			chunks = append(chunks, knowledge.StoredChunk{Seq: c.Seq, Heading: c.Heading, Text: c.Text, NormText: knowledge.IndexTerms(c)})
		}
		if err := db.ReplaceChunks(ctx, k.orgID, src.ID, chunks, time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		n -= len(chunks)
	}
}

// devSentences returns the sentences of the dev knowledge base's Markdown
// and text files.
func devSentences(b *testing.B) []string {
	b.Helper()
	var out []string
	for _, pattern := range []string{"testdata/kb/*.md", "testdata/kb/*.txt"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '.' || r == '\n' || r == '?' }) {
				if s = strings.TrimSpace(s); len(s) > 20 {
					out = append(out, s+".")
				}
			}
		}
	}
	return out
}

// devQuestions returns the dev set's questions.
func devQuestions(b *testing.B) []string {
	b.Helper()
	data, err := os.ReadFile("../retrievaleval/testdata/questions-dev.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		i := strings.Index(line, `"question": "`)
		rest := line[i+len(`"question": "`):]
		out = append(out, rest[:strings.Index(rest, `"`)])
	}
	return out
}
