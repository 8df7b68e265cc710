-- PostgreSQL twin of migrations/0001_documents.sql: the same tables and columns, so both
-- backends share one row format (JSON kept as text, dates as ISO text). A migration added to
-- SQLite gets a file with the same number here.
CREATE TABLE documents (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    source          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    raw             TEXT NOT NULL,
    meta            TEXT NOT NULL DEFAULT '{}',
    text            TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    title           TEXT,
    url             TEXT,
    outlet          TEXT,
    author          TEXT,
    published       TEXT,
    published_basis TEXT,
    language        TEXT,
    flags           TEXT NOT NULL DEFAULT '[]',
    removed         TEXT NOT NULL DEFAULT '[]',
    ingested_at     TEXT NOT NULL,
    -- What the web app's search matches: words as written, no stemming, like the SQLite
    -- backend's FTS5 (unicode61) index. Title weighs more than body; a tsvector holds at most
    -- 1 MB, so only the first 300,000 characters of a (rare) giant text are searchable.
    search          TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', left(text, 300000)), 'B')
    ) STORED
);
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE INDEX documents_outlet ON documents (outlet, seq);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_search ON documents USING GIN (search);

-- MinHash signatures and their LSH band keys: near-duplicate candidates come from an index
-- look-up, never from comparing every pair.
CREATE TABLE signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    sig    BYTEA NOT NULL
);
CREATE TABLE bands (
    band   TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
);

-- How many documents of an outlet carry a line: lines shared by several are furniture.
CREATE TABLE outlet_lines (
    outlet   TEXT NOT NULL,
    line_key TEXT NOT NULL,
    docs     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet, line_key)
);

-- Inputs that could not be used: one row per source, updated when it fails again and removed
-- when it later succeeds.
CREATE TABLE failures (
    source   TEXT PRIMARY KEY,
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_at  TEXT NOT NULL
);
