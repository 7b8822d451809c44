-- Two-character Chinese words (most of them) have no trigram: each message also stores the
-- pairs of neighbouring CJK characters (`search_pairs`, written by the server, space-separated),
-- indexed as an array. Messages written before this migration are filled in by a background
-- job (rows still NULL).
ALTER TABLE events ADD COLUMN search_pairs TEXT;
CREATE INDEX events_search_pairs ON events USING gin (string_to_array(search_pairs, ' '))
    WHERE kind = 'message' AND search_pairs <> '';
CREATE INDEX events_without_pairs ON events(project_id, seq)
    WHERE kind = 'message' AND search_pairs IS NULL;
