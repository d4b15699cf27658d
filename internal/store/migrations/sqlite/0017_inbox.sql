-- The inbox (UI: Conversas): people working conversations beside the AI.
--
-- available: a member takes conversations ("Disponível para atendimento");
-- true for everyone until they say otherwise. round_robin: a conversation
-- handed off to a person whose lead has no assignee goes to the next
-- available member in turn (by user id, after round_robin_last, the member
-- chosen last); the handoff's transaction reads and moves it (one writer on
-- SQLite), so nobody is skipped or doubled.
ALTER TABLE memberships ADD COLUMN available BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE organizations ADD COLUMN round_robin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE organizations ADD COLUMN round_robin_last TEXT NOT NULL DEFAULT '';

-- last_inbound_at is the time of the lead's last message: WhatsApp lets a
-- business write freely for 24 hours after it (the window the inbox shows).
ALTER TABLE conversations ADD COLUMN last_inbound_at TIMESTAMP;
UPDATE conversations SET last_inbound_at =
    (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in');

-- name_folded is the contact's name in lower case without accents
-- (inbox.Fold, which the store applies whenever it writes a name): the
-- inbox's search matches a substring of it with a plain LIKE, a scan of the
-- organization's contacts that needs no function call per row.
ALTER TABLE contacts ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE contacts SET name_folded = fold(name);

-- Labels people put on a conversation (replaced as a whole; at most 10).
-- The index serves the list's label filter: the organization's
-- conversations with a label, without reading the others.
CREATE TABLE conversation_labels (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_label ON conversation_labels (organization_id, label, conversation_id);

-- How far each member read each conversation (seq of the last message
-- read): unread is the lead's messages after it.
CREATE TABLE conversation_reads (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    read_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- Internal notes on a conversation: for the team, never sent to the lead.
CREATE TABLE conversation_notes (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    text            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, created_at, id);

-- The list pages newest activity first with a keyset on (last_message_at,
-- id): conversations_inbox walks it for the views that take most rows (all,
-- ai_active, mine, a channel), conversations_inbox_status for the views of
-- one status (waiting, closed) without stepping over the others. Both
-- replace conversations_org_activity.
DROP INDEX conversations_org_activity;
CREATE INDEX conversations_inbox ON conversations (organization_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_inbox_status ON conversations (organization_id, status, last_message_at DESC, id DESC);
-- "mine" and "unassigned" read the lead of each conversation (by its
-- primary key); the leads of one assignee are found through this index,
-- and a lead's conversations (system messages on a stage change) through
-- conversations_lead.
CREATE INDEX leads_assignee ON leads (organization_id, assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX conversations_lead ON conversations (lead_id) WHERE lead_id IS NOT NULL;

-- Search in message text: conversations_fts holds, for each conversation
-- (its rowid), the text of all its messages, appended by each new message
-- (the store does it beside the message); unicode61 folds case and removes
-- diacritics. One document per conversation rather than an index of two
-- million messages: a common word matches tens of thousands of
-- conversations, found without visiting their messages. The search matches
-- whole words and word prefixes. Contact names (name_folded) and phones
-- are matched on contacts, at most 100k rows per organization, without an
-- index.
CREATE VIRTUAL TABLE conversations_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO conversations_fts (rowid, text)
    SELECT c.rowid, COALESCE((SELECT group_concat(m.text, ' ') FROM messages m WHERE m.conversation_id = c.id), '')
    FROM conversations c;
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts (rowid, text) VALUES (new.rowid, '');
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
    DELETE FROM conversations_fts WHERE rowid = old.rowid;
END;
