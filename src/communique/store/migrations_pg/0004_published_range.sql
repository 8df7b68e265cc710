-- PostgreSQL twin of migrations/0004_published_range.sql: the earliest and latest days a
-- document can have been published (ISO dates, either one NULL when open).
ALTER TABLE documents ADD COLUMN published_earliest TEXT;
ALTER TABLE documents ADD COLUMN published_latest TEXT;
