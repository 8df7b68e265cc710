"""``communique demo``: the whole tool on a small corpus of invented articles it ships with.

The corpus (``demo/corpus``) covers a fictional negotiation from fictional outlets, with real
page furniture, relative dates, quotes, a wire story told twice, an AI-written piece, an opinion
piece, a stale article and a disputed claim. The demo grows with the project: it ends with the
best output the project has.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from communique.analyse.embed import SentenceEmbedder
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief import briefing_json
from communique.brief.build import build_briefing
from communique.brief.html import render_html
from communique.brief.markdown import render_markdown
from communique.brief.model import Briefing
from communique.clean.pipeline import Cleaner
from communique.cli.annotating import entity_dicts, entity_table
from communique.cli.output import documents_table
from communique.ingest import ingest
from communique.store import open_store

__all__ = ["briefing_digest", "corpus_path", "run_demo"]


def corpus_path() -> Path:
    """The folder of demo articles installed with the package."""
    return Path(str(resources.files("communique.demo") / "corpus"))


def run_demo(*, db: str, echo: Callable[[str], None]) -> None:
    corpus = corpus_path()
    echo(f"Ingesting the demo corpus from {corpus} into {db} …")
    with open_store(db) as store:
        articles = sorted(str(p) for p in corpus.iterdir() if p.name != "README.md")
        report = ingest(articles, store=store, cleaner=Cleaner.create())
        echo(
            f"{len(report.added)} added, {len(report.unchanged)} already stored, "
            f"{len(report.duplicates)} flagged as duplicates, {len(report.failed)} failed\n"
        )
        for failure in report.failed:
            echo(f"error: {failure.source}: [{failure.code}] {failure.reason}")
        echo(documents_table(store.documents()))
        echo("\nReading the documents (entities, dates, quotes) …")
        annotate_store(store=store, annotator=Annotator())
        echo("\nWho is who (the 15 most mentioned, every spelling merged):")
        rows = entity_dicts(store)
        echo(entity_table(rows[:15]))
        echo("\nBuilding the briefing (events, positions, claims checked across sources) …")
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
    for line in briefing_digest(briefing):
        echo(line)
    base = Path(db).with_suffix("")
    outputs = {
        ".brief.json": json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2) + "\n",
        ".brief.md": render_markdown(briefing),
        ".brief.html": render_html(briefing),
    }
    echo("")
    for suffix, text in outputs.items():
        path = base.with_name(base.name + suffix)
        path.write_text(text, encoding="utf-8")
        echo(f"The whole briefing: {path}")
    echo(f"Each document: communique show ID --db {db}")
    echo(f"Every entity:  communique entities --db {db} --format json")
    echo(f"Explore it:    communique serve --db {db}  (then open http://127.0.0.1:8000/)")


def briefing_digest(briefing: Briefing) -> list[str]:
    """A few lines of the briefing for the terminal: changes, checked claims, sources."""
    lines = ["", "Where positions moved:"]
    for change in briefing.position_changes[:8]:
        lines.append(
            f"  {change.party} on {change.issue}: {change.before.stance} ({change.before.date})"
            f" -> {change.after.stance} ({change.after.date})"
        )
    counts = Counter(claim.status for claim in briefing.claims)
    lines += [
        "",
        "Claims checked across sources: " + ", ".join(f"{n} {s}" for s, n in counts.items()),
    ]
    for claim in briefing.claims:
        if claim.status in ("contradicted", "disputed"):
            lines.append(f"  [{claim.status}] {claim.text[:110]}")
    lines += ["", "Sources:"]
    for source in briefing.sources:
        flags = ", ".join(f"{k} {v}" for k, v in source.flags.items()) or "-"
        lines.append(f"  {source.outlet[:30]:30} {len(source.documents)} doc(s); {flags}")
    return lines
