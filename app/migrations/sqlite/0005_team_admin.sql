-- Running a team from the console: the subscription's seats, invitations by email, the
-- mail outbox used when no SMTP server is configured, and the widget's appearance.
ALTER TABLE projects ADD COLUMN seats INTEGER NOT NULL DEFAULT 10;
-- Milliseconds since the epoch; NULL: no end date.
ALTER TABLE projects ADD COLUMN subscription_valid_until INTEGER;

-- Only a SHA-256 of the join token is stored. An invitation is used once (accepted_at) or
-- withdrawn (revoked_at); a pending one holds a seat until it expires.
CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX invitations_by_project ON invitations(project_id, created_at);

-- Mail that was not handed to an SMTP server, newest shown first in the console.
CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX outbox_by_project ON outbox(project_id, created_at);

-- How the widget looks on customers' sites (colour as #rrggbb, checked by the server).
ALTER TABLE projects ADD COLUMN widget_color TEXT NOT NULL DEFAULT '#4f46e5';
ALTER TABLE projects ADD COLUMN widget_greeting TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN widget_position TEXT NOT NULL DEFAULT 'right' CHECK (widget_position IN ('left', 'right'));

-- Profile pictures, already re-encoded as small PNGs by the server (never the uploaded file).
-- In the database so every server process of a scaled-out install serves them.
CREATE TABLE avatars (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    png         BLOB NOT NULL,
    updated_at  INTEGER NOT NULL
);
