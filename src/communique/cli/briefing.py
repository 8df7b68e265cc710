"""The brief command's work: annotate what is new, build, filter and render the briefing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from communique.brief import briefing_json, json_schema
from communique.errors import UsageError
from communique.store import open_store

__all__ = ["render_brief"]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--since {value!r} is not a date of the form YYYY-MM-DD") from None


def render_brief(
    *,
    db: str,
    fmt: str,
    since: str | None = None,
    party: str | None = None,
    issue: str | None = None,
    schema: bool = False,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
) -> str:
    """The briefing of the store at ``db`` as JSON, Markdown or one-file HTML text."""
    if schema:
        return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    start = _date(since)
    from communique.analyse.embed import SentenceEmbedder
    from communique.brief.build import build_briefing
    from communique.brief.filters import describe_filters, filter_briefing
    from communique.brief.html import render_html
    from communique.brief.markdown import render_markdown
    from communique.cli.annotating import update_store
    from communique.parallel import executor_for

    with executor_for(workers=workers, scheduler=scheduler) as executor, open_store(db) as store:
        update_store(store, codebook=codebook, replace_codebook=replace_codebook, executor=executor)
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
    if start or party or issue:
        briefing = filter_briefing(briefing, since=start, party=party, issue=issue)
    if fmt == "json":
        return json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2) + "\n"
    scope = describe_filters(since=start, party=party, issue=issue)
    render = render_html if fmt == "html" else render_markdown
    return render(briefing, scope=scope)
