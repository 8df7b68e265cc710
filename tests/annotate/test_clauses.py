"""Clauses and figures read off spaCy's parse, on invented sentences about an invented strike."""

from __future__ import annotations

import pytest
from spacy.language import Language

from communique.annotate.clauses import find_clauses, find_figures
from communique.annotate.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _own_words(text: str, start: int, end: int, gaps: tuple[tuple[int, int], ...]) -> str:
    parts, cursor = [], start
    for s, e in gaps:
        parts.append(text[cursor:s])
        cursor = e
    parts.append(text[cursor:end])
    return " ".join(" ".join(parts).split())


def test_a_long_sentence_is_cut_at_its_clauses(nlp: Language) -> None:
    text = (
        "The mediator said on Friday that the ferry crews had accepted the new rota, and that "
        "sailings from Dunmore would resume by Monday, while the operator agreed to rehire 40 "
        "deckhands."
    )
    clauses = find_clauses(nlp(text))
    said = [_own_words(text, c.start, c.end, c.gaps) for c in clauses]
    assert said == [
        "The mediator said on Friday that the ferry crews had accepted the new rota",
        "that sailings from Dunmore would resume by Monday",
        "while the operator agreed to rehire 40 deckhands",
    ]
    assert all(c.sentence_start == 0 and c.sentence_end == len(text) for c in clauses)


def test_a_relative_clause_leaves_a_gap_and_the_speaker_keeps_the_report(nlp: Language) -> None:
    text = (
        "The ferry operator, which had refused to meet the crews for weeks, said it would not "
        "sign any new contract before the spring."
    )
    outer, inner = sorted(find_clauses(nlp(text)), key=lambda c: c.end - c.start, reverse=True)
    assert text[inner.start : inner.end] == "which had refused to meet the crews for weeks"
    assert outer.gaps == ((inner.start, inner.end),)
    assert "said it would not sign" in _own_words(text, outer.start, outer.end, outer.gaps)


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("The ferry operator signed the contract with the crews on Tuesday.", False),
        (
            "The ferry operator could sign the contract with the crews next week, analysts say.",
            True,
        ),
        ("The ferry operator should sign the contract with the crews at once.", True),
        # a duty in what a named party says is that party's demand, a fact told
        ("The crews' union said the ferry operator should sign the contract at once.", False),
        ("The crews' union said the ferry operator might sign the contract next week.", True),
    ],
)
def test_hedged_clauses(nlp: Language, sentence: str, hedged: bool) -> None:
    (clause,) = find_clauses(nlp(sentence))
    assert clause.hedged is hedged and clause.finite


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The crews won a 4% pay rise.", [(4.0, "%rise", "exact")]),
        ("About 300 deckhands walked out.", [(300.0, "deckhand", "about")]),
        ("The operator owes $12 million of back pay.", [(12e6, "usd:pay", "exact")]),
        ("Tariffs hit $15 billion worth of ferry parts.", [(15e9, "usd:part", "exact")]),
        ("The union wants $40-50 million a year.", [(None, "usd:", "exact")]),
    ],
)
def test_figures(
    nlp: Language, sentence: str, expected: list[tuple[float | None, str, str]]
) -> None:
    found = [(f.value, f.unit, f.qualifier) for f in find_figures(nlp(sentence))]
    assert found == expected


def test_a_condition_stays_with_the_clause_it_conditions(nlp: Language) -> None:
    # cut apart, "the ferry operator will close the Harwick route" would read as a fact
    text = "If the crews reject the new contract, the ferry operator will close the Harwick route."
    (clause,) = find_clauses(nlp(text))
    assert text[clause.start : clause.end].startswith("If the crews")


def test_an_absolute_clause_with_its_own_subject_is_cut_off(nlp: Language) -> None:
    # "with X doing Y" tells a second fact about other actors
    text = (
        "The crews accepted the operator's offer of fresh talks, "
        "with the union deputy Ana Orme heading their delegation."
    )
    spans = [text[c.start : c.end] for c in find_clauses(nlp(text))]
    assert spans == [
        "The crews accepted the operator's offer of fresh talks",
        "with the union deputy Ana Orme heading their delegation",
    ]


def test_a_participle_set_off_by_commas_is_a_clause_of_its_own(nlp: Language) -> None:
    # the hedge on the host clause does not reach the fact the participle tells
    text = (
        "The pay deal, first announced at a May meeting between Varga and union chief "
        "Ana Orme, could now slip into next year, mediators say."
    )
    clauses = find_clauses(nlp(text))
    told = [c for c in clauses if text[c.start : c.end].startswith("first announced")]
    assert len(told) == 1 and not told[0].hedged
    # a restrictive participle says which deal is meant and stays
    (whole,) = find_clauses(nlp("The pay deal announced in May covers 400 dockers at Selwyn."))
    assert whole.start == 0


def test_a_list_the_parser_hangs_on_the_outer_clause_stays_with_the_clause_it_continues(
    nlp: Language,
) -> None:
    # The parser hangs "the pilots' leader ...; and the tug crews' leader ..." on "ballot":
    # the list of who joined them belongs to the "when" clause, not to what the vote was.
    text = (
        "The vote was the first formal ballot between the dockers and the owners since a "
        "strike four years ago, when they were joined by the crane drivers' leader, Mara Voss "
        "of Carrick; the pilots' leader, Ivo Brandt of Selwyn; and the tug crews' leader, "
        "Oskar Lind of Dunmore."
    )
    outer, joined = find_clauses(nlp(text))
    assert text[outer.start : outer.end] == (
        "The vote was the first formal ballot between the dockers and the owners since a "
        "strike four years ago"
    )
    assert text[joined.start : joined.end].endswith("Oskar Lind of Dunmore")
    assert not joined.gaps
