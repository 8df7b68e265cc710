-- PostgreSQL twin of migrations/0005_corrections.sql: the user's own corrections, a layer over
-- what the tool derived. Ids only grow, as SQLite's AUTOINCREMENT keeps them.
CREATE TABLE corrections (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    value      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
