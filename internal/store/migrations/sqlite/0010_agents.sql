-- AI sales agents. config is the agent's configuration as JSON (its name
-- and on/off are kept beside it, for lists); version is its last save.
CREATE TABLE agents (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    config          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX agents_org ON agents (organization_id, created_at);

-- Every save of an agent: the whole configuration, what changed from the
-- version before (JSON list of {path, before, after}), who saved (their name
-- as it was, kept when the account goes) and, for a rollback, the version it
-- restored.
CREATE TABLE agent_versions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    agent_id        TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    config          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_name     TEXT NOT NULL DEFAULT '',
    rollback_of     INTEGER,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (agent_id, version)
);
