package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/llm"
)

var errCredentialNotFound = piloto.Errorf(piloto.ENOTFOUND, "Esta organização não tem chave própria para este provedor.")

const credentialColumns = `organization_id, provider, api_key_sealed, key_hint, base_url, COALESCE(created_by, ''),
	created_at, updated_at, checked_at, check_error`

func scanCredential(row interface{ Scan(...any) error }) (*llm.Credential, error) {
	var (
		c       llm.Credential
		checked sql.NullTime
	)
	err := row.Scan(&c.OrganizationID, &c.Provider, &c.APIKeySealed, &c.KeyHint, &c.BaseURL, &c.CreatedBy,
		&c.CreatedAt, &c.UpdatedAt, &checked, &c.CheckError)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCredentialNotFound
	}
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = utc(c.CreatedAt), utc(c.UpdatedAt)
	if checked.Valid {
		t := utc(checked.Time)
		c.CheckedAt = &t
	}
	return &c, nil
}

func (db *DB) credentials(ctx context.Context, query string, args ...any) ([]llm.Credential, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []llm.Credential{}
	for rows.Next() {
		c, err := scanCredential(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// LLMCredentials lists the organization's own LLM keys (sealed).
func (db *DB) LLMCredentials(ctx context.Context, orgID string) ([]llm.Credential, error) {
	return db.credentials(ctx, `
		SELECT `+credentialColumns+` FROM llm_credentials WHERE organization_id = $1 ORDER BY provider`, orgID)
}

// LLMCredential returns the organization's key for a provider, or
// ENOTFOUND.
func (db *DB) LLMCredential(ctx context.Context, orgID, provider string) (*llm.Credential, error) {
	return scanCredential(db.read.QueryRowContext(ctx, `
		SELECT `+credentialColumns+` FROM llm_credentials WHERE organization_id = $1 AND provider = $2`, orgID, provider))
}

// SaveLLMCredential stores the organization's key for a provider, replacing
// the one it had (its creation kept, its last check forgotten), with the
// audit event, in one transaction.
func (db *DB) SaveLLMCredential(ctx context.Context, c *llm.Credential, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO llm_credentials (organization_id, provider, api_key_sealed, key_hint, base_url, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (organization_id, provider) DO UPDATE SET
				api_key_sealed = excluded.api_key_sealed, key_hint = excluded.key_hint, base_url = excluded.base_url,
				updated_at = excluded.updated_at, checked_at = NULL, check_error = ''`,
			c.OrganizationID, c.Provider, c.APIKeySealed, c.KeyHint, c.BaseURL, nullString(c.CreatedBy), c.CreatedAt, c.UpdatedAt); err != nil {
			return err
		}
		return recordAuditEvent(ctx, tx, e)
	})
}

// DeleteLLMCredential removes the organization's key for a provider, with
// the audit event. ENOTFOUND.
func (db *DB) DeleteLLMCredential(ctx context.Context, orgID, provider string, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM llm_credentials WHERE organization_id = $1 AND provider = $2`, orgID, provider)
		if err := mustAffect(res, err, errCredentialNotFound); err != nil {
			return err
		}
		return recordAuditEvent(ctx, tx, e)
	})
}

// SetLLMCredentialCheck records the outcome of a test of the key sealed as
// sealed; a key saved since is left alone.
func (db *DB) SetLLMCredentialCheck(ctx context.Context, orgID, provider, sealed string, at time.Time, checkError string) error {
	_, err := db.write.ExecContext(ctx, `
		UPDATE llm_credentials SET checked_at = $4, check_error = $5
		WHERE organization_id = $1 AND provider = $2 AND api_key_sealed = $3`, orgID, provider, sealed, at, checkError)
	return err
}

// AllLLMCredentials lists every organization's keys, for `piloto
// rotate-secrets` (an operator's command: the one read across tenants).
func (db *DB) AllLLMCredentials(ctx context.Context) ([]llm.Credential, error) {
	return db.credentials(ctx, `SELECT `+credentialColumns+` FROM llm_credentials ORDER BY organization_id, provider`)
}

// ResealLLMCredential replaces a sealed key with the same key sealed anew,
// when the row still holds from. It reports whether it did.
func (db *DB) ResealLLMCredential(ctx context.Context, orgID, provider, from, to string) (bool, error) {
	n, err := db.execCount(ctx, `
		UPDATE llm_credentials SET api_key_sealed = $4
		WHERE organization_id = $1 AND provider = $2 AND api_key_sealed = $3`, orgID, provider, from, to)
	return n == 1, err
}

// RecordLLMUsage stores one call's usage.
func (db *DB) RecordLLMUsage(ctx context.Context, u *llm.UsageRecord) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO llm_usage (id, organization_id, agent_id, conversation_id, provider, model, purpose,
			input_tokens, output_tokens, cost_micro_brl, priced, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		u.ID, u.OrganizationID, nullString(u.AgentID), nullString(u.ConversationID), u.Provider, u.Model, u.Purpose,
		u.InputTokens, u.OutputTokens, u.CostMicroBRL, u.Priced, u.CreatedAt)
	return err
}

