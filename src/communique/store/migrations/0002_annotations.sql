-- What the language layer read in each document: typed spans with character offsets into the
-- document's cleaned text. `annotated` records which text and layer version they belong to, so
-- a document cleaned again, or a newer layer, is annotated again.
CREATE TABLE annotations (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    layer  TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
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

-- Canonical entities across the corpus, rebuilt whole after each annotation run.
CREATE TABLE entities (
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
    end       INTEGER NOT NULL
);
CREATE INDEX entity_mentions_doc ON entity_mentions (doc_id, start);
