-- PostgreSQL twin of migrations/0012_position_cells.sql.
-- The heatmap of positions under a period counted from the index alone (web.query.position_cells):
-- a position's side, issue, stance, negation (weight) and date (sortkey) beside its period's
-- end, so grouping 300,000 positions reads no row's JSON (rows-5 writes those columns).
CREATE INDEX briefing_rows_cells ON briefing_rows (key, section, date_end, side, label, kind, weight, sortkey, ord);
