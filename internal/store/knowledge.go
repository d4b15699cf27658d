package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/org"
)

var errSourceNotFound = piloto.Errorf(piloto.ENOTFOUND, "Fonte não encontrada.")

// CreateKnowledgeBase stores a knowledge base.
func (db *DB) CreateKnowledgeBase(ctx context.Context, b *knowledge.Base) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO knowledge_bases (id, organization_id, name, created_at) VALUES ($1, $2, $3, $4)`,
		b.ID, b.OrganizationID, b.Name, b.CreatedAt)
	return err
}

// CreateSource stores a source, queued. ENOTFOUND when the knowledge base
// is not the organization's.
func (db *DB) CreateSource(ctx context.Context, s *knowledge.Source) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_bases WHERE organization_id = $1 AND id = $2`,
			s.OrganizationID, s.KnowledgeBaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return piloto.Errorf(piloto.ENOTFOUND, "Base de conhecimento não encontrada.")
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO knowledge_sources (id, organization_id, knowledge_base_id, kind, name, format, blob_key, size_bytes,
			                               question, answer, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
			s.ID, s.OrganizationID, s.KnowledgeBaseID, s.Kind, s.Name, s.Format, s.BlobKey, s.SizeBytes,
			s.Question, s.Answer, s.Status, s.CreatedAt)
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, s.OrganizationID, "knowledge.source.updated", s.ID, s, org.RoleMember, s.CreatedAt)
	})
}

const sourceColumns = `id, organization_id, knowledge_base_id, kind, name, format, blob_key, size_bytes, question, answer,
	status, progress_done, progress_total, error, created_at, updated_at, COALESCE(site_id, ''), COALESCE(url, '')`

func scanSource(row interface{ Scan(...any) error }) (*knowledge.Source, error) {
	var s knowledge.Source
	err := row.Scan(&s.ID, &s.OrganizationID, &s.KnowledgeBaseID, &s.Kind, &s.Name, &s.Format, &s.BlobKey, &s.SizeBytes,
		&s.Question, &s.Answer, &s.Status, &s.ProgressDone, &s.ProgressTotal, &s.Error, &s.CreatedAt, &s.UpdatedAt, &s.SiteID, &s.URL)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSourceNotFound
	}
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = utc(s.CreatedAt), utc(s.UpdatedAt)
	return &s, nil
}

// Source returns a source of the organization, or ENOTFOUND.
func (db *DB) Source(ctx context.Context, orgID, id string) (*knowledge.Source, error) {
	return scanSource(db.read.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM knowledge_sources WHERE organization_id = $1 AND id = $2`, orgID, id))
}

// SetSourceStatus records where a source's ingestion stands, with a
// knowledge.source.updated event.
func (db *DB) SetSourceStatus(ctx context.Context, orgID, id, status string, done, total int, reason string, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE knowledge_sources SET status = $3, progress_done = $4, progress_total = $5, error = $6, updated_at = $7
			WHERE organization_id = $1 AND id = $2`, orgID, id, status, done, total, reason, now)
		if err := mustAffect(res, err, errSourceNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.source.updated", id,
			map[string]any{"status": status, "progress_done": done, "progress_total": total, "error": reason}, org.RoleMember, now)
	})
}

// ReplaceChunks swaps a source's chunks and marks it ready, in one
// transaction.
func (db *DB) ReplaceChunks(ctx context.Context, orgID, sourceID string, chunks []knowledge.StoredChunk, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var baseID string
		err := tx.QueryRowContext(ctx, `SELECT knowledge_base_id FROM knowledge_sources WHERE organization_id = $1 AND id = $2`,
			orgID, sourceID).Scan(&baseID)
		if errors.Is(err, sql.ErrNoRows) {
			return errSourceNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM knowledge_chunks WHERE organization_id = $1 AND source_id = $2`, orgID, sourceID); err != nil {
			return err
		}
		var postings, vocabulary [][]any
		seen := map[string]bool{}
		for _, c := range chunks {
			id := piloto.NewID()
			terms := strings.Fields(c.NormText)
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO knowledge_chunks (id, organization_id, knowledge_base_id, source_id, seq, heading, text, norm_text, term_count)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				id, orgID, baseID, sourceID, c.Seq, c.Heading, c.Text, c.NormText, len(terms)); err != nil {
				return err
			}
			tf := map[string]int{}
			for _, t := range terms {
				tf[t]++
			}
			for _, t := range slices.Sorted(maps.Keys(tf)) {
				postings = append(postings, []any{orgID, t, id, baseID, tf[t], len(terms)})
				if !seen[t] {
					seen[t] = true
					vocabulary = append(vocabulary, []any{orgID, t})
				}
			}
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO knowledge_postings (organization_id, term, chunk_id, knowledge_base_id, tf, chunk_terms) VALUES `, ``, postings); err != nil {
			return err
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO knowledge_terms (organization_id, term) VALUES `, ` ON CONFLICT DO NOTHING`, vocabulary); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE knowledge_sources SET status = 'ready', progress_done = $3, progress_total = $3, error = '', updated_at = $4
			WHERE organization_id = $1 AND id = $2`, orgID, sourceID, len(chunks), now); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.source.updated", sourceID,
			map[string]any{"status": knowledge.StatusReady, "progress_done": len(chunks), "progress_total": len(chunks), "error": ""}, org.RoleMember, now)
	})
}

