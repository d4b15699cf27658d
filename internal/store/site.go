package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/org"
)

var errSiteNotFound = piloto.Errorf(piloto.ENOTFOUND, "Site não encontrado.")

const siteColumns = `id, organization_id, knowledge_base_id, url, crawl, max_pages, status, error, pages_found,
	last_synced_at, next_sync_at, created_at, updated_at`

func scanSite(row interface{ Scan(...any) error }) (*knowledge.Site, error) {
	var s knowledge.Site
	err := row.Scan(&s.ID, &s.OrganizationID, &s.KnowledgeBaseID, &s.URL, &s.Crawl, &s.MaxPages, &s.Status, &s.Error,
		&s.PagesFound, &s.LastSyncedAt, &s.NextSyncAt, &s.CreatedAt, &s.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSiteNotFound
	}
	if err != nil {
		return nil, err
	}
	s.LastSyncedAt, s.NextSyncAt = utcPtr(s.LastSyncedAt), utcPtr(s.NextSyncAt)
	s.CreatedAt, s.UpdatedAt = utc(s.CreatedAt), utc(s.UpdatedAt)
	return &s, nil
}

// CreateSite stores a site, with a knowledge.site.updated event. ENOTFOUND
// when the knowledge base is not the organization's.
func (db *DB) CreateSite(ctx context.Context, s *knowledge.Site) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_bases WHERE organization_id = $1 AND id = $2`,
			s.OrganizationID, s.KnowledgeBaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errBaseNotFound
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO knowledge_sites (id, organization_id, knowledge_base_id, url, crawl, max_pages, status, error, pages_found,
			                             last_synced_at, next_sync_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			s.ID, s.OrganizationID, s.KnowledgeBaseID, s.URL, s.Crawl, s.MaxPages, s.Status, s.Error, s.PagesFound,
			s.LastSyncedAt, s.NextSyncAt, s.CreatedAt, s.UpdatedAt); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, s.OrganizationID, "knowledge.site.updated", s.ID, s, org.RoleMember, s.UpdatedAt)
	})
}

// Sites lists a knowledge base's sites, oldest first.
func (db *DB) Sites(ctx context.Context, orgID, baseID string) ([]knowledge.Site, error) {
	return listRows(ctx, db.read, scanSite, `SELECT `+siteColumns+` FROM knowledge_sites
		WHERE organization_id = $1 AND knowledge_base_id = $2 ORDER BY created_at, id`, orgID, baseID)
}

// Site returns one of the organization's sites, or ENOTFOUND.
func (db *DB) Site(ctx context.Context, orgID, id string) (*knowledge.Site, error) {
	return scanSite(db.read.QueryRowContext(ctx, `SELECT `+siteColumns+` FROM knowledge_sites WHERE organization_id = $1 AND id = $2`, orgID, id))
}

// SitePages lists a site's pages (sources) by URL.
func (db *DB) SitePages(ctx context.Context, orgID, siteID string) ([]knowledge.Source, error) {
	return listRows(ctx, db.read, scanSource, `SELECT `+sourceColumns+` FROM knowledge_sources
		WHERE organization_id = $1 AND site_id = $2 ORDER BY url, id`, orgID, siteID)
}

// CrawledPages returns what the crawler needs to know of a site's pages.
func (db *DB) CrawledPages(ctx context.Context, orgID, siteID string) ([]knowledge.Page, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, COALESCE(url, ''), COALESCE(content_hash, ''), blob_key, status, error FROM knowledge_sources
		WHERE organization_id = $1 AND site_id = $2`, orgID, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []knowledge.Page
	for rows.Next() {
		var p knowledge.Page
		if err := rows.Scan(&p.ID, &p.URL, &p.Hash, &p.BlobKey, &p.Status, &p.Error); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdateSite records where a site's sync stands, with a
// knowledge.site.updated event carrying the whole site. ENOTFOUND.
func (db *DB) UpdateSite(ctx context.Context, orgID, id string, u knowledge.SiteUpdate, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE knowledge_sites SET status = $3, error = $4, pages_found = COALESCE($5, pages_found),
				last_synced_at = COALESCE($6, last_synced_at), next_sync_at = COALESCE($7, next_sync_at), updated_at = $8
			WHERE organization_id = $1 AND id = $2`, orgID, id, u.Status, u.Error, u.PagesFound, u.LastSyncedAt, u.NextSyncAt, now)
		if err := mustAffect(res, err, errSiteNotFound); err != nil {
			return err
		}
		s, err := scanSite(tx.QueryRowContext(ctx, `SELECT `+siteColumns+` FROM knowledge_sites WHERE organization_id = $1 AND id = $2`, orgID, id))
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.site.updated", id, s, org.RoleMember, now)
	})
}

// DeleteSite removes a site with its pages and their chunks, and returns the
// pages' blob keys (the caller deletes the blobs). ENOTFOUND.
func (db *DB) DeleteSite(ctx context.Context, orgID, id string, now time.Time) ([]string, error) {
	var keys []string
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if keys, err = blobKeysTx(ctx, tx, `SELECT blob_key FROM knowledge_sources WHERE organization_id = $1 AND site_id = $2 AND blob_key <> ''`, orgID, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM knowledge_sites WHERE organization_id = $1 AND id = $2`, orgID, id)
		if err := mustAffect(res, err, errSiteNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.site.deleted", id, nil, org.RoleMember, now)
	})
	return keys, err
}

