"""Exact and near-duplicate detection on invented wire stories."""

from __future__ import annotations

import random

import pytest

from communique.clean.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    band_keys,
    shingles,
    signature,
    similarity,
    text_hash,
)
from communique.errors import UsageError

# One invented wire story, the same story as another masthead ran it (new headline and lede,
# page furniture), and a different story on the same dispute sharing a quote and a paragraph.
# The paragraphs both mastheads ran word for word.
BODY = [
    (
        "The union is demanding a pay rise of 9.5 percent over two years and a guarantee that "
        "automated cranes will not replace crane drivers before 2030. The operators have "
        "offered 5 percent over the same period and a review of automation plans every "
        "eighteen months."
    ),
    (
        '"We came back because the ships are still waiting and our members want an answer, not '
        "a fight,\" the union's chief negotiator, Marta Lindqvist, told reporters outside the "
        "labour ministry, where the talks are being held."
    ),
    (
        "The operators' association said in a statement that it was willing to improve its "
        'offer on pay if the union dropped its demand for a fixed date on automation. "A '
        "guarantee that ties our hands for seven years is not something any port in Europe "
        "could sign,\" said Henrik Osterberg, who leads the employers' team."
    ),
    (
        "A mediator appointed by the labour ministry, former judge Anneli Korpela, has given "
        "the two sides until Sunday night to reach an outline agreement. If they fail, she "
        "said, she will publish her own proposal and ask both sides to vote on it within a "
        "week."
    ),
    (
        "The strike cost the ports an estimated 30 million euros a day, according to the "
        "chamber of commerce, and retailers warned of empty shelves before the spring holidays "
        "if the dispute dragged on."
    ),
    (
        "The last national dock strike, in 2016, lasted eleven days and ended with a "
        "three-year agreement that both sides later said had been rushed. Union members "
        "rejected the first deal put to them then by a narrow margin."
    ),
    (
        "Talks were due to continue on Friday morning. Neither side would say whether a new "
        "strike date had been set."
    ),
]

WIRE = "\n\n".join(
    [
        "Dockworkers and port operators resume wage talks after strike",
        (
            "HARBURG, March 9 (Wirepress) - Negotiators for the dockworkers' union and the "
            "association of port operators returned to the table on Thursday, a day after a "
            "48-hour strike shut the three largest container terminals on the northern coast and "
            "left more than forty ships waiting at anchor."
        ),
        *BODY,
    ]
)

MASTHEAD = "\n\n".join(
    [
        "Port strike: talks back on as ships queue off the coast",
        "Live updates | Business | Share this article",
        (
            "Wage talks between dockworkers and port operators restarted on Thursday in the "
            "capital, one day after a two-day walkout closed the three biggest container terminals "
            "and stranded dozens of vessels at sea."
        ),
        *BODY,
        (
            "Follow the Coastal Herald on WhatsApp and Telegram\nRelated: Ferry fares to rise in "
            "April"
        ),
    ]
)

OTHER = "\n\n".join(
    [
        "Mediator puts her own proposal to port unions as deadline passes",
        (
            "HARBURG, March 13 (Wirepress) - The mediator in the national port dispute published "
            "her own settlement proposal on Monday after dockworkers and port operators failed to "
            "agree an outline deal by the Sunday night deadline."
        ),
        (
            "Former judge Anneli Korpela proposed a pay rise of 7 percent over two years and a "
            "joint committee on automation that would have to approve any plan to replace crane "
            "drivers before 2028. She asked both sides to hold votes by the end of next week."
        ),
        (
            '"We came back because the ships are still waiting and our members want an answer, not '
            'a fight," Marta Lindqvist had said last week when talks resumed; on Monday she told '
            'members the proposal was "a basis, not a victory" and urged them to read it before '
            "deciding."
        ),
        (
            "The employers' association said it would study the text. Its board meets on "
            "Wednesday. Several large operators said privately that the automation committee went "
            "further than they had wanted, while smaller ports welcomed the pay figure as "
            "affordable."
        ),
        (
            "The strike cost the ports an estimated 30 million euros a day, according to the "
            "chamber of commerce, and retailers warned of empty shelves before the spring holidays "
            "if the dispute dragged on."
        ),
        (
            "Shipping lines have begun diverting some cargo to neighbouring countries. Two of the "
            "largest carriers said they would keep the diversions in place until a deal is "
            "ratified, which could take until the end of the month."
        ),
    ]
)


def _paragraphs(text: str) -> list[str]:
    return text.strip().split("\n\n")


TRIMMED = "\n\n".join(_paragraphs(WIRE)[:-3])
MASTHEAD_TRIMMED = "\n\n".join(_paragraphs(MASTHEAD)[:-3])


def _jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


