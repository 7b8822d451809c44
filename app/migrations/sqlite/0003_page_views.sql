-- The visitor's access trace: one row per page of the customer's site the widget loaded on.
CREATE TABLE page_views (
    project_id  TEXT NOT NULL REFERENCES projects(id),
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    url         TEXT NOT NULL,
    title       TEXT NOT NULL,
    referrer    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX page_views_by_visitor ON page_views(visitor_id, created_at);
