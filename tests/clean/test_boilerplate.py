"""Plain-text furniture removal: invented pages with exact removals, and the real seeds.

The fixtures below are written for these tests (no outlet's text); the seed articles are read
from ``../shared/seeds`` at run time and only structural properties are asserted on them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique.clean import CleanText, line_key, strip_boilerplate

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

WIRE_STORY = """World > Europe
Fishing quotas deal reached after night of talks
By Marta Kowalczyk
Published 3 March 2031
The agreement caps the catch of cod and herring for the next two seasons. (Photo: Harbour Press)
BRUSSELS:
Ministers from the coastal states agreed early on Tuesday to cut cod quotas by a fifth, ending \
talks that had run through the night.
The deal still needs the approval of the national parliaments, officials said, and fishing \
groups have already promised to challenge it.
Also Read: Port workers vote to end strike at northern harbour
"We have a fair outcome for the fleets and for the fish," the chair of the talks told reporters \
after the session ended.
Under the agreement, inspectors will board one vessel in ten, and catches above the cap will be \
deducted from the next season.
Share this article
Subscribe to our newsletter for daily updates.
12 comments"""

REPEATS = """Nurses accept new pay offer

Nurses accept new pay offer

The union's members voted by a large majority to accept the offer from the health ministry on \
Friday.
Photo credit: Lena Brandt

The union's members voted by a large majority to accept the offer from the health ministry on \
Friday.

The deal raises pay by six percent over two years and adds a bonus for night shifts, the union \
said in a statement.

Negotiators had met eleven times since the strike began in the spring, and both sides described \
the final round as difficult.

