-- PostgreSQL twin of migrations/0006_caches.sql: work the briefing does not need to repeat.
CREATE TABLE embedding_cache (
    model  TEXT NOT NULL,
    sha256 BYTEA NOT NULL,
    dtype  TEXT NOT NULL,
    dim    INTEGER NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (model, sha256)
);

CREATE TABLE document_results (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    data   BYTEA NOT NULL
);

CREATE TABLE briefing_cache (
    key  TEXT PRIMARY KEY,
    at   TEXT NOT NULL,
    data BYTEA NOT NULL
);
