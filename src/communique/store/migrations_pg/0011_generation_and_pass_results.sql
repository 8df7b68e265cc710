-- PostgreSQL twin of migrations/0011_entity_generation.sql: canonical entities and their
-- mentions move the store's generation by the store's own bump (`replace_entities`, in the
-- same transaction; `forget_document` through the trigger on `documents`), as on SQLite, so
-- both backends count the same writes. The other tables' statement triggers stay.
DROP TRIGGER generation_entities ON entities;
DROP TRIGGER generation_mentions ON entity_mentions;

CREATE TABLE pass_results (
    kind TEXT NOT NULL,
    key  BYTEA NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (kind, key)
);
