"""Content words and name keys that anchor a paraphrase (invented sentences)."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import numpy as np

from communique.analyse.claims_frames import (
    Coded,
    Node,
    SetColumn,
    agree,
    agree_many,
    anchored,
    content_words,
    distinctive,
    may_anchor,
    same_figure,
    topic_words,
)
from communique.analyse.claims_slots import Quantity


def test_content_words_leave_out_stop_words_names_and_verbs_of_saying() -> None:
    words = content_words("Orme said the dockers passed the pension vote.", ["Orme"])
    assert words == content_words("The docker passes pensions votes.")
    assert "orm" not in words and "said" not in words and "the" not in words


def test_a_known_country_of_generic_words_is_a_topic_of_its_own() -> None:
    assert topic_words("United States") == topic_words("US") != frozenset()
    assert topic_words("the Ministry") == frozenset()


def _sums(masked: str, *values: float) -> Node:
    """A node naming the ferry board and giving ``values`` as sums of money."""
    numbers = tuple(Quantity(v, "usd:fare", "exact", 0, 1, "$") for v in values)
    return Node(
        masked=masked,
        text=0,
        day=None,
        members=(0,),
        topics=frozenset({"orvik", "board"}),
        predicates=frozenset(),
        denial=False,
        keys=frozenset({"e:orvik"}),
        numbers=numbers,
        content=frozenset({"fare", "rebat"}),
    )


def test_sums_of_money_of_very_different_sizes_are_two_facts() -> None:
    kept = _sums("The Orvik board kept # of fare rebates.", 420e6)
    other = replace(_sums("The Orvik board wants # of fare rebates.", 30e6), text=1)
    close = replace(_sums("The Orvik board paid # of fare rebates.", 420e6), text=2)
    assert not anchored(kept, other)
    assert anchored(kept, close)  # a sum in both, plausibly one count: other anchors decide


def test_a_sum_the_tagger_did_not_read_is_not_taken_for_a_read_one() -> None:
    kept = _sums("The Orvik board kept # of fare rebates.", 420e6)
    unread = replace(_sums("The Orvik board wants $30-40 million of fare rebates."), text=1)
    assert not anchored(kept, unread)


def _named(masked: str, text: int, *names: frozenset[str]) -> Node:
    """A node naming ``names`` (each the topic words of one entity name), nothing else shared."""
    return Node(
        masked=masked,
        text=text,
        day=None,
        members=(text,),
        topics=frozenset().union(*names),
        names=names,
        predicates=frozenset(),
        denial=False,
        keys=frozenset({"e:x"}),
    )


def test_two_words_of_one_name_are_one_shared_name() -> None:
    sela = frozenset({"tamsin", "sela"})
    a = _named("Tamsin Sela said the strike will go on.", 0, sela)
    b = _named("Tamsin Sela turned down the new rota.", 1, sela)
    assert not anchored(a, b)
    dock = frozenset({"dockwork"})
    c = _named("Tamsin Sela told the Dockworkers the strike will go on.", 2, sela, dock)
    d = _named("Tamsin Sela and the Dockworkers turned down the rota.", 3, sela, dock)
    assert anchored(c, d)


def test_names_most_clauses_name_anchor_nothing() -> None:
    sela, port = frozenset({"tamsin", "sela"}), frozenset({"orvik"})
    nodes = [_named(f"Orvik clause {i}.", i, port) for i in range(10)]
    nodes += [
        _named("Tamsin Sela of Orvik said the strike goes on.", 10, sela, port),
        _named("Tamsin Sela of Orvik turned down the rota.", 11, sela, port),
    ]
    a, b = distinctive(nodes)[-2:]
    assert a.common == port  # the port is named by nearly every clause of this coverage
    assert not anchored(a, b)
    assert anchored(*nodes[-2:])  # in coverage where the port is rare, two names anchor


def test_a_capital_stands_for_its_country() -> None:
    # "Oslo said" and "Norway said" name one party, not two
    assert topic_words("Oslo") == topic_words("Norway") != frozenset()


def test_a_name_is_common_when_its_surname_is() -> None:
    sela, port = frozenset({"tamsin", "sela"}), frozenset({"orvik"})
    # most clauses call her "Sela": her first name is rare, she is not
    nodes = [_named(f"Sela clause {i}.", i, frozenset({"sela"})) for i in range(10)]
    nodes += [
        _named("Tamsin Sela said Orvik will hold out.", 10, sela, port),
        _named("Tamsin Sela of Orvik turned down the rota.", 11, sela, port),
    ]
    a, b = distinctive(nodes)[-2:]
    assert a.common == frozenset({"sela"})
    assert not anchored(a, b)


def _rates(*values: float) -> Node:
    """A node giving ``values`` as rates of one duty."""
    numbers = tuple(Quantity(v, "%duty", "exact", 0, 1, f"{v:g}%") for v in values)
    return replace(_sums("The Orvik board set # duties."), numbers=numbers)


def test_a_clause_listing_two_rates_agrees_with_one_giving_either() -> None:
    both = _rates(15, 25)
    assert same_figure(_rates(25), both) == 25.0
    assert same_figure(both, _rates(15)) == 15.0
    assert same_figure(both, _rates(20)) is None  # no rate of one matches the other's


def test_opposite_kinds_of_event_never_agree_and_other_kinds_may() -> None:
    board = _sums("The Orvik board # the fare rebates.", 5.0)
    agreed = replace(board, predicates=frozenset({"agree"}))
    rejected = replace(board, text=1, predicates=frozenset({"reject"}))
    both = replace(board, text=2, predicates=frozenset({"agree", "reject"}))
    settled = replace(board, text=3, predicates=frozenset({"settle"}))
    assert not agree(agreed, rejected) and not agree(rejected, agreed)
    # One that reports both ends, or a kind with no opposite, is no contradiction.
    assert agree(agreed, both) and agree(both, rejected)
    assert agree(agreed, settled) and agree(settled, rejected) and agree(settled, settled)


def test_a_set_column_counts_the_members_two_rows_share() -> None:
    rows = [frozenset({"quay", "wage"}), frozenset(), frozenset({"wage", "dock", "quay"})]
    column = SetColumn.of(rows)
    first, second = (
        np.asarray(side, dtype=np.int64) for side in ([0, 0, 1, 2, 2], [2, 1, 2, 0, 2])
    )
    assert column.shared(first, second).tolist() == [2, 0, 0, 2, 3]
    assert column.sizes(first).tolist() == [2, 2, 0, 3, 3]
    assert column.shared(first, second, at_least=3).tolist() == [0, 0, 0, 0, 3]


def _grid() -> list[Node]:
    """Nodes with every combination of names, day, kind of event, words and figure."""
    orme, vask = frozenset({"orme"}), frozenset({"vask", "ilse"})
    tons = (Quantity(12.0, "tonne", "exact", 0, 9, "12 tonnes"),)
    return [
        Node(
            masked=f"clause {n}",
            text=n,
            day=day,
            members=(n,),
            topics=frozenset().union(*names),
            names=names,
            predicates=predicates,
            denial=False,
            keys=frozenset({"e:x"}),
            numbers=numbers,
            content=content,
        )
        for n, (names, day, predicates, content, numbers) in enumerate(
            product(
                ((orme, vask), (orme,), (vask,), ()),
                (740000, 740001, None),
                (frozenset(), frozenset({"agree"}), frozenset({"reject"}), frozenset({"meet"})),
                (frozenset(), frozenset({"quay", "wage"}), frozenset({"wage"})),
                ((), tons),
            )
        )
    ]


def test_the_numpy_tests_of_many_pairs_match_the_tests_of_one() -> None:
    # agree_many is agree exactly; may_anchor may pass pairs anchored rejects, never stop one
    # it accepts, or the paraphrase tier would lose pairs.
    nodes = _grid()
    pairs = list(product(range(len(nodes)), repeat=2))
    first, second = (np.asarray(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    coded = Coded.of(nodes)
    agreeing = [agree(nodes[i], nodes[j]) for i, j in pairs]
    assert agree_many(coded, first, second).tolist() == agreeing
    anchoring = np.asarray([anchored(nodes[i], nodes[j]) for i, j in pairs])
    screened = may_anchor(coded, first, second)
    assert not (anchoring & ~screened).any()
    assert anchoring.any() and not screened.all()  # both outcomes are exercised
