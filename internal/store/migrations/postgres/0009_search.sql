-- Lexical search. Terms come from the Go analyzer (knowledge.Terms), the
-- same on both databases; BM25 is computed in Go from these counts, so
-- ranking never depends on the database.
ALTER TABLE knowledge_chunks ADD COLUMN term_count INTEGER NOT NULL DEFAULT 0;
-- Counting a search's chunks and their length reads this index only.
DROP INDEX knowledge_chunks_base;
CREATE INDEX knowledge_chunks_base ON knowledge_chunks (organization_id, knowledge_base_id, term_count);

-- One row per term of a chunk: how often it occurs (tf) and the chunk's
-- length in terms, so a query reads only the rows of its terms (an
-- index-only scan of the primary key).
CREATE TABLE knowledge_postings (
    organization_id   TEXT NOT NULL,
    term              TEXT COLLATE "C" NOT NULL,
    chunk_id          TEXT NOT NULL REFERENCES knowledge_chunks (id) ON DELETE CASCADE,
    knowledge_base_id TEXT NOT NULL,
    tf                INTEGER NOT NULL,
    chunk_terms       INTEGER NOT NULL,
    PRIMARY KEY (organization_id, term, chunk_id) INCLUDE (knowledge_base_id, tf, chunk_terms)
);
CREATE INDEX knowledge_postings_chunk ON knowledge_postings (chunk_id);

-- Every term an organization's chunks have used, for typo tolerance. Terms
-- of deleted chunks stay; they only cost a lookup that finds no postings.
CREATE TABLE knowledge_terms (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    term            TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (organization_id, term)
);
