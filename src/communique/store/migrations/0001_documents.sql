-- Documents as ingested: cleaned text plus the raw body they were cleaned from, so a document
-- can be cleaned again when more of its outlet's furniture becomes known.
CREATE TABLE documents (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
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
    ingested_at     TEXT NOT NULL
);
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE INDEX documents_outlet ON documents (outlet);
CREATE INDEX documents_published ON documents (published);

-- MinHash signatures and their LSH band keys: near-duplicate candidates come from an index
-- look-up, never from comparing every pair.
CREATE TABLE signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    sig    BLOB NOT NULL
);
CREATE TABLE bands (
    band   TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
) WITHOUT ROWID;

-- How many documents of an outlet carry a line: lines shared by several are furniture.
CREATE TABLE outlet_lines (
    outlet   TEXT NOT NULL,
    line_key TEXT NOT NULL,
    docs     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet, line_key)
) WITHOUT ROWID;

-- Inputs that could not be used: one row per source, updated when it fails again and removed
-- when it later succeeds.
CREATE TABLE failures (
    source   TEXT PRIMARY KEY,
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_at  TEXT NOT NULL
);
