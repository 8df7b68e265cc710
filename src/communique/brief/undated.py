"""The events a briefing cannot date, listed where a reader can still use them.

An event the text gives no date of its own, in a document known only within a range ("on or
after 2025-01-01"), has no place on the timeline: it happened by the time the document was
written, but that bounds nothing from below, so "2025 or later" would be a guess. A reader
still wants it: what the document reports, beside when the document was written. So each such
event is listed under the document that tells it, documents in the order they were written
(a range by its first day, undated ones last), events in the order the document tells them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from communique.brief.model import BriefDocument, BriefEvent, Briefing
from communique.brief.sections import dated_events, document_date

__all__ = ["UndatedEvent", "undated_events"]


@dataclass(frozen=True, slots=True)
class UndatedEvent:
    """An event with no date, with ``tellers``: every document that tells it and when each was
    written, in words ("on or after 2025-01-01"), in the order documents are listed. The event
    stands under the first (:attr:`document`); a later one's range is often what says which
    talks."""

    event: BriefEvent
    tellers: tuple[tuple[BriefDocument, str], ...]

    @property
    def document(self) -> BriefDocument:
        """The document the event is listed under: the first to tell it."""
        return self.tellers[0][0]

    @property
    def written(self) -> str:
        """When :attr:`document` was written, in words."""
        return self.tellers[0][1]


def undated_events(briefing: Briefing) -> list[UndatedEvent]:
    """The briefing's events that are not on the timeline, in document order."""
    dated = {e.id for e in dated_events(briefing)}
    documents = {d.id: d for d in briefing.documents}
    rank = {doc_id: i for i, doc_id in enumerate(sorted(documents, key=_written_key(documents)))}
    out = []
    for event in briefing.events:
        told = [v for v in event.evidence if v.document in documents]
        if event.id in dated or not told:
            continue
        first = min(told, key=lambda v: (rank[v.document], v.start))
        ids = sorted({v.document for v in told}, key=rank.__getitem__)
        tellers = tuple((documents[i], document_date(documents[i])) for i in ids)
        out.append((rank[first.document], first.start, UndatedEvent(event, tellers)))
    out.sort(key=lambda x: (x[0], x[1]))
    return [item for _, _, item in out]


def _written_key(documents: Mapping[str, BriefDocument]) -> Callable[[str], tuple[str, str]]:
    """Documents by the first day they can have been written; undated ones last."""

    def key(doc_id: str) -> tuple[str, str]:
        doc = documents[doc_id]
        return (doc.published or doc.published_earliest or doc.published_latest or "~", doc_id)

    return key
