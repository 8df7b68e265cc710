"""The export command's work: annotate what is new, build and narrow the briefing as ``brief``
does, then write its tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from communique.analyse.sides import load_sides
from communique.export import Written, check_options, export_briefing
from communique.export.frames import load_briefing
from communique.store import open_store

__all__ = ["run_export"]


def run_export(
    *,
    db: str,
    what: str,
    fmt: str,
    out: str | None,
    bom: bool = False,
    since: str | None = None,
    party: str | None = None,
    issue: str | None = None,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    sides: str | None = None,
) -> list[Written]:
    """Write the ``what`` table(s) of the store at ``db``; what was written."""
    target = Path(out) if out else None
    check_options(what=what, fmt=fmt, out=target)
    with (
        open_store(db) as store,
        tqdm(unit="doc", desc="annotating", disable=None, leave=False) as bar,
    ):
        briefing = load_briefing(
            store,
            since=since,
            party=party,
            issue=issue,
            codebook=codebook,
            replace_codebook=replace_codebook,
            sides=load_sides(Path(sides)) if sides else None,
            on_document=lambda _id: bar.update(1),
        )
    return export_briefing(briefing, what=what, fmt=fmt, out=target, bom=bom, stdout=sys.stdout)
