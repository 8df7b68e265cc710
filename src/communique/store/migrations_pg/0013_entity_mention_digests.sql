-- PostgreSQL twin of migrations/0013_entity_mention_digests.sql. The PostgreSQL store rewrites
-- every entity and mention (COPY) and leaves the digest NULL: the column is there so both stores
-- keep the same tables and columns.
ALTER TABLE entities ADD COLUMN mentions_digest BYTEA;
