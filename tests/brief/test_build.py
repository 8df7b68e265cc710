"""How the build files a stance on the deal as a whole (invented text throughout)."""

from __future__ import annotations

from communique.annotate.codebook import default_codebook
from communique.annotate.positions import Position
from communique.brief.build import _deals_filed
from communique.brief.spans import SpanTexts
from communique.models import Document

TEXT = (
    "Union leaders and the port board resumed talks on the wage deal. "
    "The union rejected the deal on Monday. "
    "The board said the negotiated deal was fair."
)


def _position(issue: str, stance: str, obj: str, start: int) -> Position:
    return Position(
        *("d1", None, "the union", issue, stance, TEXT, start, start + 10, None, None),
        object=obj,
    )


def test_the_deal_takes_the_issue_the_story_named_it_by() -> None:
    docs = {"d1": Document("d1", "d1.txt", TEXT, title="Dock pay talks")}
    filed = _deals_filed(
        [
            _position("agreement", "reject", "deal", 66),
            _position("negotiation_format", "accept", "negotiated deal", 106),
            _position("negotiation_format", "demand", "talks", 0),
        ],
        default_codebook(),
        docs,
    )
    assert [p.issue for p in filed] == ["labour", "labour", "negotiation_format"]


def test_a_story_that_never_names_its_deal_keeps_the_agreement_as_a_whole() -> None:
    docs = {"d1": Document("d1", "d1.txt", "The union rejected the deal on Monday.")}
    filed = _deals_filed([_position("agreement", "reject", "deal", 0)], default_codebook(), docs)
    assert [p.issue for p in filed] == ["agreement"]


def test_two_stances_that_become_one_are_kept_once() -> None:
    docs = {"d1": Document("d1", "d1.txt", TEXT)}
    filed = _deals_filed(
        [
            _position("labour", "reject", "wage deal", 66),
            _position("agreement", "reject", "it", 66),
        ],
        default_codebook(),
        docs,
    )
    assert [(p.issue, p.object) for p in filed] == [("labour", "wage deal")]


def test_equal_words_cited_again_are_the_same_string() -> None:
    # One object for equal words: a kept briefing pickles it once, however often it is cited.
    text = "The ferry board met. It agreed. The ferry board met."
    cut = SpanTexts({"d1": Document("d1", "d1.txt", text)})
    first = cut("d1", 0, 20)
    assert first == "The ferry board met." and cut("d1", 32, 52) is first
    assert cut("d1", 21, 31) == "It agreed." and cut.share("It agreed.") is cut("d1", 21, 31)
