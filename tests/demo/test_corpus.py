"""The demo corpus ships inside the package: check it is complete, readable and well formed.

`communique demo` relies on every file parsing with the same libraries the readers use, so a
broken edit to the corpus should fail here rather than in the demo.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.html
import pytest

CORPUS = Path(__file__).resolve().parents[2] / "src" / "communique" / "demo" / "corpus"

EXPECTED_FILES = (
    "01_eastgate_chronicle_2022_belazur_collapse.txt",
    "02_maresk_morning_post_truce_offer.txt",
    "03_drevna_courier_truce_rejected.txt",
    "04_ondria_today_first_round_opens.html",
    "05_northgate_standard_wire_first_round.html",
    "06_frontier_herald_wire_first_round.txt",
    "07_aggregator_export.jsonl",
    "08_northern_review_feed.xml",
    "09_dispatchly_ai_second_round_preview.txt",
    "10_continental_observer_opinion.txt",
)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


def test_expected_files_exist() -> None:
    assert [p.name for p in _corpus_files()] == sorted(EXPECTED_FILES)
    assert (CORPUS / "README.md").is_file()


@pytest.mark.parametrize("name", [*EXPECTED_FILES, "README.md"])
def test_file_is_utf8(name: str) -> None:
    text = (CORPUS / name).read_bytes().decode("utf-8")
    assert text.strip()
    assert "\ufffd" not in text


def test_readme_lists_every_file() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in _corpus_files() if f"`{p.name}`" not in readme]
    assert not missing, f"README.md does not describe: {missing}"


def test_jsonl_records_have_required_fields() -> None:
    lines = (CORPUS / "07_aggregator_export.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) == 2
    for record in records:
        for key in ("text", "title", "outlet"):
            assert isinstance(record[key], str) and record[key].strip(), key
        assert len(record["text"].split()) >= 250


def test_feed_has_two_full_entries() -> None:
    feed = feedparser.parse(str(CORPUS / "08_northern_review_feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 2
    for entry in feed.entries:
        body = entry.content[0].value if "content" in entry else entry.summary
        assert len(lxml.html.fromstring(body).text_content().split()) >= 250
        assert entry.get("published_parsed") is not None


@pytest.mark.parametrize("name", [n for n in EXPECTED_FILES if n.endswith(".html")])
def test_html_parses_with_article(name: str) -> None:
    tree = lxml.html.fromstring((CORPUS / name).read_bytes())
    assert tree.findtext(".//title")
    assert tree.xpath("//meta[@property='og:site_name']/@content")
    assert tree.xpath("//meta[@property='article:published_time']/@content")
    assert tree.xpath("//meta[@name='author']/@content")
    paragraphs = tree.xpath("//article//p")
    assert len(" ".join(p.text_content() for p in paragraphs).split()) >= 250


@pytest.mark.parametrize("name", [n for n in EXPECTED_FILES if n.endswith(".txt")])
def test_text_article_length(name: str) -> None:
    words = (CORPUS / name).read_text(encoding="utf-8").split()
    assert 250 <= len(words) <= 800


def test_corpus_stays_small() -> None:
    assert sum(p.stat().st_size for p in CORPUS.iterdir()) < 60_000
