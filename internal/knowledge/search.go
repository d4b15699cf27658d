package knowledge

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
)

// Posting says how often a term occurs in a chunk.
type Posting struct {
	ChunkID    string
	Term       string
	TF         int
	ChunkTerms int // the chunk's length in terms
}

// Corpus is the size of what a query searches: the chunks of an
// organization (or of some of its knowledge bases) and their total length.
type Corpus struct {
	Chunks     int
	TotalTerms int
}

// FoundChunk is a chunk as a result shows it.
type FoundChunk struct {
	ID              string `json:"chunk_id"`
	SourceID        string `json:"source_id"`
	SourceName      string `json:"source_name"`
	KnowledgeBaseID string `json:"knowledge_base_id"`
	Seq             int    `json:"seq"`
	Heading         string `json:"heading"`
	Text            string `json:"text"`
}

// SearchStore is what search needs of the database. Every method is
// confined to one organization (and, when baseIDs is not empty, to those
// of its knowledge bases).
type SearchStore interface {
	Corpus(ctx context.Context, orgID string, baseIDs []string) (Corpus, error)
	// Postings returns the postings of the given terms.
	Postings(ctx context.Context, orgID string, baseIDs []string, terms []string) ([]Posting, error)
	// DocFreqs counts the chunks each term occurs in (terms in none are
	// left out).
	DocFreqs(ctx context.Context, orgID string, baseIDs []string, terms []string) (map[string]int, error)
	// PostingsIn returns the postings of the given terms in the given
	// chunks.
	PostingsIn(ctx context.Context, orgID string, terms, chunkIDs []string) ([]Posting, error)
	// TermsLike returns the organization's terms that start with prefix and
	// have between minLen and maxLen bytes: the candidates for a typo.
	TermsLike(ctx context.Context, orgID, prefix string, minLen, maxLen int) ([]string, error)
	// FoundChunks returns the chunks with these ids (missing ones are left
	// out).
	FoundChunks(ctx context.Context, orgID string, ids []string) ([]FoundChunk, error)
}

// Query is a search: the lead's words, where to look, how many results.
type Query struct {
	Text    string
	BaseIDs []string // empty: every knowledge base of the organization
	Limit   int      // 1 to MaxResults; 0 means DefaultResults
}

// Result limits.
const (
	DefaultResults = 5
	MaxResults     = 50
	maxQueryRunes  = 1000
)

// Segment is a piece of a snippet; Match marks a word the query found.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Hit is one result: the chunk, its score (higher is better; scores of
// one query compare, scores of different queries roughly do) and a
// snippet around the words that matched.
type Hit struct {
	FoundChunk
	Score   float64   `json:"score"`
	Snippet []Segment `json:"snippet"`
	// Sure says the hit scored at or above the "não sei" threshold of its
	// corpus (UnsureThreshold).
	Sure bool `json:"-"`
}

// Searcher ranks an organization's chunks for a query with BM25 over the
// analyzer's terms (see Terms). Each query word is a concept: the word's
// own term, its general-Portuguese synonyms (weight 0.5) and, when the
// organization's chunks never use the word, the known terms one or two
// edits away (weight 0.7; the first letter must match). A chunk scores the
// best variant of each concept, summed over concepts, so a passage is not
// rewarded for saying the same thing twice.
//
// Scores are computed in Go in a fixed order from integer counts the store
// returns, so both databases rank identically. A semantic ranking can
// later be fused with this one (rank fusion over the chunk ids); Search is
// its lexical half.
type Searcher struct {
	Store SearchStore
	// CommonFrom is the corpus size (in chunks) from which common terms are
	// scored for the best candidates only; 0 means DefaultCommonFrom.
	CommonFrom int
}

// UnsureBelow is the "não sei" threshold: when the best hit of a question
// scores below it, the knowledge base is taken not to answer it. Chosen on
// the dev set (piloto eval-retrieval): every answerable question's best hit
// scored above 5.5 there, while questions the knowledge base cannot answer
// scored 4.9 to 12.2 — lexical scores alone cannot tell most of those apart,
// so this only catches the clear cases, and the agent must still answer from
// what the passages say.
const UnsureBelow = 5.0

// devSetChunks is the size of the corpus UnsureBelow was chosen on.
const devSetChunks = 301

// UnsureThreshold is UnsureBelow for a corpus of chunks. BM25's idf, and
// so every score, shrinks with the corpus: a dozen FAQ entries that answer
// a question exactly score far below 5. Below the dev set's size the
// threshold shrinks in the same proportion as the largest idf a term can
// have (a term in one chunk); at or above it, it is UnsureBelow.
func UnsureThreshold(chunks int) float64 {
	if chunks >= devSetChunks {
		return UnsureBelow
	}
	maxIDF := func(n int) float64 { return math.Log(1 + (float64(n)-1+0.5)/1.5) }
	return UnsureBelow * maxIDF(max(chunks, 1)) / maxIDF(devSetChunks)
}

