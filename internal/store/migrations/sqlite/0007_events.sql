-- The event outbox: changes the browser should learn of, recorded in the
-- same transaction as the change. SQLite's single writer hands out ids in
-- commit order.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    subject_id      TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL DEFAULT '{}',
    min_role        TEXT NOT NULL DEFAULT 'member',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX events_org ON events (organization_id, id);
