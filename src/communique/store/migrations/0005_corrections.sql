-- The user's own corrections: a layer over what the tool derived, never an edit of it. Every
-- build of the briefing applies them; only the user removes one. `target` names the item (JSON:
-- an entity id and name, a statement's document and offsets, a claim id and words), `value`
-- the corrected value (JSON), both plain strings so any store keeps them alike.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    value      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
