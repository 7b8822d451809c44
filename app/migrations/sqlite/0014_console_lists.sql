-- The console's Sessions and Contacts are keyset-paged, newest first with the id breaking
-- ties: these indexes hand each page over in order, whatever the project's size. They
-- replace the older ones on the same leading columns.
CREATE INDEX conversations_sessions ON conversations(project_id, last_activity_at, id);
DROP INDEX conversations_by_project;
CREATE INDEX visitors_by_last_seen ON visitors(project_id, last_seen_at, id);
DROP INDEX visitors_by_project;
