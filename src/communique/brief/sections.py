"""What the report says, whatever its format: the sections' items, chosen and ordered.

The Markdown and HTML renderers lay out the same selections made here, so the two formats
cannot drift apart. Every statement a renderer prints cites its words through
:class:`Citations`, which also gathers the "Sources cited" appendix.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from communique.annotate.gazetteer import default_gazetteer, fold_name
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    BriefFailure,
    Briefing,
    BriefPosition,
    BriefQuote,
    ClaimEvidence,
    Evidence,
)
from communique.models import weak_flags

__all__ = [
    "CLAIM_STATUSES",
    "SECTIONS",
    "STANCES",
    "CellReading",
    "Citations",
    "Cite",
    "ClaimLine",
    "ClaimSide",
    "OriginCount",
    "balanced_words",
    "claim_groups",
    "claim_lead",
    "claim_line",
    "corpus_line",
    "coverage_note",
    "cue_words",
    "dated_events",
    "dating_line",
    "day_words",
    "denials",
    "document_date",
    "failure_line",
    "format_period",
    "is_according",
    "issue_label",
    "latest_positions",
    "notable_quotes",
    "origin_count",
    "origin_label",
    "outlet_names",
    "people",
    "period_end",
    "period_start",
    "position_matrix",
    "range_words",
    "read_cell",
    "report_title",
    "same_words",
    "side_lookup",
    "slot_sides",
    "speaker_side_lookup",
    "stance_label",
    "summary",
    "tellings",
    "unique_roles",
    "unique_spans",
    "weak_documents",
    "with_speaker_sides",
]

SECTIONS = (
    ("summary", "Summary"),
    ("timeline", "Timeline"),
    ("who-is-who", "Who is who"),
    ("positions", "Positions"),
    ("position-changes", "Position changes"),
    ("quotes", "Notable quotes"),
    ("claims", "Claims"),
    ("sources", "Sources"),
    ("failures", "Documents left out"),
    ("corrections", "Your corrections"),
    ("sources-cited", "Sources cited"),
)
"""(anchor, heading) of every section, in the order both formats print them."""

CLAIM_STATUSES = (
    ("contradicted", "Contradicted"),
    ("disputed", "Disputed"),
    ("corroborated", "Corroborated"),
    ("single_source", "Single source"),
)
STANCES = ("demand", "offer", "accept", "reject", "threaten", "condition")

_PREFIX = 8
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}
_SEASON_END = {"SP": (5, 31), "SU": (8, 31), "FA": (11, 30), "AU": (11, 30), "WI": (2, 28)}
_SEASON_NAME = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)")
_YEAR = re.compile(r"^(\d{4})")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_KIND_RANK = {"direct": 0, "mixed": 1, "indirect": 2}
# A condition that already opens with its conjunction must not read "if if ...".
_CONDITIONAL = re.compile(r"(?i)(?:if|once|unless|provided|providing|as|when|until|after|only)\b")
_Span = TypeVar("_Span", Evidence, ClaimEvidence)
_WEAK_WORDS = {"ai_generated": "AI-written", "opinion": "opinion"}


@dataclass(frozen=True, slots=True)
class Cite:
    """A pointer to words in a document; without offsets, to the document as a whole."""

    document: str
    start: int | None = None
    end: int | None = None
    text: str = ""

    @property
    def label(self) -> str:
        """``d:<first 8 characters of the id>:<start>-<end>``, short enough to print inline."""
        head = f"d:{self.document[:_PREFIX]}"
        return head if self.start is None else f"{head}:{self.start}-{self.end}"

    @property
    def anchor(self) -> str:
        """The id of this citation's entry in the "Sources cited" appendix."""
        doc = _UNSAFE_ID.sub("-", self.document[:_PREFIX])
        return f"d-{doc}" if self.start is None else f"c-{doc}-{self.start}-{self.end}"


