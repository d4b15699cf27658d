-- Where conversations happen: the playground, where an organization tests
-- its agents (one per organization; its conversations are tests, left out
-- of dashboards and CRM sync), or a WhatsApp number (its columns come with
-- the WhatsApp channel).
CREATE TABLE channels (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type            TEXT NOT NULL CHECK (type IN ('playground', 'whatsapp')),
    name            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX channels_org ON channels (organization_id, created_at);
CREATE UNIQUE INDEX channels_playground ON channels (organization_id) WHERE type = 'playground';

-- People who write in. wa_id is their WhatsApp id and phone their number
-- (E.164) when known; test marks a playground contact, made fresh for each
-- test conversation.
CREATE TABLE contacts (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    wa_id           TEXT,
    phone           TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL DEFAULT '',
    test            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX contacts_wa_id ON contacts (organization_id, wa_id) WHERE wa_id IS NOT NULL;
CREATE INDEX contacts_phone ON contacts (organization_id, phone) WHERE phone <> '';

-- Sales opportunities: at most one open lead (not won or lost) per
-- contact. origin is where it came from (the channel type of its first
-- conversation, later an ad or a campaign); assignee the member working it;
-- closed_at when it was won or lost; test a playground lead.
CREATE TABLE leads (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL CHECK (stage IN ('new', 'qualifying', 'qualified', 'with_seller', 'won', 'lost')),
    origin          TEXT NOT NULL DEFAULT '',
    assignee_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    test            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    closed_at       TIMESTAMPTZ
);
CREATE UNIQUE INDEX leads_open ON leads (organization_id, contact_id) WHERE stage NOT IN ('won', 'lost');
CREATE INDEX leads_org ON leads (organization_id, created_at);

-- A lead's qualification values (the agent's qualification fields, by
-- key), each with the lead's own words that support it and how sure the
-- agent is (0 to 1).
CREATE TABLE lead_fields (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    lead_id         TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    confidence      DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lead_id, key)
);

-- Threads between a contact and the organization on a channel, answered by
-- an agent unless ai_paused (a person took over). At most one conversation
-- per channel and contact is not closed. closed_by says who closed it: a
-- person (closed_by_user_id, unless the account is gone) or the quiet
-- period ('quiet'). seq counts the messages and orders them.
CREATE TABLE conversations (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    channel_id        TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    contact_id        TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    lead_id           TEXT REFERENCES leads (id) ON DELETE SET NULL,
    agent_id          TEXT REFERENCES agents (id) ON DELETE SET NULL,
    status            TEXT NOT NULL CHECK (status IN ('open', 'waiting_human', 'closed')),
    ai_paused         BOOLEAN NOT NULL DEFAULT FALSE,
    closed_by         TEXT NOT NULL DEFAULT '' CHECK (closed_by IN ('', 'person', 'quiet')),
    closed_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    closed_at         TIMESTAMPTZ,
    seq               BIGINT NOT NULL DEFAULT 0,
    last_message_at   TIMESTAMPTZ NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX conversations_org_activity ON conversations (organization_id, last_message_at DESC);
CREATE UNIQUE INDEX conversations_one_open ON conversations (channel_id, contact_id) WHERE status <> 'closed';
CREATE INDEX conversations_quiet ON conversations (last_message_at) WHERE status <> 'closed';

-- Messages in a conversation, in the order of seq. direction: in (from the
-- contact) or out; author: lead, ai, human (author_user_id) or system.
-- media_ref names an attachment (a blob key or the provider's media id);
-- provider_message_id is the provider's id (WhatsApp's wamid), unique in
-- the organization so a redelivered webhook stores nothing twice. status is
-- received for what came in, and pending → sent → delivered → read, or
-- failed (error), for what goes out.
CREATE TABLE messages (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id     TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq                 BIGINT NOT NULL,
    direction           TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author              TEXT NOT NULL CHECK (author IN ('lead', 'ai', 'human', 'system')),
    author_user_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    text                TEXT NOT NULL DEFAULT '',
    media_ref           TEXT NOT NULL DEFAULT '',
    media_type          TEXT NOT NULL DEFAULT '',
    provider_message_id TEXT,
    status              TEXT NOT NULL CHECK (status IN ('received', 'pending', 'sent', 'delivered', 'read', 'failed')),
    error               TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    sent_at             TIMESTAMPTZ,
    delivered_at        TIMESTAMPTZ,
    read_at             TIMESTAMPTZ,
    UNIQUE (conversation_id, seq),
    CHECK ((direction = 'in') = (author = 'lead'))
);
CREATE UNIQUE INDEX messages_provider_id ON messages (organization_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX messages_org_time ON messages (organization_id, created_at);

-- What the agent did for one reply ("Por que a IA respondeu isso?"): the
-- agent and version, tokens, cost in micro-reais, latency and error as
-- columns, and the rest (prompt size, tool calls with their arguments and
-- results, passages used) as JSON in detail. message_id is the reply it
-- produced (none when it failed before one).
CREATE TABLE traces (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      TEXT REFERENCES messages (id) ON DELETE SET NULL,
    agent_id        TEXT REFERENCES agents (id) ON DELETE SET NULL,
    agent_version   INTEGER NOT NULL DEFAULT 0,
    input_tokens    BIGINT NOT NULL DEFAULT 0,
    output_tokens   BIGINT NOT NULL DEFAULT 0,
    cost_micro_brl  BIGINT NOT NULL DEFAULT 0,
    latency_ms      BIGINT NOT NULL DEFAULT 0,
    error           TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX traces_message ON traces (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX traces_conversation ON traces (conversation_id, created_at);

-- Nudges the agent scheduled (schedule_followup): when, and what about.
CREATE TABLE followups (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    due_at          TIMESTAMPTZ NOT NULL,
    note            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled')),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX followups_conversation ON followups (conversation_id, due_at);
CREATE INDEX followups_due ON followups (due_at) WHERE status = 'pending';

-- llm_usage.conversation_id stays a plain reference (no foreign key on
-- either database): usage is a bill that outlives what it was spent on,
-- and recording a call never fails over it. Cost per conversation reads it
-- through this index.
CREATE INDEX llm_usage_conversation ON llm_usage (organization_id, conversation_id) WHERE conversation_id IS NOT NULL;
