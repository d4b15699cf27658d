-- Every running piloto process registers itself and reports in every minute,
-- so operators can see which instances run which version and role. Rows of
-- instances gone quiet are removed by the periodic cleanup job.
CREATE TABLE instances (
    id         TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    version    TEXT NOT NULL,
    hostname   TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    seen_at    TIMESTAMP NOT NULL
);
CREATE INDEX instances_seen_at ON instances (seen_at);
