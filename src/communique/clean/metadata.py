"""Title, outlet, author and publication date of one article, and where each came from.

Read before boilerplate removal: in scraped text the metadata sits in the furniture
("Published 12 April 2022", "By Jane Doe", "Follow <Outlet> on X", "© 2024 <Outlet>").

Each field is a cascade, first answer wins:

1. ``meta``: what the container says (a feed entry, a JSON Lines record, a WARC header);
2. ``page``: what trafilatura read from the HTML (title, sitename, author, date);
3. the URL, for the outlet only (its registrable domain);
4. the text's own cues.

A publication date is taken only from a publication cue: a line opening with
published/posted/date (or updated, last), a dateline ("GENEVA, April 12, 2022 (Agency) -"),
or a date alone on a line near the top. A date inside a body sentence is an event date, not
a publication date, and a cue without a full day, month and year gives nothing: we never
guess. ``published_basis`` says which: ``metadata``, ``page`` or ``text:<the cue line>``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from urllib.parse import urlsplit

from communique.clean.language import SUPPORTED_LANGUAGES
from communique.models import EMPTY_META

__all__ = ["Metadata", "find_metadata", "parse_date", "registrable_domain"]

_NO_PAGE: Mapping[str, str | None] = MappingProxyType({})


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class Metadata:
    """What an article says about itself; ``*_basis`` names where a value came from."""

    title: str | None = None
    outlet: str | None = None
    outlet_basis: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_basis: str | None = None


def find_metadata(
    raw_text: str,
    *,
    meta: Mapping[str, str] = EMPTY_META,
    page: Mapping[str, str | None] = _NO_PAGE,
    url: str | None = None,
) -> Metadata:
    """Metadata of one article from its container, its page, its URL and its raw text.

    >>> m = find_metadata("Talks resume in Geneva\\nBy Jane Doe\\nPublished 12 April 2022\\n")
    >>> (m.title, m.author, m.published)
    ('Talks resume in Geneva', 'Jane Doe', datetime.date(2022, 4, 12))
    >>> m.published_basis
    'text:Published 12 April 2022'
    """
    lines = [line.strip() for line in raw_text.splitlines()]
    lines = [line for line in lines if line]
    title = _value(meta.get("title")) or _value(page.get("title")) or _find_title(lines)
    author = _value(meta.get("author")) or _value(page.get("author")) or _find_author(lines)
    outlet, outlet_basis = _outlet(lines, meta=meta, page=page, url=url)
    published, published_basis = _published(lines, meta=meta, page=page)
    return Metadata(
        title=title,
        outlet=outlet,
        outlet_basis=outlet_basis,
        author=author,
        published=published,
        published_basis=published_basis,
    )


def _value(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


# --- the cascades -----------------------------------------------------------------------------


def _outlet(
    lines: Sequence[str],
    *,
    meta: Mapping[str, str],
    page: Mapping[str, str | None],
    url: str | None,
) -> tuple[str | None, str | None]:
    if outlet := _value(meta.get("outlet")):
        return outlet, "metadata"
    if outlet := _value(page.get("sitename")):
        return outlet, "page"
    for address in (url, meta.get("url"), page.get("url")):
        if address and (domain := registrable_domain(address)):
            return domain, "url"
    if outlet := _find_outlet(lines):
        return outlet, "text"
    return None, None


def _published(
    lines: Sequence[str], *, meta: Mapping[str, str], page: Mapping[str, str | None]
) -> tuple[dt.date | None, str | None]:
    if (value := _value(meta.get("published"))) and (date := parse_date(value)):
        return date, "metadata"
    if (value := _value(page.get("date"))) and (date := parse_date(value)):
        return date, "page"
    if found := _find_publication_date(lines):
        date, cue = found
        return date, "text:" + " ".join(cue.split())[:80]
    return None, None


# --- dates ------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # 12 April 2022, 12th of Apr. 2022, 12-Apr-2022
    re.compile(rf"(?<!\d){_DAY}\.?[\s\-/]*(?:of\s+)?{_MONTH}[\s,\-/]+{_YEAR}", re.I),
    # April 12, 2022 / Apr. 12 2022
    re.compile(rf"\b{_MONTH}\s*{_DAY},?\s+{_YEAR}", re.I),
    # 2022-04-12, 2022/04/12, 2022.04.12 (a time may follow: 2022-04-12T10:00)
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"
    ),
    # 2022年4月12日, 2022년 4월 12일
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)"),
)
# 12.04.2022 is day-first wherever dots are used; 04/12/2022 is read only when unambiguous.
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?!\d)"
)
# Day, one month word, year: the shape of a written-out date in the languages we support.
_WRITTEN_DATE = re.compile(
    r"(?<!\d)\d{1,2}\.?\s*(?:de\s+)?[^\W\d_]{3,}\.?,?\s*(?:de\s+)?\d{4}(?!\d)"
)
_EARLIEST = dt.date(1900, 1, 1)


def parse_date(value: str) -> dt.date | None:
    """The calendar date a metadata value states, or ``None`` when it states no full date.

    Accepts ISO 8601 (the date as written, whatever the time zone), RFC 2822 as in feeds,
    "12 April 2022", "April 12, 2022", "Apr. 12, 2022", "12.04.2022", unambiguous slashed
    dates, and written-out dates in the languages we support (through dateparser, on this
    string only). Relative phrases ("3 hours ago") and dates without a day give ``None``.

    >>> parse_date("Tue, 12 Apr 2022 09:30:00 GMT"), parse_date("April 2022")
    (datetime.date(2022, 4, 12), None)
    """
    value = value.strip()
    iso = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?:$|[T ])", value)
    if iso:
        return _date(int(iso[1]), int(iso[2]), int(iso[3]))
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", value):
        try:
            return _plausible(email.utils.parsedate_to_datetime(value).date())
        except (TypeError, ValueError):
            pass
    found = _find_date(value)
    return found[0] if found else None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return _plausible(dt.date(year, month, day))
    except ValueError:
        return None


def _plausible(date: dt.date) -> dt.date | None:
    """Nothing was published before 1900 on the web, nor after the day after tomorrow."""
    latest = dt.date.today() + dt.timedelta(days=2)
    return date if _EARLIEST <= date <= latest else None


def _find_date(text: str, *, written_out: bool = True) -> tuple[dt.date, int, int] | None:
    """The first full date in ``text``, with where it starts and ends; ``None`` if none.

    ``written_out`` lets dateparser try dates in other languages when our patterns find
    nothing; it is slower, so cues that need speed more than reach turn it off.
    """
    candidates: list[tuple[int, int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
            if date := _date(int(groups["y"]), month, int(groups["d"])):
                candidates.append((match.start(), match.end(), date))
                break
    for match in _NUMERIC_DATE.finditer(text):
        if date := _numeric_date(match):
            candidates.append((match.start(), match.end(), date))
            break
    if candidates:
        start, end, date = min(candidates)
        return date, start, end
    if written_out:
        return _dateparser_date(text)
    return None


def _numeric_date(match: re.Match[str]) -> dt.date | None:
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if match["sep"] == "." or a > 12:
        return _date(year, b, a)
    if b > 12 or a == b:
        return _date(year, a, b)
    return None  # 03/04/2022: March or April depends on the country; we do not guess


def _dateparser_date(text: str) -> tuple[dt.date, int, int] | None:
    """Written-out dates in other languages ("12 kwietnia 2022", "12 de abril de 2022").

    dateparser sees only a day-word-year stretch, so stray words cannot become weekdays or
    months, and it is not loaded at all for texts without one.
    """
    match = _WRITTEN_DATE.search(text)
    if match is None:
        return None
    import dateparser

    parsed = dateparser.parse(
        match[0],
        languages=list(SUPPORTED_LANGUAGES),
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
            "PARSERS": ["absolute-time"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    date = _plausible(parsed.date()) if parsed else None
    return (date, match.start(), match.end()) if date else None


# --- publication cues -------------------------------------------------------------------------

_PUBLISHED_CUE = re.compile(
    r"^(?:originally\s+|first\s+)?(?:published|posted|publication\s+date|date\s+published"
    r"|dated|date|released|issued|veröffentlicht|publié|publiée|publicado|publicada|pubblicato"
    r"|publiziert|gepubliceerd|opublikowano|опубликовано|опубліковано|yayınlanma\s+tarihi"
    r"|yayınlandı|기사입력"
    r"|yayınlanma|发布时间|发表时间|发布日期|公開日|配信日|입력|تاريخ\s+النشر|نشر\s+في)"
    r"(?:\s+(?:on|at|am|le|el|em|il|op|в|о))?\b\W*",
    re.I,
)
_UPDATED_CUE = re.compile(
    r"^(?:last\s+)?(?:updated|modified|aktualisiert|mis\s+à\s+jour|actualizado|actualizada"
    r"|aggiornato|bijgewerkt|zaktualizowano|aktualizacja|обновлено|оновлено|güncellendi"
    r"|güncelleme|更新时间|更新日|수정)(?:\s+(?:on|at|am|le|el|em|il|op|в|о))?\b\W*",
    re.I,
)
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[–—]\s+|\s+-\s+")
_WEEKDAY = (
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch"
    r"|donnerstag|freitag|samstag|sonntag"
)
_TIME = r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?-i:[A-Z]{2,5}|Uhr))?"
# What may stand between a cue word and its date: a weekday, a time, a zone, punctuation.
_GAP = re.compile(
    rf"^(?:[\s,:;(\-–—]|{_WEEKDAY}|{_TIME}|(?-i:[A-Z]{{2,5}})\b|on\b|at\b"
    r"|by\s+(?-i:[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}))*$",
    re.I,
)
# Once the date is cut out, what may remain on a date-only line.
_REMAINDER = re.compile(rf"(?:{_WEEKDAY}|{_TIME}|(?-i:[A-Z]{{2,5}})\b|\b(?:at|on)\b|\W)+", re.I)
_DATE_LINE_FURNITURE = re.compile(
    rf"^(?:\d+\s+min(?:ute)?s?(?:\s+read)?|{_TIME}|(?:last\s+)?updated\b.*|by\s.*)$", re.I
)
_PLACE = re.compile(
    r"^(?P<place>[A-Z][\w.'’\-]*(?:[ /][A-Z][\w.'’\-]*){0,3})"
    r"(?:,\s*[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,2})?\s*(?:\([^()]{1,40}\)\s*)?[,:\-–—]*\s*$"
)
_NOT_PLACES = _word_set(
    "on in at by since from until till after before as last next this that the of for "
    "published posted updated date dated"
)
_AFTER_DATELINE = re.compile(rf"^,?\s*(?:{_TIME})?\s*(?:\([^()]{{1,40}}\))?\s*(?:[-–—:]|$)", re.I)
_TOP_LINES = 12
_BEFORE_PROSE = 12
_AFTER_PROSE = 2


def _find_publication_date(lines: Sequence[str]) -> tuple[dt.date, str] | None:
    """The publication date the text states, with the line that states it.

    Cues in order of trust: a "published" line anywhere, a dateline, a date alone on a line
    near the top, an "updated" line anywhere (an update is later than publication, but it
    bounds it and is better than nothing when it is all the page shows). "Near the top" is
    between the headline and the first lines of prose (see :func:`_near_top`).
    """
    near_top = _near_top(lines)
    finders: tuple[tuple[Callable[[str], dt.date | None], Sequence[int]], ...] = (
        (partial(_cue_date, cue=_PUBLISHED_CUE), range(len(lines))),
        (_dateline_date, near_top),
        (_date_only_line, near_top),
        (partial(_cue_date, cue=_UPDATED_CUE), range(len(lines))),
    )
    for finder, indexes in finders:
        for index in indexes:
            line = lines[index]
            if len(line) <= 200 and (date := finder(line)):
                return date, line
    return None


def _near_top(lines: Sequence[str]) -> Sequence[int]:
    """Indexes of the lines where an article states its own date: below its headline.

    The headline is the last heading-like line shortly above the first prose; the window
    runs from it to the first lines of prose. Dates above the headline are the page's (today
    in a masthead) or other articles' (teasers in a sidebar, which also put a date right
    above a headline: then nothing here is trusted). With no prose or no headline found,
    the first lines.
    """
    prose = next((i for i, line in enumerate(lines) if _is_prose(line)), None)
    if prose is not None:
        start = max(0, prose - _BEFORE_PROSE)
        heads = [i for i in range(start, prose) if _is_title(lines[i], first=False)]
        if heads:
            head = heads[-1]
            if any(_date_only_line(lines[i]) for i in range(max(0, head - 3), head)):
                return range(0)  # headline, date, headline, date: a list of teasers
            return range(head + 1, min(len(lines), prose + _AFTER_PROSE))
    return range(min(_TOP_LINES, len(lines)))


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 20 and line.rstrip('"”’)').endswith((".", "!", "?"))


def _segments(line: str) -> list[str]:
    return [part for part in _SEGMENT_SPLIT.split(line) if part]


def _cue_date(line: str, *, cue: re.Pattern[str]) -> dt.date | None:
    for segment in _segments(line.lstrip("*#_ ")):
        match = cue.match(segment)
        if not match:
            continue
        rest = segment[match.end() :]
        found = _find_date(rest)
        if found and len(rest[: found[1]]) <= 30 and _GAP.match(rest[: found[1]]):
            return found[0]
    return None


def _dateline_date(line: str) -> dt.date | None:
    """ "GENEVA, April 12, 2022 (Agency) - ..." or "Kyiv, Ukraine — 12 April 2022" alone."""
    found = _find_date(line[:80], written_out=False)
    if not found or found[1] == 0:
        return None
    date, start, end = found
    place = _PLACE.match(line[:start])
    if not place or place["place"].split()[0].lower() in _NOT_PLACES:
        return None
    return date if _AFTER_DATELINE.match(line[end:]) else None


def _date_only_line(line: str) -> dt.date | None:
    """A line that is a date and furniture only: "Tuesday, 12 April 2022 | 3 min read"."""
    found: dt.date | None = None
    for segment in _segments(line):
        if found is None and (date := _bare_date(segment)):
            found = date
        elif not _DATE_LINE_FURNITURE.match(segment) and not _bare_date(segment):
            return None
    return found


def _bare_date(segment: str) -> dt.date | None:
    found = _find_date(segment)
    if not found:
        return None
    date, start, end = found
    rest = segment[:start] + " " + segment[end:]
    return None if _REMAINDER.sub("", rest).strip() else date


# --- title ------------------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"^(?:advertisement|skip to (?:main )?content|menu|search|sign in|log ?in|subscribe"
    r"|share(?: this(?: article| story)?)?|live|audio only|watch|listen|home|news|breaking news"
    r"|trending|most read|related(?: articles| stories)?|read more|latest|top stories)\W*$"
    r"|^(?:photo|image|picture|credit|video|source|file photo)s?\s*:"
    r"|^(?:also read|read also|see also|follow|stay (?:current|updated|informed))\b"
    r"|\b(?:pic|photo|image)\)\s*$|\|\s*photo\b|\s[>»]\s|^https?://|\bcookies?\b",
    re.I,
)
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _find_title(lines: Sequence[str]) -> str | None:
    """The first heading-like line near the top: short, no final period, not furniture."""
    for index, raw in enumerate(lines[:15]):
        line = " ".join(raw.strip("#*_ \t").split())
        if _is_title(line, first=index == 0):
            return line
    return None


def _is_title(line: str, *, first: bool) -> bool:
    words = line.split()
    long_enough = len(words) >= 3 or len(_CJK_CHAR.findall(line)) >= 6
    if not long_enough or len(words) > 30 or len(line) > 200:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘«" or _CJK_CHAR.match(line)):
        return False
    if line[0] in "•·-–—*" or line.endswith((":", ",", ";")) or _FURNITURE.search(line):
        return False
    if _BYLINE.match(line) or _cue_date(line, cue=_PUBLISHED_CUE) or _date_only_line(line):
        return False
    if _dateline_date(line):
        return False
    if line.endswith((".", "。")):
        # A page title printed first may end with a period; a lede sentence is longer.
        return first and len(words) <= 20 and ". " not in line[:-1]
    return True


# --- author -----------------------------------------------------------------------------------

_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|text by|author|authors|von|par|por|door)\b\s*:?\s+"
    r"(?P<names>.+)$",
    re.I,
)
_REPORTING = re.compile(r"\bReporting by\s+(?P<names>[^;)\n]+)")
_AND = re.compile(r"\s+(?:and|&|und|et|y|e|i|и)\s+")
_NAME_END = re.compile(r"\s*(?:[|•·(]|\s[-–—]\s|\b(?:published|updated|posted|on|at)\b|\d)", re.I)
_PARTICLES = _word_set("de da del della di van von der den la le bin ibn al el ter du dos")
_NOT_NAMES = _word_set("""
    the this that these those then now contrast comparison default far law design way night
    day noon midnight late early mid end all some most many far contrast comparison
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december staff
    """)
_AFFILIATION = re.compile(r"^[\w.&'’\- ]{1,60}$")
_ROLE_WORDS = _word_set(
    "staff writer reporter correspondent editor journalist columnist contributor bureau chief "
    "senior special political diplomatic foreign news desk analyst"
)


def _find_author(lines: Sequence[str]) -> str | None:
    for line in lines[:40]:
        if (
            len(line) <= 120
            and (match := _BYLINE.match(line))
            and (names := _names(match["names"]))
        ):
            return names
    for line in lines:
        if match := _REPORTING.search(line):
            text = re.sub(r"\s+in\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*", "", match["names"])
            if names := _names(text):
                return names
    return None


def _names(text: str) -> str | None:
    """Names from a byline's tail; ``None`` if the tail is a sentence, not names.

    "A, B and C" lists names up to the part holding the "and"; parts after it, or after the
    first comma when there is no "and", are a role or an outlet ("Jane Doe, Reuters").
    """
    text = _NAME_END.split(text, maxsplit=1)[0].strip(" ,;:")
    parts = [part.strip() for part in text.split(",")]
    last_and = max((i for i, part in enumerate(parts) if _AND.search(part)), default=0)
    names = [name for part in parts[: last_and + 1] for name in _AND.split(part)]
    if not names or not all(_is_name(name) for name in names):
        return None
    if not all(_is_affiliation(part) for part in parts[last_and + 1 :]):
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is_affiliation(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 6 or not _AFFILIATION.match(part):
        return False
    return part[0].isupper() or any(word.lower() in _ROLE_WORDS for word in words)


def _is_name(piece: str) -> bool:
    tokens = piece.split()
    if not 1 <= len(tokens) <= 5 or tokens[0].lower() in _NOT_NAMES:
        return False
    capitalised = [t for t in tokens if t.lower() not in _PARTICLES]
    if not capitalised or len(capitalised) > 4:
        return False
    if len(tokens) == 1 and not (tokens[0].isupper() and 2 <= len(tokens[0]) <= 8):
        return False  # one word is a name only as an acronym byline ("AI", "AFP")
    return all(t[0].isupper() and re.fullmatch(r"[\w.'’\-]+", t) for t in capitalised)


# --- outlet -----------------------------------------------------------------------------------

_NAME_SEQ = r"(?P<o>[A-Z0-9][\w&.'’\-]*(?:\s+(?:[A-Z0-9][\w&.'’\-]*|of|the|and|&)){0,5})"
_NETWORKS = (
    r"(?i:x|twitter|facebook|whatsapp|telegram|instagram|google\s+news|linkedin|youtube"
    r"|threads|tiktok|bluesky|mastodon|viber|flipboard|apple\s+news)"
)
# A year is required: "© AFP" alone is a photo credit, "© 2024 Outlet" a page footer.
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:©\s*)?"
    r"(?:(?P<y1>(?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    r"(?P<o>[^.|•©\d]{2,60}?)\s*(?:,?\s*(?P<y2>(?:19|20)\d\d))?\s*(?:[.|•]|all rights reserved|$)",
    re.I,
)
_FOLLOW = re.compile(rf"(?i:\bfollow)\s+(?:(?i:the)\s+)?{_NAME_SEQ}\s+(?i:on)\s+{_NETWORKS}\b")
_SUBSCRIBE = re.compile(rf"(?i:\bsubscribe\s+to)\s+(?:(?i:the)\s+)?{_NAME_SEQ}")
_GENERIC = _word_set("""
    our us you your this newsletter newsletters notifications updates alerts channel podcast
    premium plus unlimited digital all news
    """)


# Words newspapers and sites are named with; a short capitalised top line holding one is the
# masthead ("The Harbour Ledger", "DAILY COURIER"), not the headline.
_MASTHEAD_WORDS = _word_set("""
    times post herald news chronicle courier gazette tribune journal standard review daily
    monitor today ledger telegraph guardian express star mail press observer examiner record
    sun mirror independent inquirer dispatch bulletin wire report reporter weekly sentinel
    register globe world insider digest enquirer argus advertiser mercury echo voice pravda
    """)


def _find_outlet(lines: Sequence[str]) -> str | None:
    """An outlet named by the page itself: copyright, follow-us, subscribe-to lines, or a
    masthead line at the very top."""
    for pattern in (_COPYRIGHT, _FOLLOW, _SUBSCRIBE):
        for line in lines:
            match = pattern.search(line) if len(line) <= 200 else None
            if match and (pattern is not _COPYRIGHT or match["y1"] or match["y2"]):
                name = _outlet_name(match["o"])
                if name:
                    return name
    return _masthead(lines)


def _masthead(lines: Sequence[str]) -> str | None:
    top = [line.strip() for line in lines if line.strip()][:2]
    for line in top:
        words = line.split()
        capitalised = all(w[0].isupper() or w.lower() in {"the", "of", "and"} for w in words)
        short_name = 1 <= len(words) <= 5 and not line.endswith((".", "?", "!", ":"))
        if (
            short_name
            and capitalised
            and any(w.lower().strip(".,") in _MASTHEAD_WORDS for w in words)
        ):
            return line.title() if line.isupper() else line
    return None


def _outlet_name(text: str) -> str | None:
    name = re.sub(r"(?:'s|’s)\b.*$", "", text.strip(" ,.-–—"))
    name = re.sub(r"\s+(?:newsletters?|channel|app|podcast)$", "", name, flags=re.I).strip()
    if not name or name.lower() in _GENERIC or name.split()[0].lower() in _GENERIC:
        return None
    return name if name[0].isupper() or name[0].isdigit() else None


# --- url --------------------------------------------------------------------------------------

_SECOND_LEVEL = _word_set("""
    co.uk org.uk me.uk ac.uk gov.uk ltd.uk plc.uk net.uk
    com.au net.au org.au edu.au gov.au asn.au id.au co.nz org.nz net.nz govt.nz ac.nz
    co.jp ne.jp or.jp ac.jp go.jp co.kr or.kr go.kr ne.kr re.kr
    co.in net.in org.in gov.in ac.in firm.in com.pk gov.pk org.pk
    com.cn net.cn org.cn gov.cn com.hk org.hk gov.hk com.tw org.tw gov.tw
    com.sg org.sg gov.sg com.my gov.my co.id or.id go.id com.ph gov.ph co.th go.th or.th
    com.vn gov.vn com.br net.br org.br gov.br com.mx gob.mx com.ar gob.ar com.co gov.co
    com.tr org.tr gov.tr net.tr edu.tr com.ua org.ua gov.ua net.ua in.ua kiev.ua kyiv.ua
    co.za org.za gov.za co.il org.il gov.il com.eg gov.eg com.sa gov.sa com.qa gov.qa
    com.ng gov.ng co.ke go.ke com.pl net.pl org.pl gov.pl com.ru msk.ru spb.ru com.ge
    co.at or.at gv.at com.gr gov.gr com.es org.es com.cy ac.ir co.ir gov.ir
    """)


def registrable_domain(url: str) -> str | None:
    """The domain an outlet registered: ``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``.

    Knows the common two-level public suffixes (co.uk, com.au, co.jp ...), not the full
    Public Suffix List; returns ``None`` for IP addresses and single-label hosts.
    """
    address = url.strip()
    if "//" not in address:
        address = "//" + address
    try:
        host = (urlsplit(address).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])
