package knowledge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/safehttp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Defaults of the crawler.
const (
	DefaultCrawlDelay   = 500 * time.Millisecond // between two requests to a site
	DefaultMaxPageBytes = 5 << 20                // the HTML of one page
	CrawlTimeout        = 30 * time.Minute       // one sync, all its pages
	maxSeenLinks        = 5000                   // links remembered by one sync
)

// CrawlArgs is the durable job that syncs a site: read its robots.txt, then
// its pages (breadth first, on the same site, up to the site's limit), and
// queue the ingestion of the pages whose text changed.
//
// It is unique while waiting or running per site and After — the end of the
// site's last sync — so the requests of one round (a click, the schedule,
// a click again) make one sync, while a request made once a sync has ended
// makes a new one even though River has not yet marked the ended job
// completed.
type CrawlArgs struct {
	OrganizationID string `json:"organization_id"`
	SiteID         string `json:"site_id"`
	After          string `json:"after,omitempty"` // RFC 3339; empty before the first sync
}

// NewCrawlArgs returns the sync job of a site in its current round.
func NewCrawlArgs(s *Site) CrawlArgs {
	a := CrawlArgs{OrganizationID: s.OrganizationID, SiteID: s.ID}
	if s.LastSyncedAt != nil {
		a.After = s.LastSyncedAt.UTC().Format(time.RFC3339Nano)
	}
	return a
}

// Kind identifies the job.
func (CrawlArgs) Kind() string { return "knowledge_site_crawl" }

// InsertOpts makes a crawl unique per site until it ends, and retries one
// that failed for a reason other than the site (the database, a shutdown).
func (CrawlArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled,
	}}}
}

// Fetcher gets URLs a tenant typed, through the outbound guard
// (*safehttp.Client): the guard refuses non-public destinations, bounds the
// time of a request and caps its body.
type Fetcher interface {
	Get(ctx context.Context, rawURL string) (*http.Response, error)
}

// CrawlWorker works CrawlArgs. Every request — robots.txt and pages — goes
// through Web. A page's failure (an HTTP error, a refused address, a body
// too large, a timeout) marks that page failed with a reason for people;
// only failures of our own (the database, the blob store) fail the job.
type CrawlWorker struct {
	river.WorkerDefaults[CrawlArgs]
	Store SiteStore
	Files interface {
		Put(ctx context.Context, key string, p []byte) error
		Remove(ctx context.Context, key string) error
	}
	Jobs   Enqueuer
	Web    Fetcher
	Clock  piloto.Clock
	Limits Limits
	// Delay is the pause between two requests of a sync: zero means
	// DefaultCrawlDelay, negative none.
	Delay time.Duration
	// MaxPageBytes caps the HTML of a page: zero means DefaultMaxPageBytes.
	MaxPageBytes int64
	Logger       *slog.Logger
}

// Timeout lets a sync run longer than ordinary jobs (River's rescuer waits
// for it too).
func (w *CrawlWorker) Timeout(*river.Job[CrawlArgs]) time.Duration { return CrawlTimeout }

// errSiteGone ends a sync whose site was deleted meanwhile.
func siteGone(err error) bool { return piloto.ErrorCode(err) == piloto.ENOTFOUND }

// Work syncs the site.
func (w *CrawlWorker) Work(ctx context.Context, job *river.Job[CrawlArgs]) error {
	a := job.Args
	site, err := w.Store.Site(ctx, a.OrganizationID, a.SiteID)
	if siteGone(err) {
		return nil
	}
	if err != nil {
		return err
	}
	known, err := w.Store.CrawledPages(ctx, a.OrganizationID, a.SiteID)
	if err != nil {
		return err
	}
	c := &crawl{w: w, site: site, known: map[string]Page{}, kept: map[string]bool{}, scope: map[string]bool{},
		robots: map[string]*robots{}, robotsWhy: map[string]string{}, texts: map[string]bool{}}
	for _, p := range known {
		c.known[p.URL] = p
	}
	zero := 0
	if err := w.Store.UpdateSite(ctx, a.OrganizationID, a.SiteID, SiteUpdate{Status: SiteCrawling, PagesFound: &zero}, w.Clock.Now()); err != nil {
		if siteGone(err) {
			return nil
		}
		return err
	}
	if err := c.run(ctx); err != nil {
		if siteGone(err) {
			return nil
		}
		return err
	}
	now := w.Clock.Now()
	status, reason := SiteReady, ""
	if c.read == 0 {
		// Nothing read: the site is down, refuses us or has nothing for us.
		// Its pages stay as they were; the next sync tries again.
		status, reason = SiteFailed, c.siteErr
		if reason == "" {
			reason = c.firstFailure
		}
		if reason == "" {
			reason = "Nenhuma página do site pôde ser lida."
		}
	} else {
		var stale []string
		for _, p := range c.known {
			if !c.kept[p.ID] {
				stale = append(stale, p.ID)
			}
		}
		keys, err := w.Store.DeleteSitePages(ctx, a.OrganizationID, a.SiteID, stale, now)
		if err != nil {
			return err
		}
		for _, k := range keys {
			_ = w.Files.Remove(ctx, k)
		}
	}
	next := now.Add(SiteSyncInterval)
	err = w.Store.UpdateSite(ctx, a.OrganizationID, a.SiteID, SiteUpdate{
		Status: status, Error: reason, PagesFound: &c.pages, LastSyncedAt: &now, NextSyncAt: &next,
	}, now)
	if siteGone(err) {
		return nil
	}
	return err
}

