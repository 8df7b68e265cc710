-- Each canonical entity's mentions as `replace_entities` last wrote them, as a digest (blake2b of
-- their JSON, in the order given): after new documents, nearly every entity keeps the mentions
-- it had (20 of some 900 changed at 10,000 synthetic documents), and the store compares the rows
-- of the others alone instead of reading back and comparing all of them (some 130,000). NULL
-- (older rows, another writer, a document forgotten since) is never equal: those rows are
-- compared one by one, as before.
ALTER TABLE entities ADD COLUMN mentions_digest BLOB;
