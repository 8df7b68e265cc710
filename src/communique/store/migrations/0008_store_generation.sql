-- A counter every write a briefing depends on moves, in the same transaction as the write:
-- documents, their annotation records, canonical entities and their mentions, failures and the
-- user's corrections. A server restarted over an unchanged store finds its briefing's key by
-- this counter (`briefing_keys`) instead of reading every document to work the key out again.
-- Triggers, not code: every path that writes these tables (ingest, annotate, forget, resolve,
-- corrections, a helper's new write path) moves it, on SQLite row by row.
CREATE TABLE store_generation (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   INTEGER NOT NULL
);
INSERT INTO store_generation VALUES (1, 0);

-- The briefing key worked out at one generation with one set of options (`fast` digests both).
CREATE TABLE briefing_keys (
    fast TEXT PRIMARY KEY,
    key  TEXT NOT NULL,
    at   TEXT NOT NULL
);

CREATE TRIGGER generation_documents_insert AFTER INSERT ON documents
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_documents_update AFTER UPDATE ON documents
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_documents_delete AFTER DELETE ON documents
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_annotated_insert AFTER INSERT ON annotated
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_annotated_update AFTER UPDATE ON annotated
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_annotated_delete AFTER DELETE ON annotated
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_entities_insert AFTER INSERT ON entities
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_entities_update AFTER UPDATE ON entities
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_entities_delete AFTER DELETE ON entities
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_mentions_insert AFTER INSERT ON entity_mentions
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_mentions_update AFTER UPDATE ON entity_mentions
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_mentions_delete AFTER DELETE ON entity_mentions
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_failures_insert AFTER INSERT ON failures
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_failures_update AFTER UPDATE ON failures
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_failures_delete AFTER DELETE ON failures
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_corrections_insert AFTER INSERT ON corrections
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_corrections_update AFTER UPDATE ON corrections
BEGIN UPDATE store_generation SET n = n + 1; END;
CREATE TRIGGER generation_corrections_delete AFTER DELETE ON corrections
BEGIN UPDATE store_generation SET n = n + 1; END;

-- A row's terms by its ord, covering: the filters (brief/row_filters.py) read the terms of the
-- rows they keep, which without the term in the index the planner would rather find by
-- scanning every term of the section.
DROP INDEX briefing_terms_ord;
CREATE INDEX briefing_terms_ord ON briefing_terms (key, section, ord, term);