// crawl is one sync of a site.
type crawl struct {
	w         *CrawlWorker
	site      *Site
	known     map[string]Page // the pages stored before, by URL
	kept      map[string]bool // ids of the known pages this sync found again
	scope     map[string]bool // origins (scheme://host) that are the site
	robots    map[string]*robots
	robotsWhy map[string]string // why an origin's robots.txt blocks everything
	texts     map[string]bool   // hashes of the pages stored by this sync (duplicates are skipped)
	requests  int

	pages        int    // pages recorded (read or failed)
	read         int    // pages read
	siteErr      string // why the start page was not read, when it was not
	firstFailure string
}

// run reads the site breadth first from its start URL.
func (c *crawl) run(ctx context.Context) error {
	start, ok := normalizeURL(nil, c.site.URL)
	if !ok {
		c.siteErr = "O endereço do site não é válido."
		return nil
	}
	c.scope[origin(start)] = true
	queue := []*url.URL{start}
	seen := map[string]bool{start.String(): true}
	done := map[string]bool{}
	for len(queue) > 0 && c.pages < c.site.MaxPages {
		u := queue[0]
		queue = queue[1:]
		first := u == start
		if ok, why, err := c.allowed(ctx, u); err != nil {
			return err
		} else if !ok {
			if first {
				c.siteErr = why
			}
			continue
		}
		f, err := c.fetch(ctx, u)
		if err != nil {
			return err
		}
		final := f.url
		if final.String() != u.String() { // redirected
			switch {
			case first:
				c.scope[origin(final)] = true // http → https, example.com → www.example.com
			case !c.scope[origin(final)]:
				continue // it left the site
			}
			if ok, why, err := c.allowed(ctx, final); err != nil {
				return err
			} else if !ok {
				if first {
					c.siteErr = why
				}
				continue
			}
		}
		if done[final.String()] {
			continue
		}
		done[final.String()], seen[final.String()] = true, true
		switch {
		case f.skip != "":
			if first {
				c.siteErr = f.skip
			}
			continue
		case f.failure != "":
			if err := c.recordFailure(ctx, final, f.failure); err != nil {
				return err
			}
			continue
		}
		links, noIndex, noFollow := pageLinks(f.html, final)
		if !noIndex {
			if err := c.recordPage(ctx, final, f.html, first); err != nil {
				return err
			}
		} else if first {
			c.siteErr = "A página pede para não ser indexada (meta robots noindex)."
		}
		if !c.site.Crawl || noFollow {
			continue
		}
		for _, l := range links {
			s := l.String()
			if !c.scope[origin(l)] || seen[s] || len(seen) >= maxSeenLinks {
				continue
			}
			seen[s] = true
			queue = append(queue, l)
		}
	}
	return nil
}

// wait keeps the pause between two requests of the sync.
func (c *crawl) wait(ctx context.Context) error {
	c.requests++
	d := c.w.Delay
	if d == 0 {
		d = DefaultCrawlDelay
	}
	if c.requests == 1 || d < 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// allowed reads the robots.txt of u's origin (once per sync) and says
// whether it lets us fetch u, and if not, why (for people).
func (c *crawl) allowed(ctx context.Context, u *url.URL) (bool, string, error) {
	o := origin(u)
	r, ok := c.robots[o]
	if !ok {
		var err error
		if r, err = c.readRobots(ctx, o); err != nil {
			return false, "", err
		}
		c.robots[o] = r
	}
	if r.allowed(u) {
		return true, "", nil
	}
	if why := c.robotsWhy[o]; why != "" {
		return false, why, nil
	}
	return false, "O robots.txt do site não permite que o Piloto leia esta página.", nil
}

func (c *crawl) readRobots(ctx context.Context, o string) (*robots, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	resp, err := c.w.Web.Get(ctx, o+"/robots.txt")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.robotsWhy[o] = "Não conseguimos ler o robots.txt do site: " + lowerFirst(fetchFailure(err))
		return &robots{blockAll: true}, nil
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return parseRobots(body, CrawlerToken), nil // a cut-off file: what was read
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return allowAll, nil // no robots.txt: everything is allowed
	default:
		c.robotsWhy[o] = fmt.Sprintf("O robots.txt do site respondeu com erro %d. Tentaremos de novo na próxima sincronização.", resp.StatusCode)
		return &robots{blockAll: true}, nil
	}
}