@dataclass
class Citations:
    """The citations one rendering has printed so far, for its "Sources cited" appendix."""

    documents: Sequence[BriefDocument]
    _spans: dict[str, dict[tuple[int, int], Cite]] = field(default_factory=dict)

    def cite(
        self, document: str, start: int | None = None, end: int | None = None, text: str = ""
    ) -> Cite:
        found = Cite(document, start, end, text)
        spans = self._spans.setdefault(document, {})
        if start is not None and end is not None:
            spans.setdefault((start, end), found)
        return found

    def cited(self) -> list[tuple[BriefDocument, list[Cite]]]:
        """Each cited document (oldest first) with its cited spans in reading order.

        A document the briefing no longer lists (a filtered briefing can cite one) still gets
        an entry under its id, so no citation is left dangling.
        """
        known = {d.id: d for d in self.documents}
        out = []
        for doc_id, spans in self._spans.items():
            doc = known.get(doc_id) or _unlisted(doc_id)
            out.append((doc, [spans[key] for key in sorted(spans)]))
        out.sort(key=lambda item: (item[0].published or "9999", item[0].id))
        return out


def _unlisted(doc_id: str) -> BriefDocument:
    return BriefDocument(doc_id, "", None, None, None, None, None, None, [])


def period_end(value: str | None) -> date | None:
    """The last day of a date the timeline gives as a day, month, year, ISO week or season.

    Filters keep an item whose period ends on or after their start, so a month-precise event
    is kept when any day of that month is in range.
    """
    try:
        return _period_end(value) if value else None
    except ValueError:  # a month 13 or a week 54 from a bad source: not a date we can place
        return None


def _period_end(value: str) -> date | None:
    if "/" in value:  # an interval: a date known only between two days
        return _period_end(value.partition("/")[2])
    if m := _DAY.match(value):
        year, month, day = int(m[1]), int(m[2] or 12), m[3]
        return date(year, month, int(day) if day else calendar.monthrange(year, month)[1])
    if m := _WEEK.match(value):
        return date.fromisocalendar(int(m[1]), int(m[2]), 7)
    if m := _SEASON.match(value):
        month, day = _SEASON_END[m[2]]
        return date(int(m[1]) + (m[2] == "WI"), month, day)
    if m := _YEAR.match(value):
        return date(int(m[1]), 12, 31)
    return None


def period_start(value: str | None) -> date | None:
    """The first day of such a date; ``until`` keeps an item whose period starts by then."""
    try:
        return _period_start(value) if value else None
    except ValueError:
        return None


def _period_start(value: str) -> date | None:
    if m := _DAY.match(value):
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    if m := _WEEK.match(value):
        return date.fromisocalendar(int(m[1]), int(m[2]), 1)
    if m := _SEASON.match(value):
        return date(int(m[1]), _SEASON_START[m[2]], 1)
    if m := _YEAR.match(value):
        return date(int(m[1]), 1, 1)
    return None


def format_period(value: str | None, precision: str | None = None) -> str:
    """A timeline date a reader can read: ISO days and months as they are, seasons in words,
    and a date taken from the first report of an event as "by" that day."""
    if not value:
        return "undated"
    if precision == "reported":
        return f"by {value}"
    if "/" in value:
        first, _, last = value.partition("/")
        return f"between {format_period(first)} and {format_period(last)}"
    if m := _SEASON.match(value):
        return f"{_SEASON_NAME[m[2]]} {m[1]}"
    if m := _WEEK.match(value):
        return f"{m[1]} week {int(m[2])}" + (" (weekend)" if m[3] else "")
    return value


def issue_label(issue: str) -> str:
    return issue.replace("_", " ").capitalize()


def stance_label(position: BriefPosition) -> str:
    """The stance in words: negation and the stated condition included."""
    label = ("not " if position.negated else "") + position.stance
    condition = " ".join(position.condition.split())
    if not condition:
        return label
    return (
        f"{label} ({condition})" if _CONDITIONAL.match(condition) else f"{label} (if {condition})"
    )


