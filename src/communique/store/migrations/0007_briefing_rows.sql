-- The briefing as rows, so the web app pages through it with indexed queries instead of holding
-- it in memory. One briefing per key (the digest of everything it was built from); each item of
-- a section (documents, entities, events, quotes, positions, position_changes, claims, sources,
-- failures, corrections, codebook_gaps) is one row: its JSON in `data` (every field, so new
-- fields flow through) and the columns the pages filter and sort on, worked out when written
-- (`kind`, `party`, `name`, `issue` folded for matching; `label` and `side` as spelled).
CREATE TABLE briefing_heads (
    key     TEXT PRIMARY KEY,
    at      TEXT NOT NULL,
    seconds REAL NOT NULL,
    head    TEXT NOT NULL
);

CREATE TABLE briefing_rows (
    key        TEXT NOT NULL REFERENCES briefing_heads (key) ON DELETE CASCADE,
    section    TEXT NOT NULL,
    ord        INTEGER NOT NULL,
    item_id    TEXT,
    doc        TEXT,
    kind       TEXT,
    label      TEXT,
    side       TEXT,
    party      TEXT,
    name       TEXT,
    issue      TEXT,
    date_start TEXT,
    date_end   TEXT,
    sortkey    TEXT,
    weight     INTEGER NOT NULL DEFAULT 0,
    data       TEXT NOT NULL,
    PRIMARY KEY (key, section, ord)
);
-- With `ord` last, a lookup by id or document reads its rows in order from the index alone.
CREATE INDEX briefing_rows_id ON briefing_rows (key, section, item_id, ord);
CREATE INDEX briefing_rows_doc ON briefing_rows (key, section, doc, ord);
CREATE INDEX briefing_rows_kind ON briefing_rows (key, section, kind, ord);
CREATE INDEX briefing_rows_party ON briefing_rows (key, section, party, ord);
CREATE INDEX briefing_rows_name ON briefing_rows (key, section, name, ord);
CREATE INDEX briefing_rows_issue ON briefing_rows (key, section, issue, ord);
CREATE INDEX briefing_rows_end ON briefing_rows (key, section, date_end);
CREATE INDEX briefing_rows_sort ON briefing_rows (key, section, sortkey);

-- Terms a row is found by beyond its columns: `doc:<id>` for each document it cites,
-- `name:<casefolded>` for each name it gives, `side:<casefolded>` for each party it is on the
-- side of, `flag:<kind>` for a document's flags.
CREATE TABLE briefing_terms (
    key     TEXT NOT NULL REFERENCES briefing_heads (key) ON DELETE CASCADE,
    section TEXT NOT NULL,
    term    TEXT NOT NULL,
    ord     INTEGER NOT NULL,
    PRIMARY KEY (key, section, term, ord)
);
CREATE INDEX briefing_terms_ord ON briefing_terms (key, section, ord);
