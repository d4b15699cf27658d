-- An organization's default time zone (schedules, São Paulo day boundaries).
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'America/Sao_Paulo';

-- Invitations to join an organization. The link's token is kept only as a
-- hash, minted by the mail job when it sends (a resend voids the last link).
CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    invited_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    token_hash      TEXT UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    accepted_at     TIMESTAMP,
    revoked_at      TIMESTAMP
);
CREATE INDEX invitations_org ON invitations (organization_id, created_at);
