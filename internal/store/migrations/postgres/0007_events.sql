-- The event outbox: changes the browser should learn of, recorded in the
-- same transaction as the change. Ids come from a sequence, so a slow
-- transaction can commit an id below one already visible: readers re-read a
-- short overlap window behind their cursor.
CREATE TABLE events (
    id              BIGSERIAL PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    subject_id      TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL DEFAULT '{}',
    min_role        TEXT NOT NULL DEFAULT 'member',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_org ON events (organization_id, id);
