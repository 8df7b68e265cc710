"""Claims checked across sources: corroborated, single-source, disputed or contradicted.

Two steps, each a plain function:

1. :func:`find_check_worthy` (:mod:`communique.analyse.claims_check_worthy`) reads one
   document through its language layer (:class:`DocumentLayers`: clauses cut from spaCy's
   parse, entities with roles and titles, TIMEX values, figures, quotes with speakers) and
   keeps the factual clauses: a figure, a day, or a name with something done. Questions,
   opinion, clauses a modal hedges ("could", "should"), pure quotes of opinion and page
   furniture are left out. A long sentence gives one mention per clause, so the one fact two
   outlets share is compared on its own; the reader is still shown the whole sentence, under
   one claim when it tells one fact (:mod:`communique.analyse.claims_cited`). Each
   mention has its *origin*: copies of one wire story or duplicates of one article share an
   origin, so they count once.
2. :func:`cluster_claims` groups the mentions that say the same thing and judges each group.

Same thing means, on two tiers: clause vectors close (cosine >= ``threshold``) once the slot
values are masked ("# dockers walked out on #"), so that two reports differing only in a
count still meet; or, for a paraphrase (cosine >= ``paraphrase_threshold``), close and
anchored (:mod:`communique.analyse.claims_frames`): a shared name and a second one, the same
day, an agreeing figure or two distinctive content words (or, naming nobody in common, the same
figure of the same thing in shared words), with no day, place or figure disagreeing, and never
two clauses of one document. A clause close to a claim it is not part of (it carries two
facts) is shown as a telling of that claim as well. Names agree (an office,
"the speaker", stands for whoever the layer titled so), kinds of event are not opposites (a
vector puts "agreed to the offer" next to "rejected the offer"), and the days they name lie
within ``day_slack`` of each other across the whole claim. Candidates come from blocks
(:mod:`communique.analyse.claims_neighbours`), never from all pairs.

Status, strongest first:

* ``contradicted``: two documents give different values for one slot (a figure, a day, a
  place, a title, who leads a delegation, who is gaining ground)
  (:mod:`communique.analyse.claims_conflicts`), or quote one speaker in the same words but
  for a negation (:mod:`communique.analyse.claims_quotes`). A disagreement between clauses
  that are not one claim (a person's title in one article, "former" in another; the same
  figure of the same goods in a looser paraphrase) becomes a claim of its own;
* ``disputed``: a party or outlet denies it: in a sentence grouped with it, in the sentence
  right after it ("X denied that."), or in a denial that names the same entities and says
  nearly the same thing;
* ``corroborated``: two or more independent origins assert it, or quote one speaker in the
  same words, negations and all (:func:`~communique.analyse.claims_quotes.quote_echoes`: the
  check-worthy step leaves a quote of opinion out of the told claims, yet "X said Y" told
  alike by two outlets is the plainest corroboration there is);
* ``single_source``: one origin.

A corroborated claim that a party denies is ``disputed``: the denial is the news a reader
must not miss; :attr:`Claim.origins` still says how many origins assert it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

from communique.analyse.claims_check_worthy import find_check_worthy, origin_of
from communique.analyse.claims_cited import cited_once
from communique.analyse.claims_conflicts import conflicts_across, conflicts_within
from communique.analyse.claims_frame_pairs import FrameClause, frame_pairs
from communique.analyse.claims_frames import (
    Coded,
    Node,
    agree,
    agree_many,
    anchored,
    content_words,
    distinctive_words,
    may_anchor,
    topic_words,
)
from communique.analyse.claims_layers import (
    DocumentLayers,
)
from communique.analyse.claims_neighbours import Pairs, nearest_pairs
from communique.analyse.claims_quotes import quote_echoes, quote_flips
from communique.analyse.claims_slots import (
    DateValue,
    Quantity,
    Slot,
    name_key,
    name_words,
)
from communique.analyse.claims_types import (
    Claim,
    ClaimMention,
    ClaimStatus,
    Evidence,
    EvidenceSide,
    MentionFacts,
)
from communique.analyse.slotted import making
from communique.models import WEAK_FLAGS

if TYPE_CHECKING:
    from communique.analyse.embedders import Embedder

__all__ = [
    "WEAK_FLAGS",
    "Claim",
    "ClaimMention",
    "ClaimStatus",
    "ConflictsWithin",
    "DateValue",
    "DocumentLayers",
    "Evidence",
    "EvidenceSide",
    "MentionFacts",
    "Quantity",
    "Slot",
    "claim_texts",
    "cluster_claims",
    "conflicts_each",
    "find_check_worthy",
    "mention_facts",
    "origin_of",
    "weigh_flagged",
]

ConflictsWithin = Callable[[Sequence[Sequence[ClaimMention]], int], list[list[Evidence]]]
"""Gives :func:`conflicts_within` of each claim's asserting mentions, in their order, with
``window_days``: :mod:`communique.brief.cache` reads back those of claims judged before."""


def conflicts_each(
    claimed: Sequence[Sequence[ClaimMention]], window_days: int
) -> list[list[Evidence]]:
    """:func:`conflicts_within` of each group: worked out, nothing kept."""
    return [conflicts_within(group, window_days=window_days) for group in claimed]


# --- clustering ------------------------------------------------------------------------------


def _masked(m: ClaimMention) -> str:
    """The clause with slot values masked, so two reports differing only in them meet, and
    without the clauses nested in it."""
    spans = [(d.start, d.end, "#") for d in m.dates]
    if m.numbers:
        spans += [(q.start, q.end, "#") for q in m.numbers]
    if m.slots:
        spans += [(s.start, s.end, "X") for s in m.slots if s.kind != "title"]
    if m.gaps:
        spans += [(s, e, " ") for s, e in m.gaps]
    if not spans:  # a third of all clauses: nothing to mask
        return " ".join(m.text.split())
    text, cursor, parts = m.text, m.start, []
    for start, end, mark in sorted(spans):
        if start < cursor or start >= m.end:
            continue
        parts += [text[cursor - m.start : start - m.start], mark]
        cursor = end
    parts.append(text[cursor - m.start :])
    return " ".join("".join(parts).split())


def _topics(m: ClaimMention) -> frozenset[str]:
    """Word stems of the names the claim is about, less the names that fill a slot (two
    reports that disagree on who leads a delegation still speak of the same delegation)."""
    values: set[str] = set()
    for s in m.slots:
        if s.kind != "title":
            values |= name_words(name_key(s.value))
    words: set[str] = set(m.offices)  # "the speaker" is whoever holds that office
    for name in m.entities:
        words |= topic_words(name)
    if m.attributed_to:
        # Whom the quote layer gave the words to, though the tagger missed the name here:
        # its capitalised words ("the union leader, Orme"), not a source such as "aides".
        named = [w for w in m.attributed_to.split()[1:] if w[:1].isupper()]
        first = m.attributed_to.split()[0]
        if first[:1].isupper() and first.lower() not in ("the", "a", "an"):
            named.insert(0, first)
        if named:
            words |= topic_words(" ".join(w.strip(",.") for w in named))
    return frozenset(words - values)


def _names(m: ClaimMention, topics: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The topic words grouped by the name they come from: "Volodymyr Zelensky" is one
    party to a claim, not two, and an office ("the president") names nobody by itself."""
    groups = {topic_words(name) & topics for name in m.entities}
    return tuple(sorted((g for g in groups if g), key=sorted))


