-- An organization's own LLM API keys, one per provider. api_key_sealed is
-- the key sealed by internal/secrets ("v1.<kid>.<…>", bound to
-- "llm-key:<organization>:<provider>"); key_hint its masked form for people
-- ("sk-…a1b2"); base_url an OpenAI-compatible API the organization chose
-- (openai only, '' for the provider's own). checked_at and check_error are
-- the last "Testar": when, and what went wrong ('' when it worked).
CREATE TABLE llm_credentials (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    provider        TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'gemini')),
    api_key_sealed  TEXT NOT NULL,
    key_hint        TEXT NOT NULL,
    base_url        TEXT NOT NULL DEFAULT '' CHECK (provider = 'openai' OR base_url = ''),
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    checked_at      TIMESTAMPTZ,
    check_error     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (organization_id, provider)
);

-- Every LLM call: who made it (organization; agent and conversation when
-- there are), what for (purpose: test, reply, …), the tokens the provider
-- counted and the cost in micro-reais from the price table at the rate of
-- the day (priced false: a model the table does not know, cost 0).
-- conversation_id gets its foreign key when conversations exist.
CREATE TABLE llm_usage (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    agent_id        TEXT REFERENCES agents (id) ON DELETE SET NULL,
    conversation_id TEXT,
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    input_tokens    BIGINT NOT NULL,
    output_tokens   BIGINT NOT NULL,
    cost_micro_brl  BIGINT NOT NULL,
    priced          BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX llm_usage_org_time ON llm_usage (organization_id, created_at);