// fetched is a page as fetched: its HTML (UTF-8), or why it failed, or why
// it is not a page at all (skip).
type fetched struct {
	url     *url.URL // after redirects
	html    []byte
	failure string
	skip    string
}

// fetch gets a page through the guard. It fails only when ctx ends.
func (c *crawl) fetch(ctx context.Context, u *url.URL) (*fetched, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	resp, err := c.w.Web.Get(ctx, u.String())
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.log(ctx, "page not fetched", u, err)
		return &fetched{url: u, failure: fetchFailure(err)}, nil
	}
	defer resp.Body.Close()
	final := u
	if resp.Request != nil && resp.Request.URL != nil {
		if n, ok := normalizeURL(nil, resp.Request.URL.String()); ok {
			final = n
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &fetched{url: final, failure: statusFailure(resp.StatusCode)}, nil
	}
	ct := resp.Header.Get("Content-Type")
	if ct != "" && !isHTMLType(ct) {
		mt, _, _ := mime.ParseMediaType(ct)
		return &fetched{url: final, skip: fmt.Sprintf("O endereço não é uma página HTML (é %s).", mt)}, nil
	}
	limit := c.w.MaxPageBytes
	if limit == 0 {
		limit = DefaultMaxPageBytes
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.log(ctx, "page not read", u, err)
		return &fetched{url: final, failure: fetchFailure(err)}, nil
	}
	if int64(len(body)) > limit {
		return &fetched{url: final, failure: fmt.Sprintf("A página passa de %s e não foi lida.", sizeLabel(limit))}, nil
	}
	if ct == "" && !isHTMLType(http.DetectContentType(body)) {
		return &fetched{url: final, skip: "O endereço não é uma página HTML."}, nil
	}
	return &fetched{url: final, html: toUTF8(body, ct)}, nil
}

func (c *crawl) log(ctx context.Context, msg string, u *url.URL, err error) {
	if c.w.Logger != nil {
		c.w.Logger.InfoContext(ctx, "crawl: "+msg, "site_id", c.site.ID, "origin", origin(u), "err", err)
	}
}

// recordPage stores a page that was read: a new page is created and queued
// for ingestion; a known page whose text changed gets its new HTML and is
// queued again; a known page whose text did not change is left alone.
func (c *crawl) recordPage(ctx context.Context, u *url.URL, page []byte, first bool) error {
	doc, err := Extract(HTML, ".html", page, c.w.Limits)
	if err != nil {
		reason := "A página não tem texto que possamos ler (ela pode depender de JavaScript)."
		var un *ErrUnreadable
		if errors.As(err, &un) && strings.Contains(un.Reason, "texto demais") {
			reason = "A página tem texto demais para ser lida."
		}
		if first {
			c.siteErr = reason
		}
		return c.recordFailure(ctx, u, reason)
	}
	title := pageTitle(doc, u)
	hash := textHash(title, doc)
	if c.texts[hash] {
		return nil // the same text under another address (/, /index.html)
	}
	c.texts[hash] = true
	key := u.String()
	orgID := c.site.OrganizationID
	now := c.w.Clock.Now()
	if p, ok := c.known[key]; ok {
		c.kept[p.ID] = true
		if p.Hash == hash {
			return c.counted(ctx, true) // unchanged: not ingested again
		}
		blobKey := p.BlobKey
		if blobKey == "" {
			blobKey = pageBlobKey(orgID, p.ID)
		}
		if err := c.w.Files.Put(ctx, blobKey, page); err != nil {
			return err
		}
		if err := c.w.Store.UpdateSitePage(ctx, orgID, p.ID, title, blobKey, hash, int64(len(page)), now); err != nil {
			return err
		}
		if err := c.w.Jobs.Enqueue(ctx, IngestArgs{OrganizationID: orgID, SourceID: p.ID}); err != nil {
			return err
		}
		return c.counted(ctx, true)
	}
	id := piloto.NewID()
	src := &Source{ID: id, OrganizationID: orgID, KnowledgeBaseID: c.site.KnowledgeBaseID, Kind: KindFile, Name: title,
		Format: string(HTML), BlobKey: pageBlobKey(orgID, id), SizeBytes: int64(len(page)), Status: StatusQueued,
		SiteID: c.site.ID, URL: key, CreatedAt: now, UpdatedAt: now}
	if err := c.w.Files.Put(ctx, src.BlobKey, page); err != nil {
		return err
	}
	if err := c.w.Store.CreateSitePage(ctx, src, hash); err != nil {
		_ = c.w.Files.Remove(ctx, src.BlobKey)
		return err
	}
	c.known[key] = Page{ID: id, URL: key, Hash: hash, BlobKey: src.BlobKey, Status: StatusQueued}
	c.kept[id] = true
	if err := c.w.Jobs.Enqueue(ctx, IngestArgs{OrganizationID: orgID, SourceID: id}); err != nil {
		return err
	}
	return c.counted(ctx, true)
}

