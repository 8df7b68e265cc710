"""The dater from the text alone: invented texts and the day, range or nothing they permit."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.annotate.dating import (
    Clue,
    Dating,
    date_text,
    intersect,
    pin_weekday,
    quoted_spans,
)

TODAY = dt.date(2032, 1, 1)
D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("text", "published", "earliest", "latest"),
    [
        # A weekday with its date told as past is the day reported: the text was written
        # that day or the next (a day, to two days' precision).
        (
            "The delegations of Korvania and Ostria met on Friday, May 16, 2031, in a hotel.",
            "2031-05-16",
            "2031-05-16",
            "2031-05-17",
        ),
        # An announced day with its weekday closes the week from the other side.
        (
            "The envoys met on Friday, May 16, 2031. They will meet again on Tuesday, May 20, 2031.",
            "2031-05-16",
            "2031-05-16",
            "2031-05-17",
        ),
        # Without a year, the years where May 16 is a Friday, narrowed by a past year.
        (
            "The envoys met on Friday, May 16. The first round collapsed in 2029.",
            "2031-05-16",
            "2031-05-16",
            "2031-05-17",
        ),
        # A dateline names the day the report was filed: published that day or the next.
        (
            "LISVANE, April 8, 2031 (Wire) -- The talks resumed at dawn.",
            "2031-04-08",
            "2031-04-08",
            "2031-04-09",
        ),
        # A dateline without its year, its year fixed by a dated weekday.
        (
            "LISVANE, April 8 (Wire) -- The talks, which opened on Monday, April 7, 2031, resumed.",
            "2031-04-08",
            "2031-04-08",
            "2031-04-09",
        ),
        # A weekday told as past pins the day inside a week the text fixes.
        (
            "The monitors arrived on Wednesday, March 5, 2031, and will leave on March 10, 2031. "
            "On Friday the envoys signed the map.",
            "2031-03-05",
            "2031-03-05",
            "2031-03-06",
        ),
        # An elapsed time after a year names the present.
        (
            "Three years after the 2028 talks, the envoys met again.",
            None,
            "2031-01-01",
            "2032-01-01",
        ),
        (
            "The first meeting since March 2028, in more than three years, ended well.",
            None,
            "2031-03-01",
            None,
        ),
        ("In 2027, four years ago, the sides last met.", None, "2031-01-01", "2032-01-01"),
        # Announced only: an upper bound.
        ("A new round of talks is scheduled to begin on June 2, 2031.", None, None, "2031-06-02"),
        # A relative weekday takes the week of a date of the same weekday the text names.
        (
            "The truce began on Sunday, March 2, 2031, at noon. On Sunday the guns fell silent "
            "and the monitors reported calm.",
            "2031-03-02",
            "2031-03-02",
            "2031-03-03",
        ),
    ],
)
def test_evidence_gives_a_day_or_a_range(
    text: str, published: str | None, earliest: str | None, latest: str | None
) -> None:
    found = date_text(text, today=TODAY)
    assert (found.published, found.earliest, found.latest) == (
        D(published) if published else None,
        D(earliest) if earliest else None,
        D(latest) if latest else None,
    )
    assert found.kind == ("day" if published else "range")
    assert found.basis is not None and found.basis.startswith("inferred:text: ")


@pytest.mark.parametrize(
    "text",
    [
        "The envoys met on Friday and will meet again next week.",
        # A deadline is no time of telling, nor a hypothetical day, nor a denied one.
        "The ceasefire was extended until July 1, 2031.",
        "The sides could meet on July 1, 2031, if the shelling stops.",
        "The delegates will not meet on July 1, 2031.",
        "The mediator gave no reason for the July 1, 2031 deadline.",
        # A year naming an event ("the 2029 accord") dates the event, not the text.
        "The 2029 accord is the basis of every proposal on the table.",
        # A participle after a modal reports nothing past; a fiscal year is no time of telling.
        "The envoy said he would be formally received in 2029 by the council.",
        "Aid to the region grew in fiscal 2029, the ministry said.",
        # An elapsed time and a date of two comparisons: nothing pairs them.
        "Fares rose to $12 from $11 a year ago and from $9 in October 2027.",
        # "the highest in two years" counts from a level the text does not date.
        "Grain prices were the highest in nearly two years. (Chart: grain in 2029)",
        "",
    ],
)
def test_without_evidence_the_date_stays_unknown(text: str) -> None:
    found = date_text(text, today=TODAY)
    assert found.kind == "unknown"
    assert (found.published, found.earliest, found.latest, found.basis) == (None,) * 4


def test_the_basis_names_the_words_that_decided() -> None:
    found = date_text("The envoys met on Friday, May 16, 2031, in Lisvane.", today=TODAY)
    assert found.basis is not None and "'Friday, May 16, 2031'" in found.basis
    assert all(isinstance(c, Clue) for c in found.clues)


def test_one_misread_tense_is_outvoted_not_an_empty_answer() -> None:
    text = (
        "The talks ended on May 2, 2031. They had begun on April 28, 2031. Officials said "
        "a second round will open on April 30, 2031."
    )
    found = date_text(text, today=TODAY)
    assert found.kind == "range"
    assert found.contains(D("2031-05-05"))


def test_nothing_after_today() -> None:
    text = "The envoys met on May 16, 2031. They will meet again on May 30, 2031."
    found = date_text(text, today=D("2031-05-18"))
    assert found.latest == D("2031-05-18")


def test_a_weekday_pins_only_a_week_it_falls_in() -> None:
    window = Dating(None, D("2031-03-03"), D("2031-03-09"), "inferred:text: x")
    friday = Clue("Friday", 0, 6, "a weekday told as past", (), 0.0, 4)
    pinned = pin_weekday(window, [friday])
    assert pinned is not None
    assert (pinned.published, pinned.earliest, pinned.latest) == (
        D("2031-03-07"),
        D("2031-03-07"),
        D("2031-03-08"),
    )
    assert pinned.basis is not None and "'Friday'" in pinned.basis
    # Two weeks hold two Fridays: the weekday names neither.
    wide = Dating(None, D("2031-03-03"), D("2031-03-16"), "inferred:text: x")
    assert pin_weekday(wide, [friday]) is None
    assert pin_weekday(Dating(None, D("2031-03-03"), None, "inferred:text: x"), [friday]) is None


def test_a_quoted_or_last_weekday_pins_nothing() -> None:
    text = (
        "The monitors arrived on March 5, 2031, and will leave on March 10, 2031. "
        '"On Friday we saw nothing," one said. Last Saturday the envoys signed the map.'
    )
    assert date_text(text, today=TODAY).kind == "range"


def test_a_weekday_in_typewriter_quotes_is_the_speakers() -> None:
    """The dater reads quotations as the quote layer does: ``...'' marks a quote too."""
    text = (
        "The monitors arrived on March 3, 2031, and will leave on March 9, "
        "2031. ``On Friday we saw nothing,'' one said."
    )
    assert quoted_spans(text) == [(text.index("``"), text.index("''") + 2)]
    found = date_text(text, today=TODAY)
    assert found.kind == "range"
    # Outside the quote the same Friday is the text's own and names the day.
    unquoted = text.replace("``", "").replace("''", "")
    assert date_text(unquoted, today=TODAY).published == D("2031-03-07")


def test_ties_between_stretches_give_their_hull() -> None:
    o = D("2010-01-10").toordinal()
    clues = [
        Clue("a", 0, 1, "one", ((o, o),)),
        Clue("b", 2, 3, "two", ((o + 20, o + 20),)),
    ]
    found = intersect(clues, today=TODAY)
    assert (found.earliest, found.latest) == (D("2010-01-10"), D("2010-01-30"))
    assert found.kind == "range"
