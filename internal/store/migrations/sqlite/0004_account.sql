-- The language a user's mail is written in.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'pt-BR';

-- Single-use tokens sent by mail (email verification, email change,
-- password reset), kept only as SHA-256 hashes. email is the address the
-- token verifies.
CREATE TABLE user_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);

-- Browsers a user has signed in from, by the hash of a long-lived random
-- cookie. A login from a browser not in this list sends a mail.
CREATE TABLE user_devices (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, device_hash)
);

-- Mail kept instead of sent when no SMTP server is configured
-- (development); the dev mailbox page lists it.
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
