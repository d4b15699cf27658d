-- Knowledge bases of an organization, their sources (files and FAQ entries)
-- and the chunks the agent answers from.
CREATE TABLE knowledge_bases (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_bases_org ON knowledge_bases (organization_id, created_at);

-- A source is a file (kept in the blob store under blob_key) or one FAQ
-- entry (question and answer). status: queued, extracting, indexing, ready,
-- failed (error says why, for people).
CREATE TABLE knowledge_sources (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('file', 'faq')),
    name              TEXT NOT NULL,
    format            TEXT NOT NULL DEFAULT '',
    blob_key          TEXT NOT NULL DEFAULT '',
    size_bytes        BIGINT NOT NULL DEFAULT 0,
    question          TEXT NOT NULL DEFAULT '',
    answer            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    progress_done     INTEGER NOT NULL DEFAULT 0,
    progress_total    INTEGER NOT NULL DEFAULT 0,
    error             TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_sources_base ON knowledge_sources (organization_id, knowledge_base_id, created_at);

-- Chunks, with what search needs: the text as shown and a normalised form
-- (the analyzer lives with search).
CREATE TABLE knowledge_chunks (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    source_id         TEXT NOT NULL REFERENCES knowledge_sources (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    heading           TEXT NOT NULL,
    text              TEXT NOT NULL,
    norm_text         TEXT NOT NULL,
    UNIQUE (source_id, seq)
);
CREATE INDEX knowledge_chunks_base ON knowledge_chunks (organization_id, knowledge_base_id);
