-- Web sites a knowledge base reads. A site is a start URL, fetched alone or
-- crawled (links on the same site, up to max_pages) into one source per page:
-- an ordinary file source of format html whose fetched page is its blob.
-- status: queued, crawling, ready, failed (error says why, for people).
-- next_sync_at is when the schedule syncs it again (24 h after the last).
CREATE TABLE knowledge_sites (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    url               TEXT NOT NULL,
    crawl             BOOLEAN NOT NULL,
    max_pages         INTEGER NOT NULL CHECK (max_pages BETWEEN 1 AND 200),
    status            TEXT NOT NULL CHECK (status IN ('queued', 'crawling', 'ready', 'failed')),
    error             TEXT NOT NULL DEFAULT '',
    pages_found       INTEGER NOT NULL DEFAULT 0,
    last_synced_at    TIMESTAMPTZ,
    next_sync_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_sites_base ON knowledge_sites (organization_id, knowledge_base_id, created_at);
CREATE INDEX knowledge_sites_due ON knowledge_sites (next_sync_at);

-- A page of a site: its site, its URL, and the SHA-256 of its extracted main
-- text, so a sync re-ingests only the pages whose text changed. Deleting the
-- site deletes its pages (and their chunks).
ALTER TABLE knowledge_sources ADD COLUMN site_id TEXT REFERENCES knowledge_sites (id) ON DELETE CASCADE;
ALTER TABLE knowledge_sources ADD COLUMN url TEXT;
ALTER TABLE knowledge_sources ADD COLUMN content_hash TEXT;
CREATE UNIQUE INDEX knowledge_sources_site_url ON knowledge_sources (site_id, url);