def _node_keys(m: ClaimMention, words: frozenset[str]) -> frozenset[str]:
    keys = {f"e:{w[:5]}" for w in words}
    keys |= {f"n:{q.unit}" for q in m.numbers if q.unit}
    keys |= {f"d:{d.value}" for d in m.dates if d.kind == "day"}
    keys |= {f"p:{p}" for p in m.predicates}
    return frozenset(keys) or frozenset({"none"})


def _day(m: ClaimMention) -> int | None:
    """The earliest resolved day the mention names, as an ordinal; None when it names none."""
    days = []
    for d in m.dates:
        if d.kind == "day":
            try:
                days.append(date.fromisoformat(d.value).toordinal())
            except ValueError:
                continue
    return min(days, default=None)


def mention_facts(m: ClaimMention) -> MentionFacts:
    """What node building derives from ``m`` alone. Its document's reading keeps them: a
    change to :func:`_masked`, :func:`_day` or :func:`content_words` must bump
    :data:`communique.brief.cache.READING_VERSION`, as a change to reading a document does."""
    return MentionFacts(_masked(m), _day(m), " ".join(sorted(content_words(m.words, m.entities))))


def claim_texts(
    mentions: Sequence[ClaimMention], facts: Sequence[MentionFacts | None] = ()
) -> list[str]:
    """The sentences :func:`cluster_claims` embeds for ``mentions`` and ``facts`` (as it takes
    them), in the order it embeds them: the masked texts of the told mentions, sorted, as
    :func:`_nodes` gives them. A build gives them to its embedder ahead
    (:meth:`communique.analyse.embed_cache.CachedEmbedder.ahead`)."""
    return sorted({f.masked for f in _told_facts(mentions, facts)})