def outlet_names(documents: Iterable[BriefDocument]) -> dict[str, str]:
    """Each outlet's folded name (as a claim origin holds it) -> the name its documents give,
    so a report writes "FMT" where the origin key says "fmt"."""
    return {fold_name(d.outlet): d.outlet for d in documents if d.outlet}


def origin_label(origin: str, outlets: Mapping[str, str] | None = None) -> str:
    """A claim origin as a reader says it: the outlet (as its documents name it, where
    ``outlets`` from :func:`outlet_names` knows it), the wire, or the lone document."""
    kind, _, name = origin.partition(":")
    if kind == "outlet" and name:
        return (outlets or {}).get(name, name)
    if kind == "wire" and name:
        return f"{name} (wire)"
    if kind == "doc" and name:
        return f"document {Cite(name).label}"
    return origin


def unique_spans(items: Iterable[_Span]) -> list[_Span]:
    """The items with each (document, start, end) once, first seen first."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for item in items:
        key = (item.document, item.start, item.end)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def same_words(items: Iterable[ClaimEvidence]) -> list[tuple[str, list[ClaimEvidence]]]:
    """Tellings grouped by their words, so wire copies print once with all their citations."""
    by_text: dict[str, list[ClaimEvidence]] = defaultdict(list)
    for item in unique_spans(items):
        by_text[" ".join(item.text.split())].append(item)
    return list(by_text.items())


def report_title(briefing: Briefing) -> str:
    """Named after the parties that state the most positions, so a reader knows the talks."""
    counts = Counter(p.party for p in briefing.positions if p.party)
    parties = [party for party, _ in counts.most_common(3)]
    return "Negotiation briefing" + (f": {', '.join(parties)}" if parties else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def corpus_line(briefing: Briefing) -> str:
    corpus = briefing.corpus
    outlets = {d.outlet for d in briefing.documents if d.outlet}
    line = f"{_count(corpus.documents, 'document')} from {_count(len(outlets), 'named outlet')}"
    dated = sum(1 for d in briefing.documents if d.published)
    # When some are not dated to the day, each part says how many it counts: "5 documents,
    # published on 2022-04-12" would read as all five.
    share = f" {dated}" if dated < corpus.documents else ""
    first, last = corpus.first_published, corpus.last_published
    if first and last:
        span = f"on {first}" if first == last else f"{first} to {last}"
        line += f",{share} published {span}"
    ranged = [d for d in briefing.documents if not d.published]
    lows = [d.published_earliest for d in ranged if d.published_earliest]
    highs = [d.published_latest for d in ranged if d.published_latest]
    if lows or highs:
        # Open ends stay open: one document open above makes the whole span open above.
        open_high = any(d.published_earliest and not d.published_latest for d in ranged)
        open_low = any(d.published_latest and not d.published_earliest for d in ranged)
        low = None if open_low or not lows else min(lows)
        high = None if open_high or not highs else max(highs)
        count = sum(1 for d in ranged if d.published_earliest or d.published_latest)
        words = range_words(low, high) or "within open ranges"
        line += f"; {count} published {words}"
    dating = f" {dating_line(corpus.dated_by)}." if corpus.dated_by else ""
    return line + "." + dating + coverage_note(briefing)


_DATED_BY = (
    ("metadata", "dated by their metadata"),
    ("text", "dated by their text"),
    ("text_range", "placed in a range by their text"),
    ("corpus", "dated by the corpus"),
    ("corpus_range", "placed in a range by the corpus"),
    ("unknown", "unknown"),
)


def document_date(doc: BriefDocument) -> str:
    """When a document was published, as far as known: a day (with its precision when the
    dater gave one, "2031-05-16 or the day after"), a range, or "undated"."""
    if doc.published:
        return day_words(doc.published, doc.published_earliest, doc.published_latest)
    return range_words(doc.published_earliest, doc.published_latest) or "undated"


def day_words(published: str, earliest: str | None, latest: str | None) -> str:
    """A day with the range it was inferred within, when that is wider than the day."""
    if not earliest or not latest or earliest == latest:
        return published
    if earliest == published and latest == _next_day(published):
        return f"{published} or the day after"
    return f"{published} (between {earliest} and {latest})"


def _next_day(day: str) -> str:
    try:
        return date.fromordinal(date.fromisoformat(day).toordinal() + 1).isoformat()
    except ValueError:
        return ""


def range_words(earliest: str | None, latest: str | None) -> str | None:
    if earliest and latest:
        return f"between {earliest} and {latest}"
    if earliest:
        return f"on or after {earliest}"
    return f"on or before {latest}" if latest else None


def dating_line(counts: dict[str, int]) -> str:
    """How the documents were dated: "3 dated by their text, 1 by the corpus, 1 unknown"."""
    parts: list[str] = []
    for key, words in _DATED_BY:
        if counts.get(key):
            short = words.removeprefix("dated ") if parts else words
            parts.append(f"{counts[key]} {short}")
    return ", ".join(parts)


def coverage_note(briefing: Briefing) -> str:
    """What the store holds that the briefing did not read: documents stored while it was
    built (not annotated yet) and documents a stage failed on."""
    coverage = briefing.coverage
    left = []
    if coverage.not_annotated:
        left.append(f"{len(coverage.not_annotated)} stored documents not annotated yet")
    if coverage.failed:
        left.append(f"{len(coverage.failed)} documents some stage failed on")
    return f" Left out: {' and '.join(left)} (see Documents left out)." if left else ""


def failure_line(failure: BriefFailure) -> str:
    """One failure in words: stage, document, sentence and reason."""
    doc = f"document {failure.document}" if failure.document else "the whole pass"
    where = f" at {failure.start}-{failure.end}" if failure.start is not None else ""
    return f"{failure.stage} of {doc} ({failure.source}){where}: [{failure.code}] {failure.reason}"


def _date_key(position: BriefPosition) -> date:
    return period_end(position.date) or date.min


def latest_positions(briefing: Briefing) -> dict[tuple[str, str], list[BriefPosition]]:
    """Each (party, issue)'s positions, latest last; positions without a side are left out."""
    found: dict[tuple[str, str], list[BriefPosition]] = defaultdict(list)
    for position in briefing.positions:
        if position.party:
            found[(position.party, position.issue)].append(position)
    return {key: sorted(found[key], key=_date_key) for key in found}


