"""The two pictures of the briefing, drawn on the server: the timeline as inline SVG and the
positions heatmap as a table's worth of cells.

Both are bounded whatever the corpus holds: events that would land on the same few pixels of
one lane become one dot sized by their count, and the heatmap shows its busiest rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from communique.brief.model import BriefEvent, BriefPosition
from communique.brief.sections import read_cell

__all__ = [
    "MIXED",
    "PALETTE",
    "Cell",
    "Heatmap",
    "PageCharts",
    "cell_path",
    "heatmap",
    "heatmap_grid",
    "page_charts",
    "period",
    "timeline_svg",
    "type_colours",
]

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
)  # fmt: skip
"""Distinct hues for event types, in order of how often each type occurs."""

MIXED = "mixed"
"""A cell's stance when its statements disagree and none is dated."""

NO_SIDE = "-"
"""The path segment of positions whose holder speaks for no known side."""

_LEFT, _RIGHT, _TOP, _AXIS = 130, 24, 14, 34
_BUCKET_PX = 6
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})"
    r"|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
)


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 date value (``2025-05-04``, ``2025-W19``, ``2025-05``,
    ``2025-Q2``, ``2025-SU``, ``2025``); None when it names no calendar period."""
    match = _PERIOD.match(value or "")
    if match is None:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            day = dt.date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            return _months(year, int(match["month"]), 1)
        if match["week"]:
            monday = dt.date.fromisocalendar(year, int(match["week"]), 1)
            return monday, monday + dt.timedelta(days=6)
        if match["quarter"]:
            return _months(year, 3 * int(match["quarter"]) - 2, 3)
        if match["half"]:
            return _months(year, 6 * int(match["half"]) - 5, 6)
        if match["season"]:
            return _months(year, _SEASON_START[match["season"]], 3)
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _months(year: int, month: int, count: int) -> tuple[dt.date, dt.date]:
    last_month = month + count - 1
    last_year, last_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    last_day = calendar.monthrange(last_year, last_month)[1]
    return dt.date(year, month, 1), dt.date(last_year, last_month, last_day)


def type_colours(events: Iterable[BriefEvent]) -> dict[str, str]:
    return _colours_of(Counter(e.type for e in events))


def timeline_svg(
    events: Sequence[BriefEvent],
    *,
    colours: dict[str, str] | None = None,
    width: int = 960,
    lane: int = 26,
) -> Markup:
    """Dated events on a date axis, one lane per type, coloured by type; empty when none is
    dated. Each dot links to its event; a dot standing for several says how many.

    Two passes over ``events`` (the span and the types, then the dots), each holding one
    event at a time: a large briefing's events are read from the store, never all at once."""
    counts: Counter[str] = Counter()
    first = last = None
    for e in events:
        span = period(e.date)
        if span is not None:
            counts[e.type] += 1
            first = span[0] if first is None or span[0] < first else first
            last = span[0] if last is None or span[0] > last else last
    if first is None or last is None:
        return Markup("")
    palette = dict(colours or {})
    for kind, colour in _colours_of(counts).items():
        palette.setdefault(kind, colour)
    lanes = {t: i for i, t in enumerate(t for t in palette if t in counts)}
    if (last - first).days < 30:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    plot = width - _LEFT - _RIGHT
    days = (last - first).days
    start = first

    def x(day: dt.date) -> float:
        return _LEFT + plot * (day - start).days / days

    height = _TOP + lane * len(lanes) + _AXIS
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-label="Timeline of {counts.total()} dated events"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for kind, row in lanes.items():
        y = _TOP + row * lane + lane / 2
        parts.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y}" y2="{y}" class="lane"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4}" text-anchor="end" class="lane-label"'
            f' fill="{palette[kind]}">{escape(kind)}</text>'
        )
    parts += _axis(first, last, x=x, y=_TOP + lane * len(lanes), width=width)
    buckets: dict[tuple[str, int], _Bucket] = {}
    for event in events:
        span = period(event.date)
        if span is not None:
            key = (event.type, int(x(span[0])) // _BUCKET_PX)
            buckets.setdefault(key, _Bucket(span[0], event)).add(span[0], event)
    for (kind, _), bucket in sorted(buckets.items(), key=lambda kv: kv[1].first_day):
        parts.append(_dot(bucket, x=x, y=_TOP + lanes[kind] * lane + lane / 2, fill=palette[kind]))
    parts.append("</svg>")
    return Markup("".join(parts))


class _Bucket:
    """The events one dot stands for: how many, the earliest, and the first three told."""

    def __init__(self, day: dt.date, event: BriefEvent) -> None:
        self.first_day = day
        self.earliest: tuple[dt.date, BriefEvent] = (day, event)
        self.shown: list[tuple[dt.date, BriefEvent]] = []
        self.count = 0

    def add(self, day: dt.date, event: BriefEvent) -> None:
        self.count += 1
        if len(self.shown) < 3:
            self.shown.append((day, event))
        if day < self.earliest[0]:
            self.earliest = (day, event)


def _colours_of(counts: Counter[str]) -> dict[str, str]:
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(ordered)}


def _dot(bucket: _Bucket, *, x: Callable[[dt.date], float], y: float, fill: str) -> str:
    day, event = bucket.earliest
    radius = 4.5 + min(7.0, 2.0 * math.log2(bucket.count))
    lines = [f"{e.date} {e.summary}" for _, e in bucket.shown]
    if bucket.count > 3:
        lines.append(f"… and {bucket.count - 3} more")
    cx = x(day)
    return (
        f'<a href="/events/{quote(event.id, safe="")}"><circle cx="{cx:.1f}" cy="{y}"'
        f' r="{radius:.1f}" fill="{fill}" class="event-dot" data-count="{bucket.count}">'
        f"<title>{escape(chr(10).join(lines))}</title></circle></a>"
    )


