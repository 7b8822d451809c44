-- Search and the email / phone filters find contacts by substring through a trigram index
-- (as messages already are), so a filter that few contacts match costs the matches, not the
-- project. `phone_digits` is the phone without separators (the phone filter compares digits).
-- Kept in step with `visitors` by triggers that fire only when one of these fields changes.
CREATE VIRTUAL TABLE visitor_search USING fts5(
    name, email, phone, phone_digits, visitor_id UNINDEXED, project_id UNINDEXED,
    tokenize = 'trigram'
);
INSERT INTO visitor_search (name, email, phone, phone_digits, visitor_id, project_id)
    SELECT COALESCE(name, ''), LOWER(COALESCE(email, '')), COALESCE(phone, ''),
        REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(phone, ''),
            ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', ''),
        id, project_id
    FROM visitors;
CREATE TRIGGER visitors_to_search AFTER INSERT ON visitors
BEGIN
    INSERT INTO visitor_search (name, email, phone, phone_digits, visitor_id, project_id)
        VALUES (COALESCE(NEW.name, ''), LOWER(COALESCE(NEW.email, '')), COALESCE(NEW.phone, ''),
            REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(NEW.phone, ''),
                ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', ''),
            NEW.id, NEW.project_id);
END;
CREATE TRIGGER visitors_search_changed AFTER UPDATE OF name, email, phone ON visitors
    WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.phone IS NOT NEW.phone
BEGIN
    UPDATE visitor_search SET name = COALESCE(NEW.name, ''),
        email = LOWER(COALESCE(NEW.email, '')), phone = COALESCE(NEW.phone, ''),
        phone_digits = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(NEW.phone, ''),
            ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', '')
        WHERE visitor_id = NEW.id;
END;
CREATE TRIGGER visitors_search_removed AFTER DELETE ON visitors
BEGIN
    DELETE FROM visitor_search WHERE visitor_id = OLD.id;
END;
