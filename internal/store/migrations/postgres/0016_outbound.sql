-- Sending to WhatsApp. sending_at is set just before a message's call to
-- the Graph API, which carries the message id as biz_opaque_callback_data:
-- a send cut off by a crash (sending_at set, no provider id) is matched by
-- that tag when its status webhook comes, and not sent twice.
ALTER TABLE messages ADD COLUMN sending_at TIMESTAMPTZ;
CREATE INDEX messages_pending_out ON messages (conversation_id, seq) WHERE direction = 'out' AND status = 'pending';

-- Meta's limits held across instances: a generic cell rate algorithm per
-- key ("number:<phone number id>", "pair:<phone number id>:<wa_id>"); tat
-- is the theoretical arrival time of the next message. strikes counts
-- Meta's rate-limit refusals in a row, for the 4^X s backoff.
CREATE TABLE whatsapp_rate_limits (
    key TEXT PRIMARY KEY,
    strikes INTEGER NOT NULL DEFAULT 0,
    tat TIMESTAMPTZ NOT NULL
);
