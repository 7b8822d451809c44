-- What a conversation's list row shows, kept on the conversation as messages and receipts are
-- written, so lists, counts and filters are indexed queries instead of folds over the history
-- (the same rules the workbench's fold used: notes, review prompts and ratings move nothing).
-- `last_message_*`: the newest text or file. `unread_count`: visitor messages after the newest
-- agent message and after the newest agent read receipt. `oldest_unanswered_at`: the first
-- visitor message since the newest agent message.
ALTER TABLE conversations ADD COLUMN last_message_at BIGINT;
ALTER TABLE conversations ADD COLUMN last_message_author TEXT;
ALTER TABLE conversations ADD COLUMN last_message_body TEXT;
ALTER TABLE conversations ADD COLUMN unread_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN oldest_unanswered_at BIGINT;
ALTER TABLE conversations ADD COLUMN last_agent_reply_at BIGINT;
ALTER TABLE conversations ADD COLUMN last_agent_message_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN agent_read_up_to BIGINT NOT NULL DEFAULT 0;

-- One conversation's events in order (its history, paged; its facts when filled in below).
CREATE INDEX events_by_conversation ON events(conversation_id, seq);

UPDATE conversations SET
    last_agent_message_seq = COALESCE((SELECT MAX(e.seq) FROM events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'message'
        AND e.author_kind = 'agent' AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%')), 0),
    agent_read_up_to = COALESCE((SELECT MAX(e.up_to) FROM events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'read'
        AND e.author_kind = 'agent'), 0);
UPDATE conversations SET
    last_message_at = (SELECT e.created_at FROM events e WHERE e.conversation_id = conversations.id
        AND e.kind = 'message' AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%') ORDER BY e.seq DESC LIMIT 1),
    last_message_author = (SELECT e.author_kind FROM events e WHERE e.conversation_id = conversations.id
        AND e.kind = 'message' AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%') ORDER BY e.seq DESC LIMIT 1),
    last_message_body = (SELECT SUBSTR(COALESCE(e.body, ''), 1, 200) FROM events e
        WHERE e.conversation_id = conversations.id
        AND e.kind = 'message' AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%') ORDER BY e.seq DESC LIMIT 1),
    last_agent_reply_at = (SELECT e.created_at FROM events e
        WHERE e.conversation_id = conversations.id AND e.seq = conversations.last_agent_message_seq),
    oldest_unanswered_at = (SELECT MIN(e.created_at) FROM events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'message' AND e.author_kind = 'visitor'
        AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%') AND e.seq > conversations.last_agent_message_seq),
    unread_count = (SELECT COUNT(*) FROM events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'message' AND e.author_kind = 'visitor'
        AND (e.detail IS NULL OR e.detail LIKE '{"attachment"%') AND e.seq > conversations.last_agent_message_seq
        AND e.seq > conversations.agent_read_up_to);
UPDATE conversations SET last_message_at = created_at WHERE last_message_at IS NULL;

-- Every list is one project's rows, pinned first, newest message next; views narrow by state.
CREATE INDEX conversations_list ON conversations(project_id, pinned, last_message_at, id);
CREATE INDEX conversations_list_by_status ON conversations(project_id, status, pinned, last_message_at, id);
CREATE INDEX conversations_list_by_assignee ON conversations(project_id, assignee_id, status, pinned, last_message_at, id);
CREATE INDEX conversations_list_by_team ON conversations(project_id, team_id, status, pinned, last_message_at, id);
CREATE INDEX conversations_unread ON conversations(project_id, unread_count) WHERE unread_count > 0;

-- Search over message text in any language: trigram GIN indexes answer LIKE '%…%' for
-- substrings, CJK included (pg_trgm is a trusted extension: the database owner may add it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX events_body_trgm ON events USING gin (body gin_trgm_ops) WHERE kind = 'message';
CREATE INDEX visitors_name_trgm ON visitors USING gin (name gin_trgm_ops);
CREATE INDEX visitors_email_trgm ON visitors USING gin (email gin_trgm_ops);