// Chunks lists a source's chunks in order.
func (db *DB) Chunks(ctx context.Context, orgID, sourceID string) ([]knowledge.StoredChunk, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT seq, heading, text, norm_text FROM knowledge_chunks WHERE organization_id = $1 AND source_id = $2 ORDER BY seq`,
		orgID, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []knowledge.StoredChunk{}
	for rows.Next() {
		var c knowledge.StoredChunk
		if err := rows.Scan(&c.Seq, &c.Heading, &c.Text, &c.NormText); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteSource removes a source and its chunks and returns its blob key
// (the caller deletes the blob). ENOTFOUND.
func (db *DB) DeleteSource(ctx context.Context, orgID, id string, now time.Time) (blobKey string, err error) {
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `DELETE FROM knowledge_sources WHERE organization_id = $1 AND id = $2 RETURNING blob_key`,
			orgID, id).Scan(&blobKey)
		if errors.Is(err, sql.ErrNoRows) {
			return errSourceNotFound
		}
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "knowledge.source.deleted", id, nil, org.RoleMember, now)
	})
	return blobKey, err
}

var errBaseNotFound = piloto.Errorf(piloto.ENOTFOUND, "Base de conhecimento não encontrada.")

// KnowledgeBases lists the organization's knowledge bases, oldest first.
func (db *DB) KnowledgeBases(ctx context.Context, orgID string) ([]knowledge.Base, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, organization_id, name, created_at FROM knowledge_bases WHERE organization_id = $1 ORDER BY created_at, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []knowledge.Base{}
	for rows.Next() {
		var b knowledge.Base
		if err := rows.Scan(&b.ID, &b.OrganizationID, &b.Name, &b.CreatedAt); err != nil {
			return nil, err
		}
		b.CreatedAt = utc(b.CreatedAt)
		out = append(out, b)
	}
	return out, rows.Err()
}

// KnowledgeBase returns one of the organization's knowledge bases, or
// ENOTFOUND.
func (db *DB) KnowledgeBase(ctx context.Context, orgID, id string) (*knowledge.Base, error) {
	var b knowledge.Base
	err := db.read.QueryRowContext(ctx, `SELECT id, organization_id, name, created_at FROM knowledge_bases WHERE organization_id = $1 AND id = $2`,
		orgID, id).Scan(&b.ID, &b.OrganizationID, &b.Name, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBaseNotFound
	}
	b.CreatedAt = utc(b.CreatedAt)
	return &b, err
}

// DeleteKnowledgeBase removes a knowledge base with its sources and chunks,
// and returns the blob keys of its files (the caller deletes the blobs).
func (db *DB) DeleteKnowledgeBase(ctx context.Context, orgID, id string) ([]string, error) {
	var keys []string
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT blob_key FROM knowledge_sources WHERE organization_id = $1 AND knowledge_base_id = $2 AND blob_key <> ''`, orgID, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		res, err := tx.ExecContext(ctx, `DELETE FROM knowledge_bases WHERE organization_id = $1 AND id = $2`, orgID, id)
		return mustAffect(res, err, errBaseNotFound)
	})
	return keys, err
}

// Sources lists a knowledge base's files and FAQ entries, newest first; the
// pages of its sites are listed with their site (SitePages).
func (db *DB) Sources(ctx context.Context, orgID, baseID string) ([]knowledge.Source, error) {
	return listRows(ctx, db.read, scanSource, `SELECT `+sourceColumns+` FROM knowledge_sources
		WHERE organization_id = $1 AND knowledge_base_id = $2 AND site_id IS NULL ORDER BY created_at DESC, id`, orgID, baseID)
}

