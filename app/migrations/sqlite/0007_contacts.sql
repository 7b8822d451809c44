-- Visitors as contacts: what they told us (or an agent typed), blacklisting, and merges.
-- A merged visitor keeps its token; lookups follow `merged_into` to the surviving contact.
ALTER TABLE visitors ADD COLUMN name TEXT;
ALTER TABLE visitors ADD COLUMN email TEXT;
ALTER TABLE visitors ADD COLUMN phone TEXT;
ALTER TABLE visitors ADD COLUMN blocked_at INTEGER;
ALTER TABLE visitors ADD COLUMN merged_into TEXT;
CREATE INDEX visitors_by_email ON visitors(project_id, email);
CREATE INDEX visitors_by_phone ON visitors(project_id, phone);
