-- PostgreSQL twin of migrations/0009_kept_mentions.sql: each document's entity mentions as
-- entity resolution reads them; writing a document's annotations deletes its row.
CREATE TABLE kept_mentions (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    data   BYTEA NOT NULL
);