// BM25 parameters (the usual ones).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

type variant struct {
	term   string
	weight float64
}

// Search returns the best chunks for the query, best first (ties by chunk
// id). An empty query or one of only stop words is EINVALID; a query that
// matches nothing returns no hits.
func (s *Searcher) Search(ctx context.Context, orgID string, q Query) ([]Hit, error) {
	if q.Limit == 0 {
		q.Limit = DefaultResults
	}
	if q.Limit < 1 || q.Limit > MaxResults {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"limit": "Peça de 1 a 50 resultados."})
	}
	if utf8.RuneCountInString(q.Text) > maxQueryRunes {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"q": "Pergunta longa demais."})
	}
	concepts := s.concepts(q.Text)
	if len(concepts) == 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"q": "Escreva o que procurar."})
	}
	corpus, err := s.Store.Corpus(ctx, orgID, q.BaseIDs)
	if err != nil || corpus.Chunks == 0 {
		return nil, err
	}
	// On a large corpus, terms in a good share of the chunks are scored for
	// the best candidates of the other terms only: their posting lists are
	// what makes a search slow, and they rarely decide the top.
	terms := variantTerms(concepts)
	var df map[string]int
	var common []string
	if corpus.Chunks >= cmp.Or(s.CommonFrom, DefaultCommonFrom) {
		if df, err = s.Store.DocFreqs(ctx, orgID, q.BaseIDs, terms); err != nil {
			return nil, err
		}
		terms, common = splitCommon(terms, df, corpus.Chunks)
	}
	posts, err := s.Store.Postings(ctx, orgID, q.BaseIDs, terms)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range posts {
		known[p.Term] = true
	}
	for t := range df {
		known[t] = true
	}
	typos, err := s.addTypos(ctx, orgID, concepts, known)
	if err != nil {
		return nil, err
	}
	if len(typos) > 0 {
		more, err := s.Store.Postings(ctx, orgID, q.BaseIDs, typos)
		if err != nil {
			return nil, err
		}
		posts = append(posts, more...)
	}
	if len(common) > 0 {
		candidates := topIDs(score(corpus, concepts, posts, df), commonCandidates)
		more, err := s.Store.PostingsIn(ctx, orgID, common, candidates)
		if err != nil {
			return nil, err
		}
		posts = append(posts, more...)
	}
	scores := score(corpus, concepts, posts, df)
	if len(scores) == 0 {
		return nil, nil
	}
	ids := topIDs(scores, q.Limit)
	chunks, err := s.Store.FoundChunks(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]FoundChunk, len(chunks))
	for _, c := range chunks {
		byID[c.ID] = c
	}
	matched := make(map[string]map[string]bool, len(ids))
	for _, id := range ids {
		matched[id] = map[string]bool{}
	}
	for _, p := range posts {
		if m := matched[p.ChunkID]; m != nil {
			m[p.Term] = true
		}
	}
	hits := make([]Hit, 0, len(ids))
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			continue // deleted between the two reads
		}
		hits = append(hits, Hit{FoundChunk: c, Score: round4(scores[id]), Snippet: Snippet(c.Text, matched[id], 240),
			Sure: scores[id] >= UnsureThreshold(corpus.Chunks)})
	}
	return hits, nil
}

// concepts turns the query into concepts, one per distinct term, in order.
func (s *Searcher) concepts(text string) [][]variant {
	var out [][]variant
	seen := map[string]bool{}
	for _, t := range Terms(text) {
		if seen[t] {
			continue
		}
		seen[t] = true
		c := []variant{{t, 1}}
		for _, syn := range synonyms[t] {
			c = append(c, variant{syn, 0.5})
		}
		out = append(out, c)
	}
	return out
}

// Common terms: from DefaultCommonFrom chunks on, a term in more than one
// chunk in commonShare is scored for the commonCandidates best chunks of
// the other terms only.
const (
	DefaultCommonFrom = 5000
	commonShare       = 10
	commonCandidates  = 200
)

