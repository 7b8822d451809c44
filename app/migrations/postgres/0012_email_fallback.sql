-- Email fallback: agents' replies a visitor has not read go to their email, at most one mail
-- per conversation per batch window. `mailed_up_to` is the newest message sequence number
-- already mailed; claiming a batch moves it (compare-and-set), so two server processes never
-- mail the same replies twice.
ALTER TABLE conversations ADD COLUMN mailed_up_to BIGINT;
ALTER TABLE conversations ADD COLUMN mailed_at BIGINT;

-- Links in those mails that bring the visitor back to the conversation (only the SHA-256 of
-- the token is stored).
CREATE TABLE visitor_links (
    token_hash  TEXT PRIMARY KEY,
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    project_id  TEXT NOT NULL REFERENCES projects(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