# --- exact ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Talks resume in Geneva.", "talks  resume\nin GENEVA.", True),
        ("Talks resume in Geneva.", " Talks resume in Geneva. \n", True),
        ("Ｔａｌｋｓ resume", "Talks resume", True),  # full-width letters fold (NFKC)
        ("Talks resume in Geneva.", "Talks resumed in Geneva.", False),
        ("Talks resume in Geneva.", "Talks resume in Geneva!", False),
    ],
)
def test_text_hash(a: str, b: str, same: bool) -> None:
    assert (text_hash(a) == text_hash(b)) is same
    assert len(text_hash(a)) == 64


# --- shingles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "k", "expected"),
    [
        ("The talks, resumed!", 2, {b"the talks", b"talks resumed"}),
        ("One two three", 5, {b"one two three"}),
        ("", 5, set()),
        ("... — !!", 5, set()),
        ("a b c a b c", 3, {b"a b c", b"b c a", b"c a b"}),
        ("Ünion   ÉTÉ", 1, {b"\xc3\xbcnion", b"\xc3\xa9t\xc3\xa9"}),
        ("谈判恢复", 2, {"谈 判".encode(), "判 恢".encode(), "恢 复".encode()}),
        ("port谈判", 1, {b"port", "谈".encode(), "判".encode()}),
    ],
)
def test_shingles(text: str, k: int, expected: set[bytes]) -> None:
    assert shingles(text, k=k) == expected


# --- signatures -------------------------------------------------------------------------------


def test_signature_is_compact_and_deterministic() -> None:
    sig = signature(WIRE)
    assert isinstance(sig, bytes)
    assert len(sig) == 128 * 4
    assert sig == signature(WIRE)
    assert len(signature(WIRE, num_perm=64)) == 64 * 4
    assert signature(WIRE, seed=2) != sig
    assert signature(WIRE.upper().replace("\n\n", "\n")) == sig  # normalised first


def test_empty_text_signature() -> None:
    assert signature("") == b"\xff" * 512
    assert signature("", num_perm=4) == b"\xff" * 16


def test_estimate_tracks_exact_jaccard() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    for trial in range(12):
        words = rng.choices(vocab, k=600)
        edited = list(words)
        for i in rng.sample(range(len(words)), 10 + trial * 12):
            edited[i] = "edited"
        a, b = " ".join(words), " ".join(edited)
        # three standard errors of a 128-permutation estimate
        assert abs(similarity(signature(a), signature(b)) - _jaccard(a, b)) < 0.14


def test_similarity_of_identical_and_unrelated_texts() -> None:
    assert similarity(signature(WIRE), signature(WIRE)) == 1.0
    assert similarity(signature(WIRE), signature("Completely different words here now")) < 0.05


# --- the threshold ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "duplicate"),
    [
        (MASTHEAD, True),  # new headline, new lede, furniture
        (TRIMMED, True),  # last three paragraphs cut
        (MASTHEAD_TRIMMED, True),  # both
        (OTHER, False),  # another story on the same dispute
    ],
)
def test_threshold_separates_copies_from_other_stories(other: str, duplicate: bool) -> None:
    estimate = similarity(signature(WIRE), signature(other))
    assert (estimate >= NEAR_DUPLICATE_THRESHOLD) is duplicate
    assert (_jaccard(WIRE, other) >= NEAR_DUPLICATE_THRESHOLD) is duplicate
    shared = set(band_keys(signature(WIRE))) & set(band_keys(signature(other)))
    assert bool(shared) is duplicate  # the store finds the copies by key lookup alone


# --- band keys --------------------------------------------------------------------------------


def test_band_keys() -> None:
    sig = signature(WIRE)
    keys = band_keys(sig)
    assert len(keys) == 32
    assert [key.split(":")[0] for key in keys] == [str(i) for i in range(32)]
    assert all(len(key.split(":")[1]) == 16 for key in keys)
    assert len(band_keys(sig, bands=16)) == 16
    assert band_keys(signature(WIRE)) == keys
    assert not set(keys) & set(band_keys(signature("An unrelated text about something else")))


def test_equal_rows_in_different_bands_do_not_collide() -> None:
    keys = band_keys(b"\x00" * 512)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: band_keys(signature("a b c"), bands=5), "must divide"),
        (lambda: band_keys(signature("a b c"), bands=0), "at least 1"),
        (lambda: band_keys(b""), "non-empty"),
        (lambda: similarity(b"\x00" * 8, b"\x00" * 12), "differ in length"),
        (lambda: similarity(b"\x00" * 7, b"\x00" * 7), "uint32"),
        (lambda: signature("a b c", num_perm=0), "at least 1"),
        (lambda: shingles("a b c", k=0), "at least 1"),
    ],
)
def test_bad_arguments(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(UsageError, match=message):
        call()