def _axis(
    first: dt.date, last: dt.date, *, x: Callable[[dt.date], float], y: float, width: int
) -> list[str]:
    parts = [f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y}" y2="{y}" class="axis"/>']
    for tick, label in _ticks(first, last):
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" y2="{y + 5}" class="axis"/>'
            f'<text x="{tx:.1f}" y="{y + 18}" text-anchor="middle" class="tick">'
            f"{escape(label)}</text>"
        )
    return parts


def _ticks(first: dt.date, last: dt.date, *, most: int = 10) -> list[tuple[dt.date, str]]:
    """Month-aligned ticks (every 1, 2, 3, 6, 12, 24 … months) or, for short spans, days."""
    days = (last - first).days
    if days <= 70:
        step = max(1, math.ceil(days / most))
        ticks = [first + dt.timedelta(days=n) for n in range(0, days + 1, step)]
        return [(t, t.strftime("%d %b")) for t in ticks]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 10**6) if months / s <= most)
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = dt.date(year, month, 1)
        if day >= first and ((year * 12 + month - 1) % step == 0):
            out.append((day, str(year) if step >= 12 else day.strftime("%b %Y")))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


@dataclass(frozen=True, slots=True)
class Cell:
    """One party's positions on one issue, coloured by the latest *dated* stance (undated
    statements never decide). ``stance`` is "mixed" when the statements disagree and none is
    dated; ``stances`` counts statements per stance in words ("reject", "not accept")."""

    party: str | None
    issue: str
    count: int
    stance: str
    negated: bool
    stances: dict[str, int]
    latest_date: str | None

    @property
    def mixed(self) -> bool:
        return len(self.stances) > 1

    @property
    def path(self) -> str:
        return cell_path(self.party, self.issue)

    @property
    def summary(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in self.stances.items())
        if self.stance == MIXED:
            lead = "mixed, none dated"
        else:
            latest = ("not " if self.negated else "") + self.stance
            lead = f"latest {latest} ({self.latest_date})" if self.latest_date else latest
            lead += ", mixed" if self.mixed else ""
        return f"{self.party or 'no known side'} on {self.issue}: {lead}; {counts}"


@dataclass(frozen=True, slots=True)
class Heatmap:
    parties: list[str | None]
    issues: list[str]
    cells: dict[tuple[str | None, str], Cell]
    hidden_parties: int


def cell_path(party: str | None, issue: str) -> str:
    return f"/positions/{quote(issue, safe='')}/{quote(party or NO_SIDE, safe='')}"


def heatmap(positions: Sequence[BriefPosition], *, max_parties: int = 40) -> Heatmap:
    """Party × issue, the busiest parties first (those with no known side last)."""
    grouped: dict[tuple[str | None, str], list[BriefPosition]] = defaultdict(list)
    for p in positions:
        grouped[(p.party, p.issue)].append(p)
    return heatmap_of_cells(grouped.items(), max_parties=max_parties)


def heatmap_of_cells(
    grouped: Iterable[tuple[tuple[str | None, str], list[BriefPosition]]],
    *,
    max_parties: int = 40,
) -> Heatmap:
    """:func:`heatmap` from the positions of each (party, issue) cell, one cell at a time (a
    large briefing's positions are read from the store cell by cell, never all at once)."""
    cells = []
    for (party, issue), held in grouped:
        read = read_cell(held)
        shown = read.shown
        cells.append(
            Cell(
                party=party,
                issue=issue,
                count=len(held),
                stance=shown.stance if shown else MIXED,
                negated=shown.negated if shown else False,
                stances=read.counts,
                latest_date=read.latest.date if read.latest else None,
            )
        )
    return heatmap_grid(cells, max_parties=max_parties)


def heatmap_grid(found: Iterable[Cell], *, max_parties: int = 40) -> Heatmap:
    """The heatmap of cells already read (:func:`heatmap_of_cells`, or counted in the store):
    the busiest parties first, those with no known side last."""
    per_party: Counter[str | None] = Counter()
    per_issue: Counter[str] = Counter()
    cells = {}
    for cell in found:
        per_party[cell.party] += cell.count
        per_issue[cell.issue] += cell.count
        cells[(cell.party, cell.issue)] = cell
    parties = sorted(per_party, key=lambda p: (p is None, -per_party[p], (p or "").casefold()))
    issues = sorted(per_issue, key=lambda i: (-per_issue[i], i))
    return Heatmap(parties[:max_parties], issues, cells, max(0, len(parties) - max_parties))


@dataclass(frozen=True, slots=True)
class PageCharts:
    """The unfiltered pages' charts, worked out from the whole briefing when its rows are
    written and kept beside them (the ``charts`` section), so a server put in service after
    a build or a restart reads one row instead of every event and position."""

    colours: dict[str, str]
    timeline: str
    parties: list[str | None]
    issues: list[str]
    cells: list[Cell]
    hidden_parties: int

    def heatmap(self) -> Heatmap:
        cells = {(c.party, c.issue): c for c in self.cells}
        return Heatmap(list(self.parties), list(self.issues), cells, self.hidden_parties)


def page_charts(events: Sequence[BriefEvent], positions: Sequence[BriefPosition]) -> PageCharts:
    """The timeline's colours and chart and the positions heatmap of a whole briefing."""
    colours = type_colours(events)
    grid = heatmap(positions)
    return PageCharts(
        colours=colours,
        timeline=str(timeline_svg(events, colours=colours)),
        parties=grid.parties,
        issues=grid.issues,
        cells=list(grid.cells.values()),
        hidden_parties=grid.hidden_parties,
    )
