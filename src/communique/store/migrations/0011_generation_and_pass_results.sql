-- Canonical entities and their mentions move the store's generation (migration 0008) once per
-- write by the store, not once per row: `replace_entities` rewrites every entity and mention
-- after new documents (hundreds of thousands of rows at 10,000 documents), and SQLite fires a
-- row trigger for each (and cannot empty a table with triggers in one step). The store's two
-- paths that write these tables bump the generation themselves, in the same transaction:
-- `replace_entities` explicitly, `forget_document` through the trigger on `documents`, whose
-- row it deletes in that transaction. The other tables' triggers stay: they see one row per
-- document, and a new write path to them moves the generation without being told.
DROP TRIGGER generation_entities_insert;
DROP TRIGGER generation_entities_update;
DROP TRIGGER generation_entities_delete;
DROP TRIGGER generation_mentions_insert;
DROP TRIGGER generation_mentions_update;
DROP TRIGGER generation_mentions_delete;

-- What a corpus pass worked out from one input and may read back instead of working it out
-- again, by the pass (`kind`) and a digest of everything it came from (sha256): the issue each
-- document's deal words are qualified by, per codebook. Not by document: a row serves every
-- document with the same text, and a stale one is never asked for.
CREATE TABLE pass_results (
    kind TEXT NOT NULL,
    key  BLOB NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