@dataclass(frozen=True, slots=True)
class CellReading:
    """What one party's statements on one issue say together.

    ``latest`` is the latest *dated* statement: an undated one cannot be placed after any
    other, so it never decides (None when none is dated). ``counts`` are the statements per
    stance in words ("reject", "not accept"), most first; more than one means they disagree.
    """

    latest: BriefPosition | None
    counts: dict[str, int]

    @property
    def mixed(self) -> bool:
        return len(self.counts) > 1

    @property
    def shown(self) -> BriefPosition | None:
        """The statement a one-line summary shows: the latest dated one, or, when none is
        dated, the only stance taken; None when undated statements disagree."""
        return self.latest if self.latest is not None or self.mixed else self._only

    _only: BriefPosition | None = None


def read_cell(found: Sequence[BriefPosition]) -> CellReading:
    """Read a cell's statements (see :class:`CellReading`)."""
    dated = [p for p in found if period_end(p.date) is not None]
    latest = max(dated, key=_date_key) if dated else None
    counts = Counter(("not " if p.negated else "") + p.stance for p in found)
    return CellReading(latest, dict(counts.most_common()), found[-1] if found else None)


def position_matrix(
    briefing: Briefing,
) -> tuple[list[str], list[str], dict[tuple[str, str], list[BriefPosition]]]:
    """(issues, parties, cells): issues held by most parties first, busiest parties first."""
    cells = latest_positions(briefing)
    party_count: Counter[str] = Counter()
    for (party, _issue), found in cells.items():
        party_count[party] += len(found)
    issue_parties = Counter(issue for _, issue in cells)
    issues = sorted(issue_parties, key=lambda i: (-issue_parties[i], i))
    parties = sorted(party_count, key=lambda p: (-party_count[p], p))
    return issues, parties, cells


