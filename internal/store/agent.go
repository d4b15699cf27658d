package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/org"
)

var (
	errAgentNotFound   = piloto.Errorf(piloto.ENOTFOUND, "Agente não encontrado.")
	errVersionNotFound = piloto.Errorf(piloto.ENOTFOUND, "Versão não encontrada.")
	errAgentChanged    = piloto.Errorf(piloto.ECONFLICT, "Este agente foi alterado enquanto você editava. Recarregue e salve de novo.")
)

// CreateAgent stores a new agent, its first version and its audit event,
// with an agent.changed event.
func (db *DB) CreateAgent(ctx context.Context, a *agent.Agent, v *agent.Version, e audit.Event) error {
	config, err := json.Marshal(a.Config)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO agents (id, organization_id, name, enabled, config, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, a.OrganizationID, a.Name, a.Enabled, string(config), a.Version, a.CreatedAt, a.UpdatedAt); err != nil {
			return err
		}
		return db.addAgentVersion(ctx, tx, a, config, v, e)
	})
}

// addAgentVersion inserts v (of a, whose configuration is config) with the
// audit event and the agent.changed event.
func (db *DB) addAgentVersion(ctx context.Context, tx *sql.Tx, a *agent.Agent, config []byte, v *agent.Version, e audit.Event) error {
	changes, err := json.Marshal(v.Changes)
	if err != nil {
		return err
	}
	var rollbackOf sql.NullInt64
	if v.RollbackOf != nil {
		rollbackOf = sql.NullInt64{Int64: int64(*v.RollbackOf), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO agent_versions (id, organization_id, agent_id, version, config, changes, author_id, author_name, rollback_of, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		piloto.NewID(), a.OrganizationID, a.ID, v.Version, string(config), string(changes),
		nullString(v.AuthorID), v.AuthorName, rollbackOf, v.CreatedAt); err != nil {
		if isUniqueViolation(err) {
			return errAgentChanged
		}
		return err
	}
	if err := recordAuditEvent(ctx, tx, e); err != nil {
		return err
	}
	return db.recordEvent(ctx, tx, a.OrganizationID, "agent.changed", a.ID, map[string]any{"version": a.Version}, org.RoleMember, v.CreatedAt)
}

const agentColumns = `id, organization_id, config, version, created_at, updated_at`

func scanAgent(row interface{ Scan(...any) error }) (*agent.Agent, error) {
	var (
		a      agent.Agent
		config string
	)
	err := row.Scan(&a.ID, &a.OrganizationID, &config, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAgentNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(config), &a.Config); err != nil {
		return nil, err
	}
	a.Config = a.Config.Normalized() // lists as [] even when stored as null
	a.CreatedAt, a.UpdatedAt = utc(a.CreatedAt), utc(a.UpdatedAt)
	return &a, nil
}

// Agents lists the organization's agents, oldest first.
func (db *DB) Agents(ctx context.Context, orgID string) ([]agent.Agent, error) {
	return listRows(ctx, db.read, scanAgent, `
		SELECT `+agentColumns+` FROM agents WHERE organization_id = $1 ORDER BY created_at, id`, orgID)
}

// Agent returns one of the organization's agents, or ENOTFOUND.
func (db *DB) Agent(ctx context.Context, orgID, id string) (*agent.Agent, error) {
	return scanAgent(db.read.QueryRowContext(ctx, `
		SELECT `+agentColumns+` FROM agents WHERE organization_id = $1 AND id = $2`, orgID, id))
}

// SaveAgent writes a's configuration and version number and adds v, with
// the audit event, when the agent is still at version from. ENOTFOUND;
// ECONFLICT when another save came first.
func (db *DB) SaveAgent(ctx context.Context, a *agent.Agent, from int, v *agent.Version, e audit.Event) error {
	config, err := json.Marshal(a.Config)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE agents SET name = $3, enabled = $4, config = $5, version = $6, updated_at = $7
			WHERE organization_id = $1 AND id = $2 AND version = $8`,
			a.OrganizationID, a.ID, a.Name, a.Enabled, string(config), a.Version, a.UpdatedAt, from)
		if err := mustAffect(res, err, errAgentChanged); err != nil {
			var n int
			if err2 := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agents WHERE organization_id = $1 AND id = $2`,
				a.OrganizationID, a.ID).Scan(&n); err2 == nil && n == 0 {
				return errAgentNotFound
			}
			return err
		}
		return db.addAgentVersion(ctx, tx, a, config, v, e)
	})
}

// DeleteAgent removes an agent and its versions, with the audit event and
// an agent.deleted event. ENOTFOUND.
func (db *DB) DeleteAgent(ctx context.Context, orgID, id string, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM agents WHERE organization_id = $1 AND id = $2`, orgID, id)
		if err := mustAffect(res, err, errAgentNotFound); err != nil {
			return err
		}
		if err := recordAuditEvent(ctx, tx, e); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "agent.deleted", id, nil, org.RoleMember, e.CreatedAt)
	})
}

// AgentVersions lists up to limit versions of an agent below before (0:
// from the newest), newest first, with their changes and without their
// configuration.
func (db *DB) AgentVersions(ctx context.Context, orgID, agentID string, before, limit int) ([]agent.Version, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT agent_id, version, changes, COALESCE(author_id, ''), author_name, rollback_of, created_at
		FROM agent_versions
		WHERE organization_id = $1 AND agent_id = $2 AND ($3 = 0 OR version < $3)
		ORDER BY version DESC
		LIMIT $4`, orgID, agentID, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []agent.Version{}
	for rows.Next() {
		v, err := scanVersion(rows, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// AgentVersion returns one version of an agent with its configuration, or
// ENOTFOUND.
func (db *DB) AgentVersion(ctx context.Context, orgID, agentID string, version int) (*agent.Version, error) {
	var config string
	return scanVersion(db.read.QueryRowContext(ctx, `
		SELECT agent_id, version, changes, COALESCE(author_id, ''), author_name, rollback_of, created_at, config
		FROM agent_versions WHERE organization_id = $1 AND agent_id = $2 AND version = $3`, orgID, agentID, version), &config)
}

// scanVersion reads a version's row; config, when not nil, is the row's
// last column and the version gets its configuration.
func scanVersion(row interface{ Scan(...any) error }, config *string) (*agent.Version, error) {
	var (
		v          agent.Version
		changes    string
		rollbackOf sql.NullInt64
	)
	dest := []any{&v.AgentID, &v.Version, &changes, &v.AuthorID, &v.AuthorName, &rollbackOf, &v.CreatedAt}
	if config != nil {
		dest = append(dest, config)
	}
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errVersionNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
		return nil, err
	}
	if v.Changes == nil {
		v.Changes = []agent.Change{}
	}
	if rollbackOf.Valid {
		n := int(rollbackOf.Int64)
		v.RollbackOf = &n
	}
	if config != nil {
		var c agent.Config
		if err := json.Unmarshal([]byte(*config), &c); err != nil {
			return nil, err
		}
		c = c.Normalized()
		v.Config = &c
	}
	v.CreatedAt = utc(v.CreatedAt)
	return &v, nil
}

// ExistingKnowledgeBaseIDs returns the ids of the organization's knowledge
// bases, for agents to check theirs.
func (db *DB) ExistingKnowledgeBaseIDs(ctx context.Context, orgID string) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM knowledge_bases WHERE organization_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
