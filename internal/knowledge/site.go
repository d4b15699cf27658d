package knowledge

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// Site statuses: queued (a sync is waiting for a worker), crawling, ready (the
// last sync read at least one page), failed (it read none; Error says why).
const (
	SiteQueued   = "queued"
	SiteCrawling = "crawling"
	SiteReady    = "ready"
	SiteFailed   = "failed"
)

// Bounds of a site.
const (
	MaxSitePages      = 200            // the most pages a site may ask for
	DefaultCrawlPages = 20             // pages of a crawl that names no limit
	SiteSyncInterval  = 24 * time.Hour // the schedule syncs a site this long after its last sync
	// syncStale is how long a site may say "queued" or "crawling" without
	// news before a request to sync it queues a sync again (its job was lost).
	syncStale = 10 * time.Minute
)

// Site is a web site a knowledge base reads: a start URL, fetched alone or
// crawled (links on the same site, up to MaxPages), each page becoming a
// source of its own (kind file, format html, SiteID and URL set).
type Site struct {
	ID              string     `json:"id"`
	OrganizationID  string     `json:"-"`
	KnowledgeBaseID string     `json:"knowledge_base_id"`
	URL             string     `json:"url"`
	Crawl           bool       `json:"crawl"`
	MaxPages        int        `json:"max_pages"`
	Status          string     `json:"status"`
	Error           string     `json:"error"`
	PagesFound      int        `json:"pages_found"`
	LastSyncedAt    *time.Time `json:"last_synced_at"`
	NextSyncAt      *time.Time `json:"next_sync_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// SiteUpdate is a change of a site's sync state. Nil fields are left as they
// are.
type SiteUpdate struct {
	Status       string
	Error        string
	PagesFound   *int
	LastSyncedAt *time.Time
	NextSyncAt   *time.Time
}

// Page is what the crawler knows of a page it stored before.
type Page struct {
	ID      string
	URL     string
	Hash    string // SHA-256 of the extracted text; empty when the last fetch failed
	BlobKey string
	Status  string
	Error   string
}

// SiteStore is what sites need of the database. Methods take the
// organization first; foreign ids are ENOTFOUND.
type SiteStore interface {
	CreateSite(ctx context.Context, s *Site) error
	Sites(ctx context.Context, orgID, baseID string) ([]Site, error)
	Site(ctx context.Context, orgID, id string) (*Site, error)
	SitePages(ctx context.Context, orgID, siteID string) ([]Source, error)
	UpdateSite(ctx context.Context, orgID, id string, u SiteUpdate, now time.Time) error
	DeleteSite(ctx context.Context, orgID, id string, now time.Time) (blobKeys []string, err error)
	CrawledPages(ctx context.Context, orgID, siteID string) ([]Page, error)
	CreateSitePage(ctx context.Context, src *Source, hash string) error
	UpdateSitePage(ctx context.Context, orgID, id, name, blobKey, hash string, size int64, now time.Time) error
	FailSitePage(ctx context.Context, orgID, id, reason string, now time.Time) error
	DeleteSitePages(ctx context.Context, orgID, siteID string, ids []string, now time.Time) (blobKeys []string, err error)
	DueSites(ctx context.Context, now time.Time, limit int) ([]Site, error)
}

// URLChecker validates a URL a tenant typed (*safehttp.Client): nil, or a
// *piloto.Error with a message for people.
type URLChecker interface {
	CheckURL(ctx context.Context, raw string) error
}

// SiteInput is what a person sets for a new site.
type SiteInput struct {
	URL   string `json:"url"`
	Crawl bool   `json:"crawl"`
	// MaxPages bounds a crawl (1–MaxSitePages); 0 means DefaultCrawlPages.
	// A site that is not crawled has one page.
	MaxPages int `json:"max_pages"`
}

// AddSite checks the URL (the outbound guard's CheckURL: a public http(s)
// address), stores the site and queues its first sync.
func (s *Service) AddSite(ctx context.Context, orgID, baseID string, in SiteInput) (*Site, error) {
	if _, err := s.Store.KnowledgeBase(ctx, orgID, baseID); err != nil {
		return nil, err
	}
	fields := map[string]string{}
	raw := strings.TrimSpace(in.URL)
	normal := raw
	if err := s.URLs.CheckURL(ctx, raw); err != nil {
		if piloto.ErrorCode(err) != piloto.EINVALID {
			return nil, err
		}
		fields["url"] = piloto.ErrorMessage(err)
	} else if u, ok := normalizeURL(nil, raw); ok {
		normal = u.String()
	}
	maxPages := 1
	if in.Crawl {
		maxPages = DefaultCrawlPages
		if in.MaxPages != 0 {
			maxPages = in.MaxPages
		}
		if maxPages < 1 || maxPages > MaxSitePages {
			fields["max_pages"] = "Escolha de 1 a 200 páginas."
		}
	}
	if len(fields) == 0 {
		sites, err := s.Sites.Sites(ctx, orgID, baseID)
		if err != nil {
			return nil, err
		}
		for _, o := range sites {
			if o.URL == normal {
				fields["url"] = "Este site já está nesta base. Use \"Sincronizar agora\" para lê-lo de novo."
			}
		}
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	now := s.Clock.Now()
	// Due at once: should the job below be lost, the schedule queues it.
	site := &Site{ID: piloto.NewID(), OrganizationID: orgID, KnowledgeBaseID: baseID, URL: normal, Crawl: in.Crawl,
		MaxPages: maxPages, Status: SiteQueued, NextSyncAt: &now, CreatedAt: now, UpdatedAt: now}
	if err := s.Sites.CreateSite(ctx, site); err != nil {
		return nil, err
	}
	return site, s.Jobs.Enqueue(ctx, NewCrawlArgs(site))
}

// SiteWithPages is a site and its pages.
type SiteWithPages struct {
	Site
	Pages []Source `json:"pages"`
}

// SiteDetail returns a site with its pages. ENOTFOUND.
func (s *Service) SiteDetail(ctx context.Context, orgID, id string) (*SiteWithPages, error) {
	site, err := s.Sites.Site(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	pages, err := s.Sites.SitePages(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	return &SiteWithPages{Site: *site, Pages: pages}, nil
}

// SyncSite queues a sync of the site now. A site already queued or being
// crawled is left as it is: its sync is under way. ENOTFOUND.
func (s *Service) SyncSite(ctx context.Context, orgID, id string) (*Site, error) {
	site, err := s.Sites.Site(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	if (site.Status == SiteQueued || site.Status == SiteCrawling) && now.Sub(site.UpdatedAt) < syncStale {
		return site, nil
	}
	if err := s.Sites.UpdateSite(ctx, orgID, id, SiteUpdate{Status: SiteQueued}, now); err != nil {
		return nil, err
	}
	site.Status, site.Error, site.UpdatedAt = SiteQueued, "", now
	return site, s.Jobs.Enqueue(ctx, NewCrawlArgs(site))
}

// DeleteSite removes a site, its pages, their chunks and files. ENOTFOUND.
func (s *Service) DeleteSite(ctx context.Context, orgID, id string) error {
	keys, err := s.Sites.DeleteSite(ctx, orgID, id, s.Clock.Now())
	if err != nil {
		return err
	}
	for _, k := range keys {
		_ = s.Files.Remove(ctx, k) // a leftover blob is harmless; the rows are gone
	}
	return nil
}

// SiteScheduleArgs is the periodic job that queues the syncs that are due.
type SiteScheduleArgs struct{}

// Kind identifies the job.
func (SiteScheduleArgs) Kind() string { return "knowledge_site_schedule" }

// SiteScheduleWorker works SiteScheduleArgs: every site whose next sync is
// due gets a sync queued, and its next one moved SiteSyncInterval ahead (the
// sync moves it again when it ends). Running it twice queues nothing twice:
// crawls of one round of a site are unique while waiting or running.
type SiteScheduleWorker struct {
	river.WorkerDefaults[SiteScheduleArgs]
	Store SiteStore
	Jobs  Enqueuer
	Clock piloto.Clock
}

// dueBatch is how many due sites one run of the schedule queues.
const dueBatch = 500

// Work queues the due syncs.
func (w *SiteScheduleWorker) Work(ctx context.Context, _ *river.Job[SiteScheduleArgs]) error {
	now := w.Clock.Now()
	due, err := w.Store.DueSites(ctx, now, dueBatch)
	if err != nil {
		return err
	}
	for _, site := range due {
		if err := w.Jobs.Enqueue(ctx, NewCrawlArgs(&site)); err != nil {
			return err
		}
		next := now.Add(SiteSyncInterval)
		u := SiteUpdate{Status: SiteQueued, NextSyncAt: &next}
		if site.Status == SiteCrawling || site.Status == SiteQueued {
			u.Status, u.Error = site.Status, site.Error
		}
		if err := w.Store.UpdateSite(ctx, site.OrganizationID, site.ID, u, now); err != nil && piloto.ErrorCode(err) != piloto.ENOTFOUND {
			return err
		}
	}
	return nil
}

// SiteSchedulePeriodic runs the schedule every d, and once at start-up.
func SiteSchedulePeriodic(d time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(
		river.PeriodicInterval(d),
		func() (river.JobArgs, *river.InsertOpts) { return SiteScheduleArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "knowledge_site_schedule"},
	)
}

// displayURL is a URL as people read it: without the scheme, and without
// the slash of a site's root.
func displayURL(u *url.URL) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u.String(), "https://"), "http://")
	return strings.TrimSuffix(s, "/")
}