// usageSums is the select list of a usage sum.
const usageSums = `COUNT(*), CAST(COALESCE(SUM(input_tokens), 0) AS BIGINT), CAST(COALESCE(SUM(output_tokens), 0) AS BIGINT),
	CAST(COALESCE(SUM(cost_micro_brl), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN priced THEN 0 ELSE 1 END), 0) AS BIGINT)`

// LLMUsageBuckets sums the organization's usage from from (included) to to
// (excluded) per llm.UsageBucket (aligned on the Unix epoch), only buckets
// with calls, oldest first.
func (db *DB) LLMUsageBuckets(ctx context.Context, orgID string, from, to time.Time) ([]llm.BucketUsage, error) {
	// The bucket's number: seconds since the epoch over the bucket's length.
	bucket := `CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / $4) AS BIGINT)`
	if db.Dialect == SQLite {
		bucket = `CAST(strftime('%s', created_at) AS INTEGER) / $4`
	}
	size := int64(llm.UsageBucket / time.Second)
	rows, err := db.read.QueryContext(ctx, `
		SELECT `+bucket+` AS bucket, `+usageSums+`
		FROM llm_usage
		WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
		GROUP BY bucket ORDER BY bucket`, orgID, from, to, size)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []llm.BucketUsage
	for rows.Next() {
		var (
			n int64
			b llm.BucketUsage
		)
		if err := rows.Scan(&n, &b.Calls, &b.InputTokens, &b.OutputTokens, &b.CostMicroBRL, &b.UnpricedCalls); err != nil {
			return nil, err
		}
		b.Start = time.Unix(n*size, 0).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// LLMUsageByAgent sums the organization's usage from from (included) to to
// (excluded) per agent, with the agent's name; calls tied to no agent (or
// to one since deleted) make one row with a nil agent.
func (db *DB) LLMUsageByAgent(ctx context.Context, orgID string, from, to time.Time) ([]llm.AgentUsage, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT u.agent_id, COALESCE(MAX(a.name), ''), COUNT(*), CAST(COALESCE(SUM(u.input_tokens), 0) AS BIGINT),
			CAST(COALESCE(SUM(u.output_tokens), 0) AS BIGINT), CAST(COALESCE(SUM(u.cost_micro_brl), 0) AS BIGINT)
		FROM llm_usage u
		LEFT JOIN agents a ON a.id = u.agent_id AND a.organization_id = u.organization_id
		WHERE u.organization_id = $1 AND u.created_at >= $2 AND u.created_at < $3
		GROUP BY u.agent_id`, orgID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []llm.AgentUsage{}
	for rows.Next() {
		var (
			a     llm.AgentUsage
			agent sql.NullString
		)
		if err := rows.Scan(&agent, &a.AgentName, &a.Calls, &a.InputTokens, &a.OutputTokens, &a.CostMicroBRL); err != nil {
			return nil, err
		}
		if agent.Valid {
			a.AgentID = &agent.String
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
