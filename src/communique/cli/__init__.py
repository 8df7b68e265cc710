"""The ``communique`` command: parse, call the library, print.

Library errors become one ``error:`` line on stderr and an exit code:
0 all went well, 1 some inputs failed (everything else was stored), 2 bad usage, 3 store error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from communique.analyse.embedders import DEFAULT_EMBEDDER, EMBEDDERS
from communique.cli.output import (
    document_dict,
    documents_table,
    echo_json,
    escape_controls,
    failure_dict,
    failure_line,
    show_document,
)
from communique.errors import CommuniqueError, StoreError, UsageError
from communique.store import DEFAULT_DB, open_store, redacted

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

# The export command's choices, spelled here so that --help loads no export code.
EXPORT_WHAT = (
    "positions",
    "position-changes",
    "events",
    "quotes",
    "claims",
    "entities",
    "documents",
    "sources",
    "all",
)
EXPORT_FORMATS = ("csv", "xlsx", "parquet", "jsonl", "plover")

EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_STORE = 3

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="COMMUNIQUE_DB",
    help="The store: a SQLite file, created on first use, or a PostgreSQL database "
    "(postgresql://USER@HOST[:PORT]/DB), migrated on first use.",
)


def parallel_options(command: F) -> F:
    """--workers and --scheduler: where reading, cleaning and annotation run."""
    command = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run them on an existing Dask cluster (e.g. tcp://scheduler.example.org:8786).",
    )(command)
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="Run reading, cleaning and annotation on a local Dask cluster of N worker "
        "processes (default: this process alone).",
    )(command)


def briefing_options(command: F) -> F:
    """The options that choose what a briefing covers, shared by ``brief`` and ``export`` so
    both always take the same ones (a new filter is added here, once)."""
    options = [
        click.option("--since", help="Only what happened or was said on or after YYYY-MM-DD."),
        click.option("--party", help="Only what concerns this party (a side, e.g. a country)."),
        click.option("--issue", help="Only this issue of the codebook (its id, e.g. ceasefire)."),
        click.option(
            "--codebook",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="A YAML codebook of issues extending the built-in one (repeatable).",
        ),
        click.option(
            "--replace-codebook", is_flag=True, help="Use only the --codebook files' issues."
        ),
        click.option(
            "--sides",
            type=click.Path(dir_okay=False),
            help="A YAML file of sides ('Side name: [names, ...]') that wins over the text's cues.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class _Group(click.Group):
    """Turns library errors into one clean line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            click.echo(f"error: {escape_controls(str(exc))}", err=True)
            sys.exit(EXIT_STORE)
        except UsageError as exc:
            click.echo(f"error: {escape_controls(str(exc))}", err=True)
            sys.exit(EXIT_USAGE)
        except CommuniqueError as exc:
            click.echo(f"error: {escape_controls(str(exc))}", err=True)
            sys.exit(EXIT_INPUT_FAILED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="communique")
