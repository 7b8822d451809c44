-- What the widget asks before a chat, what it offers when nobody can answer, and when the
-- team is in. Checked by the application on every write (see models::visitor_forms).
-- Pre-chat fields: 'off', 'optional' or 'required' each.
ALTER TABLE projects ADD COLUMN prechat_name TEXT NOT NULL DEFAULT 'off';
ALTER TABLE projects ADD COLUMN prechat_email TEXT NOT NULL DEFAULT 'off';
ALTER TABLE projects ADD COLUMN prechat_phone TEXT NOT NULL DEFAULT 'off';
-- 1: when nobody can answer, the widget offers the offline form (message and email).
ALTER TABLE projects ADD COLUMN offline_form BIGINT NOT NULL DEFAULT 0 CHECK (offline_form IN (0, 1));
-- Monday first, seven comma-separated days, each 'open-close' in minutes after local
-- midnight (close before open: past midnight) or empty (closed). Empty: always open.
ALTER TABLE projects ADD COLUMN business_hours TEXT NOT NULL DEFAULT '';
-- IANA name the business hours are read in.
ALTER TABLE projects ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
-- 1: a bot greets visitors before an agent (stored now; the bot comes later).
ALTER TABLE projects ADD COLUMN bot_reception_first BIGINT NOT NULL DEFAULT 0 CHECK (bot_reception_first IN (0, 1));
