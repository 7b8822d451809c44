-- Two-character Chinese words (most of them) have no trigram: each message also stores the
-- pairs of neighbouring CJK characters (`search_pairs`, written by the server), indexed as
-- words. Messages written before this migration are filled in by a background job (rows
-- still NULL), which the update trigger indexes.
ALTER TABLE events ADD COLUMN search_pairs TEXT;
CREATE VIRTUAL TABLE message_pairs USING fts5(
    pairs, project_id UNINDEXED, conversation_id UNINDEXED,
    tokenize = 'unicode61'
);
CREATE TRIGGER events_to_message_pairs AFTER INSERT ON events
    WHEN NEW.kind = 'message' AND NEW.search_pairs IS NOT NULL AND NEW.search_pairs <> ''
BEGIN
    INSERT INTO message_pairs (pairs, project_id, conversation_id)
        VALUES (NEW.search_pairs, NEW.project_id, NEW.conversation_id);
END;
CREATE TRIGGER events_pairs_filled AFTER UPDATE OF search_pairs ON events
    WHEN NEW.kind = 'message' AND OLD.search_pairs IS NULL AND NEW.search_pairs <> ''
BEGIN
    INSERT INTO message_pairs (pairs, project_id, conversation_id)
        VALUES (NEW.search_pairs, NEW.project_id, NEW.conversation_id);
END;
CREATE INDEX events_without_pairs ON events(project_id, seq)
    WHERE kind = 'message' AND search_pairs IS NULL;
