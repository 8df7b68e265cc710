"""Scoring a briefing against the negotiations gold set (``../shared/eval/negotiations``).

Each cluster is real coverage of one negotiation with an analyst's gold: sides and their
members, positions, a dated timeline, quotes and checked claims, every item grounded by a
fragment copied from its article. The scorer follows the set's README: a system item *cites* a
gold fragment when its evidence sentence contains it; items are matched one to one.

System sides are mapped to gold sides by the best one-to-one assignment over the members both
put on a side — never by comparing side names, which would reward naming, not reading.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from communique.analyse.embed import SentenceEmbedder
from communique.brief.build import build_briefing
from communique.brief.model import Briefing
from communique.clean.pipeline import Cleaner
from communique.cli.annotating import update_store
from communique.errors import MalformedInput, UnreadableInput
from communique.ingest import ingest
from communique.models import Annotation
from communique.store import open_store

__all__ = [
    "FAMILIES",
    "Article",
    "Baseline",
    "Cluster",
    "Score",
    "SideMap",
    "SysClaim",
    "SysEvent",
    "SysPosition",
    "SysQuote",
    "brief_cluster",
    "cited",
    "dates_agree",
    "from_briefing",
    "gold_ids",
    "gold_type",
    "map_sides",
    "norm",
    "read_cluster",
    "read_clusters",
    "score_briefing",
    "side_map_from",
    "surname",
]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})
HAPPENED_MODES = {"historical": "happened"}
"""Our event modes the gold writes otherwise: a past event beyond the story is still past."""
GOLD_TYPES = frozenset(
    {"TALKS", "PROPOSE", "DEMAND", "REJECT", "AGREE", "VOTE", "SIGN", "THREATEN", "DEADLINE"}
)
"""The gold's event types; any other type of ours (a statement, a release, a sanction, an
attack, a ceasefire, an intention) is what the gold calls ``OTHER``."""


def gold_type(ours: str) -> str:
    """Our event type in the gold's schema, which has fewer types and ``OTHER`` for the rest."""
    return ours if ours in GOLD_TYPES else "OTHER"