// recordFailure marks a page that could not be read as failed, with why.
func (c *crawl) recordFailure(ctx context.Context, u *url.URL, reason string) error {
	if c.firstFailure == "" {
		c.firstFailure = reason
	}
	key := u.String()
	orgID := c.site.OrganizationID
	now := c.w.Clock.Now()
	if p, ok := c.known[key]; ok {
		c.kept[p.ID] = true
		if p.Status == StatusFailed && p.Error == reason && p.Hash == "" {
			return c.counted(ctx, false)
		}
		if err := c.w.Store.FailSitePage(ctx, orgID, p.ID, reason, now); err != nil {
			return err
		}
		return c.counted(ctx, false)
	}
	id := piloto.NewID()
	src := &Source{ID: id, OrganizationID: orgID, KnowledgeBaseID: c.site.KnowledgeBaseID, Kind: KindFile, Name: displayURL(u),
		Format: string(HTML), Status: StatusFailed, Error: reason, SiteID: c.site.ID, URL: key, CreatedAt: now, UpdatedAt: now}
	if err := c.w.Store.CreateSitePage(ctx, src, ""); err != nil {
		return err
	}
	c.known[key] = Page{ID: id, URL: key, Status: StatusFailed, Error: reason}
	c.kept[id] = true
	return c.counted(ctx, false)
}

// counted counts a recorded page and shows the count on the site.
func (c *crawl) counted(ctx context.Context, read bool) error {
	c.pages++
	if read {
		c.read++
	}
	pages := c.pages
	return c.w.Store.UpdateSite(ctx, c.site.OrganizationID, c.site.ID, SiteUpdate{Status: SiteCrawling, PagesFound: &pages}, c.w.Clock.Now())
}

func pageBlobKey(orgID, id string) string { return "orgs/" + orgID + "/knowledge/" + id }

// pageTitle is the page's <title>, else its first heading, else its address.
func pageTitle(doc *Document, u *url.URL) string {
	t := clean(doc.Title)
	if t == "" {
		for _, b := range doc.Blocks {
			if b.Kind == Heading {
				t = b.Text
				break
			}
		}
	}
	if t == "" {
		t = displayURL(u)
	}
	if utf8.RuneCountInString(t) > 200 {
		t = string([]rune(t)[:199]) + "…"
	}
	return t
}

