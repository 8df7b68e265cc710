"""The report's filters (:func:`communique.brief.filters.filter_briefing`) as SQL over the briefing
rows: each section's kept items are a condition on its rows, never a briefing in memory.

``filter_briefing`` narrows in steps (the period, then the party, then the issue), each over what
the last kept; :func:`select_rows` builds the same steps as nested conditions over the rows'
columns and terms (:mod:`communique.brief.rows`), which the database runs against its indexes:

- the period: a row's own period (events, positions, changes), the period of the document a
  quote is in, or of any document an entity or a claim cites (``doc:`` terms);
- the party: whose side a name is on, worked out from the kept entities as ``side_lookup``
  does (the names and parties of entities with a side: a small read); the names a claim's
  words name (``says:`` terms, matched when the rows were written with the filter's pattern);
- the issue: the positions on it, and the items told in one of their sentences (``pos:`` terms);
- the documents the kept items cite (``doc:``/``cite:`` terms, a quote's or position's
  document), and the sources table recounted over them (:func:`recounted_sources`).

A party no entity, position or change of the briefing names cannot have been looked for in the
claims' words when the rows were written: :func:`select_rows` returns None and the caller
filters in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from communique.brief.filters import issue_key
from communique.brief.model import BriefSource
from communique.brief.rows import StoredBriefing
from communique.store.briefing_rows import EVERY, Where

__all__ = ["FILTERED_SECTIONS", "Selection", "recounted_sources", "select_rows"]

FILTERED_SECTIONS = (
    "documents",
    "entities",
    "events",
    "quotes",
    "positions",
    "position_changes",
    "claims",
)
"""The sections a selection holds a condition for (sources are recounted, not selected)."""


@dataclass(frozen=True)
class Selection:
    """Each section's kept rows as a condition on ``r``; ``narrowed`` is False when no filter
    was given (every row is kept and the sources table is the briefing's own)."""

    where: Mapping[str, Where]
    narrowed: bool


def select_rows(
    stored: StoredBriefing,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    party: str | None = None,
    issue: str | None = None,
) -> Selection | None:
    """What ``filter_briefing(briefing, since=, until=, party=, issue=)`` keeps, as conditions;
    None for a party the rows cannot answer (module docstring)."""
    sel: dict[str, Where] = dict.fromkeys(FILTERED_SECTIONS, EVERY)
    key = stored.key
    if since is not None or until is not None:
        sel = _period(key, since, until)
    if party is not None:
        if not _known_party(stored, party.casefold()):
            return None
        sel = _party(stored, sel, party.casefold())
    if issue is not None:
        sel = _issue(key, sel, issue_key(issue))
    narrowed = any(v is not None for v in (since, until, party, issue))
    return Selection(sel, narrowed)


# -- building blocks ------------------------------------------------------------------------


def _rows_of(key: str, section: str, where: Where, column: str = "r.ord") -> Where:
    """A subquery: ``column`` of ``section``'s rows that meet ``where`` (its own ``r``)."""
    sql = f"SELECT {column} FROM briefing_rows r WHERE r.key = ? AND r.section = ?"
    if where.sql:
        sql += f" AND ({where.sql})"
    return Where(sql, (key, section, *where.params))


def _prefix(alias: str, prefix: str) -> str:
    """Terms that start with ``prefix`` (a word and a colon), as an index range."""
    return f"{alias}.term >= '{prefix}:' AND {alias}.term < '{prefix};'"


def _term_values(key: str, section: str, prefix: str, where: Where, *, new: str = "") -> Where:
    """A subquery: what follows ``prefix:`` in the terms of ``section``'s rows meeting
    ``where`` (as the term ``new:value`` when ``new`` is given). The kept rows come first and
    their terms are looked up by ord (CROSS JOIN keeps SQLite to that order): scanning every
    term of the prefix would read the whole section's."""
    # Not the alias t: a read's own condition rewrites "t.key = r.key" (briefing_rows).
    value = f"substr(tv.term, {len(prefix) + 2})"
    if new:
        value = f"'{new}:' || {value}"
    sql = (
        f"SELECT {value} FROM briefing_rows r CROSS JOIN briefing_terms tv"
        " WHERE r.key = ? AND r.section = ? AND tv.key = r.key AND tv.section = r.section"
        # The prefix as substr, not a range: the terms are found by ord, never by a scan of
        # every term with the prefix.
        f" AND tv.ord = r.ord AND substr(tv.term, 1, {len(prefix) + 1}) = '{prefix}:'"
    )
    if where.sql:
        sql += f" AND ({where.sql})"
    return Where(sql, (key, section, *where.params))


def _found_by(key: str, section: str, terms: Where) -> Where:
    """A condition: the row has one of the terms the subquery or list ``terms`` gives."""
    return Where(
        "r.ord IN (SELECT t.ord FROM briefing_terms t WHERE t.key = ? AND t.section = ?"
        f" AND t.term IN ({terms.sql}))",
        (key, section, *terms.params),
    )


def _listed(values: Iterable[str]) -> Where:
    found = tuple(values)
    return Where(", ".join("?" * len(found)) or "NULL", found)


def _period_of(since: dt.date | None, until: dt.date | None) -> Where:
    where = EVERY
    if since is not None:
        where &= Where("r.date_end >= ?", (since.isoformat(),))
    if until is not None:
        where &= Where("r.date_start <= ?", (until.isoformat(),))
    return where


def _cited(key: str, sel: Mapping[str, Where]) -> Where:
    """A condition on documents: some kept item cites it (``filters._cited``)."""
    parts = [
        _term_values(key, "events", "doc", sel["events"]),
        _rows_of(key, "quotes", sel["quotes"], "r.doc"),
        _rows_of(key, "positions", sel["positions"], "r.doc"),
        _term_values(key, "position_changes", "cite", sel["position_changes"]),
        _term_values(key, "claims", "cite", sel["claims"]),
        _term_values(key, "entities", "cite", sel["entities"]),
    ]
    union = " UNION ".join(p.sql for p in parts)
    params = tuple(v for p in parts for v in p.params)
    return Where(f"r.item_id IN ({union})", params)


# -- the steps ------------------------------------------------------------------------------


def _period(key: str, since: dt.date | None, until: dt.date | None) -> dict[str, Where]:
    """``filters._period`` over every row (it is always the first step)."""
    own = _period_of(since, until)
    published = _rows_of(key, "documents", own, "r.item_id")
    cites_published = _rows_of(key, "documents", own, "'doc:' || r.item_id")
    return {
        "documents": own,
        "events": own,
        "positions": own,
        "position_changes": own,
        "quotes": Where(f"r.doc IN ({published.sql})", published.params),
        "entities": _found_by(key, "entities", cites_published),
        "claims": _found_by(key, "claims", cites_published),
    }


def _known_party(stored: StoredBriefing, party: str) -> bool:
    """Whether the rows' ``says:`` terms were worked out for ``party`` (rows._names_of): an
    entity's name, a position's holder or speaker, or a party."""
    key, found = stored.key, stored.tables._all
    statement = (
        "SELECT 1 FROM briefing_terms t WHERE t.key = ?"
        " AND t.section IN ('entities', 'positions')"
        " AND t.term = ? UNION SELECT 1 FROM briefing_rows r WHERE r.key = ?"
        " AND r.section IN ('entities', 'positions', 'position_changes') AND r.party = ?"
    )
    return bool(found(statement, (key, f"name:{party}", key, party)))


def _side_names(stored: StoredBriefing, entities: Where, party: str) -> set[str]:
    """The names on ``party``'s side as ``side_lookup`` over the kept entities gives them
    (each name's side is the first entity's, in the briefing's order), and the party."""
    kept = _rows_of(stored.key, "entities", entities & Where("r.party IS NOT NULL"))
    statement = (
        "SELECT t.ord, e.party, substr(t.term, 6) FROM briefing_terms t JOIN briefing_rows e"
        " ON e.key = t.key AND e.section = t.section AND e.ord = t.ord"
        f" WHERE t.key = ? AND t.section = 'entities' AND {_prefix('t', 'name')}"
        f" AND t.ord IN ({kept.sql}) ORDER BY t.ord"
    )
    first: dict[str, str] = {}
    for _ord, side, name in stored.tables._all(statement, (stored.key, *kept.params)):
        first.setdefault(str(name), str(side))
    return {party} | {name for name, side in first.items() if side == party}


def _party(stored: StoredBriefing, sel: dict[str, Where], party: str) -> dict[str, Where]:
    """``filters._party`` and then ``_cited_documents``."""
    key = stored.key
    names = sorted(_side_names(stored, sel["entities"], party))
    on_side = _listed(names)
    entities = sel["entities"] & Where(
        f"(r.name IN ({on_side.sql}) OR r.party = ?)", (*on_side.params, party)
    )
    # The claims whose words name the party or a name of a kept entity.
    entity_names = _term_values(key, "entities", "name", entities, new="says")
    said = Where(f"{entity_names.sql} UNION SELECT ?", (*entity_names.params, f"says:{party}"))
    out = {
        "entities": entities,
        "claims": sel["claims"] & _found_by(key, "claims", said),
        "positions": sel["positions"] & Where("(r.party = ? OR r.name = ?)", (party, party)),
        "position_changes": sel["position_changes"] & Where("r.party = ?", (party,)),
        "quotes": sel["quotes"]
        & Where(f"(r.name IN ({on_side.sql}) OR r.party = ?)", (*on_side.params, party)),
        "events": sel["events"] & _found_by(key, "events", _listed(f"name:{n}" for n in names)),
    }
    out["documents"] = sel["documents"] & _cited(key, out)
    return out


def _issue(key: str, sel: dict[str, Where], issue: str) -> dict[str, Where]:
    """``filters._issue`` and then ``_cited_documents``."""
    positions = sel["positions"] & Where("r.issue = ?", (issue,))
    told = _rows_of(key, "positions", positions, "'pos:' || r.ord")
    parties = _rows_of(key, "positions", positions & Where("r.party IS NOT NULL"), "r.party")
    out = {
        "positions": positions,
        "position_changes": sel["position_changes"] & Where("r.issue = ?", (issue,)),
        "events": sel["events"] & _found_by(key, "events", told),
        "quotes": sel["quotes"] & _found_by(key, "quotes", told),
        "claims": sel["claims"] & _found_by(key, "claims", told),
        "entities": sel["entities"] & Where(f"r.party IN ({parties.sql})", parties.params),
    }
    out["documents"] = sel["documents"] & _cited(key, out)
    return out


# -- the sources table ----------------------------------------------------------------------


def recounted_sources(stored: StoredBriefing, selection: Selection) -> list[BriefSource]:
    """The sources table over the selected documents and claims (``filters._recount``): each
    outlet's kept documents, their flags and their kept claims' statuses."""
    sources: list[BriefSource] = list(stored.rows("sources"))
    if not selection.narrowed:
        return sources
    key, run = stored.key, stored.tables._all
    documents = _rows_of(key, "documents", selection.where["documents"], "r.item_id, r.label")
    flags: dict[str, list[str]] = {}
    for doc_id, label in run(documents.sql, documents.params):
        flags[str(doc_id)] = str(label).split(",") if label else []
    claims = _rows_of(key, "claims", selection.where["claims"])
    statement = (
        "SELECT substr(t.term, 5), c.kind, count(*) FROM briefing_terms t JOIN briefing_rows c"
        " ON c.key = t.key AND c.section = t.section AND c.ord = t.ord"
        f" WHERE t.key = ? AND t.section = 'claims' AND {_prefix('t', 'doc')}"
        f" AND t.ord IN ({claims.sql}) GROUP BY substr(t.term, 5), c.kind"
    )
    # Plain lists and ints, not a Counter per document: at 100,000 documents these loops
    # run over every kept document and its claims' statuses.
    statuses: dict[str, list[tuple[str, int]]] = {}
    for doc_id, status, n in run(statement, (key, *claims.params)):
        statuses.setdefault(str(doc_id), []).append((str(status), int(n)))
    out = []
    for source in sources:
        kept = [d for d in source.documents if d in flags]
        if not kept:
            continue
        counts: dict[str, int] = {}
        for doc_id in kept:
            for status, n in statuses.get(doc_id, ()):
                counts[status] = counts.get(status, 0) + n
        out.append(
            BriefSource(
                outlet=source.outlet,
                documents=kept,
                flags=dict(sorted(Counter(f for d in kept for f in flags[d]).items())),
                counts={status: counts.get(status, 0) for status in source.counts},
            )
        )
    return out