def summary(briefing: Briefing) -> list[tuple[str, list[BriefPosition]]]:
    """Per issue two or more parties speak to, each party's latest position.

    Issues where the latest stances differ come first: they are where the parties stand apart.
    """
    issues, parties, cells = position_matrix(briefing)
    lines = []
    for issue in issues:
        read = [read_cell(cells[(p, issue)]).shown for p in parties if (p, issue) in cells]
        latest = [p for p in read if p is not None]
        if len(latest) >= 2:
            lines.append((issue, latest))
    lines.sort(key=lambda line: len({stance_label(p) for p in line[1]}) == 1)
    return lines


def dated_events(briefing: Briefing) -> list[BriefEvent]:
    """The timeline's dated events, in the timeline's order; undated ones have no place on it."""
    return [e for e in briefing.events if period_end(e.date)]


def people(briefing: Briefing) -> list[BriefEntity]:
    """People and organisations: those with a side first, then the most widely reported."""
    found = [e for e in briefing.entities if e.type in ("PERSON", "ORG")]
    return sorted(found, key=lambda e: (e.party is None, -len(e.documents), e.name))


def unique_roles(entity: BriefEntity) -> list[tuple[str, str]]:
    """(role, first document) for each role, spelled as first seen, case ignored."""
    seen: dict[str, tuple[str, str]] = {}
    for role in entity.roles:
        seen.setdefault(role["role"].casefold(), (role["role"], role["document"]))
    return list(seen.values())


def side_lookup(entities: Iterable[BriefEntity]) -> Callable[[str | None], str | None]:
    """A function naming the side a person or group speaks for, by any of its spellings."""
    sides: dict[str, str] = {}
    for entity in entities:
        if entity.party:
            for name in (entity.name, *entity.aliases):
                sides.setdefault(name.casefold(), entity.party)

    def side_of(name: str | None) -> str | None:
        return sides.get(name.casefold()) if name else None

    return side_of


def speaker_side_lookup(entities: Iterable[BriefEntity]) -> Callable[[str | None], str | None]:
    """:func:`side_lookup` for showing a quote's speaker: a group no entity names
    ("Valdorian officials") is shown with the side of its nationality or party adjective
    when the gazetteer knows it, under the name the corpus's entities give that side.

    The build sets each quote's ``speaker_side`` with it once, over every entity, so the
    report, the party filter and its SQL twin over the briefing rows read one answer."""
    entities = list(entities)
    side_of = side_lookup(entities)
    sides = {e.name.casefold(): e.party for e in entities if e.party}

    def speaker_side(name: str | None) -> str | None:
        return side_of(name) or (_group_side(name, sides) if name else None)

    return speaker_side


def with_speaker_sides(briefing: Briefing) -> Briefing:
    """Each quote with its speaker's side (:func:`speaker_side_lookup` over the briefing's
    entities), so the report, the party filter, its SQL twin and the web app read one answer
    rather than each working it out over the entities it happens to hold."""
    side_of = speaker_side_lookup(briefing.entities)
    quotes = [replace(q, speaker_side=side_of(q.speaker)) for q in briefing.quotes]
    return replace(briefing, quotes=quotes)


def _group_side(name: str, sides: dict[str, str]) -> str | None:
    """ "Valdorian officials" -> Valdoria: an adjective the gazetteer knows as a demonym,
    followed by lowercase words only (a group noun, not a name such as "Valdorian Airlines")."""
    first, *rest = name.split()
    if not rest or not all(w[:1].islower() for w in rest):
        return None
    nation = default_gazetteer().demonym_side(first)
    return None if nation is None else sides.get(nation.casefold(), nation)


