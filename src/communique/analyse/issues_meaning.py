"""Issues by meaning: the negotiated object read beside each issue's description.

The codebook's words catch "tariffs" and "border security"; they miss "a barrier along the
frontier" or "the president's trade proposal", which say the same thing in other words. The
object of a stance and each issue's texts (its label with its description, its label, each of
its phrases and keywords) are embedded with the shipped MiniLM sentence model
(:mod:`communique.analyse.embed`); an object with no cue word takes the issue of the text it is
closest to, when that is close enough to be more than a shared word.
Objects that stay unmapped are what :func:`~communique.annotate.codebook.codebook_gaps` proposes.

A stance on "the deal", "the bill" or "it" names no issue of its own, yet a story is about one
deal, and its writer names it once in full ("the tax deal", "the trade bill") before shortening
it: :func:`deal_subjects` finds, per document, the issue its deal words are most often
qualified by, so the deal as a whole is filed where an analyst would file it.

Example::

    >>> issues_by_meaning(["a barrier along the southern frontier"], book, embedder)
    ['border_security']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import numpy as np

from communique.analyse.embedders import Embedder
from communique.annotate.codebook import UNMAPPED, Codebook, codebook_gaps, cue_words

__all__ = [
    "GAP_SIMILARITY",
    "MIN_SIMILARITY",
    "DealCounts",
    "counted_deals",
    "deal_counts",
    "deal_subjects",
    "gaps_by_meaning",
    "issues_by_meaning",
    "subjects_of",
]

MIN_SIMILARITY: Final = 0.6
"""Cosine between an object and an issue's closest text below which the object stays unmapped:
set on invented pairs (objects that paraphrase an issue score 0.6 to 0.8 with MiniLM; vague
ones such as "political advantages" or a person's name stay below 0.5)."""
GAP_SIMILARITY: Final = 0.7
"""Cosine at or above which two unmapped objects are one gap: on invented objects MiniLM gives
0.78–0.86 to rewordings ("night shift pay", "overtime pay for night shifts") and under 0.4 to
different matters of one domain ("water rights", "fishing quotas")."""
_MIN_WORDS: Final = 2
"""A one-word object ("deal", "terms") is too vague to stand for an issue by meaning."""
_DEAL_GAP: Final = 1
"""Words that may stand between an issue's cue and the deal word it qualifies: "the tax cut
compromise" (none), "the trade promotion bill" (one); more and the cue belongs to another
phrase of the sentence."""


def issues_by_meaning(
    objects: Sequence[str],
    codebook: Codebook,
    embedder: Embedder,
    *,
    min_similarity: float = MIN_SIMILARITY,
) -> list[str]:
    """The issue each object means (:data:`UNMAPPED` where none is close enough)."""
    out = [UNMAPPED] * len(objects)
    wanted = [i for i, o in enumerate(objects) if len(o.split()) >= _MIN_WORDS]
    texts: list[str] = []
    owners: list[str] = []
    for issue in codebook.issues:
        if issue.fallback:
            continue  # "the deal" by its words only: by meaning it would draw every vague object
        described = [f"{issue.label}: {issue.description}"] if issue.description else []
        for text in (*described, issue.label, *issue.phrases, *issue.keywords):
            texts.append(text)
            owners.append(issue.id)
    if not wanted or not texts:
        return out
    similarity = embedder.embed([objects[i] for i in wanted]) @ embedder.embed(texts).T
    best = np.argmax(similarity, axis=1)
    for row, index in enumerate(wanted):
        if similarity[row, best[row]] >= min_similarity:
            out[index] = owners[int(best[row])]
    return out


def gaps_by_meaning(
    positions_objects: Iterable[tuple[str, str]],
    *,
    embedder: Embedder,
    min_count: int = 2,
    min_similarity: float = GAP_SIMILARITY,
) -> list[tuple[str, int]]:
    """:func:`~communique.annotate.codebook.codebook_gaps` with rewordings counted together.

    On real coverage each outlet words the same uncovered matter its own way ("legal status",
    "a legal status for those here"), so counting spellings alone leaves every gap at one and
    the user is told nothing. Objects are taken most frequent first; each joins the first
    earlier gap whose wording it is close to, else starts its own. Returns (the gap's most
    frequent wording, count) for counts of at least ``min_count``, most frequent first.
    """
    each = codebook_gaps(positions_objects, min_count=1)
    if len(each) < 2:
        return [(obj, n) for obj, n in each if n >= min_count]
    vectors = embedder.embed([obj for obj, _ in each])
    heads: list[int] = []
    totals: list[int] = []
    for i, (_, n) in enumerate(each):
        if heads:
            sims = vectors[heads] @ vectors[i]
            best = int(np.argmax(sims))
            if float(sims[best]) >= min_similarity:
                totals[best] += n
                continue
        heads.append(i)
        totals.append(n)
    ranked = sorted(
        zip((each[h][0] for h in heads), totals, strict=True), key=lambda g: (-g[1], g[0])
    )
    return [(obj, n) for obj, n in ranked if n >= min_count]


DealCounts = tuple[tuple[str, int], ...]
"""(issue, count) of one document's qualified deal words, in the order first counted."""


def deal_subjects(texts: Mapping[str, str], codebook: Codebook) -> dict[str, str]:
    """The issue "the deal" stands for in each document (:data:`UNMAPPED` where none).

    Each deal word (a cue of a ``fallback`` issue: "deal", "bill", "compromise") that has a
    substantive issue's cue just before it ("the tax deal", "a trade bill") counts for that
    issue; a document's deal is its most counted issue, the first named on a tie. A document
    that never names its deal in full takes the coverage's (the same negotiation reported
    elsewhere). Issues about how the talks run (``process``: "the peace deal", "the negotiated
    deal") say nothing of a deal's substance and do not count.
    """
    return subjects_of(counted_deals(texts, codebook))


def deal_counts(text: str, codebook: Codebook) -> DealCounts:
    """One document's part of :func:`deal_subjects`: what its deal words are qualified by. It
    depends on the text and the codebook alone, so a build keeps it per text and codebook and
    scans only new documents (the scan is most of the pass: milliseconds a document)."""
    fallback = {i.id for i in codebook.issues if i.fallback}
    skip = fallback | {i.id for i in codebook.issues if i.process}
    words = cue_words(text)
    hits = codebook.match([(w, w) for w in words])
    deals = [h for h in hits if h.issue in fallback]
    counted = Counter(
        h.issue
        for d in deals
        for h in hits
        if h.issue not in skip and h.start < d.start <= h.end + _DEAL_GAP
    )
    return tuple(counted.items())


def counted_deals(texts: Mapping[str, str], codebook: Codebook) -> dict[str, DealCounts]:
    """:func:`deal_counts` of each document (``{doc_id: text}``), worked out afresh."""
    return {doc_id: deal_counts(text, codebook) for doc_id, text in texts.items()}


def subjects_of(counts: Mapping[str, DealCounts]) -> dict[str, str]:
    """:func:`deal_subjects` from each document's :func:`deal_counts`."""
    each = {doc_id: Counter(dict(c)) for doc_id, c in counts.items()}
    overall: Counter[str] = sum(each.values(), Counter())
    coverage = _most(overall)
    return {doc_id: _most(c) or coverage for doc_id, c in each.items()}


def _most(counts: Counter[str]) -> str:
    # most_common keeps first-counted order on ties: the issue named first in the text
    return counts.most_common(1)[0][0] if counts else UNMAPPED
