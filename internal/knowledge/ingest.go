package knowledge

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// Source statuses, in the order a source goes through them.
const (
	StatusQueued     = "queued"
	StatusExtracting = "extracting"
	StatusIndexing   = "indexing"
	StatusReady      = "ready"
	StatusFailed     = "failed"
)

// Kinds of sources.
const (
	KindFile = "file"
	KindFAQ  = "faq"
)

// Base is a knowledge base of an organization.
type Base struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"-"`
	Name           string    `json:"name"`
	CreatedAt      time.Time `json:"created_at"`
}

// Source is a file or a FAQ entry of a knowledge base, and where its
// ingestion stands.
type Source struct {
	ID              string    `json:"id"`
	OrganizationID  string    `json:"-"`
	KnowledgeBaseID string    `json:"knowledge_base_id"`
	Kind            string    `json:"kind"`
	Name            string    `json:"name"`
	Format          string    `json:"format"`
	BlobKey         string    `json:"-"`
	SizeBytes       int64     `json:"size_bytes"`
	Question        string    `json:"question,omitempty"`
	Answer          string    `json:"answer,omitempty"`
	SiteID          string    `json:"site_id,omitempty"` // a page of a site (see Site)
	URL             string    `json:"url,omitempty"`     // a page's address
	Status          string    `json:"status"`
	ProgressDone    int       `json:"progress_done"`
	ProgressTotal   int       `json:"progress_total"`
	Error           string    `json:"error"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// StoredChunk is a chunk as kept for search.
type StoredChunk struct {
	Seq      int    `json:"seq"`
	Heading  string `json:"heading"`
	Text     string `json:"text"`
	NormText string `json:"-"` // the analyzer's terms, space-separated (see Terms)
}

// Store is what ingestion needs of the database. Methods take the
// organization first; a source of another organization is ENOTFOUND.
type Store interface {
	Source(ctx context.Context, orgID, id string) (*Source, error)
	// SetSourceStatus records where ingestion stands (and a live event).
	SetSourceStatus(ctx context.Context, orgID, id, status string, done, total int, reason string, now time.Time) error
	// ReplaceChunks swaps the source's chunks for these and marks it ready,
	// in one transaction: a failure leaves the old chunks.
	ReplaceChunks(ctx context.Context, orgID, sourceID string, chunks []StoredChunk, now time.Time) error
}

// Blobs reads stored files.
type Blobs interface {
	ReadAll(ctx context.Context, key string) ([]byte, error)
}

// IngestArgs is the durable job that ingests one source. Running it again
// gives the same chunks (idempotent).
type IngestArgs struct {
	OrganizationID string `json:"organization_id"`
	SourceID       string `json:"source_id"`
}

// Kind identifies the job.
func (IngestArgs) Kind() string { return "knowledge_ingest" }

// InsertOpts retries an ingestion that failed for a reason other than the
// file itself. Ingestions of one source are not made unique: each replaces
// the chunks whole, so two in a row end in the same state.
func (IngestArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

// IngestWorker works IngestArgs: extract → clean → chunk → index, with
// progress recorded (and streamed) on the way. A file that cannot be read
// fails the source with a reason for people and is not retried; other
// errors are retried by the job.
type IngestWorker struct {
	river.WorkerDefaults[IngestArgs]
	Store  Store
	Blobs  Blobs
	Clock  piloto.Clock
	Limits Limits
}

// progressEvery is how many chunks pass between progress reports.
const progressEvery = 25

// Work ingests the source.
func (w *IngestWorker) Work(ctx context.Context, job *river.Job[IngestArgs]) error {
	a := job.Args
	src, err := w.Store.Source(ctx, a.OrganizationID, a.SourceID)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	status := func(s string, done, total int, reason string) error {
		return w.Store.SetSourceStatus(ctx, a.OrganizationID, a.SourceID, s, done, total, reason, w.Clock.Now())
	}
	if err := status(StatusExtracting, 0, 0, ""); err != nil {
		return err
	}
	chunks, err := w.chunks(ctx, src)
	var u *ErrUnreadable
	if errors.As(err, &u) {
		return status(StatusFailed, 0, 0, u.Reason)
	}
	if err != nil {
		return err
	}
	stored := make([]StoredChunk, len(chunks))
	for i, c := range chunks {
		if i%progressEvery == 0 {
			if err := status(StatusIndexing, i, len(chunks), ""); err != nil {
				return err
			}
		}
		stored[i] = StoredChunk{Seq: c.Seq, Heading: c.Heading, Text: c.Text, NormText: IndexTerms(c)}
	}
	return w.Store.ReplaceChunks(ctx, a.OrganizationID, a.SourceID, stored, w.Clock.Now())
}

func (w *IngestWorker) chunks(ctx context.Context, src *Source) ([]Chunk, error) {
	if src.Kind == KindFAQ {
		return Split(&Document{Blocks: []Block{
			{Kind: Heading, Level: 1, Text: clean(src.Question)},
			{Kind: Paragraph, Text: strings.TrimSpace(src.Answer)},
		}}), nil
	}
	if src.SiteID != "" && src.BlobKey == "" {
		return nil, unreadable("A página ainda não foi lida. Sincronize o site.")
	}
	content, err := w.Blobs.ReadAll(ctx, src.BlobKey)
	if err != nil {
		return nil, err
	}
	f := HTML // a page of a site: the crawler kept only HTML
	if src.SiteID == "" {
		if f, err = Detect(src.Name, content); err != nil {
			return nil, err
		}
	}
	doc, err := Extract(f, src.Name, content, w.Limits)
	if err != nil {
		return nil, err
	}
	return Split(doc), nil
}
