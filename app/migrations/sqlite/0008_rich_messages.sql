-- Files attached to messages, and the visitor's rating of a conversation.
-- An upload belongs to whoever sent it until a message claims it: then it belongs to that
-- message's conversation (and so to its visitor and the agents who may see it).
CREATE TABLE attachments (
    id               TEXT PRIMARY KEY,
    project_id       TEXT NOT NULL REFERENCES projects(id),
    uploader_kind    TEXT NOT NULL CHECK (uploader_kind IN ('visitor', 'agent')),
    uploader_id      TEXT NOT NULL,
    name             TEXT NOT NULL,
    mime             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    storage_key      TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    conversation_id  TEXT REFERENCES conversations(id),
    visitor_id       TEXT REFERENCES visitors(id),
    message_seq      INTEGER
);
CREATE INDEX attachments_by_conversation ON attachments(conversation_id);

ALTER TABLE conversations ADD COLUMN rating_stars INTEGER;
ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
ALTER TABLE conversations ADD COLUMN rated_at INTEGER;

-- Largest upload, in megabytes.
ALTER TABLE projects ADD COLUMN max_upload_mb INTEGER NOT NULL DEFAULT 20;
