"""The work budget: a sentence that needs too much work fails its document, with offsets."""

from __future__ import annotations

import pytest

from communique.annotate.budget import WorkBudget, check_sentence_lengths
from communique.annotate.nlp import load_pipeline
from communique.errors import WorkBudgetExceeded


def test_the_budget_lets_its_units_through_and_stops_the_next() -> None:
    budget = WorkBudget(doc_id="d1", stage="events", start=4, end=20, limit=10)
    budget.spend(7)
    budget.spend(3)
    with pytest.raises(WorkBudgetExceeded) as caught:
        budget.spend()
    assert (caught.value.doc_id, caught.value.stage, caught.value.start, caught.value.end) == (
        "d1",
        "events",
        4,
        20,
    )
    assert str(caught.value) == (
        "[E401] events of document d1 (sentence at 4-20): "
        "the sentence needed more than 10 units of work"
    )


def test_a_sentence_over_the_length_limit_is_named() -> None:
    nlp = load_pipeline()
    short = "The talks resumed."
    doc = nlp(short + "\n\n" + "Ostria and Valdoria and Alvania and Bretony met" + ".")
    check_sentence_lengths(doc.sents, doc_id="d1", limit=9)
    with pytest.raises(WorkBudgetExceeded) as caught:
        check_sentence_lengths(doc.sents, doc_id="d1", limit=8)
    assert (caught.value.stage, caught.value.start, caught.value.end) == (
        "sentences",
        len(short) + 2,
        len(doc.text),
    )
    assert caught.value.reason == "a sentence of 9 tokens, over the limit of 8"
