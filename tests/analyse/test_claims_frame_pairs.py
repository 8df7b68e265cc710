"""The frame pass: loose paraphrases across outlets joined by what their frames share
(invented clauses, hand-made vectors so each cosine is known)."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import numpy as np
import numpy.typing as npt

from communique.analyse.claims_frame_pairs import (
    FrameClause,
    _may_join,
    _Screen,
    frame_agreement,
    frame_keys,
    frame_pairs,
)
from communique.analyse.claims_frames import Node, topic_words
from communique.analyse.claims_slots import Quantity

TEAL = frozenset({"odile", "teal"})
FERRY = frozenset({"ferrymen"})
DAY = 740000


def _vectors(cosine: float, rows: int = 2) -> npt.NDArray[np.float32]:
    """Unit vectors: row 0, and every other row at ``cosine`` to it."""
    first = np.zeros(8, dtype=np.float32)
    first[0] = 1.0
    out = [first]
    for n in range(1, rows):
        v = np.zeros(8, dtype=np.float32)
        v[0], v[n] = cosine, np.sqrt(1 - cosine**2)
        out.append(v)
    return np.stack(out)


def _clause(
    text: int,
    *,
    doc: str,
    origin: str,
    names: tuple[frozenset[str], ...] = (TEAL, FERRY),
    day: int | None = DAY,
    predicates: frozenset[str] = frozenset({"meet"}),
    content: frozenset[str] = frozenset(),
    numbers: tuple[Quantity, ...] = (),
) -> FrameClause:
    node = Node(
        masked=f"clause {text}",
        text=text,
        day=day,
        members=(text,),
        topics=frozenset().union(*names),
        names=names,
        predicates=predicates,
        denial=False,
        keys=frozenset({"e:x"}),
        numbers=numbers,
        content=content,
    )
    return FrameClause(node, frozenset({doc}), frozenset({origin}))


def test_a_loose_paraphrase_that_shares_names_day_and_event_is_paired() -> None:
    # "Odile Teal sat down with the ferrymen on Monday" / "The ferrymen's first talks with
    # Teal took place on Monday": far apart as vectors, one frame.
    a = _clause(0, doc="a", origin="outlet:north")
    b = _clause(1, doc="b", origin="outlet:south")
    ((i, j, cosine),) = frame_pairs([a, b], _vectors(0.45))
    assert (i, j) == (0, 1) and abs(cosine - 0.45) < 1e-6
    assert frame_agreement(a, b).joins


def test_the_same_document_or_origin_never_pairs_and_a_far_vector_never_does() -> None:
    a = _clause(0, doc="a", origin="outlet:north")
    same_origin = _clause(1, doc="b", origin="outlet:north")
    same_doc = _clause(1, doc="a", origin="outlet:south")
    other = _clause(1, doc="b", origin="outlet:south")
    assert frame_pairs([a, same_origin], _vectors(0.45)) == []
    assert frame_pairs([a, same_doc], _vectors(0.45)) == []
    assert frame_pairs([a, other], _vectors(0.3)) == []


def test_names_and_a_pair_of_words_are_not_one_fact() -> None:
    # "Envoy Odile Teal met the ferrymen" / "Envoy Odile Teal criticised the ferrymen": the
    # same people in the same terms, nothing about what happened agrees.
    words = frozenset({"envoy", "harbour"})
    a = _clause(0, doc="a", origin="outlet:north", day=None, content=words)
    b = _clause(1, doc="b", origin="outlet:south", day=None, predicates=frozenset(), content=words)
    assert not frame_agreement(a, b).joins
    assert frame_pairs([a, b], _vectors(0.5)) == []


def test_a_large_count_of_one_thing_joins_clauses_that_name_nobody_in_common() -> None:
    crews = (Quantity(340.0, "crew", "exact", 0, 3, "340"),)
    words = frozenset({"crew", "idle"})
    a = _clause(0, doc="a", origin="outlet:north", names=(), day=None, content=words)
    b = _clause(1, doc="b", origin="outlet:south", names=(), day=None, content=words)
    a, b = (replace(c, node=replace(c.node, numbers=crews)) for c in (a, b))
    assert frame_pairs([a, b], _vectors(0.45))
    fewer = (Quantity(120.0, "crew", "exact", 0, 3, "120"),)
    b = replace(b, node=replace(b.node, numbers=fewer))
    assert frame_pairs([a, b], _vectors(0.45)) == []  # the counts disagree: no paraphrase


def test_a_key_most_clauses_share_blocks_nothing() -> None:
    clauses = [_clause(n, doc=f"d{n}", origin=f"outlet:{n}", day=None) for n in range(5)]
    assert "n:ferrymen" in frame_keys(clauses[0])
    vectors = _vectors(0.45, rows=5)
    found = frame_pairs(clauses, vectors, max_block=4)
    assert found == []
    # with the key distinctive, the same clauses are compared (and still need what happened)
    assert frame_pairs(clauses, vectors, max_block=8) == []
    dated = [replace(c, node=replace(c.node, day=DAY)) for c in clauses]
    assert len(frame_pairs(dated, vectors, max_block=8)) == 4  # row 0 against each other row


def test_a_place_is_where_not_who() -> None:
    # "Teal met the ferrymen in Brackwater on Monday" / "Teal opened a depot in Brackwater on
    # Monday": one person, one town, one day are not two parties in common.
    town = topic_words("Brackwater")
    a = _clause(0, doc="a", origin="outlet:north", names=(TEAL, town))
    b = _clause(1, doc="b", origin="outlet:south", names=(TEAL, town))
    assert frame_agreement(a, b).who == 2
    a, b = (replace(c, node=replace(c.node, places=frozenset({"Brackwater"}))) for c in (a, b))
    assert frame_agreement(a, b).who == 1
    assert frame_pairs([a, b], _vectors(0.45)) == []


def test_the_cheap_screen_never_drops_a_pair_whose_frames_join() -> None:
    # Every combination of the frame's parts: the screen may pass pairs that do not join,
    # never stop one that does, or the pass would lose paraphrases it finds in full.
    tons = (Quantity(12.0, "tonne", "exact", 0, 9, "12 tonnes"),)
    clauses = [
        replace(
            _clause(n, doc="a", origin="o", names=names, day=day, content=content, numbers=nums),
            speaker=speaker,
        )
        for n, (names, day, content, nums, speaker) in enumerate(
            product(
                ((TEAL, FERRY), (TEAL,), ()),
                (DAY, DAY + 1, None),
                (frozenset(), frozenset({"quay", "wage", "shift", "dock"})),
                ((), tons),
                ("", "Odile Teal"),
            )
        )
    ]
    pairs = list(product(range(len(clauses)), repeat=2))
    first, second = (np.asarray(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    passes = _may_join(_Screen.of(clauses), first, second)
    joins = np.asarray([frame_agreement(clauses[i], clauses[j]).joins for i, j in pairs])
    assert not (joins & ~passes).any()
    assert joins.any() and not passes.all()  # both outcomes are exercised