// listRows runs a query and scans each row with scan: never nil, so an
// empty list marshals as [].
func listRows[T any](ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, scan func(row interface{ Scan(...any) error }) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// insertRows inserts rows of equal width with multi-row INSERT statements
// (prefix, then the values lists, then suffix), a few hundred rows at a
// time so that neither database's parameter limit is reached. SQLite gets
// anonymous "?" parameters: it looks numbered ones up by name, which costs
// time quadratic in their number.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, prefix, suffix string, rows [][]any) error {
	const batch = 500
	for len(rows) > 0 {
		n := min(batch, len(rows))
		var q strings.Builder
		q.WriteString(prefix)
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for j := range r {
				if j > 0 {
					q.WriteString(", ")
				}
				if db.Dialect == SQLite {
					q.WriteString("?")
				} else {
					fmt.Fprintf(&q, "$%d", len(args)+j+1)
				}
			}
			q.WriteString(")")
			args = append(args, r...)
		}
		q.WriteString(suffix)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// scope returns the SQL condition confining rows to some knowledge bases
// (nothing when baseIDs is empty) with its arguments, numbered from next.
func scope(column string, baseIDs []string, next int) (string, []any) {
	if len(baseIDs) == 0 {
		return "", nil
	}
	in, args := marks(baseIDs, next)
	return " AND " + column + " IN (" + in + ")", args
}

// Corpus counts the chunks search would look at and their terms.
func (db *DB) Corpus(ctx context.Context, orgID string, baseIDs []string) (knowledge.Corpus, error) {
	cond, args := scope("knowledge_base_id", baseIDs, 2)
	var c knowledge.Corpus
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(term_count), 0) FROM knowledge_chunks
		WHERE organization_id = $1`+cond, append([]any{orgID}, args...)...).Scan(&c.Chunks, &c.TotalTerms)
	return c, err
}

// Postings returns the postings of the given terms in the organization's
// chunks (of baseIDs only, unless empty).
func (db *DB) Postings(ctx context.Context, orgID string, baseIDs []string, terms []string) ([]knowledge.Posting, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	in, args := marks(terms, 2)
	cond, more := scope("knowledge_base_id", baseIDs, len(args)+2)
	return listRows(ctx, db.read, scanPosting, `SELECT term, chunk_id, tf, chunk_terms FROM knowledge_postings
		WHERE organization_id = $1 AND term IN (`+in+`)`+cond, append(append([]any{orgID}, args...), more...)...)
}

// DocFreqs counts the organization's chunks (of baseIDs only, unless
// empty) each term occurs in.
func (db *DB) DocFreqs(ctx context.Context, orgID string, baseIDs []string, terms []string) (map[string]int, error) {
	out := map[string]int{}
	if len(terms) == 0 {
		return out, nil
	}
	in, args := marks(terms, 2)
	cond, more := scope("knowledge_base_id", baseIDs, len(args)+2)
	rows, err := db.read.QueryContext(ctx, `SELECT term, COUNT(*) FROM knowledge_postings
		WHERE organization_id = $1 AND term IN (`+in+`)`+cond+` GROUP BY term`, append(append([]any{orgID}, args...), more...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, rows.Err()
}

// PostingsIn returns the postings of the given terms in the given chunks
// of the organization.
func (db *DB) PostingsIn(ctx context.Context, orgID string, terms, chunkIDs []string) ([]knowledge.Posting, error) {
	if len(terms) == 0 || len(chunkIDs) == 0 {
		return nil, nil
	}
	inTerms, args := marks(terms, 2)
	inChunks, more := marks(chunkIDs, len(args)+2)
	return listRows(ctx, db.read, scanPosting, `SELECT term, chunk_id, tf, chunk_terms FROM knowledge_postings
		WHERE organization_id = $1 AND term IN (`+inTerms+`) AND chunk_id IN (`+inChunks+`)`, append(append([]any{orgID}, args...), more...)...)
}

func scanPosting(row interface{ Scan(...any) error }) (*knowledge.Posting, error) {
	var p knowledge.Posting
	return &p, row.Scan(&p.Term, &p.ChunkID, &p.TF, &p.ChunkTerms)
}

// marks returns "$from, $from+1, …" for values, and the values as
// arguments.
func marks(values []string, from int) (string, []any) {
	m := make([]string, len(values))
	args := make([]any, len(values))
	for i, v := range values {
		m[i] = fmt.Sprintf("$%d", from+i)
		args[i] = v
	}
	return strings.Join(m, ", "), args
}

// TermsLike returns the organization's terms that start with prefix and
// are minLen to maxLen bytes long.
func (db *DB) TermsLike(ctx context.Context, orgID, prefix string, minLen, maxLen int) ([]string, error) {
	// The range stands for "starts with prefix" and uses the primary key.
	rows, err := db.read.QueryContext(ctx, `SELECT term FROM knowledge_terms
		WHERE organization_id = $1 AND term >= $2 AND term < $3 AND LENGTH(term) BETWEEN $4 AND $5`,
		orgID, prefix, prefix+"\U0010FFFF", minLen, maxLen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FoundChunks returns the organization's chunks with these ids, with their
// source's name.
func (db *DB) FoundChunks(ctx context.Context, orgID string, ids []string) ([]knowledge.FoundChunk, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := marks(ids, 1)
	// Looked up by primary key only (a condition on the organization here
	// leads SQLite's planner to scan the organization's chunks); the
	// organization is checked on each row instead.
	rows, err := db.read.QueryContext(ctx, `
		SELECT c.organization_id, c.id, c.source_id, s.name, c.knowledge_base_id, c.seq, c.heading, c.text
		FROM knowledge_chunks c JOIN knowledge_sources s ON s.id = c.source_id
		WHERE c.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []knowledge.FoundChunk
	for rows.Next() {
		var owner string
		var c knowledge.FoundChunk
		if err := rows.Scan(&owner, &c.ID, &c.SourceID, &c.SourceName, &c.KnowledgeBaseID, &c.Seq, &c.Heading, &c.Text); err != nil {
			return nil, err
		}
		if owner == orgID {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}