def cue_words(cue: str) -> str:
    """The cue as a reader reads it after the speaker's name: a headline's "Doe: ..." has a
    colon for its cue, which the report's own colon already shows, so it reads as nothing."""
    return cue if any(c.isalpha() for c in cue) else ""


def is_according(cue: str) -> bool:
    """ "according to" frames its source ("According to Doe: ..."), where a verb follows it."""
    return cue.casefold().startswith("according")


def balanced_words(content: str) -> str:
    """A mixed quote as shown: its own quotation marks, closed where the content stops inside a
    quoted passage ("Doe “would sign" -> "Doe “would sign”"), and no marks around the whole,
    which would make the writer's words the speaker's."""
    opened = content.count("“") - content.count("”")
    if opened > 0:
        return content + "”" * opened
    if content.count('"') % 2:
        return content + '"'
    return content


def notable_quotes(briefing: Briefing, *, limit: int = 25) -> list[BriefQuote]:
    """Direct quotes with a named speaker first, then mixed, then reported speech.

    A quote repeated word for word (wire copy) is shown once, from its first document.
    """
    seen: set[tuple[str, str]] = set()
    unique = []
    for quote in briefing.quotes:
        key = ((quote.speaker or "").casefold(), " ".join(quote.content.split()).casefold())
        if key not in seen:
            seen.add(key)
            unique.append(quote)
    unique.sort(key=lambda q: (q.speaker is None, _KIND_RANK.get(q.kind, 3)))
    return unique[:limit]


def claim_groups(
    briefing: Briefing, *, single_source_limit: int = 15
) -> list[tuple[str, str, list[BriefClaim], int]]:
    """(status, heading, claims shown, claims in all) in the order a checker reads them."""
    out = []
    for status, heading in CLAIM_STATUSES:
        claims = [c for c in briefing.claims if c.status == status]
        claims.sort(key=lambda c: -len(c.origins))
        shown = claims[:single_source_limit] if status == "single_source" else claims
        out.append((status, heading, shown, len(claims)))
    return out


def claim_lead(claim: BriefClaim) -> ClaimEvidence | None:
    """The telling whose words the claim is summarised by, else one holding them (a claim
    may be one clause of its sentence), else its first telling. Compared without edge space:
    a telling's words may end with the line break after its sentence."""
    mentions = [e for e in claim.evidence if e.role == "mention"]
    text = claim.text.strip()
    return next(
        (m for m in mentions if m.text.strip() == text),
        next((m for m in mentions if text in m.text), mentions[0] if mentions else None),
    )


def tellings(claim: BriefClaim) -> list[tuple[str, list[ClaimEvidence]]]:
    """The claim's tellings grouped by independent origin (wire copies share one)."""
    by_origin: dict[str, list[ClaimEvidence]] = defaultdict(list)
    for item in claim.evidence:
        if item.role == "mention":
            by_origin[item.origin or item.document].append(item)
    return list(by_origin.items())


@dataclass(frozen=True, slots=True)
class OriginCount:
    """A claim's origins as corroboration weighs them: ``counted`` tell it outside AI-written
    or opinion documents; ``set_aside`` tell it only in such documents, flagged ``why``.

    The claim keeps every origin (a reader still sees who told it), so its status can be
    "single source" with three origins: the words say which of them count and why not the
    others, instead of calling all three independent.
    """

    counted: int
    set_aside: int = 0
    why: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        """ "1 independent origin; 2 more set aside as opinion", in the singular when one."""
        counted = _count(self.counted, "independent origin") if self.counted else ""
        if not self.set_aside:
            return counted or "no independent origin"
        reasons = " or ".join(_WEAK_WORDS.get(f, f) for f in self.why) or "flagged"
        if not counted:
            return (
                f"no independent origin: {_count(self.set_aside, 'origin')} set aside as {reasons}"
            )
        return f"{counted}; {self.set_aside} more set aside as {reasons}"


