-- Work the briefing does not need to repeat, kept so a rebuild reads it back.
-- Sentence vectors by model and sentence: sha256 of the sentence text (UTF-8), the vector as
-- raw little-endian bytes of `dtype` ('float32' or 'int8'), `dim` values long.
CREATE TABLE embedding_cache (
    model  TEXT NOT NULL,
    sha256 BLOB NOT NULL,
    dtype  TEXT NOT NULL,
    dim    INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, sha256)
) WITHOUT ROWID;

-- What the corpus passes take from one document (events, positions, quotes, claim sentences),
-- serialised; `key` digests everything it was computed from (text, annotation version,
-- codebook, the document's fields, the reading code's version), so a stale row is never read.
CREATE TABLE document_results (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    data   BLOB NOT NULL
);

-- Finished briefings by a digest of every input: a rebuild with nothing new reads one back.
CREATE TABLE briefing_cache (
    key  TEXT PRIMARY KEY,
    at   TEXT NOT NULL,
    data BLOB NOT NULL
);
