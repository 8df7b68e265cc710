"""The briefing of real negotiations scored against an analyst's gold, beside a baseline.

    python benchmarks/negotiations.py [--cluster NAME ...] [--json FILE] [-v]

``-v`` also prints, per cluster, the side mapping, each gold event no event of ours found
(its date, type and first fragment, and the dates we gave the sentences that cite it), each
gold position none of ours matched (with what we read in its sentence) and each of our
positions on an annotated sentence that matched no gold one.

Each cluster of ``../shared/eval/negotiations`` (BASIL articles from their JSON Lines; Zyte
pages from their gold article bodies, dated by the page's own metadata) is ingested into a
temporary store, annotated and briefed exactly as ``communique brief --format json`` does, and
scored as the set's README suggests (see ``communique.evaluation.negotiations``).

The baseline runs in the same process on the same stored annotations: every sentence with a
stance word is a position of the side of the first sided entity it names; every sentence with a
date is an event of that date; every quote is given to the nearest person named before it; two
sentences of different outlets sharing half their words corroborate each other; members are put
all on one side.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from communique.brief.model import Briefing
from communique.evaluation.negotiations import (
    FAMILIES,
    Baseline,
    Cluster,
    Score,
    SysClaim,
    SysEvent,
    SysPosition,
    SysQuote,
    brief_cluster,
    cited,
    dates_agree,
    from_briefing,
    gold_ids,
    map_sides,
    read_clusters,
    score_briefing,
    side_map_from,
)
from communique.models import Annotation

ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "negotiations"

_STANCE_WORDS = {
    "demand": r"demand|insist|call(?:s|ed)? for|want|urge",
    "reject": r"reject|refus|oppos|won't|will not",
    "offer": r"offer|propos",
    "accept": r"accept|agree",
    "threaten": r"threat|warn",
    "condition": r"unless|only if|condition",
}
_STANCE_RES = {k: re.compile(rf"\b(?:{v})", re.IGNORECASE) for k, v in _STANCE_WORDS.items()}


def _entity_parties(briefing: Briefing) -> dict[str, str]:
    out = {}
    for e in briefing.entities:
        if e.party:
            for name in (e.name, *e.aliases):
                out[name.casefold()] = e.party
    return out


def _baseline(
    cluster: Cluster,
    briefing: Briefing,
    layers: Mapping[str, list[Annotation]],
    ids: Mapping[str, str],
) -> Baseline:
    parties = _entity_parties(briefing)
    outlet = {d.id: d.outlet or d.id for d in briefing.documents}
    positions, events, quotes, sentences = [], [], [], []
    for doc, stored in layers.items():
        gid = ids.get(doc, doc)
        by = {
            layer: [a for a in stored if a.layer == layer]
            for layer in ("sentence", "entity", "date", "quote")
        }
        for s in by["sentence"]:
            sentences.append((doc, s.text))
            inside = [e for e in by["entity"] if s.start <= e.start < s.end]
            side = next(
                (parties[e.text.casefold()] for e in inside if e.text.casefold() in parties), None
            )
            for stance, pattern in _STANCE_RES.items():
                if pattern.search(s.text):
                    positions.append(SysPosition(gid, s.text, side, stance, "other"))
                    break
            dates = [
                d
                for d in by["date"]
                if s.start <= d.start < s.end and d.attrs.get("type") == "DATE"
            ]
            if dates:
                events.append(
                    SysEvent(
                        ((gid, s.text),), str(dates[0].attrs.get("value")), "OTHER", "happened"
                    )
                )
        people = [e for e in by["entity"] if e.attrs.get("label") == "PERSON"]
        for q in by["quote"]:
            before = [p for p in people if p.end <= q.start]
            speaker = before[-1].text if before else None
            quotes.append(SysQuote(gid, str(q.attrs.get("content") or q.text), speaker))
    claims = _baseline_claims(sentences, outlet, ids)
    return Baseline(tuple(positions), tuple(events), tuple(quotes), claims)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9$]+", text.casefold()) if len(w) > 3)


def _baseline_claims(
    sentences: list[tuple[str, str]], outlet: Mapping[str, str], ids: Mapping[str, str]
) -> tuple[SysClaim, ...]:
    words = [_words(t) for _d, t in sentences]
    out = []
    for i, (doc, text) in enumerate(sentences):
        evidence = [(ids.get(doc, doc), text)]
        for j, (other, text2) in enumerate(sentences):
            shared = len(words[i] & words[j]) / max(1, len(words[i] | words[j]))
            if outlet[other] != outlet[doc] and shared >= 0.5:
                evidence.append((ids.get(other, other), text2))
        out.append(
            SysClaim(tuple(evidence), "corroborated" if len(evidence) > 1 else "single_source")
        )
    return tuple(out)


def run(clusters: Iterable[Cluster], *, verbose: bool) -> dict[str, dict[str, Score]]:
    """Scores per cluster for ``ours`` and ``baseline``."""
    results: dict[str, dict[str, Score]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in clusters:
            began = time.perf_counter()
            briefing, layers = brief_cluster(cluster, Path(tmp))
            ids = gold_ids(cluster, briefing)
            ours = from_briefing(briefing, ids)
            side_map = map_sides(briefing, cluster.sides)
            base = _baseline(cluster, briefing, layers, ids)
            # the trivial split (every member found, on one side); positions keep our sides
            one = side_map_from(dict.fromkeys(side_map.member_side, "one"), cluster.sides)
            base_map = replace(one, to_gold=side_map.to_gold)
            results[cluster.name] = {
                "ours": score_briefing(cluster, ours, side_map=side_map, families=FAMILIES),
                "baseline": score_briefing(cluster, base, side_map=base_map, families=FAMILIES),
            }
            if verbose:
                print(
                    f"{cluster.name}: {time.perf_counter() - began:.1f} s; "
                    f"sides {dict(side_map.to_gold)}",
                    file=sys.stderr,
                )
                for member, side in sorted(side_map.member_side.items()):
                    print(f"    {member} -> {side}", file=sys.stderr)
                _print_missed_events(cluster, ours)
                _print_position_misses(cluster, ours, side_map.to_gold)
    return results


def _print_missed_events(cluster: Cluster, ours: Baseline) -> None:
    """Gold events none of ours cites on the right day (a reading aid; the scorer matches
    one-to-one, so an event listed here may also be one another gold event took)."""
    for gold in cluster.events:
        citing = [
            ev
            for ev in ours.events
            if any(
                d == e["document"] and cited(e["text"], sentence)
                for d, sentence in ev.documents
                for e in gold["evidence"]
            )
        ]
        if any(dates_agree(str(gold["date"]), ev.date) for ev in citing):
            continue
        given = ", ".join(f"{ev.date} {ev.type} {ev.mode}" for ev in citing) or "no event"
        first = gold["evidence"][0]["text"]
        print(
            f"    missed event {gold['date']} {gold['type']}: {first!r} (ours: {given})",
            file=sys.stderr,
        )


def _print_position_misses(cluster: Cluster, ours: Baseline, to_gold: Mapping[str, str]) -> None:
    """Gold positions none of ours matched and our positions on annotated sentences that match
    none (a reading aid, matched one-to-one in the scorer's order)."""
    used: set[int] = set()
    for gold in cluster.positions:
        here = [
            (i, p)
            for i, p in enumerate(ours.positions)
            if p.document == gold["document"] and cited(gold["evidence"], p.sentence)
        ]
        hit = next(
            (
                i
                for i, p in here
                if i not in used
                and p.stance == gold["stance"]
                and p.party
                and to_gold.get(p.party) == gold["side"]
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            continue
        read = "; ".join(
            f"{p.stance} {p.issue} by {p.holder} ({to_gold.get(p.party or '', p.party)})"
            for _, p in here
        )
        print(
            f"    missed position {gold['stance']} {gold['issue_family']} of {gold['side']} "
            f"({gold.get('holder')}): {gold['evidence']!r} (ours: {read or 'nothing'})",
            file=sys.stderr,
        )
    for i, p in enumerate(ours.positions):
        golds = [
            f"{g['stance']} {g['issue_family']} of {g['side']}"
            for g in cluster.positions
            if g["document"] == p.document and cited(g["evidence"], p.sentence)
        ]
        if golds and i not in used:
            print(
                f"    extra position {p.stance} {p.issue} by {p.holder} "
                f"({to_gold.get(p.party or '', p.party)}; gold: {', '.join(golds)}): "
                f"{p.sentence[:160]!r}",
                file=sys.stderr,
            )


ROWS = [
    ("positions recall", "positions_found", "positions_gold"),
    (
        "positions precision (annotated sentences)",
        "positions_right_on_annotated",
        "positions_on_annotated",
    ),
    ("positions issue family agrees", "family_same", "positions_found"),
    *[
        (f"positions recall: {s}", f"positions_found_{s}", f"positions_gold_{s}")
        for s in ("demand", "offer", "accept", "reject", "threaten", "condition")
    ],
    *[
        (f"positions precision: {s}", f"positions_sysright_{s}", f"positions_sys_{s}")
        for s in ("demand", "offer", "accept", "reject", "threaten", "condition")
    ],
    ("sides: member pairs consistent", "sides_consistent", "sides_pairs"),
    ("sides: members found", "sides_members_found", "sides_members"),
    ("sides: members given a side", "sides_members_sided", "sides_members"),
    ("events on the right day: recall", "events_found", "events_gold"),
    ("events: precision (annotated sentences)", "events_right_on_annotated", "events_on_annotated"),
    ("events: type agrees", "events_type_same", "events_found"),
    ("events: mode agrees", "events_mode_same", "events_found"),
    ("claims found", "claims_found", "claims_gold"),
    ("claims: status right", "claims_status_same", "claims_found"),
    *[
        (f"claims {s}: found with that status", f"claims_right_{s}", f"claims_gold_{s}")
        for s in ("corroborated", "single_source", "disputed", "contradicted")
    ],
    ("quotes found", "quotes_found", "quotes_gold"),
    ("quotes: speaker right", "quotes_speaker_right", "quotes_found"),
]


def _cell(score: Score, num: str, den: str) -> str:
    n, d = score.counts[num], score.counts[den]
    return f"{n / d:.2f} ({n}/{d})" if d else "–"


def _f1(score: Score, kind: str) -> str:
    r = score.ratio(f"{kind}_found", f"{kind}_gold")
    p = score.ratio(f"{kind}_right_on_annotated", f"{kind}_on_annotated")
    return f"{2 * p * r / (p + r):.2f}" if p and r else "0.00"


def table(results: Mapping[str, Mapping[str, Score]]) -> str:
    total = {"ours": Score(), "baseline": Score()}
    for per in results.values():
        for name, score in per.items():
            total[name].add(score)
    lines = ["| dev set, all clusters | communique | baseline |", "|---|---|---|"]
    for label, num, den in ROWS:
        lines.append(
            f"| {label} | {_cell(total['ours'], num, den)} | {_cell(total['baseline'], num, den)} |"
        )
    for kind in ("positions", "events"):
        lines.append(f"| {kind} F1 | {_f1(total['ours'], kind)} | {_f1(total['baseline'], kind)} |")
    lines += [
        "",
        "| cluster | positions R | positions P | sides | events on the day | claims right status"
        " | quotes speaker |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, per in results.items():
        s = per["ours"]
        cells = [
            _cell(s, "positions_found", "positions_gold"),
            _cell(s, "positions_right_on_annotated", "positions_on_annotated"),
            _cell(s, "sides_consistent", "sides_pairs"),
            _cell(s, "events_found", "events_gold"),
            _cell(s, "claims_status_same", "claims_gold"),
            _cell(s, "quotes_speaker_right", "quotes_found"),
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cluster", action="append", default=[], help="Only this cluster (repeatable)."
    )
    parser.add_argument("--json", type=Path, help="Also write the counts per cluster to FILE.")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not ROOT.exists():
        sys.exit(f"{ROOT} is absent: the negotiations gold set is needed")
    results = run(read_clusters(ROOT, names=args.cluster), verbose=args.verbose)
    print(table(results))
    if args.json:
        dump: dict[str, Any] = {
            k: {n: dict(s.counts) for n, s in v.items()} for k, v in results.items()
        }
        args.json.write_text(json.dumps(dump, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