def weak_documents(documents: Iterable[BriefDocument]) -> dict[str, list[str]]:
    """The documents whose tellings are no independent corroboration (AI-written, opinion),
    each with those flags: what :func:`origin_count` weighs a claim's origins by."""
    return {d.id: weak for d in documents if (weak := weak_flags(d.flags))}


def origin_count(claim: BriefClaim, *, weak: Mapping[str, Sequence[str]]) -> OriginCount:
    """How many of ``claim``'s origins count toward corroboration, as the claims stage judged
    it (:func:`communique.analyse.claims.weigh_flagged`): an origin counts when one of its
    tellings stands in a document not in ``weak``. An origin with no telling in the evidence
    is counted: only evidence sets one aside."""
    told = [e for e in claim.evidence if e.role == "mention"]
    strong = {e.origin for e in told if e.document not in weak}
    known = {e.origin for e in told}
    aside = {o for o in claim.origins if o in known and o not in strong}
    why = sorted({f for e in told if e.origin in aside for f in weak.get(e.document, ())})
    return OriginCount(len(claim.origins) - len(aside), len(aside), why)


def denials(claim: BriefClaim) -> list[ClaimEvidence]:
    return [e for e in claim.evidence if e.role == "denial"]


def slot_sides(claim: BriefClaim) -> list[tuple[str, str, list[ClaimEvidence]]]:
    """(slot, value, sentences) per value a contradicted claim's sources give.

    Each value is shown with the sentence that carries it when one of the claim's tellings
    contains it, so the reader sees the words around the number, date or title.
    """
    sentences = [e for e in claim.evidence if e.role == "mention"]
    by_value: dict[tuple[str, str], list[ClaimEvidence]] = defaultdict(list)
    for item in claim.evidence:
        if item.role == "slot":
            by_value[(item.slot, item.value)].append(_around(item, sentences))
    return [(slot, value, items) for (slot, value), items in by_value.items()]


@dataclass(frozen=True, slots=True)
class ClaimSide:
    """One side of a claim as a report lists it: a value its sources give (``slot`` and
    ``value``), one origin's tellings (``origin``, its label), or the denials (neither)."""

    items: list[ClaimEvidence]
    origin: str | None = None
    slot: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """What a report says of one claim before any markup, so that the Markdown and HTML
    reports never tell it differently: its lead telling, how many origins count, and either
    its sides (contradicted, disputed, corroborated) or its ``origins`` listed."""

    claim: BriefClaim
    status: str
    lead: ClaimEvidence | None
    origin_words: str
    sides: list[ClaimSide]
    origins: str | None = None


def claim_line(
    claim: BriefClaim,
    status: str,
    *,
    weak: Mapping[str, Sequence[str]],
    outlets: Mapping[str, str],
) -> ClaimLine:
    """``claim`` as a report's claims section shows it under ``status``."""
    words = origin_count(claim, weak=weak).words
    line = ClaimLine(claim, status, claim_lead(claim), words, sides=[])
    if status == "contradicted":
        line.sides.extend(ClaimSide(i, slot=s, value=v) for s, v, i in slot_sides(claim))
    elif status in ("disputed", "corroborated"):
        line.sides.extend(ClaimSide(i, origin=origin_label(o, outlets)) for o, i in tellings(claim))
        if status == "disputed":
            line.sides.append(ClaimSide(denials(claim)))
    else:
        origins = ", ".join(origin_label(o, outlets) for o in claim.origins)
        return replace(line, origins=origins)
    return line


def _around(item: ClaimEvidence, sentences: Sequence[ClaimEvidence]) -> ClaimEvidence:
    for sentence in sentences:
        if sentence.document == item.document and sentence.start <= item.start < sentence.end:
            return sentence
    return item