func blobKeysTx(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// CreateSitePage stores a page of a site (src.SiteID, src.URL) with the hash
// of its text, and a knowledge.source.updated event carrying the whole
// source. ENOTFOUND when the site is gone.
func (db *DB) CreateSitePage(ctx context.Context, src *knowledge.Source, hash string) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_sites WHERE organization_id = $1 AND id = $2 AND knowledge_base_id = $3`,
			src.OrganizationID, src.SiteID, src.KnowledgeBaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errSiteNotFound
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO knowledge_sources (id, organization_id, knowledge_base_id, kind, name, format, blob_key, size_bytes,
			                               status, error, site_id, url, content_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			src.ID, src.OrganizationID, src.KnowledgeBaseID, src.Kind, src.Name, src.Format, src.BlobKey, src.SizeBytes,
			src.Status, src.Error, src.SiteID, src.URL, nullString(hash), src.CreatedAt, src.UpdatedAt)
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, src.OrganizationID, "knowledge.source.updated", src.ID, src, org.RoleMember, src.UpdatedAt)
	})
}

// UpdateSitePage records a page whose text changed: its new title, blob,
// size and hash, queued for ingestion again. ENOTFOUND.
func (db *DB) UpdateSitePage(ctx context.Context, orgID, id, name, blobKey, hash string, size int64, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE knowledge_sources SET name = $3, blob_key = $4, content_hash = $5, size_bytes = $6, status = $7,
				progress_done = 0, progress_total = 0, error = '', updated_at = $8
			WHERE organization_id = $1 AND id = $2 AND site_id IS NOT NULL`,
			orgID, id, name, blobKey, nullString(hash), size, knowledge.StatusQueued, now)
		if err := mustAffect(res, err, errSourceNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.source.updated", id, map[string]any{
			"name": name, "size_bytes": size, "status": knowledge.StatusQueued, "progress_done": 0, "progress_total": 0, "error": "",
		}, org.RoleMember, now)
	})
}

// FailSitePage marks a page that could not be fetched as failed with a
// reason for people, and removes its chunks: what is shown as failed is not
// searched. ENOTFOUND.
func (db *DB) FailSitePage(ctx context.Context, orgID, id, reason string, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE knowledge_sources SET status = $3, content_hash = NULL, progress_done = 0, progress_total = 0, error = $4, updated_at = $5
			WHERE organization_id = $1 AND id = $2 AND site_id IS NOT NULL`, orgID, id, knowledge.StatusFailed, reason, now)
		if err := mustAffect(res, err, errSourceNotFound); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM knowledge_chunks WHERE organization_id = $1 AND source_id = $2`, orgID, id); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.source.updated", id,
			map[string]any{"status": knowledge.StatusFailed, "progress_done": 0, "progress_total": 0, "error": reason}, org.RoleMember, now)
	})
}

// DeleteSitePages removes these pages of a site (no longer found by a sync)
// with their chunks, and returns their blob keys.
func (db *DB) DeleteSitePages(ctx context.Context, orgID, siteID string, ids []string, now time.Time) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var keys []string
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var key string
			err := tx.QueryRowContext(ctx, `DELETE FROM knowledge_sources WHERE organization_id = $1 AND site_id = $2 AND id = $3 RETURNING blob_key`,
				orgID, siteID, id).Scan(&key)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if key != "" {
				keys = append(keys, key)
			}
			if err := db.recordEvent(ctx, tx, orgID, "knowledge.source.deleted", id, nil, org.RoleMember, now); err != nil {
				return err
			}
		}
		return nil
	})
	return keys, err
}

// DueSites returns up to limit sites, of any organization, whose next sync
// is due at now, the longest overdue first.
func (db *DB) DueSites(ctx context.Context, now time.Time, limit int) ([]knowledge.Site, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+siteColumns+` FROM knowledge_sites
		WHERE next_sync_at IS NOT NULL AND next_sync_at <= $1 ORDER BY next_sync_at, id LIMIT $2`, now, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []knowledge.Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}
