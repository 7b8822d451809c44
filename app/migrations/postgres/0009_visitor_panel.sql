-- The workbench's visitor panel: what the visitor's browser tells at each connect (kept
-- as the latest values; the browser, OS and device are parsed from the user agent when read),
-- what agents note about them, and the tags put on visitors and on sessions.
ALTER TABLE visitors ADD COLUMN user_agent TEXT;
ALTER TABLE visitors ADD COLUMN ip TEXT;
-- The Accept-Language header as sent (first tags only, trimmed).
ALTER TABLE visitors ADD COLUMN language TEXT;
-- An IANA time zone name the server parsed ("Europe/Berlin").
ALTER TABLE visitors ADD COLUMN time_zone TEXT;
-- Typed by agents.
ALTER TABLE visitors ADD COLUMN region TEXT;
ALTER TABLE visitors ADD COLUMN notes TEXT;

CREATE TABLE visitor_tags (
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    tag_id      TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (visitor_id, tag_id)
);

CREATE TABLE conversation_tags (
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    tag_id           TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
);
-- The Sessions filter by tag.
CREATE INDEX conversation_tags_by_tag ON conversation_tags(tag_id);
