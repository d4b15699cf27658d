package knowledge

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// Catalog is what the knowledge-base pages need of the database, beside
// Store. Methods take the organization first; foreign ids are ENOTFOUND.
type Catalog interface {
	Store
	SearchStore
	CreateKnowledgeBase(ctx context.Context, b *Base) error
	KnowledgeBases(ctx context.Context, orgID string) ([]Base, error)
	KnowledgeBase(ctx context.Context, orgID, id string) (*Base, error)
	DeleteKnowledgeBase(ctx context.Context, orgID, id string) (blobKeys []string, err error)
	CreateSource(ctx context.Context, s *Source) error
	Sources(ctx context.Context, orgID, baseID string) ([]Source, error)
	Chunks(ctx context.Context, orgID, sourceID string) ([]StoredChunk, error)
	DeleteSource(ctx context.Context, orgID, id string, now time.Time) (blobKey string, err error)
}

// Enqueuer inserts jobs.
type Enqueuer interface {
	Enqueue(ctx context.Context, args river.JobArgs) error
}

// Service manages knowledge bases and their sources. Who may change them
// (admins) is the route's to check.
type Service struct {
	Store Catalog
	Files interface {
		Blobs
		Put(ctx context.Context, key string, p []byte) error
		Remove(ctx context.Context, key string) error
	}
	Jobs  Enqueuer
	Clock piloto.Clock
	// Sites stores web sites and their pages; URLs checks the addresses
	// people type (the outbound guard).
	Sites SiteStore
	URLs  URLChecker
}

func checkText(fields map[string]string, key, value, empty string, maxLen int) {
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	switch {
	case n == 0:
		fields[key] = empty
	case n > maxLen:
		fields[key] = "Texto longo demais."
	}
}

// CreateBase makes a knowledge base.
func (s *Service) CreateBase(ctx context.Context, orgID, name string) (*Base, error) {
	fields := map[string]string{}
	checkText(fields, "name", name, "Dê um nome à base.", 100)
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	b := &Base{ID: piloto.NewID(), OrganizationID: orgID, Name: strings.TrimSpace(name), CreatedAt: s.Clock.Now()}
	return b, s.Store.CreateKnowledgeBase(ctx, b)
}

// DeleteBase removes a knowledge base, its sources, chunks and files.
func (s *Service) DeleteBase(ctx context.Context, orgID, id string) error {
	keys, err := s.Store.DeleteKnowledgeBase(ctx, orgID, id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		_ = s.Files.Remove(ctx, k) // a leftover blob is harmless; the rows are gone
	}
	return nil
}

// AddFile stores an uploaded file and queues its ingestion. A file whose
// format is not accepted, or whose extension lies, is refused at once
// (EUNSUPPORTED) and nothing is stored.
func (s *Service) AddFile(ctx context.Context, orgID, baseID, name string, content []byte) (*Source, error) {
	name = strings.TrimSpace(name)
	format, err := Detect(name, content)
	if err != nil {
		return nil, piloto.Errorf(piloto.EUNSUPPORTED, "%s", err.Error())
	}
	if _, err := s.Store.KnowledgeBase(ctx, orgID, baseID); err != nil {
		return nil, err
	}
	id := piloto.NewID()
	src := &Source{ID: id, OrganizationID: orgID, KnowledgeBaseID: baseID, Kind: KindFile, Name: name, Format: string(format),
		BlobKey: "orgs/" + orgID + "/knowledge/" + id, SizeBytes: int64(len(content)), Status: StatusQueued, CreatedAt: s.Clock.Now()}
	src.UpdatedAt = src.CreatedAt
	if err := s.Files.Put(ctx, src.BlobKey, content); err != nil {
		return nil, err
	}
	if err := s.Store.CreateSource(ctx, src); err != nil {
		_ = s.Files.Remove(ctx, src.BlobKey)
		return nil, err
	}
	return src, s.Jobs.Enqueue(ctx, IngestArgs{OrganizationID: orgID, SourceID: id})
}

// FAQ is a question and its answer.
type FAQ struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// AddFAQ stores a FAQ entry and queues its ingestion.
func (s *Service) AddFAQ(ctx context.Context, orgID, baseID string, f FAQ) (*Source, error) {
	fields := map[string]string{}
	checkText(fields, "question", f.Question, "Escreva a pergunta.", 500)
	checkText(fields, "answer", f.Answer, "Escreva a resposta.", 5000)
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	src := &Source{ID: piloto.NewID(), OrganizationID: orgID, KnowledgeBaseID: baseID, Kind: KindFAQ,
		Name: strings.TrimSpace(f.Question), Question: strings.TrimSpace(f.Question), Answer: strings.TrimSpace(f.Answer),
		Status: StatusQueued, CreatedAt: s.Clock.Now()}
	src.UpdatedAt = src.CreatedAt
	if err := s.Store.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	return src, s.Jobs.Enqueue(ctx, IngestArgs{OrganizationID: orgID, SourceID: src.ID})
}

// Reingest queues a source's ingestion again. ENOTFOUND.
func (s *Service) Reingest(ctx context.Context, orgID, id string) (*Source, error) {
	src, err := s.Store.Source(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetSourceStatus(ctx, orgID, id, StatusQueued, 0, 0, "", s.Clock.Now()); err != nil {
		return nil, err
	}
	src.Status = StatusQueued
	return src, s.Jobs.Enqueue(ctx, IngestArgs{OrganizationID: orgID, SourceID: id})
}

// DeleteSource removes a source, its chunks and its file. ENOTFOUND.
func (s *Service) DeleteSource(ctx context.Context, orgID, id string) error {
	key, err := s.Store.DeleteSource(ctx, orgID, id, s.Clock.Now())
	if err != nil {
		return err
	}
	if key != "" {
		_ = s.Files.Remove(ctx, key)
	}
	return nil
}

// Search runs a query over the organization's chunks (see Searcher).
func (s *Service) Search(ctx context.Context, orgID string, q Query) ([]Hit, error) {
	return (&Searcher{Store: s.Store}).Search(ctx, orgID, q)
}