// textHash is the SHA-256 of a page's title and extracted text: what decides
// whether a page changed (markup, scripts and boilerplate do not count).
func textHash(title string, doc *Document) string {
	h := sha256.New()
	fmt.Fprintf(h, "title %q\n", title)
	for _, b := range doc.Blocks {
		fmt.Fprintf(h, "%d %d %q %q %q\n", b.Kind, b.Level, b.Text, b.Header, b.Rows)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fetchFailure says, for people, why a request failed. A refused address is
// never named (nor what its name resolved to).
func fetchFailure(err error) string {
	var (
		blocked *safehttp.BlockedError
		dnsErr  *net.DNSError
		netErr  net.Error
	)
	switch {
	case errors.As(err, &blocked):
		return "O endereço leva a uma rede interna ou reservada e não é permitido."
	case errors.Is(err, safehttp.ErrTooLarge):
		return "A página é grande demais para ser lida."
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return "A página redireciona vezes demais."
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return "A página demorou demais para responder."
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("Não encontramos o domínio %s.", strings.TrimSuffix(dnsErr.Name, "."))
	}
	return "Não conseguimos acessar a página. Confira se o site está no ar."
}

// statusFailure says, for people, what an HTTP error status means.
func statusFailure(code int) string {
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		return fmt.Sprintf("A página não existe (erro %d).", code)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return fmt.Sprintf("O site não permite ler esta página (erro %d).", code)
	case code == http.StatusTooManyRequests || code >= 500:
		return fmt.Sprintf("O site respondeu com erro %d. Tente sincronizar de novo mais tarde.", code)
	case code >= 300 && code < 400:
		return "A página redireciona para um endereço que não conseguimos seguir."
	}
	return fmt.Sprintf("O site respondeu com erro %d.", code)
}

// sizeLabel writes a size in MB, or in KB under 1 MB.
func sizeLabel(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(n>>10, 1))
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[n:]
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// toUTF8 converts a page to UTF-8. A page that is valid UTF-8 is taken as
// it is (whatever it declares: a wrong declaration is more likely than
// Latin-1 text that happens to be valid UTF-8); any other is decoded from the
// charset its Content-Type or <meta> names, else Windows-1252 (Latin-1
// pages are still common).
func toUTF8(body []byte, contentType string) []byte {
	if utf8.Valid(body) {
		return body
	}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return out
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// skippedExtensions are links to files that are not pages.
var skippedExtensions = map[string]bool{
	".pdf": true, ".zip": true, ".rar": true, ".7z": true, ".gz": true, ".tar": true, ".exe": true, ".dmg": true,
	".apk": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true, ".ico": true,
	".bmp": true, ".tif": true, ".tiff": true, ".avif": true, ".mp3": true, ".mp4": true, ".m4a": true, ".wav": true,
	".ogg": true, ".webm": true, ".avi": true, ".mov": true, ".css": true, ".js": true, ".json": true, ".xml": true,
	".rss": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true, ".doc": true, ".docx": true,
	".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true, ".csv": true, ".txt": true,
}

// normalizeLink is normalizeURL for a link found in a page: links to files
// that are not pages (by extension) are refused too.
func normalizeLink(base *url.URL, ref string) (*url.URL, bool) {
	u, ok := normalizeURL(base, ref)
	if !ok || skippedExtensions[strings.ToLower(path.Ext(u.Path))] {
		return nil, false
	}
	return u, true
}

// normalizeURL resolves ref against base (nil: ref must be absolute) and
// returns it in the one form the crawler compares: http or https only, no
// user info, lower-case host without its default port, a path ("/" at
// least), no fragment. mailto:, tel:, javascript: and the like are refused.
func normalizeURL(base *url.URL, ref string) (*url.URL, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") && base != nil {
		return nil, false
	}
	var (
		u   *url.URL
		err error
	)
	if base != nil {
		u, err = base.Parse(ref)
	} else {
		u, err = url.Parse(ref)
	}
	if err != nil || u.Host == "" {
		return nil, false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.User != nil || u.Opaque != "" {
		return nil, false
	}
	host := strings.ToLower(u.Host)
	if u.Scheme == "http" {
		host = strings.TrimSuffix(host, ":80")
	} else {
		host = strings.TrimSuffix(host, ":443")
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.ForceQuery = false
	if len(u.String()) > safehttp.MaxURLLength {
		return nil, false
	}
	return u, true
}

// pageLinks returns the links of a page (a and area elements; a <base href>
// is honoured; rel=nofollow links are left out), and what its robots
// <meta> asks: noindex, nofollow.
func pageLinks(page []byte, pageURL *url.URL) (links []*url.URL, noIndex, noFollow bool) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, false, false
	}
	base := pageURL
	var hrefs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Base:
				if h := attr(n, "href"); h != "" && base == pageURL {
					if b, err := pageURL.Parse(h); err == nil {
						base = b
					}
				}
			case atom.Meta:
				if name := strings.ToLower(attr(n, "name")); name == "robots" || name == strings.ToLower(CrawlerToken) {
					content := strings.ToLower(attr(n, "content"))
					noIndex = noIndex || strings.Contains(content, "noindex") || strings.Contains(content, "none")
					noFollow = noFollow || strings.Contains(content, "nofollow") || strings.Contains(content, "none")
				}
			case atom.A, atom.Area:
				if h := attr(n, "href"); h != "" && !hasToken(attr(n, "rel"), "nofollow") {
					hrefs = append(hrefs, h)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(root)
	for _, h := range hrefs {
		if u, ok := normalizeLink(base, h); ok {
			links = append(links, u)
		}
	}
	return links, noIndex, noFollow
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for f := range strings.FieldsSeq(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}
