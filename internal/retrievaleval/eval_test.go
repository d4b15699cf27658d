package retrievaleval_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/retrievaleval"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// The dev set (a copy of ../shared/evals: the knowledge base lives with the
// knowledge package's test data) through the real pipeline, on both
// databases: recall must hold, chunks stay bounded, and both databases
// give the very same ranks and scores.
func TestRetrievalOnTheDevSet(t *testing.T) {
	ctx := context.Background()
	run := func(url string, commonFrom ...int) *retrievaleval.Report {
		t.Helper()
		r, err := retrievaleval.Run(ctx, retrievaleval.Options{KB: "../knowledge/testdata/kb", Questions: "testdata/questions-dev.jsonl", DatabaseURL: url,
			CommonFrom: append(commonFrom, 0)[0]})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	lite := run("") // a temporary SQLite database, as the command does by default
	t.Logf("sqlite: %d questions, recall@1 %.4f, recall@5 %.4f, MRR %.4f, %d chunks (mean %.1f, max %d)",
		lite.Questions, lite.RecallAt1, lite.RecallAt5, lite.MRR, lite.Chunks, lite.MeanChunkChars, lite.MaxChunkChars)
	if lite.Questions != 40 || len(lite.NoAnswers) != 5 {
		t.Fatalf("%d answerable and %d unanswerable questions, want 40 and 5", lite.Questions, len(lite.NoAnswers))
	}
	// The acceptance bar is recall@5 ≥ 0.85; the method reaches 0.90 (and
	// recall@1 0.50, MRR 0.6656) today, so any loss fails this test.
	if lite.RecallAt5 < 0.9 || lite.RecallAt1 < 0.5 || lite.MRR < 0.665 {
		t.Errorf("retrieval regressed: recall@1 %.4f (≥ 0.50), recall@5 %.4f (≥ 0.90), MRR %.4f (≥ 0.665); misses: %+v",
			lite.RecallAt1, lite.RecallAt5, lite.MRR, lite.Misses)
	}
	if lite.MaxChunkChars > knowledge.MaxChunk || lite.Chunks < 250 {
		t.Errorf("%d chunks, longest %d characters (limit %d)", lite.Chunks, lite.MaxChunkChars, knowledge.MaxChunk)
	}

	// Scoring common terms for the best candidates only (what large
	// corpora do) ranks this set exactly as scoring every posting does.
	if pruned := run("", 1); !reflect.DeepEqual(lite, pruned) {
		t.Errorf("common terms pruned:\nexact  %+v\npruned %+v", lite, pruned)
	}

	url := storetest.MustURL(t, store.Postgres)
	pg := run(url)
	if !reflect.DeepEqual(lite, pg) {
		t.Errorf("the databases disagree:\nsqlite   %+v\npostgres %+v", lite, pg)
	}
	// The throwaway organization and its owner are gone from a database
	// the run was given.
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var left int
	if err := db.Reader().QueryRow(`SELECT (SELECT COUNT(*) FROM organizations) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM knowledge_postings)`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d rows left behind (%v)", left, err)
	}
}

func TestFoldFollowsTheHitRule(t *testing.T) {
	got := retrievaleval.Fold("| Kit  Backup | **R$ 23.800** |\n> `nota`_x_ #1")
	if want := "kit backup r$ 23.800 nota x 1"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

func TestRankFindsAnyPassage(t *testing.T) {
	hits := []knowledge.Hit{
		{FoundChunk: knowledge.FoundChunk{Text: "Garantias\n\nO inversor tem 10 anos."}},
		{FoundChunk: knowledge.FoundChunk{Text: "| Plano | Preço |\n| Residencial 5 kWp | R$ 21.490 |"}},
	}
	if r := retrievaleval.Rank(hits, []string{"nada disso", "| Residencial 5 kWp | R$ 21.490 |"}); r != 2 {
		t.Errorf("rank %d, want 2", r)
	}
	if r := retrievaleval.Rank(hits, []string{"12 anos"}); r != 0 {
		t.Errorf("rank %d, want 0", r)
	}
}
