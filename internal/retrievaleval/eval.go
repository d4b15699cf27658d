// Package retrievaleval measures knowledge search against a set of lead
// questions whose answering passages are known (see ../shared/evals). It
// ingests a folder of files into a throwaway organization through the real
// pipeline (detect, extract, chunk, index), runs each question through
// knowledge.Searcher and reports recall@1, recall@5 and MRR.
package retrievaleval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/riverqueue/river"
)

// Question is one line of a questions file. Evidence is a passage (or a
// list of passages, any of which answers); empty when the knowledge base
// has no answer.
type Question struct {
	ID       string          `json:"id"`
	Question string          `json:"question"`
	Doc      *string         `json:"doc"`
	Evidence json.RawMessage `json:"evidence"`
	Style    string          `json:"style"`
}

// Passages returns the question's evidence passages.
func (q *Question) Passages() ([]string, error) {
	if len(q.Evidence) == 0 || string(q.Evidence) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(q.Evidence, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(q.Evidence, &many); err != nil {
		return nil, fmt.Errorf("question %s: evidence is neither a string nor a list of strings", q.ID)
	}
	return many, nil
}

// ReadQuestions reads a JSON-lines questions file.
func ReadQuestions(path string) ([]Question, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Question
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// Fold is the hit rule's folding: lower case, the characters | * _ # > `
// as spaces, runs of white space as one space.
func Fold(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune("|*_#>`", r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Options says what to measure and where.
type Options struct {
	KB          string // folder of knowledge files (read recursively)
	Questions   string // JSON-lines questions file
	DatabaseURL string // empty: a temporary SQLite database
	TopK        int    // results fetched per question; 0 means 10
	// CommonFrom is knowledge.Searcher's: from how many chunks common terms
	// are scored for the best candidates only (0: the default).
	CommonFrom int
}

// Miss is an answerable question whose evidence was not in the top 5.
type Miss struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Rank     int    `json:"rank"` // 0: not in the results at all
}

// NoAnswer is a question the knowledge base cannot answer, with the score
// of the best result search still returned for it.
type NoAnswer struct {
	ID       string  `json:"id"`
	Question string  `json:"question"`
	TopScore float64 `json:"top_score"`
}

// Report is what a run measured. Recall and MRR count the answerable
// questions only (Questions says how many).
type Report struct {
	Questions      int        `json:"questions"`
	RecallAt1      float64    `json:"recall_at_1"`
	RecallAt5      float64    `json:"recall_at_5"`
	MRR            float64    `json:"mrr"`
	Chunks         int        `json:"chunks"`
	MeanChunkChars float64    `json:"mean_chunk_chars"`
	MaxChunkChars  int        `json:"max_chunk_chars"`
	AnsweredScores []float64  `json:"-"` // the top score of each answerable question
	Misses         []Miss     `json:"-"`
	NoAnswers      []NoAnswer `json:"-"`
}

// Run ingests opts.KB, asks every question and measures the ranks. The
// organization it creates is deleted at the end (with a temporary SQLite
// database, the whole database is).
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.TopK == 0 {
		opts.TopK = 10
	}
	questions, err := ReadQuestions(opts.Questions)
	if err != nil {
		return nil, err
	}
	url := opts.DatabaseURL
	if url == "" {
		dir, err := os.MkdirTemp("", "piloto-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		url = "sqlite:" + filepath.Join(dir, "eval.db")
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	orgID, userID, err := createOrganization(ctx, db)
	if err != nil {
		return nil, err
	}
	defer func() {
		ctx := context.WithoutCancel(ctx)
		db.DeleteOrganization(ctx, orgID)
		db.DeleteUser(ctx, userID)
	}()
	if err := ingest(ctx, db, orgID, opts.KB); err != nil {
		return nil, err
	}

	r := &Report{}
	if err := chunkStats(ctx, db, orgID, r); err != nil {
		return nil, err
	}
	s := &knowledge.Searcher{Store: db, CommonFrom: opts.CommonFrom}
	var sumRR float64
	var at1, at5 int
	for _, q := range questions {
		passages, err := q.Passages()
		if err != nil {
			return nil, err
		}
		hits, err := s.Search(ctx, orgID, knowledge.Query{Text: q.Question, Limit: opts.TopK})
		if err != nil && piloto.ErrorCode(err) != piloto.EINVALID {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		top := 0.0
		if len(hits) > 0 {
			top = hits[0].Score
		}
		if len(passages) == 0 {
			r.NoAnswers = append(r.NoAnswers, NoAnswer{ID: q.ID, Question: q.Question, TopScore: top})
			continue
		}
		r.Questions++
		r.AnsweredScores = append(r.AnsweredScores, top)
		rank := Rank(hits, passages)
		if rank > 0 {
			sumRR += 1 / float64(rank)
		}
		if rank == 1 {
			at1++
		}
		if rank >= 1 && rank <= 5 {
			at5++
		} else {
			r.Misses = append(r.Misses, Miss{ID: q.ID, Question: q.Question, Rank: rank})
		}
	}
	if r.Questions > 0 {
		n := float64(r.Questions)
		r.RecallAt1, r.RecallAt5, r.MRR = round(float64(at1)/n), round(float64(at5)/n), round(sumRR/n)
	}
	return r, nil
}

// Rank returns the 1-based rank of the first hit whose text contains one
// of the passages (both folded), or 0.
func Rank(hits []knowledge.Hit, passages []string) int {
	for i, h := range hits {
		text := Fold(h.Text)
		for _, p := range passages {
			if strings.Contains(text, Fold(p)) {
				return i + 1
			}
		}
	}
	return 0
}

func round(x float64) float64 { return float64(int(x*10000+0.5)) / 10000 }

// inlineJobs runs each ingestion as soon as it is enqueued: the same
// worker the job queue would run, without the queue.
type inlineJobs struct{ w *knowledge.IngestWorker }

func (j inlineJobs) Enqueue(ctx context.Context, args river.JobArgs) error {
	a, ok := args.(knowledge.IngestArgs)
	if !ok {
		return fmt.Errorf("unexpected job %s", args.Kind())
	}
	return j.w.Work(ctx, &river.Job[knowledge.IngestArgs]{Args: a})
}

// createOrganization makes the throwaway organization and its owner.
func createOrganization(ctx context.Context, db *store.DB) (orgID, userID string, err error) {
	now := time.Now().UTC()
	u := &auth.User{ID: piloto.NewID(), Email: "eval-" + piloto.NewID() + "@piloto.invalid", Name: "Avaliação", CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Avaliação de busca", TimeZone: org.DefaultTimeZone, CreatedAt: now}
	return o.ID, u.ID, db.CreateAccount(ctx, u, o, nil, "")
}

// ingest adds every file under dir to a new knowledge base of the
// organization, each through the ingestion job.
func ingest(ctx context.Context, db *store.DB, orgID, dir string) error {
	bucket, err := blob.Open(ctx, "mem://")
	if err != nil {
		return err
	}
	defer bucket.Close()
	worker := &knowledge.IngestWorker{Store: db, Blobs: bucket, Clock: piloto.SystemClock{}, Limits: knowledge.DefaultLimits}
	svc := &knowledge.Service{Store: db, Files: blob.Files{Bucket: bucket}, Jobs: inlineJobs{worker}, Clock: piloto.SystemClock{}}
	base, err := svc.CreateBase(ctx, orgID, "Avaliação")
	if err != nil {
		return err
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no files", dir)
	}
	sort.Strings(files)
	for _, path := range files {
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src, err := svc.AddFile(ctx, orgID, base.ID, filepath.Base(path), content)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		got, err := db.Source(ctx, orgID, src.ID)
		if err != nil {
			return err
		}
		if got.Status != knowledge.StatusReady {
			return fmt.Errorf("%s: %s %s", path, got.Status, got.Error)
		}
	}
	return nil
}

func chunkStats(ctx context.Context, db *store.DB, orgID string, r *Report) error {
	bases, err := db.KnowledgeBases(ctx, orgID)
	if err != nil {
		return err
	}
	total := 0
	for _, b := range bases {
		sources, err := db.Sources(ctx, orgID, b.ID)
		if err != nil {
			return err
		}
		for _, s := range sources {
			chunks, err := db.Chunks(ctx, orgID, s.ID)
			if err != nil {
				return err
			}
			for _, c := range chunks {
				n := utf8.RuneCountInString(c.Text)
				r.Chunks++
				total += n
				r.MaxChunkChars = max(r.MaxChunkChars, n)
			}
		}
	}
	if r.Chunks > 0 {
		r.MeanChunkChars = float64(int(float64(total)/float64(r.Chunks)*10+0.5)) / 10
	}
	return nil
}

// Print writes the report for people and, with asJSON, the summary as
// the last line.
func Print(w io.Writer, r *Report, asJSON bool) error {
	fmt.Fprintf(w, "chunks: %d (mean %.1f characters, max %d)\n", r.Chunks, r.MeanChunkChars, r.MaxChunkChars)
	fmt.Fprintf(w, "answerable questions: %d\n", r.Questions)
	fmt.Fprintf(w, "recall@1 %.4f  recall@5 %.4f  MRR %.4f\n", r.RecallAt1, r.RecallAt5, r.MRR)
	if len(r.Misses) > 0 {
		fmt.Fprintln(w, "not in the top 5:")
		for _, m := range r.Misses {
			rank := "not found"
			if m.Rank > 0 {
				rank = fmt.Sprintf("rank %d", m.Rank)
			}
			fmt.Fprintf(w, "  %s (%s): %s\n", m.ID, rank, m.Question)
		}
	}
	if len(r.NoAnswers) > 0 {
		answered := slices.Clone(r.AnsweredScores)
		sort.Float64s(answered)
		fmt.Fprintf(w, "questions without an answer in the knowledge base: %d, with their best score (answerable questions' best: min %.2f, p10 %.2f, median %.2f; \"não sei\" below %.1f)\n",
			len(r.NoAnswers), first(answered), answered[len(answered)/10], median(answered), knowledge.UnsureBelow)
		for _, n := range r.NoAnswers {
			fmt.Fprintf(w, "  %s %.2f: %s\n", n.ID, n.TopScore, n.Question)
		}
	}
	if asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(b))
	}
	return nil
}

func first(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[0]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)/2]
}
