-- A reply in progress holds its conversation until reply_lease_until, so
-- that two instances (or two requests) never answer the same lead messages
-- at once; a crashed reply's lease runs out by itself.
ALTER TABLE conversations ADD COLUMN reply_lease_until TIMESTAMP;
