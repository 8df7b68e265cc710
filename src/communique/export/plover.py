"""The briefing's events as PLOVER records, for researchers who work with event data.

PLOVER (the Open Event Data Alliance's successor to CAMEO) writes one JSON object per event;
we write one per line (JSON Lines), with PLOVER's field names where PLOVER has the field and
a few of our own beside them. Our eleven event types are a negotiation-oriented subset of
PLOVER's categories; each maps to one category and, where PLOVER names a mode for what we
found, that mode:

=============  ==========  =========  ==============================================================
ours           ``event``   ``mode``   why
=============  ==========  =========  ==============================================================
TALKS          CONSULT                meetings and talks; PLOVER's modes (visit, host, phone,
                                      third-party, multilateral) are not told apart, so none
PROPOSE        AGREE                  PLOVER codes offers and proposals as AGREE
DEMAND         DEMAND
REJECT         REJECT
AGREE          AGREE
CEASEFIRE      RETREAT     ceasefire  PLOVER files a declared ceasefire under RETREAT
RELEASE        RETREAT     release    ... and a release of prisoners or hostages
THREATEN       THREATEN
ATTACK         ASSAULT                strikes, shelling and raids; FIGHT is the other PLOVER
                                      category for organised combat, not told apart here
SANCTION       SANCTION
INTEND         AGREE                  announced intentions: PLOVER's promises are AGREE
VOTE           OTHER                  a legislature's vote on a bill: no PLOVER category codes it
DEADLINE       OTHER                  a deadline or expiry (a fiscal cliff): not an act PLOVER codes
STATEMENT      OTHER                  a dated speech, announcement or report: PLOVER has no category
=============  ==========  =========  ==============================================================

The inverse direction (PLOVER to ours, used to score against PLOVER's gold records) is
:data:`communique.evaluation.plover.PLOVER_TO_OURS`; every pair here is one it accepts.

Fields of a record (PLOVER's own, then ours). As in PLOVER's files, a field with no value is
left out rather than written as null:

==================  ========================================================================
``id``              the event's id in the briefing
``date``            the event's date as the timeline gives it (YYYY-MM-DD, or a month, year,
                    ISO week or season when that is all the coverage tells)
``event``           the PLOVER category (table above)
``mode``            the PLOVER mode, or ``""`` when we found none
``eventText``       the event told in one line ("Korvania rejected the truce")
``source``          actors: ``[{"actorText": name, "code": side}]``; ``code`` is the side the
                    actor speaks for as the briefing names it (a country, a party, a union),
                    not a CAMEO or ISO code: communique keeps no table of countries
``target``          the actors acted on, the same way
``eventLoc``        ``{"name": place}`` where the coverage places it
``text``            the sentence of the first report, the citation's words
``language``        that report's language
``publication``     that report's outlet
``coder``           ``communique <version>``
``factuality``      ours: happened, planned, hypothetical, negated or historical (PLOVER
                    codes only what happened; filter on this to do the same)
``communiqueType``  ours: our own type (left column above)
``datePrecision``   ours: day, month, year, week, season, or absent when undated
``citations``       ours: every report of the event, each ``{document, start, end, text,
                    outlet, published}`` with offsets into that document's clean text
==================  ========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

from communique.brief.model import BriefDocument, BriefEvent, Briefing
from communique.brief.sections import side_lookup

__all__ = [
    "EXTENSION_FIELDS",
    "OURS_TO_PLOVER",
    "PLOVER_FIELDS",
    "plover_record",
    "plover_records",
]

_FALLBACK: Final = ("OTHER", "")  # no PLOVER category codes it; also a type added later

OURS_TO_PLOVER: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "TALKS": ("CONSULT", ""),
        "PROPOSE": ("AGREE", ""),
        "DEMAND": ("DEMAND", ""),
        "REJECT": ("REJECT", ""),
        "AGREE": ("AGREE", ""),
        "CEASEFIRE": ("RETREAT", "ceasefire"),
        "RELEASE": ("RETREAT", "release"),
        "THREATEN": ("THREATEN", ""),
        "ATTACK": ("ASSAULT", ""),
        "SANCTION": ("SANCTION", ""),
        "INTEND": ("AGREE", ""),
        "VOTE": _FALLBACK,
        "DEADLINE": _FALLBACK,
        "STATEMENT": _FALLBACK,
    }
)
"""Our event type -> (PLOVER category, PLOVER mode or "")."""

PLOVER_FIELDS: Final = (
    "id",
    "date",
    "event",
    "mode",
    "eventText",
    "source",
    "target",
    "eventLoc",
    "text",
    "language",
    "publication",
    "coder",
)
"""The PLOVER fields a record may carry (each one a field of PLOVER's gold records)."""

EXTENSION_FIELDS: Final = ("factuality", "communiqueType", "datePrecision", "citations")
"""Our fields beside PLOVER's (none of them a PLOVER field)."""


def plover_records(briefing: Briefing) -> Iterator[dict[str, Any]]:
    """Every event of ``briefing`` as a PLOVER record, in timeline order."""
    documents = {d.id: d for d in briefing.documents}
    side_of = side_lookup(briefing.entities)
    for event in briefing.events:
        yield plover_record(event, documents=documents, side_of=side_of)


def plover_record(
    event: BriefEvent,
    *,
    documents: Mapping[str, BriefDocument],
    side_of: Callable[[str | None], str | None],
) -> dict[str, Any]:
    """One event as a PLOVER record (see the module's table), null fields left out."""
    category, mode = OURS_TO_PLOVER.get(event.type, _FALLBACK)
    first = event.evidence[0] if event.evidence else None
    doc = documents.get(first.document) if first else None
    from communique import __version__

    record: dict[str, Any] = {
        "id": event.id,
        "date": event.date,
        "event": category,
        "mode": mode,
        "eventText": event.summary,
        "source": _actors(event.actors, side_of),
        "target": _actors(event.targets, side_of),
        "eventLoc": {"name": event.place} if event.place else None,
        "text": first.text if first else None,
        "language": doc.language if doc else None,
        "publication": doc.outlet if doc else None,
        "coder": f"communique {__version__}",
        "factuality": event.mode,
        "communiqueType": event.type,
        "datePrecision": event.date_precision,
        "citations": [
            _citation(ev.document, ev.start, ev.end, ev.text, documents) for ev in event.evidence
        ],
    }
    return {k: v for k, v in record.items() if v is not None and v != []}


def _actors(
    names: Iterable[str], side_of: Callable[[str | None], str | None]
) -> list[dict[str, str]]:
    out = []
    for name in names:
        side = side_of(name)
        out.append({"actorText": name, "code": side} if side else {"actorText": name})
    return out


def _citation(
    doc_id: str, start: int, end: int, text: str, documents: Mapping[str, BriefDocument]
) -> dict[str, Any]:
    doc = documents.get(doc_id)
    return {
        "document": doc_id,
        "start": start,
        "end": end,
        "text": text,
        "outlet": doc.outlet if doc else None,
        "published": doc.published if doc else None,
    }
