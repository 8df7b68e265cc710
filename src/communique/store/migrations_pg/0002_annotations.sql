-- PostgreSQL twin of migrations/0002_annotations.sql. "end" is a reserved word here and is
-- quoted wherever it is named.
CREATE TABLE annotations (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    layer  TEXT NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    text   TEXT NOT NULL,
    attrs  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX annotations_doc ON annotations (doc_id, layer, start);

CREATE TABLE annotated (
    doc_id       TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    at           TEXT NOT NULL
);

-- Canonical entities across the corpus, rebuilt whole after each annotation run; seq keeps
-- the order they were stored in (SQLite's rowid).
CREATE TABLE entities (
    seq   BIGINT GENERATED ALWAYS AS IDENTITY,
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    type  TEXT NOT NULL,
    party TEXT,
    data  TEXT NOT NULL
);
CREATE TABLE entity_mentions (
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL
);
CREATE INDEX entity_mentions_doc ON entity_mentions (doc_id, start);
