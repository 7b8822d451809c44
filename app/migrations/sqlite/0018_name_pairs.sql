-- Two-character Chinese names ("小明" in "王小明") have no trigram either: each visitor also
-- stores the pairs of neighbouring CJK characters of their name (`name_pairs`, written by the
-- server wherever a name is written), indexed as words, so such a search reads the few
-- matching contacts instead of every name of the project. Names written before this
-- migration are filled in by the background job that fills messages' pairs (rows still NULL).
ALTER TABLE visitors ADD COLUMN name_pairs TEXT;
CREATE VIRTUAL TABLE contact_pairs USING fts5(
    pairs, visitor_id UNINDEXED, project_id UNINDEXED,
    tokenize = 'unicode61'
);
CREATE TRIGGER visitors_to_contact_pairs AFTER INSERT ON visitors
    WHEN COALESCE(NEW.name_pairs, '') <> ''
BEGIN
    INSERT INTO contact_pairs (pairs, visitor_id, project_id)
        VALUES (NEW.name_pairs, NEW.id, NEW.project_id);
END;
CREATE TRIGGER visitors_name_pairs_changed AFTER UPDATE OF name_pairs ON visitors
    WHEN OLD.name_pairs IS NOT NEW.name_pairs
BEGIN
    DELETE FROM contact_pairs WHERE visitor_id = NEW.id AND COALESCE(OLD.name_pairs, '') <> '';
    INSERT INTO contact_pairs (pairs, visitor_id, project_id)
        SELECT NEW.name_pairs, NEW.id, NEW.project_id WHERE COALESCE(NEW.name_pairs, '') <> '';
END;
CREATE TRIGGER visitors_name_pairs_removed AFTER DELETE ON visitors
    WHEN COALESCE(OLD.name_pairs, '') <> ''
BEGIN
    DELETE FROM contact_pairs WHERE visitor_id = OLD.id;
END;
CREATE INDEX visitors_without_name_pairs ON visitors(project_id)
    WHERE name IS NOT NULL AND name_pairs IS NULL;