// splitCommon separates the common terms (see commonFrom) from the others;
// when every term is common, none is set apart.
func splitCommon(terms []string, df map[string]int, chunks int) (rare, common []string) {
	for _, t := range terms {
		if df[t] > chunks/commonShare {
			common = append(common, t)
		} else {
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 {
		return terms, nil
	}
	return rare, common
}

// topIDs returns the ids of the n best scores, best first, ties by id.
func topIDs(scores map[string]float64, n int) []string {
	type scored struct {
		id    string
		score float64
	}
	ranked := make([]scored, 0, len(scores))
	for id, sc := range scores {
		ranked = append(ranked, scored{id, sc})
	}
	slices.SortFunc(ranked, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, 0, min(n, len(ranked)))
	for _, r := range ranked[:min(n, len(ranked))] {
		ids = append(ids, r.id)
	}
	return ids
}

func variantTerms(concepts [][]variant) []string {
	var terms []string
	for _, c := range concepts {
		for _, v := range c {
			terms = append(terms, v.term)
		}
	}
	return terms
}

// addTypos gives each concept whose own term is not known (has no
// postings) the organization's terms one edit away (two for terms of eight
// letters or more), and returns those terms.
func (s *Searcher) addTypos(ctx context.Context, orgID string, concepts [][]variant, known map[string]bool) ([]string, error) {
	var added []string
	for i, c := range concepts {
		t := c[0].term
		n := len(t)
		if known[t] || n < 4 || isDigits(t) {
			continue
		}
		maxDist := 1
		if n >= 8 {
			maxDist = 2
		}
		cands, err := s.Store.TermsLike(ctx, orgID, t[:1], n-maxDist, n+maxDist)
		if err != nil {
			return nil, err
		}
		for _, cand := range cands {
			if cand != t && editDistance(t, cand, maxDist) <= maxDist {
				concepts[i] = append(concepts[i], variant{cand, 0.7})
				added = append(added, cand)
			}
		}
	}
	return added, nil
}

// score computes each chunk's BM25 score. A term's document frequency is
// df's when df has it (postings of common terms are partial), else the
// number of its postings.
func score(corpus Corpus, concepts [][]variant, posts []Posting, df map[string]int) map[string]float64 {
	byTerm := map[string][]Posting{}
	for _, p := range posts {
		byTerm[p.Term] = append(byTerm[p.Term], p)
	}
	n := float64(corpus.Chunks)
	avgLen := float64(corpus.TotalTerms) / n
	scores := map[string]float64{}
	for _, c := range concepts {
		best := map[string]float64{}
		for _, v := range c {
			ps := byTerm[v.term]
			d, ok := df[v.term]
			if !ok {
				d = len(ps)
			}
			idf := math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
			for _, p := range ps {
				tf := float64(p.TF)
				sc := v.weight * idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(p.ChunkTerms)/avgLen))
				if sc > best[p.ChunkID] {
					best[p.ChunkID] = sc
				}
			}
		}
		// Add in a fixed order: float sums must not depend on map order.
		ids := make([]string, 0, len(best))
		for id := range best {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			scores[id] += best[id]
		}
	}
	return scores
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// editDistance is the Damerau–Levenshtein distance (adjacent swaps count
// one) between a and b, or max+1 once it is known to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Snippet returns about width characters of text around the densest run
// of matched terms, cut at word boundaries, with the matched words marked.
// Text without a match gives its beginning.
func Snippet(text string, terms map[string]bool, width int) []Segment {
	toks := Tokenize(text)
	var hits []Token
	for _, t := range toks {
		if t.Term != "" && terms[t.Term] {
			hits = append(hits, t)
		}
	}
	// The window starting at a match that covers the most matches.
	start, end := 0, len(text)
	bestCount := -1
	for i, h := range hits {
		count := 0
		for _, o := range hits[i:] {
			if o.End-h.Start > width {
				break
			}
			count++
		}
		if count > bestCount {
			bestCount, start = count, h.Start
		}
	}
	// Begin a little before the first match, at a word start.
	if bestCount > 0 {
		start = wordStartBefore(toks, start-width/5)
	}
	if end-start > width {
		end = start + width
		for _, t := range toks {
			if t.Start < end && t.End > end {
				end = t.End
				break
			}
		}
	}
	var out []Segment
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		out = append(out, Segment{Text: s, Match: match})
	}
	if start > 0 {
		add("…", false)
	}
	pos := start
	for _, h := range hits {
		if h.Start < start || h.End > end {
			continue
		}
		add(collapse(text[pos:h.Start]), false)
		add(text[h.Start:h.End], true)
		pos = h.End
	}
	add(collapse(text[pos:end]), false)
	if end < len(text) {
		add("…", false)
	}
	return out
}

// wordStartBefore returns the start of the last word starting at or
// before at (0 when none does).
func wordStartBefore(toks []Token, at int) int {
	start := 0
	for _, t := range toks {
		if t.Start > at {
			break
		}
		start = t.Start
	}
	return start
}

// collapse turns runs of white space into one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\t  ") {
		return s
	}
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	if len(s) > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t') {
		out = " " + out
	}
	if last := s[len(s)-1]; len(f) > 0 && (last == ' ' || last == '\n' || last == '\t') {
		out += " "
	}
	return out
}