def _told_facts(
    mentions: Sequence[ClaimMention], facts: Sequence[MentionFacts | None]
) -> list[MentionFacts]:
    """The :func:`mention_facts` of the told (not quoted) mentions, in their order: ``facts``
    where given (None: worked out here)."""
    known = list(facts) or [None] * len(mentions)
    return [f or mention_facts(m) for m, f in zip(mentions, known, strict=True) if m.quoted is None]


def _nodes(
    mentions: Sequence[ClaimMention], facts: Sequence[MentionFacts]
) -> tuple[list[Node], list[str]]:
    """The nodes, sorted by masked text and then by day (undated first), and the masked texts
    (a node's ``text`` indexes them); ``facts`` are the mentions' :func:`mention_facts`.
    Their content words and common names are those of :func:`distinctive_words` already."""
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        groups[(f.masked, f.day)].append(i)
    ordered = sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] is not None, g[0][1] or 0))
    firsts = [mentions[members[0]] for _, members in ordered]
    topics = [_topics(m) for m in firsts]
    contents = [frozenset(facts[members[0]].content.split()) for _, members in ordered]
    rare, common = distinctive_words(contents, topics)
    texts: dict[str, int] = {}
    # Its slots set directly, in field order: tens of thousands of nodes in a large corpus.
    make = making(Node)
    nodes = []
    for ((masked, day), members), first, named, content in zip(
        ordered, firsts, topics, contents, strict=True
    ):
        nodes.append(
            make(
                masked,  # masked
                texts.setdefault(masked, len(texts)),  # text
                day,
                tuple(members),
                named,  # topics
                frozenset(first.predicates),
                first.denial,
                _node_keys(first, named),  # keys
                first.numbers,
                first.dates,
                frozenset(p.value for p in first.slots if p.kind == "place"),  # places
                content & rare,  # content
                _names(first, named),  # names
                named & common,  # common
            )
        )
    return nodes, list(texts)


