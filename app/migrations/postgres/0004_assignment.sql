-- Teams and routing, agents' availability and limits, where each conversation stands, and
-- placement changes in the event log.
CREATE TABLE teams (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id),
    name          TEXT NOT NULL,
    routing_mode  TEXT NOT NULL DEFAULT 'auto' CHECK (routing_mode IN ('auto', 'grab')),
    created_at    BIGINT NOT NULL
);
CREATE INDEX teams_by_project ON teams(project_id);

CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members(user_id);

-- Chat settings. The default team's id is the project's own id.
ALTER TABLE projects ADD COLUMN default_team_id TEXT;
ALTER TABLE projects ADD COLUMN default_conversation_limit BIGINT NOT NULL DEFAULT 5;
ALTER TABLE projects ADD COLUMN soon_secs BIGINT NOT NULL DEFAULT 180;
ALTER TABLE projects ADD COLUMN overdue_secs BIGINT NOT NULL DEFAULT 300;
ALTER TABLE projects ADD COLUMN auto_close_hours BIGINT NOT NULL DEFAULT 24;

-- What the agent chose in the workbench, their own limit (NULL: the project's default), when
-- they were last given a conversation, and until when a connected workbench vouches for them
-- (the node holding the socket keeps moving it forward; it lapses when no workbench is left).
ALTER TABLE users ADD COLUMN chosen_status TEXT NOT NULL DEFAULT 'online' CHECK (chosen_status IN ('online', 'away'));
ALTER TABLE users ADD COLUMN conversation_limit BIGINT;
ALTER TABLE users ADD COLUMN last_assigned_at BIGINT;
ALTER TABLE users ADD COLUMN present_until BIGINT;

-- `queued_at` is set exactly while the conversation is open and nobody serves it.
ALTER TABLE conversations ADD COLUMN team_id TEXT;
ALTER TABLE conversations ADD COLUMN assignee_id TEXT;
ALTER TABLE conversations ADD COLUMN queued_at BIGINT;
-- The project's event number when it joined the queue: orders arrivals exactly.
ALTER TABLE conversations ADD COLUMN queue_seq BIGINT;
ALTER TABLE conversations ADD COLUMN on_hold BIGINT NOT NULL DEFAULT 0 CHECK (on_hold IN (0, 1));
ALTER TABLE conversations ADD COLUMN pinned BIGINT NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
ALTER TABLE conversations ADD COLUMN last_visitor_message_at BIGINT;
CREATE INDEX conversations_queue ON conversations(project_id, team_id, queue_seq);
CREATE INDEX conversations_by_assignee ON conversations(assignee_id, status);

INSERT INTO teams (id, project_id, name, routing_mode, created_at)
    SELECT id, id, 'Support', 'auto', created_at FROM projects;
UPDATE projects SET default_team_id = id;
INSERT INTO team_members (team_id, user_id) SELECT project_id, id FROM users;
UPDATE conversations SET team_id = project_id,
    queued_at = CASE WHEN status = 'open' THEN last_activity_at ELSE NULL END,
    -- In the order of their newest event, the same numbering new arrivals get.
    queue_seq = CASE WHEN status = 'open' THEN
        (SELECT COALESCE(MAX(e.seq), 0) FROM events e WHERE e.conversation_id = conversations.id)
        ELSE NULL END,
    last_visitor_message_at = last_activity_at;

-- Placement changes join messages and receipts in the log; `audience` keeps agents-only
-- events (placement, internal comments) from visitors; `detail` holds a change as JSON.
ALTER TABLE events DROP CONSTRAINT events_kind_check;
ALTER TABLE events ADD CONSTRAINT events_kind_check CHECK (kind IN ('message', 'read', 'conversation'));
ALTER TABLE events ADD COLUMN audience TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'agents'));
ALTER TABLE events ADD COLUMN detail TEXT;
DROP INDEX events_by_visitor;
CREATE INDEX events_by_visitor ON events(project_id, visitor_id, audience, seq);
