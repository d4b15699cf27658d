-- Fixed-window rate-limit counters, shared by every instance. Old windows are
-- removed by the periodic cleanup job.
CREATE TABLE rate_limits (
    key          TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- Consecutive failed logins per account (the normalised email typed, known
-- or not). A successful login clears the row.
CREATE TABLE login_failures (
    account        TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at TIMESTAMP NOT NULL
);

-- The audit log: who did what to an organization's security. It never holds
-- passwords, tokens or keys. Ids are UUIDv7, so their order is time order.
CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    action          TEXT NOT NULL,
    ip              TEXT NOT NULL DEFAULT '',
    user_agent      TEXT NOT NULL DEFAULT '',
    details         TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_org ON audit_events (organization_id, id);
