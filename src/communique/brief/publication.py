"""When each document was published, as the briefing uses it.

A document's day, or the range its text or the corpus allows (see
:mod:`communique.annotate.dating`), decides three things downstream: which documents are stale
beside the rest of the corpus, the day by which a document's undated events had happened, and
the interval its undated positions carry. Kept apart from the build so the build stays about
assembling passes.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from communique.brief.model import BriefDocument
from communique.models import Document, iso_day

__all__ = [
    "STALE_DAYS",
    "brief_document",
    "dated_by",
    "publication_span",
    "range_value",
    "report_day",
    "stale_documents",
]

STALE_DAYS = 365
"""A document published this far outside the period the rest of the corpus covers is stale."""


def dated_by(documents: Iterable[Document]) -> dict[str, int]:
    """How many documents were dated how: by their metadata (or page, or publication line),
    by their text or the corpus (to a day, or to a range), or not at all."""
    counts: Counter[str] = Counter()
    for doc in documents:
        basis = doc.published_basis or ""
        by = "corpus" if basis.startswith("inferred:corpus") else "text"
        if doc.published is not None:
            counts[by if basis.startswith("inferred:") else "metadata"] += 1
        elif doc.published_earliest is not None or doc.published_latest is not None:
            counts[f"{by}_range"] += 1
        else:
            counts["unknown"] += 1
    return {k: counts[k] for k in sorted(counts)}


def publication_span(doc: Document) -> tuple[dt.date, dt.date] | None:
    """The first and last day a document can have been published: its day, or its range when
    both ends are known (a day inferred to two days' precision spans both); None when either
    is open."""
    if doc.published is not None:
        lo, hi = doc.published_earliest, doc.published_latest
        if lo is not None and hi is not None and lo <= doc.published <= hi:
            return lo, hi
        return doc.published, doc.published
    if doc.published_earliest is not None and doc.published_latest is not None:
        return doc.published_earliest, doc.published_latest
    return None


def stale_documents(documents: Sequence[Document], *, days: int = STALE_DAYS) -> set[str]:
    """Documents published far outside the period the rest of the corpus covers.

    Distance is measured from the median date, allowing ``days`` plus three median absolute
    deviations, so one old article cannot stretch the period it is judged against, and a
    corpus that really spans years flags nothing. A document known only within a range counts
    by its range's middle for the period, and is stale only when its whole range is far out.
    """
    spans = [(span, d.id) for d in documents if (span := publication_span(d)) is not None]
    if len(spans) < 3:
        return set()
    ordinals = sorted((lo.toordinal() + hi.toordinal()) / 2 for (lo, hi), _ in spans)
    middle = statistics.median(ordinals)
    spread = statistics.median(abs(o - middle) for o in ordinals)
    limit = days + 3 * spread
    return {
        doc_id
        for (lo, hi), doc_id in spans
        if min(abs(lo.toordinal() - middle), abs(hi.toordinal() - middle)) > limit
        and not lo.toordinal() <= middle <= hi.toordinal()
    }


_NARROW_DAYS = 31
"""A range this short places a document's undated events "by" its last day."""


def report_day(doc: Document) -> dt.date | None:
    """The day a document's undated events are placed "by": its day, or the last day of a
    narrow range (the event was told, so it happened, by then)."""
    span = publication_span(doc)
    if span is None or (span[1] - span[0]).days > _NARROW_DAYS:
        return None
    return span[1]


def range_value(doc: Document) -> str | None:
    """A ranged document's publication as an ISO interval, for its undated positions."""
    span = publication_span(doc)
    if doc.published is not None or span is None:
        return None
    return f"{span[0].isoformat()}/{span[1].isoformat()}"


def brief_document(doc: Document, *, stale: bool) -> BriefDocument:
    return BriefDocument(
        id=doc.id,
        source=doc.source,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        published=iso_day(doc.published),
        published_basis=doc.published_basis,
        published_earliest=iso_day(doc.published_earliest),
        published_latest=iso_day(doc.published_latest),
        language=doc.language,
        flags=[*doc.flags, *(["stale"] if stale else [])],
        url=doc.url,
    )
