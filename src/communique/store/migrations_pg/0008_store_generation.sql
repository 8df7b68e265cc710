-- PostgreSQL twin of migrations/0008_store_generation.sql: a counter every write a briefing
-- depends on moves, in the same transaction as the write (documents, annotation records,
-- canonical entities and their mentions, failures, corrections), and the briefing keys worked
-- out at one generation. Statement triggers: one update per statement, COPY and TRUNCATE too.
CREATE TABLE store_generation (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   BIGINT NOT NULL
);
INSERT INTO store_generation VALUES (1, 0);

CREATE TABLE briefing_keys (
    fast TEXT PRIMARY KEY,
    key  TEXT NOT NULL,
    at   TEXT NOT NULL
);

CREATE FUNCTION bump_store_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE store_generation SET n = n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER generation_documents AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();
CREATE TRIGGER generation_annotated AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON annotated
    FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();
CREATE TRIGGER generation_entities AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();
CREATE TRIGGER generation_mentions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON entity_mentions FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();
CREATE TRIGGER generation_failures AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON failures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();
CREATE TRIGGER generation_corrections AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON corrections FOR EACH STATEMENT EXECUTE FUNCTION bump_store_generation();

-- A row's terms by its ord, covering: the filters (brief/row_filters.py) read the terms of the
-- rows they keep, which without the term in the index the planner would rather find by
-- scanning every term of the section.
DROP INDEX briefing_terms_ord;
CREATE INDEX briefing_terms_ord ON briefing_terms (key, section, ord, term);
