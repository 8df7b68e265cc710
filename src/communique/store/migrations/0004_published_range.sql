-- The dater's answer when no day is known: the earliest and latest days the document can have
-- been published (ISO dates, either one NULL when open). Both equal `published` when it is known.
ALTER TABLE documents ADD COLUMN published_earliest TEXT;
ALTER TABLE documents ADD COLUMN published_latest TEXT;
