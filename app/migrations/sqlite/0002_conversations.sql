-- Visitors, conversations, and the per-project event log that carries every message.
-- `projects.last_seq` numbers events in commit order: the writer updates it first in its
-- transaction, which takes the write lock, so sequence order is commit order.
ALTER TABLE projects ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE visitors (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX visitors_by_project ON visitors(project_id);

CREATE TABLE conversations (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL REFERENCES projects(id),
    visitor_id        TEXT NOT NULL REFERENCES visitors(id),
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at        INTEGER NOT NULL,
    last_activity_at  INTEGER NOT NULL
);
CREATE INDEX conversations_by_visitor ON conversations(visitor_id, created_at);
CREATE INDEX conversations_by_project ON conversations(project_id, last_activity_at);

CREATE TABLE events (
    project_id       TEXT NOT NULL REFERENCES projects(id),
    seq              INTEGER NOT NULL,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    visitor_id       TEXT NOT NULL REFERENCES visitors(id),
    kind             TEXT NOT NULL CHECK (kind IN ('message', 'read')),
    author_kind      TEXT NOT NULL CHECK (author_kind IN ('visitor', 'agent', 'system')),
    author_id        TEXT NOT NULL,
    author_name      TEXT,
    client_id        TEXT,
    body             TEXT,
    up_to            INTEGER,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (project_id, seq)
);
-- A retried send (same author, same client id) can never be stored twice.
CREATE UNIQUE INDEX events_once_per_client_id ON events(project_id, author_kind, author_id, client_id);
CREATE INDEX events_by_visitor ON events(project_id, visitor_id, seq);
