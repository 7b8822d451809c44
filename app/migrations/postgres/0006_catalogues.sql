-- The console's catalogues: quick replies agents insert by typing /shortcut, tags for
-- visitors and for sessions (conversations), and FAQ entries for the bot to come.
CREATE TABLE quick_replies (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- Lower-case, without the leading '/'; '' when the reply has none.
    shortcut    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX quick_replies_by_project ON quick_replies(project_id, created_at);
CREATE UNIQUE INDEX quick_replies_shortcut ON quick_replies(project_id, shortcut) WHERE shortcut <> '';

CREATE TABLE tags (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    kind        TEXT NOT NULL CHECK (kind IN ('visitor', 'session')),
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (project_id, kind, name)
);

CREATE TABLE faq_entries (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    -- Lower-case keywords separated by commas (a keyword never holds one); '' for none.
    keywords    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX faq_entries_by_project ON faq_entries(project_id, created_at);
