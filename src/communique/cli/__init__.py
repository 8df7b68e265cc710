"""The ``communique`` command: parse, call the library, print.

Library errors become one ``error:`` line on stderr and an exit code:
0 all went well, 1 some inputs failed (everything else was stored), 2 bad usage, 3 store error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from communique.cli.output import document_dict, documents_table, echo_json, show_document
from communique.errors import CommuniqueError, StoreError, UsageError
from communique.store import DEFAULT_DB, open_store, redacted

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

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


class _Group(click.Group):
    """Turns library errors into one clean line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_STORE)
        except UsageError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except CommuniqueError as exc:
            click.echo(f"error: {exc}", err=True)
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
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per HTTP request.")
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
        click.echo(f"error: {failure.source}: [{failure.code}] {failure.reason}", err=True)
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
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def failures(db: str, fmt: str) -> None:
    """List the inputs that could not be used, and why."""
    with open_store(db) as store:
        rows = store.failures()
    if fmt == "json":
        echo_json([{"source": f.source, "code": f.code, "reason": f.reason} for f in rows])
    else:
        for f in rows:
            click.echo(f"{f.source}\t[{f.code}] {f.reason}")


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


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def entities(db: str, fmt: str) -> None:
    """List the canonical entities: names, variants, roles, sides and documents."""
    from communique.cli.annotating import entity_dicts, entity_table, update_store

    with open_store(db) as store:
        update_store(store)
        rows = entity_dicts(store)
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
@click.option("--since", help="Only what happened or was said on or after YYYY-MM-DD.")
@click.option("--party", help="Only what concerns this party (a side, e.g. a country).")
@click.option("--issue", help="Only this issue of the codebook (its id, e.g. ceasefire).")
@click.option("--schema", is_flag=True, help="Print the briefing's JSON Schema and stop.")
@click.option(
    "--codebook",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A YAML codebook of issues extending the built-in one (repeatable).",
)
@click.option("--replace-codebook", is_flag=True, help="Use only the --codebook files' issues.")
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
    workers: int | None,
    scheduler: str | None,
) -> None:
    """The briefing: timeline, who is who, positions, quotes, checked claims, sources."""
    from communique.cli.briefing import render_brief

    text = render_brief(
        db=db,
        fmt=fmt,
        since=since,
        party=party,
        issue=issue,
        schema=schema,
        codebook=codebook,
        replace_codebook=replace_codebook,
        workers=workers,
        scheduler=scheduler,
    )
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(db: str, host: str, port: int) -> None:
    """Explore the briefing in a local web app, with a JSON API under /api/."""
    from communique.web import serve_command

    serve_command(db=db, host=host, port=port)


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