def cli() -> None:
    """Turn the news coverage of a negotiation into a cross-checked, sourced briefing."""


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON, for scripts.")
@click.option(
    "--timeout",
    default=20.0,
    show_default=True,
    help="Seconds one URL may take in all (redirects, headers and body).",
)
@parallel_options
def ingest(
    targets: tuple[str, ...],
    db: str,
    quiet: bool,
    as_json: bool,
    timeout: float,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Read files, folders, globs, feeds and URLs into the store."""
    from communique.cli.ingesting import run_ingest

    report = run_ingest(
        targets,
        db=db,
        quiet=quiet or as_json,
        timeout=timeout,
        workers=workers,
        scheduler=scheduler,
    )
    if as_json:
        echo_json(report.as_dict())
    elif not quiet:
        click.echo(
            f"{len(report.added)} added, {len(report.unchanged)} already stored, "
            f"{len(report.duplicates)} flagged as duplicates, {len(report.failed)} failed"
        )
    for failure in report.failed:
        line = f"{failure.source}: [{failure.code}] {failure.reason}"
        click.echo(f"error: {escape_controls(line)}", err=True)
    if report.failed:
        sys.exit(EXIT_INPUT_FAILED)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def docs(db: str, fmt: str) -> None:
    """List the stored documents."""
    with open_store(db) as store:
        if fmt == "json":
            echo_json([document_dict(doc) for doc in store.documents()])
        else:
            click.echo(documents_table(store.documents()))


@cli.command()
@click.argument("doc_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def show(doc_id: str, db: str, fmt: str) -> None:
    """Print one stored document, with what cleaning removed."""
    with open_store(db) as store:
        document = store.get_document(doc_id)
        if document is None:
            raise UsageError(f"no document with id {doc_id!r} in {redacted(db)}")
        if fmt == "json":
            echo_json(document_dict(document))
        else:
            click.echo(show_document(document))


@cli.command()
@db_option
def corrections(db: str) -> None:
    """Export your corrections (made in the web app) as JSON; every brief applies them."""
    from communique.brief.corrections import export_corrections

    with open_store(db) as store:
        echo_json(export_corrections(store.corrections()))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def failures(db: str, fmt: str) -> None:
    """List the inputs that could not be used, and the documents a later stage could not
    analyse (with the stage, the document id and the sentence's offsets), and why."""
    with open_store(db) as store:
        rows = store.failures()
    if fmt == "json":
        echo_json([failure_dict(f) for f in rows])
    else:
        for f in rows:
            click.echo(failure_line(f))


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True)
@db_option
def forget(doc_ids: tuple[str, ...], db: str) -> None:
    """Remove documents and everything derived from them (annotations, entity mentions,
    failures). Nothing is removed when an id is not stored (exit 2)."""
    from communique.forget import forget_documents

    with open_store(db) as store:
        gone = forget_documents(store, doc_ids)
    click.echo(f"{len(gone)} forgotten")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--published", help="Publication date (YYYY-MM-DD) to anchor relative dates on.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json")
def annotate(file: str, published: str | None, fmt: str) -> None:
    """Show what communique reads in one article: sentences, entities, dates and quotes.

    The file is read and cleaned as ingest would (any format it takes; - reads plain text from
    standard input); every offset points into the cleaned text the JSON carries."""
    from communique.cli.annotating import annotate_file, render_text

    results = annotate_file(file, published=published)
    if fmt == "json":
        shown = [r.as_json() for r in results]
        echo_json(shown[0] if len(shown) == 1 else shown)
    else:
        click.echo("\n\n".join(render_text(r) for r in results))


retry_option = click.option(
    "--retry-failed",
    is_flag=True,
    help="Annotate again the documents the language layer failed on before.",
)


def sides_option(func: Any) -> Any:
    return click.option(
        "--sides",
        type=click.Path(dir_okay=False),
        help="A YAML file of sides ('Side name: [names, ...]') that wins over the text's cues.",
    )(func)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@retry_option
@sides_option
def entities(db: str, fmt: str, retry_failed: bool, sides: str | None) -> None:
    """List the canonical entities: names, variants, roles, sides and documents."""
    from communique.analyse.sides import load_sides
    from communique.cli.annotating import entity_dicts, entity_table, update_store

    user_sides = load_sides(Path(sides)) if sides else None
    with open_store(db) as store:
        update_store(store, retry_failed=retry_failed)
        rows = entity_dicts(store, sides=user_sides)
    if fmt == "json":
        echo_json(rows)
    else:
        click.echo(entity_table(rows))


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "markdown", "html"]),
    default="json",
    show_default=True,
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@briefing_options
@click.option("--schema", is_flag=True, help="Print the briefing's JSON Schema and stop.")
@retry_option
@click.option(
    "--embedder",
    type=click.Choice(EMBEDDERS),
    default=DEFAULT_EMBEDDER,
    show_default=True,
    help="The sentence model claims are clustered with (vectors are kept in the store).",
)
@parallel_options
def brief(
    db: str,
    fmt: str,
    out: str | None,
    since: str | None,
    party: str | None,
    issue: str | None,
    schema: bool,
    codebook: tuple[str, ...],
    replace_codebook: bool,
    retry_failed: bool,
    sides: str | None,
    embedder: str,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """The briefing: timeline, who is who, positions, quotes, checked claims, sources.

    The whole briefing is written even when some documents failed; the command then exits 1
    (`communique failures` lists them; `--retry-failed` tries them again)."""
    from communique.cli.briefing import render_brief

    text, failed = render_brief(
        db=db,
        fmt=fmt,
        since=since,
        party=party,
        issue=issue,
        schema=schema,
        codebook=codebook,
        replace_codebook=replace_codebook,
        retry_failed=retry_failed,
        sides=sides,
        embedder=embedder,
        workers=workers,
        scheduler=scheduler,
    )
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
    if failed:
        click.echo(
            f"error: {failed} document(s) could not be analysed and are left out of the"
            " briefing; `communique failures` lists them",
            err=True,
        )
        sys.exit(EXIT_INPUT_FAILED)


@cli.command()
@db_option
@click.option(
    "--what",
    type=click.Choice(EXPORT_WHAT),
    required=True,
    help="Which table: one kind of item, or all of them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="csv",
    show_default=True,
    help="csv, xlsx (a sheet per kind), parquet, jsonl, or plover (events as PLOVER records).",
)
@click.option(
    "--out",
    type=click.Path(),
    help="The file to write (a folder for --what all; one workbook for xlsx). CSV, JSON Lines "
    "and PLOVER go to stdout without it.",
)
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 byte-order mark (for Excel).")
@briefing_options
def export(
    db: str,
    what: str,
    fmt: str,
    out: str | None,
    bom: bool,
    since: str | None,
    party: str | None,
    issue: str | None,
    codebook: tuple[str, ...],
    replace_codebook: bool,
    sides: str | None,
) -> None:
    """Tables for spreadsheets and dataframes: one row per item, each with its citation."""
    from communique.cli.exporting import run_export

    written = run_export(
        db=db,
        what=what,
        fmt=fmt,
        out=out,
        bom=bom,
        since=since,
        party=party,
        issue=issue,
        codebook=codebook,
        replace_codebook=replace_codebook,
        sides=sides,
    )
    for w in written:
        if w.path != "-":
            click.echo(f"{w.kind}: {w.rows} rows -> {w.path}", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-private-links",
    is_flag=True,
    help="Let the Add page fetch links to loopback and private addresses (refused otherwise).",
)
@sides_option
def serve(db: str, host: str, port: int, allow_private_links: bool, sides: str | None) -> None:
    """Explore the briefing in a local web app, with a JSON API under /api/."""
    from communique.analyse.sides import load_sides
    from communique.web import serve_command

    serve_command(
        db=db,
        host=host,
        port=port,
        allow_private_links=allow_private_links,
        sides=load_sides(Path(sides)) if sides else None,
    )


@cli.command()
@click.option("--db", default="communique-demo.db", show_default=True, help="The demo's store.")
def demo(db: str) -> None:
    """Run everything communique can do on the demo corpus it ships with."""
    from communique.demo import run_demo

    run_demo(db=db, echo=click.echo)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="communique")


if __name__ == "__main__":  # pragma: no cover
    main()
