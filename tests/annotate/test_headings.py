"""Headings and places the tagger calls organisations, on invented text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from communique.annotate.entities import find_mentions
from communique.annotate.headings import is_heading
from communique.annotate.nlp import load_pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def test_title_case_subheading_is_a_heading(nlp: Language) -> None:
    doc = nlp("Ostria and Valdoria met again.\n\nUnwanted Delays and Intransigence\n\nMore text.\n")
    headings = [s.text.strip() for s in doc.sents if is_heading(doc, s)]
    assert headings == ["Unwanted Delays and Intransigence"]


@pytest.mark.parametrize(
    "line",
    [
        "Ostria and Valdoria met again.",  # a sentence
        "LEEDS 2 ARSENAL 1",  # a score line
        "the talks went on",  # not title case
    ],
)
def test_not_headings(nlp: Language, line: str) -> None:
    doc = nlp(f"Some text before.\n\n{line}\n\nSome text after.\n")
    assert not any(is_heading(doc, s) for s in doc.sents if line.split()[0] in s.text)


def test_heading_words_are_not_entities(nlp: Language) -> None:
    text = "Ostria and Valdoria met again.\n\nUnwanted Delays and Intransigence\n\nMore text.\n"
    names = [m.text for m in find_mentions(nlp(text))]
    assert "Unwanted Delays" not in " ".join(names)
    assert "Ostria" in names


def test_a_place_noun_makes_a_place(nlp: Language) -> None:
    text = "The army massed troops near the Sumy region on Friday."
    labels = {m.text: m.label for m in find_mentions(nlp(text))}
    assert labels.get("Sumy", "GPE") == "GPE"
