-- PostgreSQL twin of migrations/0003_stage_failures.sql: failures of every stage, one row per
-- (stage, source, document); ingest rows keep doc_id ''. "end" is quoted: a reserved word here.
CREATE TABLE failures_v3 (
    stage    TEXT NOT NULL DEFAULT 'ingest',
    source   TEXT NOT NULL,
    doc_id   TEXT NOT NULL DEFAULT '',
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    start    INTEGER,
    "end"    INTEGER,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (stage, source, doc_id)
);
INSERT INTO failures_v3 (stage, source, code, reason, attempts, last_at)
    SELECT 'ingest', source, code, reason, attempts, last_at FROM failures;
DROP TABLE failures;
ALTER TABLE failures_v3 RENAME TO failures;
CREATE INDEX failures_doc ON failures (doc_id, stage);