def norm(text: str) -> str:
    """Text as compared: curly quotes straightened, whitespace collapsed, case folded."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def cited(fragment: str, sentence: str) -> bool:
    """Whether an evidence sentence contains a gold fragment (the README's *cites*)."""
    return norm(fragment) in norm(sentence)


def surname(name: str) -> str:
    """The last word of a name that is not a suffix ("Joseph R. Biden Jr." -> "biden")."""
    words = [w for w in norm(name).replace(",", " ").split() if w not in _SUFFIXES]
    return words[-1] if words else ""


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None
    url: str
    outlet: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Cluster:
    """One negotiation: its articles and its gold, read as plain dicts from ``gold.yaml``."""

    name: str
    articles: tuple[Article, ...]
    sides: Mapping[str, tuple[str, ...]]
    positions: tuple[Mapping[str, Any], ...]
    events: tuple[Mapping[str, Any], ...]
    quotes: tuple[Mapping[str, Any], ...]
    claims: tuple[Mapping[str, Any], ...]

    def records(self) -> list[dict[str, str]]:
        """The articles as JSON Lines records ``ingest`` reads."""
        out = []
        for a in self.articles:
            record = {"text": a.text, "url": a.url}
            for key, value in (
                ("title", a.title),
                ("outlet", a.outlet),
                ("published", a.published),
            ):
                if value:
                    record[key] = value
            out.append(record)
        return out


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnreadableInput(str(path), str(exc)) from exc
    except yaml.YAMLError as exc:
        raise MalformedInput(str(path), f"not YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise MalformedInput(str(path), "a gold file must be a mapping")
    return data


def _zyte_articles(gold: Mapping[str, Any], zyte: Path) -> list[Article]:
    truth_file = zyte / "ground-truth.json"
    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnreadableInput(str(truth_file), str(exc)) from exc
    out = []
    for doc in gold["documents"]:
        key = str(doc["id"])
        if key not in truth:
            raise MalformedInput(str(truth_file), f"no ground truth for page {key}")
        body = truth[key]
        out.append(
            Article(
                id=key,
                text=str(body["articleBody"]),
                title=None,
                url=str(body.get("url") or f"zyte:{key}"),
                outlet=str(doc.get("outlet") or "") or None,
                published=str(doc["published"])[:10],
            )
        )
    return out


def _basil_articles(path: Path) -> list[Article]:
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UnreadableInput(str(path), str(exc)) from exc
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line)
        out.append(
            Article(
                id=str(r["id"]),
                text=str(r["text"]),
                title=r.get("title"),
                url=str(r.get("url") or f"basil:{r['id']}"),
                outlet=r.get("outlet"),
                published=str(r["published"])[:10] if r.get("published") else None,
            )
        )
    return out


def read_cluster(folder: Path, *, zyte: Path) -> Cluster:
    """A cluster's gold and texts: ``articles.jsonl`` beside it, or the Zyte bodies it names."""
    gold = _load_yaml(folder / "gold.yaml")
    jsonl = folder / "articles.jsonl"
    articles = _basil_articles(jsonl) if jsonl.exists() else _zyte_articles(gold, zyte)
    return Cluster(
        name=folder.name,
        articles=tuple(articles),
        sides={str(k): tuple(str(m) for m in v) for k, v in gold["sides"].items()},
        positions=tuple(gold.get("positions") or ()),
        events=tuple(gold.get("events") or ()),
        quotes=tuple(gold.get("quotes") or ()),
        claims=tuple(gold.get("claims") or ()),
    )


def read_clusters(root: Path, *, names: Sequence[str] = ()) -> list[Cluster]:
    """Every cluster under ``root`` (or only ``names``), in name order."""
    folders = sorted(p for p in root.iterdir() if (p / "gold.yaml").exists())
    if names:
        folders = [p for p in folders if p.name in names]
    return [read_cluster(p, zyte=root.parent / "zyte") for p in folders]


FAMILIES: Mapping[str, str] = {
    "taxes": "taxes",
    "spending": "spending",
    "debt": "debt_deficit",
    "government_funding": "government_funding",
    "tariffs": "trade_tariffs",
    "market_access": "market_access",
    "technology_ip": "ip_technology",
    "immigration": "immigration",
    "border_security": "border_security",
    "health": "health",
    "entitlements": "entitlements",
    "procedure": "procedure",
    "negotiation_format": "procedure",
    "leaders_meeting": "procedure",
    "agreement": "other",  # the deal as a whole: no narrower family of the gold's
}
"""Our codebook's issue ids in the gold's issue families (an id missing here is itself)."""


def brief_cluster(cluster: Cluster, folder: Path) -> tuple[Briefing, dict[str, list[Annotation]]]:
    """The briefing of a cluster's articles ingested into a new store in ``folder``, as
    ``communique brief`` builds it, and every document's stored annotations."""
    source = folder / f"{cluster.name}.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for record in cluster.records():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open_store(str(folder / f"{cluster.name}.db")) as store:
        ingest([str(source)], store=store, cleaner=Cleaner.create())
        update_store(store)
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
        layers = {doc_id: store.annotations(doc_id) for doc_id in store.document_ids()}
    return briefing, layers


def gold_ids(cluster: Cluster, briefing: Briefing) -> dict[str, str]:
    """System document id -> gold document id, by the URL each record carried."""
    by_url = {a.url: a.id for a in cluster.articles}
    return {d.id: by_url[d.url] for d in briefing.documents if d.url in by_url}


# --- sides ----------------------------------------------------------------------------------


def _same_person(gold: str, system: str) -> bool:
    g, s = norm(gold), norm(system)
    if g == s:
        return True
    gw = [w for w in g.split() if w not in _SUFFIXES and not re.fullmatch(r"\w\.", w)]
    sw = [w for w in s.split() if w not in _SUFFIXES and not re.fullmatch(r"\w\.", w)]
    if not gw or not sw or gw[-1] != sw[-1]:
        return False
    return len(gw) == 1 or len(sw) == 1 or gw[0] == sw[0]


@dataclass(frozen=True, slots=True)
class SideMap:
    """Where the system put each gold member, and the system side standing for each gold side."""

    member_side: Mapping[str, str | None]
    to_gold: Mapping[str, str]
    pairs: int
    consistent: int


def _member_sides(briefing: Briefing, members: Iterable[str]) -> dict[str, str | None]:
    """The system side of each gold member the system found (absent when never found)."""
    out: dict[str, str | None] = {}
    for member in members:
        names_found = [
            e.party
            for e in briefing.entities
            if any(_same_person(member, n) for n in (e.name, *e.aliases))
        ]
        held = Counter(
            p.party for p in briefing.positions if _same_person(member, p.holder) and p.party
        )
        if names_found or held:
            sided = [p for p in names_found if p]
            out[member] = sided[0] if sided else (held.most_common(1)[0][0] if held else None)
    return out


def _best_assignment(overlap: Mapping[tuple[str, str], int]) -> dict[str, str]:
    systems = sorted({s for s, _g in overlap})
    golds = sorted({g for _s, g in overlap})
    best: tuple[int, dict[str, str]] = (0, {})
    if len(systems) > 7:  # keep the search small: only the sides with most overlap compete
        total = Counter({s: sum(v for (x, _g), v in overlap.items() if x == s) for s in systems})
        systems = [s for s, _n in total.most_common(7)]
    for k in range(1, min(len(systems), len(golds)) + 1):
        for chosen in itertools.permutations(systems, k):
            for targets in itertools.permutations(golds, k):
                value = sum(overlap.get((s, g), 0) for s, g in zip(chosen, targets, strict=True))
                if value > best[0]:
                    best = (value, dict(zip(chosen, targets, strict=True)))
    return best[1]


def map_sides(briefing: Briefing, sides: Mapping[str, Sequence[str]]) -> SideMap:
    """Map system sides to gold sides one to one by overlap of members, and count the pairs of
    found members put consistently (same gold side <=> same system side, both sided)."""
    gold_of = {m: side for side, members in sides.items() for m in members}
    return side_map_from(_member_sides(briefing, gold_of), sides)


# --- scoring --------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one cluster (or their sum); figures are derived by the benchmark."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)

    def ratio(self, num: str, den: str) -> float | None:
        d = self.counts[den]
        return self.counts[num] / d if d else None


@dataclass(frozen=True, slots=True)
class SysPosition:
    document: str
    sentence: str
    party: str | None
    stance: str
    issue: str
    holder: str = ""


@dataclass(frozen=True, slots=True)
class SysEvent:
    documents: tuple[tuple[str, str], ...]  # (document, sentence) for each piece of evidence
    date: str | None
    type: str
    mode: str


@dataclass(frozen=True, slots=True)
class SysQuote:
    document: str
    content: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class SysClaim:
    evidence: tuple[tuple[str, str], ...]
    status: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """A system's output reduced to what the scorer reads: the briefing or a baseline's."""

    positions: tuple[SysPosition, ...]
    events: tuple[SysEvent, ...]
    quotes: tuple[SysQuote, ...]
    claims: tuple[SysClaim, ...]


def from_briefing(briefing: Briefing, doc_ids: Mapping[str, str]) -> Baseline:
    """The briefing in the scorer's terms, with system document ids turned into gold ones."""

    def gid(doc: str) -> str:
        return doc_ids.get(doc, doc)

    return Baseline(
        positions=tuple(
            SysPosition(gid(p.document), p.evidence.text, p.party, p.stance, p.issue, p.holder)
            for p in briefing.positions
        ),
        events=tuple(
            SysEvent(
                tuple((gid(e.document), e.text) for e in ev.evidence), ev.date, ev.type, ev.mode
            )
            for ev in briefing.events
        ),
        quotes=tuple(
            SysQuote(gid(q.document), q.content, q.speaker or q.source) for q in briefing.quotes
        ),
        claims=tuple(
            SysClaim(tuple((gid(e.document), e.text) for e in c.evidence), c.status)
            for c in briefing.claims
        ),
    )


def dates_agree(gold: str, system: str | None) -> bool:
    """The same day, or the same month (year) where either gives only the month (year); a
    week ("2012-W49") or a weekend ("2012-W49-WE") agrees with any day, month or year it
    overlaps."""
    if not system:
        return False
    gold, system = str(gold), str(system)
    week = _WEEK.match(system)
    if week is not None:
        monday = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        days = [monday + dt.timedelta(days=n) for n in range(5 if week.group(3) else 0, 7)]
        return any(dates_agree(gold, d.isoformat()) for d in days)
    length = min(len(gold), len(system), 10)
    if length < 4:
        return False
    return gold[:length] == system[:length]


def _score_positions(
    cluster: Cluster, out: Baseline, to_gold: Mapping[str, str], families: Mapping[str, str]
) -> Counter[str]:
    c: Counter[str] = Counter()
    used: set[int] = set()
    for g in cluster.positions:
        c["positions_gold"] += 1
        c[f"positions_gold_{g['stance']}"] += 1
        for i, p in enumerate(out.positions):
            if i in used or p.document != g["document"] or not cited(g["evidence"], p.sentence):
                continue
            if p.stance == g["stance"] and p.party and to_gold.get(p.party) == g["side"]:
                used.add(i)
                c["positions_found"] += 1
                c[f"positions_found_{g['stance']}"] += 1
                c["family_same"] += families.get(p.issue, p.issue) == g["issue_family"]
                break
    annotated = {(g["document"], norm(g["evidence"])) for g in cluster.positions}
    for i, p in enumerate(out.positions):
        if any(d == p.document and f in norm(p.sentence) for d, f in annotated):
            c["positions_on_annotated"] += 1
            c["positions_right_on_annotated"] += i in used
            c[f"positions_sys_{p.stance}"] += 1
            c[f"positions_sysright_{p.stance}"] += i in used
    return c


def _score_events(cluster: Cluster, out: Baseline) -> Counter[str]:
    c: Counter[str] = Counter()
    fragments = [
        (str(e["document"]), str(e["text"])) for g in cluster.events for e in g["evidence"]
    ]
    fits = [
        [
            i
            for i, ev in enumerate(out.events)
            if dates_agree(str(g["date"]), ev.date)
            and any(
                d == e["document"] and cited(e["text"], s)
                for d, s in ev.documents
                for e in g["evidence"]
            )
        ]
        for g in cluster.events
    ]
    matched = _one_to_one(fits)
    c["events_gold"] += len(cluster.events)
    for gi, i in matched.items():
        g, ev = cluster.events[gi], out.events[i]
        c["events_found"] += 1
        c["events_type_same"] += gold_type(ev.type) == g["type"]
        c["events_mode_same"] += HAPPENED_MODES.get(ev.mode, ev.mode) == g["mode"]
    used = set(matched.values())
    for i, ev in enumerate(out.events):
        if any(d == fd and cited(f, s) for d, s in ev.documents for fd, f in fragments):
            c["events_on_annotated"] += 1
            c["events_right_on_annotated"] += i in used
    return c


def _one_to_one(fits: Sequence[Sequence[int]]) -> dict[int, int]:
    """The largest one-to-one matching of gold items to system items (``fits[g]``: the system
    items gold item ``g`` accepts), by augmenting paths. A first-come matching undercounts:
    one system event citing the sentences of two gold events could take the one a second
    system event alone fits, leaving that second event and the other gold event unmatched."""
    owner: dict[int, int] = {}

    def place(g: int, seen: set[int]) -> bool:
        for i in fits[g]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or place(owner[i], seen):
                owner[i] = g
                return True
        return False

    for g in range(len(fits)):
        place(g, set())
    return {g: i for i, g in owner.items()}


def _claim_cites(g: Mapping[str, Any], claim: SysClaim, outlet: Mapping[str, str | None]) -> bool:
    docs = {
        e["document"]
        for e in g["evidence"]
        if any(d == e["document"] and cited(e["text"], s) for d, s in claim.evidence)
    }
    gold_outlets = {outlet.get(e["document"]) for e in g["evidence"]}
    needs_two = g["status"] in {"corroborated", "contradicted"} and len(gold_outlets) > 1
    return len({outlet.get(d) for d in docs}) >= (2 if needs_two else 1)


def _score_claims(cluster: Cluster, out: Baseline) -> Counter[str]:
    c: Counter[str] = Counter()
    outlet = {a.id: a.outlet or a.id for a in cluster.articles}
    for g in cluster.claims:
        status = str(g["status"])
        c["claims_gold"] += 1
        c[f"claims_gold_{status}"] += 1
        matches = [claim for claim in out.claims if _claim_cites(g, claim, outlet)]
        if matches:
            c["claims_found"] += 1
            right = any(m.status == status for m in matches)
            c["claims_status_same"] += right
            c[f"claims_right_{status}"] += right
    return c


def _score_quotes(cluster: Cluster, out: Baseline) -> Counter[str]:
    c: Counter[str] = Counter()
    used: set[int] = set()
    for g in cluster.quotes:
        c["quotes_gold"] += 1
        found = [
            i
            for i, q in enumerate(out.quotes)
            if i not in used and q.document == g["document"] and cited(g["text"], q.content)
        ]
        if not found:
            continue
        want = surname(str(g["speaker"]))
        right = [i for i in found if want and want in norm(out.quotes[i].speaker or "").split()]
        used.add((right or found)[0])
        c["quotes_found"] += 1
        c["quotes_speaker_right"] += bool(right)
    return c


def score_briefing(
    cluster: Cluster,
    out: Baseline,
    *,
    side_map: SideMap,
    families: Mapping[str, str],
) -> Score:
    """Every count of one system's output on one cluster (see the module docstring)."""
    score = Score()
    c = score.counts
    c["sides_pairs"] += side_map.pairs
    c["sides_consistent"] += side_map.consistent
    c["sides_members"] += sum(len(v) for v in cluster.sides.values())
    c["sides_members_found"] += len(side_map.member_side)
    c["sides_members_sided"] += sum(1 for v in side_map.member_side.values() if v)
    c.update(_score_positions(cluster, out, side_map.to_gold, families))
    c.update(_score_events(cluster, out))
    c.update(_score_claims(cluster, out))
    c.update(_score_quotes(cluster, out))
    return score


def side_map_from(
    member_side: Mapping[str, str | None], sides: Mapping[str, Sequence[str]]
) -> SideMap:
    """A :class:`SideMap` for a baseline that assigns members its own way."""
    gold_of = {m: side for side, members in sides.items() for m in members}
    overlap: Counter[tuple[str, str]] = Counter(
        (s, gold_of[m]) for m, s in member_side.items() if s and m in gold_of
    )
    pairs = consistent = 0
    for a, b in itertools.combinations(sorted(member_side), 2):
        pairs += 1
        sa, sb = member_side[a], member_side[b]
        if sa and sb and (sa == sb) == (gold_of[a] == gold_of[b]):
            consistent += 1
    return SideMap(member_side, _best_assignment(overlap), pairs, consistent)
