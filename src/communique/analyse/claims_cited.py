"""Each sentence's words cited by one claim.

A long sentence gives one mention per clause (:mod:`communique.analyse.claims_check_worthy`),
and a reader is shown the whole sentence a clause stands in. When two clauses of one sentence
fall in two claims, each claim would cite (and often show) that same whole sentence: the
reader sees one sentence's fact twice, under two claims. A claim that tells nothing beyond
that sentence joins another claim citing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from communique.analyse.claims_types import Claim, ClaimMention

__all__ = ["cited_once"]


def _holders(claims: Sequence[Claim]) -> dict[tuple[str, int, int], list[int]]:
    """Each cited sentence (document, start, end) -> the claims citing it, in order."""
    holders: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for n, claim in enumerate(claims):
        for span in dict.fromkeys((m.doc_id, *m.cited) for m in claim.mentions):
            holders[span].append(n)
    return holders


def _lone_in(claim: Claim) -> tuple[str, int, int] | None:
    """The sentence a plain single-source claim tells nothing beyond, if there is one."""
    if claim.status != "single_source" or claim.evidence or not claim.mentions:
        return None
    first = claim.mentions[0]
    span = (first.doc_id, *first.cited)
    # Stops at the first other sentence: a claim of many mentions is read no further.
    if any((m.doc_id, *m.cited) != span for m in claim.mentions):
        return None
    return span


def cited_once(claims: Sequence[Claim]) -> list[Claim]:
    """``claims`` with each claim lone in a sentence (:func:`_lone_in`) that other claims cite
    too joined to one of them (:func:`_host`): it is no fact of its own to the reader. A claim
    whose fact has another standing elsewhere (corroborated, disputed) is left apart: the
    sentence tells two facts. Claim ids, statuses and origins are kept, and a folded claim's
    mentions count where they went (the same document, so the same origin)."""
    into: dict[int, int] = {}
    lone = [_lone_in(claim) is not None for claim in claims]
    keys = _Keys(claims)
    for held in _holders(claims).values():
        if len(held) < 2:
            continue
        for n in held:
            if n not in into and lone[n]:
                host = _host(claims, n, [h for h in held if h not in into], lone=lone, keys=keys)
                if host is not None and host != n:
                    into[n] = host
    if not into:
        return list(claims)
    joined: dict[int, list[ClaimMention]] = defaultdict(list)
    for n, host in into.items():
        while host in into:
            host = into[host]
        joined[host].extend(claims[n].mentions)
    return [
        _joined(claim, joined[n]) if n in joined else claim
        for n, claim in enumerate(claims)
        if n not in into
    ]


def _host(
    claims: Sequence[Claim], n: int, held: Sequence[int], *, lone: Sequence[bool], keys: _Keys
) -> int | None:
    """The claim lone claim ``n`` joins among ``held`` (those citing its sentence): one that
    holds all its mentions already, else a plain single-source one (the same standing),
    one telling more than the sentence first, else none. ``lone[h]``: whether claim ``h`` is
    lone in a sentence (:func:`_lone_in`); ``keys``: the claims' mention keys."""
    mine = keys[n]
    others = [h for h in held if h != n]
    whole = [h for h in others if mine <= keys[h]]
    plain = [h for h in held if claims[h].status == "single_source" and not claims[h].evidence]
    plain.sort(key=lambda h: lone[h])
    return next(iter(whole or plain), None)


class _Keys:
    """Each claim's :func:`_keys`, worked out when first asked for: most claims are never
    asked, and a claim of thousands of mentions is asked by every lone clause it holds."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._claims = claims
        self._keys: dict[int, set[tuple[str, int, int, object]]] = {}

    def __getitem__(self, n: int) -> set[tuple[str, int, int, object]]:
        keys = self._keys.get(n)
        if keys is None:
            keys = self._keys[n] = _keys(self._claims[n].mentions)
        return keys


def _keys(mentions: Sequence[ClaimMention]) -> set[tuple[str, int, int, object]]:
    return {(m.doc_id, m.start, m.end, m.quoted) for m in mentions}


def _joined(claim: Claim, more: Sequence[ClaimMention]) -> Claim:
    keys = _keys(claim.mentions)
    extra = [m for m in more if (m.doc_id, m.start, m.end, m.quoted) not in keys]
    mentions = (*claim.mentions, *extra)
    text = claim.text
    if _lone_in(claim) is not None:
        # One sentence's clauses, shown by the headline that shows most of it.
        text = max((m.headline for m in mentions), key=len)
    return replace(claim, text=text, mentions=mentions)
