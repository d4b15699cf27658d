package knowledge_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// A small knowledge base where several passages share the topic and only
// one answers each question.
const searchFixture = `# Loja Exemplo

## Garantias

### Inversores
O inversor tem garantia de 10 anos contra defeitos de fabricação.

### Estrutura de fixação
A estrutura de fixação tem garantia de 12 anos.

## Preços

### Instalação residencial
A instalação residencial custa R$ 1.500 à vista no Pix.

### Visita técnica
A visita técnica é gratuita em Goiânia.

## Atendimento
Atendemos pelo WhatsApp de segunda a sexta, das 8h às 18h.

## Mudança de endereço
Se você se mudar, o sistema pode ser removido e reinstalado no novo endereço.
`

func searchIn(t *testing.T, db *store.DB, orgID string, q knowledge.Query) []knowledge.Hit {
	t.Helper()
	hits, err := (&knowledge.Searcher{Store: db}).Search(context.Background(), orgID, q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return hits
}

func TestSearchFindsTheAnsweringPassage(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		k := newKB(t, db)
		k.addFile(t, "loja.md", []byte(searchFixture))
		for _, c := range []struct{ query, want string }{
			{"qual a garantia do inversor?", "10 anos contra defeitos"},
			{"garantia da estrutura", "12 anos"},
			{"qto custa a instalaçao", "R$ 1.500"},                    // abbreviation, missing accent
			{"qual o valor pra instalar em casa?", "R$ 1.500"},        // synonyms: valor → custa, casa → residencial
			{"a vistoria é de graça?", "visita técnica é gratuita"},   // synonyms both ways
			{"vcs atendem pelo zap?", "WhatsApp"},                     // WhatsApp spellings
			{"e se eu mudar de casa, perco o sistma?", "reinstalado"}, // typo
			{"garatnia do invesor", "10 anos contra defeitos"},        // two typos
		} {
			hits := searchIn(t, db, k.orgID, knowledge.Query{Text: c.query, Limit: 3})
			if len(hits) == 0 || !strings.Contains(hits[0].Text, c.want) {
				var got []string
				for _, h := range hits {
					got = append(got, fmt.Sprintf("%.2f %s", h.Score, h.Heading))
				}
				t.Errorf("%q: want %q first, got %v", c.query, c.want, got)
				continue
			}
			h := hits[0]
			if h.SourceName != "loja.md" || h.Heading == "" || h.Score <= 0 || h.ID == "" || h.SourceID == "" {
				t.Errorf("%q: hit without its source, heading or score: %+v", c.query, h)
			}
			marked := false
			for _, s := range h.Snippet {
				marked = marked || s.Match
			}
			if !marked {
				t.Errorf("%q: snippet marks nothing: %+v", c.query, h.Snippet)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("%q: results out of order", c.query)
				}
			}
		}
	})
}

func TestSearchScopeAndErrors(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newKB(t, db)
		a.addFile(t, "loja.md", []byte(searchFixture))
		// Another organization with the same words: never in a's results,
		// and a's chunks never in its.
		b := newKB(t, db)
		b.addFile(t, "outra.md", []byte("# Outra\n\nO inversor da outra loja tem garantia de 2 anos.\n"))
		for _, h := range searchIn(t, db, a.orgID, knowledge.Query{Text: "garantia inversor", Limit: 50}) {
			if h.SourceName != "loja.md" {
				t.Fatalf("organization a sees %s", h.SourceName)
			}
		}
		hits := searchIn(t, db, b.orgID, knowledge.Query{Text: "garantia inversor estrutura fixação", Limit: 50})
		if len(hits) != 1 || hits[0].SourceName != "outra.md" {
			t.Fatalf("organization b: %+v", hits)
		}
		// A second base of a: searching the first base only leaves it out.
		second := &knowledge.Base{ID: piloto.NewID(), OrganizationID: a.orgID, Name: "Segunda", CreatedAt: time.Now().UTC()}
		if err := db.CreateKnowledgeBase(ctx, second); err != nil {
			t.Fatal(err)
		}
		firstBase := a.baseID
		a.baseID = second.ID
		a.addFile(t, "extra.md", []byte("# Extra\n\nGarantia estendida do inversor: mais 5 anos.\n"))
		names := func(q knowledge.Query) map[string]bool {
			out := map[string]bool{}
			for _, h := range searchIn(t, db, a.orgID, q) {
				out[h.SourceName] = true
			}
			return out
		}
		if got := names(knowledge.Query{Text: "garantia inversor", Limit: 50}); !got["loja.md"] || !got["extra.md"] {
			t.Errorf("all bases: %v", got)
		}
		if got := names(knowledge.Query{Text: "garantia inversor", Limit: 50, BaseIDs: []string{firstBase}}); got["extra.md"] || !got["loja.md"] {
			t.Errorf("first base only: %v", got)
		}
		// Nothing to look for, or too much to return: field errors.
		for _, q := range []knowledge.Query{{Text: "  "}, {Text: "vc q eu oq"}, {Text: "garantia", Limit: 51}, {Text: strings.Repeat("garantia ", 200)}} {
			_, err := (&knowledge.Searcher{Store: db}).Search(ctx, a.orgID, q)
			var e *piloto.Error
			if !errors.As(err, &e) || e.Code != piloto.EINVALID || len(e.Fields) != 1 {
				t.Errorf("%.20q limit %d: %v", q.Text, q.Limit, err)
			}
		}
		// Words the knowledge base never uses: no results, no error.
		if hits := searchIn(t, db, a.orgID, knowledge.Query{Text: "helicóptero submarino"}); len(hits) != 0 {
			t.Errorf("unrelated query found %d hits", len(hits))
		}
		// An organization without chunks.
		if hits := searchIn(t, db, piloto.NewID(), knowledge.Query{Text: "garantia"}); len(hits) != 0 {
			t.Errorf("unknown organization found %d hits", len(hits))
		}
	})
}

func TestUnsureThreshold(t *testing.T) {
	if got := knowledge.UnsureThreshold(301); got != knowledge.UnsureBelow {
		t.Errorf("dev set size: %v", got)
	}
	if got := knowledge.UnsureThreshold(100000); got != knowledge.UnsureBelow {
		t.Errorf("large: %v", got)
	}
	prev := 0.0
	for _, n := range []int{1, 2, 10, 50, 300} {
		got := knowledge.UnsureThreshold(n)
		if got <= prev || got >= knowledge.UnsureBelow {
			t.Errorf("%d chunks: %v (after %v)", n, got, prev)
		}
		prev = got
	}
}
