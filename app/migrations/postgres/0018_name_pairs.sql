-- Two-character Chinese names ("小明" in "王小明") have no trigram either: each visitor also
-- stores the pairs of neighbouring CJK characters of their name (`name_pairs`, written by the
-- server wherever a name is written, space-separated), indexed as an array. Names written
-- before this migration are filled in by the background job that fills messages' pairs.
ALTER TABLE visitors ADD COLUMN name_pairs TEXT;
CREATE INDEX visitors_name_pairs ON visitors USING gin (string_to_array(name_pairs, ' '))
    WHERE name_pairs <> '';
CREATE INDEX visitors_without_name_pairs ON visitors(project_id)
    WHERE name IS NOT NULL AND name_pairs IS NULL;