No comments yet."""

MENUS = """• Live
• Video
• facebook
• twitter
• whatsapp
We use cookies to give you the best experience on our website. By continuing you agree to our \
cookie policy.
Mine owners and union resume wage talks
Talks between the mine owners' association and the miners' union resumed on Wednesday after a \
two-week pause, a spokesperson said.
Both sides said they hoped to reach an agreement before the end of the month, when the current \
contract expires.
Related Articles
Strike ballot opens at the northern steelworks
Rail operator posts record losses for the year
© 2031 Valley Courier. All rights reserved."""

TEASER_INSIDE = """Water-sharing talks stall over dam releases
Delegations from the two neighbouring states failed on Thursday to agree how much water the new \
dam should release during the dry season.
The upstream state wants to keep more water in the reservoir for its farms, while the downstream \
state says its rivers are running dry.
Farmers March On Capital Demanding Debt Relief: Union Leader
Mediators from the regional bloc said they would present a compromise proposal at the next \
round, expected in two weeks.
Officials on both sides said the talks had been frank and that a joint technical committee \
would keep meeting in the meantime."""

SUBHEADS = """Ceasefire talks: what each side wants
The two sides have now met four times in the capital, and each round has ended with a statement \
promising further contacts.
What the government wants
The government says any agreement must begin with the disarmament of the rebel units and the \
return of the towns taken last year.
What the rebels want
The rebels say they will not hand over their weapons until a transitional council is formed and \
their leaders are granted an amnesty."""

COMMENTS_AFTER = """Port strike ends after deal on overtime
Dock workers returned to work on Monday after their union and the port authority agreed new \
overtime rules in talks that lasted nine days.
The agreement limits weekly overtime and sets up a joint panel to review shift patterns every \
six months, both sides said.
3 comments
harbourfan77 says:
About time, the queues of lorries were stretching for miles and nobody was doing anything about \
it at all, the whole town suffered for it.
Reply
Jo Smith on March 4, 2031 at 9:12 am said:
I work at the port and I can say the new rules are a big improvement on what we had before the \
dispute started, so I am glad."""


@pytest.mark.parametrize(
    ("text", "removed", "title"),
    [
        (
            WIRE_STORY,
            [
                (0, "nav"),
                (2, "byline"),
                (3, "dateline"),
                (4, "caption"),
                (5, "dateline_only"),
                (8, "related"),
                (11, "share"),
                (12, "promo"),
                (13, "comments"),
            ],
            "Fishing quotas deal reached after night of talks",
        ),
        (
            REPEATS,
            [(2, "repeated_title"), (4, "duplicate_line"), (5, "credit"), (13, "comments")],
            "Nurses accept new pay offer",
        ),
        (
            MENUS,
            [
                (0, "widget"),
                (1, "widget"),
                (2, "share"),
                (3, "share"),
                (4, "share"),
                (5, "cookie"),
                (9, "related"),
                (10, "related"),
                (11, "related"),
                (12, "legal"),
            ],
            "Mine owners and union resume wage talks",
        ),
        (TEASER_INSIDE, [(3, "related")], "Water-sharing talks stall over dam releases"),
        (SUBHEADS, [], "Ceasefire talks: what each side wants"),
        (
            COMMENTS_AFTER,
            [
                (3, "comments"),
                (4, "comments"),
                (5, "outside_body"),
                (6, "comments"),
                (7, "comments"),
                (8, "outside_body"),
            ],
            "Port strike ends after deal on overtime",
        ),
    ],
    ids=["wire", "repeats", "menus", "teaser-inside", "subheads", "comments-after"],
)
def test_invented_pages(text: str, removed: list[tuple[int, str]], title: str) -> None:
    cleaned = strip_boilerplate(text)
    assert [(r.line, r.reason) for r in cleaned.removed] == removed
    assert cleaned.title == title
    assert cleaned.text.splitlines()[0] == title
    lines = text.splitlines()
    gone = {r.line for r in cleaned.removed}
    kept = [line.strip() for i, line in enumerate(lines) if line.strip() and i not in gone]
    assert cleaned.text.splitlines() == kept


def test_output_keeps_order_and_starts_with_the_title() -> None:
    cleaned = strip_boilerplate(WIRE_STORY)
    body = cleaned.text.splitlines()
    assert body[0] == cleaned.title
    assert body[1].startswith("Ministers from the coastal states")
    assert body[-1].startswith("Under the agreement")


def test_callers_title_is_preferred_and_its_repeat_removed() -> None:
    text = "Markets rally\nTrade truce extended by ninety days\n" + SUBHEADS
    cleaned = strip_boilerplate(text, title="Trade truce extended by ninety days")
    assert cleaned.title == "Trade truce extended by ninety days"
    assert cleaned.text.splitlines()[0] == "Trade truce extended by ninety days"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("12 comments", "0 comments"),
        ("  3   Comments ", "0 comments"),
        ("• Share on Facebook", "share on facebook"),
        ("SUBSCRIBE TO OUR NEWSLETTER!", "subscribe to our newsletter"),
        ("Updated: 10:45 GMT", "updated 0 0 gmt"),
        ("Ｆｕｌｌｗｉｄｔｈ text", "fullwidth text"),
    ],
)
def test_line_key_folds_case_space_digits_and_markup(line: str, key: str) -> None:
    assert line_key(line) == key


def test_outlet_repeats_go_unless_they_are_paragraphs() -> None:
    background = (
        "The talks began in January after the previous agreement expired, and the two sides "
        "have met every month since then in the capital."
    )
    edition = "Valley Courier Morning Edition"
    head, body = SUBHEADS.split("\n", 1)
    text = f"{edition}\n{head}\n{background}\n{edition}\n{body}"
    repeated = {line_key(edition), line_key(background)}
    without = strip_boilerplate(text)
    with_evidence = strip_boilerplate(text, repeated=repeated)
    assert edition in without.text
    assert edition not in with_evidence.text
    assert ("outlet_repeat", edition) in {(r.reason, r.text) for r in with_evidence.removed}
    # A paragraph an outlet reuses as background is still article text.
    assert background in with_evidence.text


@pytest.mark.parametrize("text", ["", "\n\n  \n", "   "])
def test_blank_text_gives_empty_result(text: str) -> None:
    assert strip_boilerplate(text) == CleanText(text="", removed=(), title=None)


def test_text_without_prose_keeps_what_is_not_furniture() -> None:
    cleaned = strip_boilerplate("Home\nOffer and counter-offer\nTariff schedule annex")
    assert cleaned.text.splitlines() == ["Offer and counter-offer", "Tariff schedule annex"]
    assert [(r.line, r.reason) for r in cleaned.removed] == [(0, "widget")]


# --- the real seeds ----------------------------------------------------------------------------
# Generic furniture shapes, written for the test: none may survive cleaning.
_FURNITURE = re.compile(
    r"^\W*(?:also read|read more|share this|subscribe|follow us)\b"
    r"|\((?:[^()]*\b(?:pic|photo)\b[^()]*)\)\s*$|\|\s*photo\s*:"
    r"|\b(?:no|\d+) comments?\.?$|^\W*(?:facebook|twitter|google plus|live|audio only)\W*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")


def _seed_paths() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds absent: {SEEDS.resolve()} not found")
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip(f"../shared/seeds has no .txt files: {SEEDS.resolve()}")
    return paths


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, str, CleanText]]:
    out = []
    for path in _seed_paths():
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text, strip_boilerplate(text)))
    return out


def test_every_seed_loses_furniture_and_keeps_a_title(
    seeds: list[tuple[str, str, CleanText]],
) -> None:
    for name, _text, cleaned in seeds:
        assert cleaned.removed, name
        assert cleaned.title, name
        assert cleaned.text.splitlines()[0].strip("*# ") == cleaned.title, name


def test_no_furniture_shape_survives_in_seeds(seeds: list[tuple[str, str, CleanText]]) -> None:
    for name, _text, cleaned in seeds:
        leftovers = [line for line in cleaned.text.splitlines() if _FURNITURE.search(line)]
        assert leftovers == [], name


def test_removed_seed_lines_are_short_or_captions(seeds: list[tuple[str, str, CleanText]]) -> None:
    for name, _text, cleaned in seeds:
        for r in cleaned.removed:
            words = len(_WORDS.findall(r.text))
            assert words <= 20 or r.reason in {"caption", "duplicate_line"}, (name, r)


def test_no_article_sentence_lost_in_seeds(seeds: list[tuple[str, str, CleanText]]) -> None:
    """Every long line survives, unless it is a caption or a copy of a line that survives."""
    for name, text, cleaned in seeds:
        out = cleaned.text
        reasons = {r.line: r.reason for r in cleaned.removed}
        for number, line in enumerate(text.splitlines()):
            if len(_WORDS.findall(line)) <= 25:
                continue
            reason = reasons.get(number)
            if reason is None:
                assert line.strip() in out, (name, number)
            elif reason == "duplicate_line":
                assert line_key(line) in {line_key(kept) for kept in out.splitlines()}
            else:
                assert reason == "caption", (name, number, reason)


def test_seed_output_has_no_repeated_lines(seeds: list[tuple[str, str, CleanText]]) -> None:
    for name, _text, cleaned in seeds:
        keys = [line_key(line) for line in cleaned.text.splitlines()]
        assert len(keys) == len(set(keys)), name


def test_seed_removals_point_at_their_lines(seeds: list[tuple[str, str, CleanText]]) -> None:
    for name, text, cleaned in seeds:
        lines = text.splitlines()
        for r in cleaned.removed:
            assert lines[r.line].strip() == r.text, (name, r)


# --- article sentences that look a little like furniture must stay ---------------------------
_LEAD = (
    "Negotiators from both delegations met for six hours on Tuesday in the old customs house, "
    "and officials said the session had been long but useful for everyone involved."
)
_TAIL = (
    "A second round is planned for next month, when the technical committees are due to "
    "report on the border crossings and on the exchange of detainees."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices rose after the deal was announced.",
        "Both sides share the view that a freeze is needed.",
        "Follow-up talks are set for Friday.",
        "Support for the deal grew.",
        "The agency received 12 comments from the public.",
        "The ministry declined to comment on the tariff policy.",
        "By Sunday, both sides had agreed to a ceasefire.",
        "De Mistura said the text was not final.",
        "Latest: the two sides will meet again on Monday.",
        "3 of 5 members voted against the proposal.",
        "The figures show a fall in exports (source: finance ministry).",
        "Related talks in Vienna ended without a deal.",
        "More than 200 prisoners were exchanged.",
        "Putin said:",
        "Watch this space, he said.",
        "The union's newsletter urged members to reject the offer.",
    ],
)
def test_article_sentences_are_not_furniture(sentence: str) -> None:
    text = f"Talks resume at the border\n{_LEAD}\n{sentence}\n{_TAIL}"
    cleaned = strip_boilerplate(text)
    assert sentence in cleaned.text.splitlines(), cleaned.removed


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Advertisement", "ad"),
        ("Story continues below advertisement", "ad"),
        ("Share on WhatsApp", "share"),
        ("• Telegram", "share"),
        ("Sign up for our daily briefing newsletter", "promo"),
        ("Get the app", "promo"),
        ("Photo: Anna Berg/Northern Press", "credit"),
        ("A delegate arrives for the session in the capital. (Photo: Northern Press)", "caption"),
        ("Read more: Unions plan national strike day", "related"),
        ("Most Read", "related"),
        ("24 Comments", "comments"),
        ("Leave a reply", "comments"),
        ("Updated: 14 May 2031, 10:42 GMT", "dateline"),
        ("GENEVA (Reuters) -", "dateline_only"),
        ("Home > World > Africa", "nav"),
        ("Copyright © 2031 Northern Press Ltd", "legal"),
        ("By Tomas Lindqvist and Ana Ruiz", "byline"),
        ("Tomas Lindqvist is a senior correspondent covering trade.", "byline"),
        ("(Reporting by Ana Ruiz; Editing by Tomas Lindqvist)", "byline"),
    ],
)
def test_furniture_line_inside_an_article(line: str, reason: str) -> None:
    text = f"Talks resume at the border\n{_LEAD}\n{line}\n{_TAIL}"
    cleaned = strip_boilerplate(text)
    assert [(r.line, r.reason) for r in cleaned.removed] == [(2, reason)]


def test_a_single_teaser_line_does_not_end_the_article_in_a_page_dump() -> None:
    menu = "\n".join(f"• {name}" for name in ("World", "Business", "Sport", "Culture", "Travel"))
    last = "The mediators said a prisoner exchange could be agreed as early as next week."
    text = (
        f"{menu}\nTalks resume at the border\n{_LEAD}\n{_TAIL}\n"
        f"Also Read: Flooding closes the northern highway\n{last}\n"
        "Most Read\nFerry fares to rise in spring\nStorm closes coastal road\nContact us"
    )
    cleaned = strip_boilerplate(text)
    assert last in cleaned.text.splitlines()
    assert "Ferry fares to rise in spring" not in cleaned.text