class _Groups:
    """Union-find over node indices that keeps each group's days within ``slack`` of each
    other: a claim's reports may disagree on its day by a little, and a chain of reports a
    day apart must not join the exchange of March to the exchange of May."""

    def __init__(
        self, days: Sequence[int | None], *, slack: int, docs: Sequence[frozenset[str]] = ()
    ) -> None:
        self.parent = list(range(len(days)))
        self.lo = list(days)
        self.hi = list(days)
        self.slack = slack
        self.docs = list(docs) or [frozenset()] * len(days)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, *, apart: bool = False) -> None:
        """Join the groups of ``a`` and ``b`` unless their days would then span too long
        or, when ``apart``, unless the two groups share a document."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (apart and self.docs[ra] & self.docs[rb]):
            return
        # A group's first and last days are both None (undated) or neither is.
        lo, hi = self.lo[ra], self.hi[ra]
        lo_b, hi_b = self.lo[rb], self.hi[rb]
        if lo is None or hi is None:
            lo, hi = lo_b, hi_b
        elif lo_b is not None and hi_b is not None:
            lo, hi = min(lo, lo_b), max(hi, hi_b)
        if lo is not None and hi is not None and hi - lo > self.slack:
            return
        root, child = (ra, rb) if ra < rb else (rb, ra)
        self.parent[child] = root
        self.docs[root] = self.docs[ra] | self.docs[rb]
        self.lo[root] = lo
        self.hi[root] = hi


def _day_pairs(
    nodes: Sequence[Node], a: Sequence[int], b: Sequence[int], slack: int
) -> Iterator[tuple[int, int]]:
    """Pairs of nodes, one from ``a`` and one from ``b`` (each sorted by day, undated first),
    whose days are within ``slack`` of each other or of which one is undated: sorted search,
    so a masked text told on 2,000 days costs 2,000 steps, not four million."""
    days_b = [nodes[j].day for j in b]
    dated_b = next((n for n, d in enumerate(days_b) if d is not None), len(b))
    keys_b = [d for d in days_b[dated_b:] if d is not None]
    for i in a:
        day = nodes[i].day
        if day is None:
            near: Iterable[int] = b
        else:
            lo = dated_b + bisect_left(keys_b, day - slack)
            hi = dated_b + bisect_right(keys_b, day + slack)
            near = [*b[:dated_b], *b[lo:hi]]
        for j in near:
            if i != j:
                yield (i, j) if i < j else (j, i)


def cluster_claims(
    mentions: Sequence[ClaimMention],
    *,
    embedder: Embedder,
    threshold: float = 0.75,
    paraphrase_threshold: float = 0.55,
    also_threshold: float = 0.6,
    related_threshold: float = 0.5,
    window_days: int = 120,
    day_slack: int = 3,
    top_k: int = 10,
    max_block: int = 2048,
    conflicts: ConflictsWithin = conflicts_each,
    facts: Sequence[MentionFacts | None] = (),
) -> list[Claim]:
    """Group mentions that say the same thing and judge each group; biggest claims first.

    ``threshold`` is the cosine two masked clauses need to be one claim on their words alone;
    at ``paraphrase_threshold`` they are one claim when their slots agree as well (see
    :func:`_anchored`): two outlets telling one fact in their own words. A clause at
    ``also_threshold`` or more to an anchored clause of another claim is shown as a telling
    of that claim too (one clause often carries two facts), as is one at the paraphrase tier
    that names the same day (:func:`_close_pairs`). Sentences at
    ``related_threshold`` or more that name the same entities are *related*: a lone denial
    disputes the closest related claim, and related sentences that count the same thing
    differently make a contradiction of their own (as do one person's titles, or one
    delegation's leaders, anywhere in the coverage). Only documents published within
    ``window_days`` of each other can contradict each other. Reports whose days lie more
    than ``day_slack`` days apart are of different happenings (this week's prisoner exchange
    and last month's), never one claim. ``conflicts`` finds the contradictions within each
    claim (:data:`ConflictsWithin`); ``facts``, when given, are the mentions'
    :func:`mention_facts` in their order (None: worked out here), kept with their readings.
    See the module docstring for cost.
    """
    told_facts = _told_facts(mentions, facts)
    told = [m for m in mentions if m.quoted is None]
    quoted = [m for m in mentions if m.quoted is not None]
    claims = [
        _fact_claim(quoted, rows, evidence)
        for rows, evidence in quote_flips(quoted, window_days=window_days)
    ]
    claims += _told_claims(
        told,
        told_facts,
        embedder=embedder,
        threshold=threshold,
        paraphrase_threshold=paraphrase_threshold,
        also_threshold=also_threshold,
        related_threshold=related_threshold,
        window_days=window_days,
        day_slack=day_slack,
        top_k=top_k,
        max_block=max_block,
        conflicts=conflicts,
    )
    claims += _echo_claims(quoted, claims, window_days=window_days)
    claims.sort(key=lambda c: (-len(c.mentions), c.mentions[0].doc_id, c.mentions[0].start))
    # After the sort: a claim keeps its place whatever clauses of its sentence join it.
    return cited_once(claims)


def _echo_claims(
    quoted: Sequence[ClaimMention], claims: Sequence[Claim], *, window_days: int
) -> list[Claim]:
    """A corroborated claim for each quote that independent outlets give alike
    (:func:`quote_echoes`), unless a claim already holds two of its tellings' sentences from
    different origins: one fact is shown once."""
    echoes = quote_echoes(quoted, window_days=window_days)
    # The claims that hold each echoed sentence: only their documents' mentions are looked at.
    docs = {quoted[r].doc_id for rows in echoes for r in rows}
    held: dict[tuple[str, int, int], set[int]] = defaultdict(set)
    for n, claim in enumerate(claims):
        for m in claim.mentions:
            if m.doc_id in docs:
                held[(m.doc_id, *m.cited)].add(n)
    out = []
    for rows in echoes:
        group = tuple(quoted[r] for r in rows)
        origins = tuple(dict.fromkeys(m.origin for m in group))
        told: dict[int, set[str]] = defaultdict(set)
        for m in group:
            for n in held.get((m.doc_id, *m.cited), ()):
                told[n].add(m.origin)
        if len(origins) < 2 or any(len(o) >= 2 for o in told.values()):
            continue
        out.append(
            Claim(_claim_id(group, "echo:"), group[0].headline, "corroborated", group, (), origins)
        )
    return out


def _told_claims(
    mentions: Sequence[ClaimMention],
    facts: Sequence[MentionFacts],
    *,
    embedder: Embedder,
    threshold: float,
    paraphrase_threshold: float,
    also_threshold: float,
    related_threshold: float,
    window_days: int,
    day_slack: int,
    top_k: int,
    max_block: int,
    conflicts: ConflictsWithin,
) -> list[Claim]:
    if not mentions:
        return []
    nodes, texts = _nodes(mentions, facts)
    vectors = embedder.embed(texts)
    by_text: list[list[int]] = [[] for _ in texts]
    for i, node in enumerate(nodes):
        by_text[node.text].append(i)
    blocks: dict[str, list[int]] = defaultdict(list)
    for t, of_text in enumerate(by_text):
        for key in nodes[of_text[0]].keys:
            blocks[key].append(t)
    low = min(threshold, related_threshold)
    pairs = nearest_pairs(vectors, blocks.values(), threshold=low, top_k=top_k, max_block=max_block)
    coded = Coded.of(nodes)
    related = _related(nodes, by_text, pairs, day_slack, coded)
    doc_ids = [m.doc_id for m in mentions]
    docs = [frozenset([doc_ids[r] for r in n.members]) for n in nodes]
    groups = _Groups([n.day for n in nodes], slack=day_slack, docs=docs)
    # By cosine, highest first, ties by pair.
    order = np.lexsort((related[1], related[0], -related[2]))
    first, second, sims = related[0][order], related[1][order], related[2][order]
    tight = sims >= threshold
    for i, j in zip(first[tight].tolist(), second[tight].tolist(), strict=True):
        groups.union(i, j)
    # Paraphrases join after every close wording has, and only groups of other documents:
    # a looser likeness would otherwise chain clause to clause through whole articles.
    loose = (sims >= paraphrase_threshold) & ~tight
    loose[loose] = may_anchor(coded, first[loose], second[loose])
    paraphrases = [
        ((i, j), sim)
        for i, j, sim in zip(
            first[loose].tolist(), second[loose].tolist(), sims[loose].tolist(), strict=True
        )
        if anchored(nodes[i], nodes[j])
    ]
    for (i, j), _sim in paraphrases:
        groups.union(i, j, apart=True)
    # Looser still, clauses of other outlets whose frames agree on three counts.
    for i, j, _sim in frame_pairs(_frame_clauses(mentions, nodes, docs), vectors, coded=coded):
        groups.union(i, j, apart=True)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        members[groups.find(i)].append(i)
    close = _close_pairs(nodes, paraphrases, also_threshold)
    also = _also_members(nodes, groups, close, docs)
    node_blocks = {key: [i for t in ts for i in by_text[t]] for key, ts in blocks.items()}
    search = _DenialSearch(nodes, vectors, node_blocks, groups, related_threshold, max_block)
    attached = search.attach(mentions, list(members.values()))
    within = conflicts([_claimed(mentions, nodes, c) for c in members.values()], window_days)
    claims = [
        _judge(
            mentions,
            nodes,
            cluster,
            attached.get(root, []),
            vectors,
            evidence,
            also=also.get(root, ()),
        )
        for (root, cluster), evidence in zip(members.items(), within, strict=True)
    ]
    roots = [groups.find(i) for i in range(len(nodes))]
    cluster_of = [0] * len(mentions)
    for root, node in zip(roots, nodes, strict=True):
        for r in node.members:
            cluster_of[r] = root
    # Only pairs of two claims can contradict each other across them: the rest (most) are
    # left out here, in numpy, rather than one by one there.
    of_node = np.asarray(roots, np.int64)
    across = of_node[related[0]] != of_node[related[1]]
    lead = np.fromiter((node.members[0] for node in nodes), np.int64, len(nodes))
    linked = zip(lead[related[0][across]].tolist(), lead[related[1][across]].tolist(), strict=True)
    found = conflicts_across(
        mentions, cluster_of=cluster_of, linked=linked, window_days=window_days
    )
    claims += [_fact_claim(mentions, rows, evidence) for rows, evidence in found]
    return claims


def _close_pairs(
    nodes: Sequence[Node], paraphrases: Iterable[tuple[tuple[int, int], float]], also: float
) -> list[tuple[int, int]]:
    """The anchored paraphrases close enough to show a clause as a telling of another claim:
    at ``also`` or more, or, down to the paraphrase tier, when both name the same day. Below
    ``also`` a clause that carries two facts is as often near a third fact of the story; one
    day told alike is what makes the loose wording the same happening."""
    return [
        (i, j)
        for (i, j), sim in paraphrases
        if sim >= also or (nodes[i].day is not None and nodes[i].day == nodes[j].day)
    ]


def _frame_clauses(
    mentions: Sequence[ClaimMention], nodes: Sequence[Node], docs: Sequence[frozenset[str]]
) -> list[FrameClause]:
    return [
        FrameClause(
            node,
            docs[i],
            frozenset([mentions[r].origin for r in node.members]),
            mentions[node.members[0]].attributed_to or "",
        )
        for i, node in enumerate(nodes)
    ]


def _also_members(
    nodes: Sequence[Node],
    groups: _Groups,
    paraphrases: Iterable[tuple[int, int]],
    docs: Sequence[frozenset[str]],
) -> dict[int, list[int]]:
    """``{group root: [node, ...]}``: clauses that tell a claim in other words but belong to
    another claim of their own. One clause often carries two facts ("X met Y on Sunday, for
    the first time in weeks"); it tells both, so it is shown with both, though the two claims
    stay apart (joining them would chain clause to clause through whole articles). A claim
    takes one such clause per document it has no telling from, the likest first: a new
    telling, never a second clause of a document already heard."""
    out: dict[int, list[int]] = defaultdict(list)
    heard: dict[int, set[str]] = {}
    for i, j in paraphrases:
        for node, root in ((i, groups.find(j)), (j, groups.find(i))):
            if root == groups.find(node) or nodes[node].denial:
                continue
            seen = heard.setdefault(root, set(groups.docs[root]))
            if not docs[node] & seen:
                seen |= docs[node]
                out[root].append(node)
    return out


_Related = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _related(
    nodes: Sequence[Node],
    by_text: Sequence[list[int]],
    pairs: Pairs,
    day_slack: int,
    coded: Coded,
) -> _Related:
    """Node pairs ``i < j`` and their cosine, each pair once, for nodes whose masked texts are
    close (``pairs`` of texts) and agree (one text with itself included, cosine 1.0), and
    whose days are close. Tested in numpy: a Python test of each of some 300,000 pairs was
    the costliest step of clustering."""
    told = _Told.of(by_text)
    lo, hi, cosines = pairs
    agreeing = agree_many(coded, told.first[lo], told.first[hi])
    lo, hi, sims = lo[agreeing], hi[agreeing], cosines[agreeing].astype(np.float64)
    several = np.flatnonzero(told.sizes > 1)  # a text told on one day has no pair of its own
    found = [
        told.near(nodes, coded, (lo, hi), sims, day_slack),
        told.near(nodes, coded, (several, several), np.ones(len(several)), day_slack),
    ]
    return (
        np.concatenate([f[0] for f in found]),
        np.concatenate([f[1] for f in found]),
        np.concatenate([f[2] for f in found]),
    )


_MAX_EXPANDED: Final = 1024
"""The most node pairs of one pair of texts worked out in numpy: a masked text told on 2,000
days would otherwise make four million pairs with itself, where sorted search makes few."""


@dataclass(frozen=True, slots=True)
class _Told:
    """The nodes of each masked text (``by_text``), as arrays."""

    by_text: Sequence[list[int]]
    starts: npt.NDArray[np.int64]
    sizes: npt.NDArray[np.int64]
    members: npt.NDArray[np.int64]

    @property
    def first(self) -> npt.NDArray[np.int64]:
        return self.members[self.starts]

    @classmethod
    def of(cls, by_text: Sequence[list[int]]) -> _Told:
        sizes = np.fromiter(map(len, by_text), np.int64, len(by_text))
        starts = np.cumsum(sizes) - sizes
        members = np.fromiter(chain.from_iterable(by_text), np.int64, int(sizes.sum()))
        return cls(by_text, starts, sizes, members)

    def near(
        self,
        nodes: Sequence[Node],
        coded: Coded,
        texts: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
        sims: npt.NDArray[np.float64],
        day_slack: int,
    ) -> _Related:
        """The pairs ``i < j`` of a node of text ``a[n]`` and another of text ``b[n]``
        (``texts``), each once, whose days are within ``day_slack`` or of which one is
        undated, with cosine ``sims[n]``."""
        a, b = texts
        count = self.sizes[a] * self.sizes[b]
        small = count <= _MAX_EXPANDED
        n = np.repeat(np.flatnonzero(small), count[small])
        # The k-th node pair of texts a[n] and b[n]: node k // (b's nodes) of a, k % (b's) of b.
        k = np.arange(len(n)) - np.repeat(np.cumsum(count[small]) - count[small], count[small])
        i = self.members[self.starts[a[n]] + k // self.sizes[b[n]]]
        j = self.members[self.starts[b[n]] + k % self.sizes[b[n]]]
        dated, days = coded.dated, coded.days
        near = ~dated[i] | ~dated[j] | (np.abs(days[i] - days[j]) <= day_slack)
        keep = near & ((a[n] != b[n]) | (i < j))  # a text with itself: each pair once
        i, j, n = i[keep], j[keep], n[keep]
        large: dict[tuple[int, int], float] = {}
        for m in np.flatnonzero(~small).tolist():
            of_a, of_b = self.by_text[a[m]], self.by_text[b[m]]
            large |= dict.fromkeys(_day_pairs(nodes, of_a, of_b, day_slack), float(sims[m]))
        return (
            np.concatenate([np.minimum(i, j), np.fromiter((p for p, _ in large), np.int64)]),
            np.concatenate([np.maximum(i, j), np.fromiter((q for _, q in large), np.int64)]),
            np.concatenate([sims[n], np.fromiter(large.values(), np.float64)]),
        )


def _claim_id(group: Sequence[ClaimMention], salt: str = "") -> str:
    spans = "|".join(f"{m.doc_id}:{m.start}:{m.end}" for m in group)
    digest = hashlib.sha1(f"{salt}{spans}".encode(), usedforsecurity=False).hexdigest()
    return f"claim:{digest[:12]}"


def _fact_claim(mentions: Sequence[ClaimMention], rows: list[int], evidence: Evidence) -> Claim:
    """A contradiction between sentences that are not otherwise one claim ("former defence
    minister X" in one article, "defence minister X" in another): its own claim."""
    group = tuple(mentions[r] for r in rows)
    origins = tuple(dict.fromkeys(m.origin for m in group))
    salt = f"{evidence.slot}:{evidence.about}:"
    # Headed by a telling of the rarest value ("former president" beside four "president"):
    # the sentence that disagrees is the one a reader must see first.
    values = Counter(side.value for side in evidence.sides)
    rare = min(evidence.sides, key=lambda side: values[side.value])
    lead = next(
        (m for m in group if m.doc_id == rare.doc_id and m.start <= rare.start < m.end), group[0]
    )
    return Claim(_claim_id(group, salt), lead.headline, "contradicted", group, (evidence,), origins)


@dataclass
class _DenialSearch:
    """Finds the claim a lone denial disputes: the sentence it points back to, else the closest
    asserting group that names the same entities."""

    nodes: Sequence[Node]
    vectors: npt.NDArray[np.float32]
    blocks: Mapping[str, list[int]]
    groups: _Groups
    threshold: float
    cap: int

    def attach(
        self, mentions: Sequence[ClaimMention], clusters: Sequence[list[int]]
    ) -> dict[int, list[int]]:
        """``{group root: [denial mention index, ...]}`` for denials grouped with no assertion."""
        nodes, find = self.nodes, self.groups.find
        asserting = {find(c[0]) for c in clusters if any(not nodes[i].denial for i in c)}
        lone = [c for c in clusters if find(c[0]) not in asserting]
        pointing = any(mentions[r].refers_to for c in lone for q in c for r in nodes[q].members)
        # A denial points back to a sentence: any asserting clause of it will do. Spans are
        # indexed only when a lone denial points back (most builds have none).
        by_span = self._spans(mentions) if pointing else {}
        out: dict[int, list[int]] = defaultdict(list)
        closest: dict[int, int | None] = {}
        for cluster in lone:
            for q in cluster:
                for r in nodes[q].members:
                    ref = mentions[r].refers_to
                    target = by_span.get((mentions[r].doc_id, *ref)) if ref else None
                    if target is None or find(target) not in asserting:
                        if q not in closest:
                            closest[q] = self._closest(q, asserting)
                        target = closest[q]
                    if target is not None:
                        out[find(target)].append(r)
        return out

    def _spans(self, mentions: Sequence[ClaimMention]) -> dict[tuple[str, int, int], int]:
        """The node of each mention's span and of its sentence's span."""
        node_of = {r: i for i, node in enumerate(self.nodes) for r in node.members}
        by_span = {(m.doc_id, *m.cited): node_of[r] for r, m in enumerate(mentions)}
        by_span |= {(m.doc_id, m.start, m.end): node_of[r] for r, m in enumerate(mentions)}
        return by_span

    def _closest(self, q: int, asserting: set[int]) -> int | None:
        candidates: set[int] = set()
        if not self.nodes[q].topics:
            return None
        # Ties broken by the key itself: a set's order changes with the hash seed, and the cap
        # below keeps the first candidates found.
        for key in sorted(self.nodes[q].keys, key=lambda k: (len(self.blocks[k]), k)):
            if len(candidates) >= self.cap:
                break
            candidates.update(
                i
                for i in self.blocks[key]
                if not self.nodes[i].denial and self.groups.find(i) in asserting
            )
        ranked = sorted(candidates)
        sims = self.vectors[[self.nodes[i].text for i in ranked]] @ self.vectors[self.nodes[q].text]
        for n in map(int, np.argsort(-sims, kind="stable")):
            if sims[n] < self.threshold:
                break
            if agree(self.nodes[q], self.nodes[ranked[n]]):
                return ranked[n]
        return None


def _claimed(
    mentions: Sequence[ClaimMention], nodes: Sequence[Node], cluster: list[int]
) -> list[ClaimMention]:
    """The asserting mentions of ``cluster``'s own nodes, in mention order: whose slots
    :func:`conflicts_within` compares."""
    own = sorted({r for i in cluster for r in nodes[i].members})
    return [mentions[r] for r in own if not mentions[r].denial]


def _judge(
    mentions: Sequence[ClaimMention],
    nodes: Sequence[Node],
    cluster: list[int],
    attached: list[int],
    vectors: npt.NDArray[np.float32],
    within: Sequence[Evidence],
    *,
    also: Sequence[int] = (),
) -> Claim:
    """One claim of ``cluster``'s mentions, ``within`` the contradictions among its own
    asserting ones (:func:`_claimed`); ``also`` are clauses of other claims that tell it
    too: they count as tellings (origins), but neither their slots (a clause carrying two
    facts has the other fact's figures) nor their wording speak for it."""
    rows = sorted({r for i in [*cluster, *also] for r in nodes[i].members})
    group = tuple(mentions[r] for r in rows)
    asserting = [i for i in cluster if not nodes[i].denial] or cluster
    claimed = [m for m in group if not m.denial] or list(group)
    denials = [m for m in group if m.denial and len(claimed) < len(group)]
    denials += [mentions[r] for r in attached]
    evidence = [*within, *(_denial_evidence(m) for m in denials)]
    origins = tuple(dict.fromkeys(m.origin for m in claimed))
    status: ClaimStatus
    if evidence and evidence[0].kind == "contradiction":
        status = "contradicted"
    elif denials:
        status = "disputed"
    else:
        status = "corroborated" if len(origins) >= 2 else "single_source"
    best = asserting[0]
    if len(asserting) > 1:
        vecs = vectors[[nodes[i].text for i in asserting]]
        best = asserting[int(np.argmax(vecs @ vecs.mean(axis=0)))]
    text = mentions[nodes[best].members[0]].headline
    return Claim(_claim_id(group), text, status, group, tuple(evidence), origins)


def _denial_evidence(m: ClaimMention) -> Evidence:
    side = EvidenceSide(m.doc_id, m.start, m.end, m.text, m.origin)
    return Evidence("denial", "denial", m.attributed_to or "", (side,))


def weigh_flagged(claims: Sequence[Claim], *, weak: Collection[str]) -> list[Claim]:
    """``claims`` with corroboration that rests on AI-written or opinion documents (``weak``,
    their ids) judged single-source: "corroborated" needs two independent origins among the
    other documents. The origins themselves are kept, so a reader still sees who told it."""
    out = []
    for claim in claims:
        if claim.status == "corroborated":
            strong = {m.origin for m in claim.mentions if not m.denial and m.doc_id not in weak}
            if len(strong) < 2:
                claim = replace(claim, status="single_source")
        out.append(claim)
    return out
