-- The views' counts read one index and never the table: every column a view, the access rule
-- or a waiting filter tests is in it, so counting 40,000 open conversations is an index-only
-- range. It replaces the unread index (which made closed conversations with unread messages
-- cost a table lookup each). "Replied within" has its own range, and contact names their own
-- narrow index for the substring scan of two-character names (which have no trigram).
CREATE INDEX conversations_counts ON conversations(project_id, status, on_hold, assignee_id,
    unread_count, oldest_unanswered_at, last_agent_reply_at, team_id);
DROP INDEX conversations_unread;
CREATE INDEX conversations_by_reply ON conversations(project_id, last_agent_reply_at);
CREATE INDEX visitors_names ON visitors(project_id, name, id);
