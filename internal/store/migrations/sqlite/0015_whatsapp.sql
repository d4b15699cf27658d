-- A WhatsApp channel's number and credentials. access_token, app_secret
-- and verify_token are sealed (secrets.Box); *_hint are what the app shows.
-- A channel is routed to only once "Testar conexão" proved that its token
-- reaches its number (proven_at); a number is proven by one channel on the
-- whole platform. app_secret and verify_token are set for a tenant's own
-- Meta app, whose webhooks come to /webhooks/whatsapp/{channel_id}.
CREATE TABLE whatsapp_channels (
    channel_id      TEXT PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    phone_number_id TEXT NOT NULL,
    waba_id         TEXT NOT NULL DEFAULT '',
    display_number  TEXT NOT NULL DEFAULT '',
    verified_name   TEXT NOT NULL DEFAULT '',
    access_token    TEXT NOT NULL,
    token_hint      TEXT NOT NULL,
    app_secret      TEXT NOT NULL DEFAULT '',
    app_secret_hint TEXT NOT NULL DEFAULT '',
    verify_token    TEXT NOT NULL DEFAULT '',
    agent_id        TEXT REFERENCES agents (id) ON DELETE SET NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    proven_at       TIMESTAMP,
    token_error     TEXT NOT NULL DEFAULT '',
    token_error_at  TIMESTAMP,
    last_webhook_at TIMESTAMP,
    dropped_entries BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX whatsapp_channels_org ON whatsapp_channels (organization_id, created_at);
CREATE UNIQUE INDEX whatsapp_channels_proven ON whatsapp_channels (phone_number_id) WHERE proven_at IS NOT NULL;

-- Every webhook POST whose signature verified, as received, kept for a
-- while for replay and support. channel_id is the own-app endpoint's
-- channel, NULL for the shared endpoint.
CREATE TABLE whatsapp_webhooks (
    id          TEXT PRIMARY KEY,
    channel_id  TEXT,
    body        BLOB NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX whatsapp_webhooks_received ON whatsapp_webhooks (received_at);

-- Entries dropped because no proven channel has their number, per number.
CREATE TABLE whatsapp_unrouted (
    phone_number_id TEXT PRIMARY KEY,
    count           BIGINT NOT NULL,
    last_at         TIMESTAMP NOT NULL
);

-- A message of a type the agent cannot read yet (image, audio, sticker…):
-- stored, and answered politely.
ALTER TABLE messages ADD COLUMN unsupported BOOLEAN NOT NULL DEFAULT FALSE;
