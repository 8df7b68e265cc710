"""A bare weekday, month or holiday placed by the event's own tense."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.annotate.event_dates import Direction, shift_bare_date

WEDNESDAY = dt.date(2025, 5, 14)


@pytest.mark.parametrize(
    ("value", "precision", "text", "direction", "expected"),
    [
        ("2025-05-20", "day", "Tuesday", "past", "2025-05-13"),
        ("2025-05-13", "day", "on Tuesday", "future", "2025-05-20"),
        ("2025-05-13", "day", "Tuesday night", "none", "2025-05-13"),
        ("2025-05-14", "day", "Wednesday", "past", "2025-05-14"),
        ("2025-05-15", "day", "Thursday night's", "past", "2025-05-08"),
        ("2025-06", "month", "in June", "past", "2024-06"),
        ("2025-03", "month", "March", "future", "2026-03"),
        ("2025-05", "month", "May", "past", "2025-05"),
        # a holiday is the occurrence nearest to publication, whatever the tense
        ("2026-12-25", "day", "Christmas", "past", "2025-12-25"),
        # the text fixed these: a year, a number or a direction
        ("2025-05-20", "day", "next Tuesday", "past", "2025-05-20"),
        ("2025-06", "month", "June 2025", "past", "2025-06"),
        ("2025-06-03", "day", "June 3", "past", "2025-06-03"),
        ("2025-W19", "week", "last week", "future", "2025-W19"),
    ],
)
def test_bare_dates_follow_the_tense(
    value: str, precision: str, text: str, direction: Direction, expected: str
) -> None:
    assert (
        shift_bare_date(value, precision, text=text, direction=direction, published=WEDNESDAY)
        == expected
    )


def test_without_a_publication_date_nothing_moves() -> None:
    assert shift_bare_date(
        "2025-05-20", "day", text="Tuesday", direction="past", published=None
    ) == ("2025-05-20")
