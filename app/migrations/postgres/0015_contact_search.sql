-- Search and the phone filter find contacts by substring through trigram indexes (name and
-- email have theirs already): the raw phone, and its digits without separators, written
-- exactly as the list queries write them so the planner uses the index.
CREATE INDEX visitors_phone_trgm ON visitors USING gin (phone gin_trgm_ops);
CREATE INDEX visitors_phone_digits_trgm ON visitors USING gin ((
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(phone, ''),
        ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', '')
) gin_trgm_ops);
