-- Each document's entity mentions as entity resolution reads them, serialised, so resolving
-- again after new documents reads only theirs from the annotations. `key` names the format
-- (the code that reads mentions); writing a document's annotations deletes its row.
CREATE TABLE kept_mentions (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    data   BLOB NOT NULL
);
