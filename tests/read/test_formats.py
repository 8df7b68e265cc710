"""One fixture per readable format, read from disk through the public entry point."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from communique.models import Failure, RawInput
from communique.read import read_targets

FIXTURES = Path(__file__).parent / "fixtures"


def _read(*targets: str | Path, **options: int) -> list[RawInput | Failure]:
    return list(read_targets([str(t) for t in targets], **options))  # type: ignore[arg-type]


def _one(target: str | Path) -> RawInput:
    results = _read(target)
    assert len(results) == 1, results
    result = results[0]
    assert isinstance(result, RawInput), result
    return result


@pytest.mark.parametrize(
    ("name", "kind", "content_type", "needle"),
    [
        ("article.txt", "text", "text/plain", "Veldmark’s chief negotiator"),
        ("notes.md", "text", "text/markdown", "**third round**"),
        ("article.html", "html", "text/html", "<h1>Harrow talks stall over border gauge</h1>"),
        ("article_cp1252.html", "html", "text/html", "délégation’s spokeswoman, Renée"),
        ("legacy_cp1252.txt", "text", "text/plain", "Ostria’s negotiators – led by Renée"),
        ("mojibake.txt", "text", "text/plain", "Veldmark’s delegation said the cap was “fair”"),
        ("memo.note", "text", "text/plain", "interim protocol"),
    ],
)
def test_single_page_files(name: str, kind: str, content_type: str, needle: str) -> None:
    path = FIXTURES / name
    result = _one(path)
    assert result.source == str(path)
    assert result.kind == kind
    assert result.content_type == content_type
    assert needle in result.body
    assert dict(result.meta) == {}


def test_html_is_decoded_not_extracted() -> None:
    body = _one(FIXTURES / "article.html").body
    assert "<nav>" in body and "© The Lindqvist Ledger" in body


@pytest.mark.parametrize("suffix", [".html.gz", ".htm.gz", ".txt.gz"])
def test_gzipped_pages(tmp_path: Path, suffix: str) -> None:
    source = FIXTURES / ("article.html" if "htm" in suffix else "article.txt")
    path = tmp_path / f"story{suffix}"
    path.write_bytes(gzip.compress(source.read_bytes()))
    result = _one(path)
    assert result.kind == ("html" if "htm" in suffix else "text")
    assert result.body == source.read_text(encoding="utf-8")


def test_single_json_object_carries_its_metadata() -> None:
    result = _one(FIXTURES / "single.json")
    assert result.kind == "text"
    assert result.source == str(FIXTURES / "single.json")
    assert dict(result.meta) == {
        "title": "Ostria answers Veldmark’s gauge proposal",
        "url": "https://ledger.example/harrow/answer",
        "outlet": "The Lindqvist Ledger",
        "author": "Piet Aramburu",
        "published": "2025-05-12",
        "language": "en",
    }


def test_json_list_numbers_its_records() -> None:
    path = FIXTURES / "records.json"
    first, missing, third = _read(path)
    assert isinstance(first, RawInput) and first.kind == "html"
    assert first.source == f"{path}#1"
    assert first.meta["outlet"] == "Harrow Wire" and "url" not in first.meta
    assert missing == Failure(f"{path}#2", "record has neither 'text' nor 'html'", "E106")
    assert isinstance(third, RawInput)
    assert third.meta["author"] == "Ana Quell, Jon Verity"
    assert third.meta["published"] == "20250516"


def test_jsonl_reads_every_good_line_and_names_bad_ones() -> None:
    path = FIXTURES / "records.jsonl"
    results = _read(path)
    by_source = {r.source: r for r in results}
    assert list(by_source) == [f"{path}#{n}" for n in (1, 2, 3, 4, 6, 7)]  # line 5 is blank
    assert isinstance(by_source[f"{path}#2"], RawInput)
    assert by_source[f"{path}#2"].meta["url"] == "https://wire.example/harrow/day-two"
    bad_json = by_source[f"{path}#3"]
    assert isinstance(bad_json, Failure) and bad_json.code == "E106"
    assert bad_json.reason.startswith("invalid JSON on line 3")
    assert isinstance(by_source[f"{path}#4"], Failure)
    assert isinstance(by_source[f"{path}#6"], RawInput) and by_source[f"{path}#6"].kind == "html"
    assert by_source[f"{path}#7"].reason == "expected a JSON object, found a list"  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".ndjson", ".jsonl.gz"])
def test_jsonl_other_names(tmp_path: Path, suffix: str) -> None:
    data = (FIXTURES / "records.jsonl").read_bytes()
    path = tmp_path / f"wire{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    kinds = [type(r).__name__ for r in _read(path)]
    assert kinds == ["RawInput", "RawInput", "Failure", "Failure", "RawInput", "Failure"]


def test_json_file_holding_json_lines_is_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "wire.json"
    shutil.copy(FIXTURES / "records.jsonl", path)
    assert [r.source for r in _read(path)][:2] == [f"{path}#1", f"{path}#2"]


def test_rss_feed_entries() -> None:
    path = FIXTURES / "feed.rss"
    full, teaser = _read(path)
    assert isinstance(full, RawInput) and isinstance(teaser, RawInput)
    assert full.source == f"{path}#1" and teaser.source == f"{path}#2"
    assert full.kind == "html"
    assert "first real concession" in full.body and "“This is a gesture" in full.body
    assert dict(full.meta) == {
        "title": "Veldmark lowers its cap demand",
        "url": "https://wire.example/harrow/cap",
        "author": "Ana Quell",
        "published": "2025-05-16T21:30:00+02:00",  # the outlet's own offset, not UTC
        "outlet": "Harrow Wire",
        "language": "en-gb",
    }
    # No client: the teaser is kept as it is, nothing is fetched; without a tag it is text
    # (feedparser calls every RSS description HTML, and trafilatura refuses tagless HTML).
    assert teaser.body == "Ostria will answer the gauge proposal on Monday."
    assert teaser.kind == "text"


def test_atom_feed_entries() -> None:
    path = FIXTURES / "feed.atom"
    content, summary = _read(path)
    assert isinstance(content, RawInput) and isinstance(summary, RawInput)
    assert content.kind == "html" and "within reach" in content.body
    assert content.meta["author"] == "Piet Aramburu"
    assert content.meta["published"] == "2025-05-18T08:45:00+02:00"
    assert content.meta["url"] == "https://ledger.example/harrow/gauge-deal"
    assert content.meta["outlet"] == "The Lindqvist Ledger: Harrow talks"
    assert summary.kind == "text" and summary.body == "The Harrow talks adjourned until Tuesday."
    assert summary.meta["published"] == "2025-05-18T10:00:00+02:00"


def test_feed_without_a_feed_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "harrow-feed"
    shutil.copy(FIXTURES / "feed.rss", path)
    assert [r.source for r in _read(path)] == [f"{path}#1", f"{path}#2"]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("javascript:alert(document.domain)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<b>hi</b>", False),
        ("file:///etc/passwd", False),
        ("//no-scheme.example/story", False),
        ("https:///no-host", False),
        ("https://news.example/a story", False),
        ("https://news.example/talks?day=2", True),
        ("HTTP://News.Example/talks", True),
    ],
)
def test_a_record_keeps_only_an_http_url(tmp_path: Path, url: str, kept: bool) -> None:
    path = tmp_path / "one.jsonl"
    record = {"text": "The two delegations met again in Orvik on Monday.", "url": url}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = _one(path)
    assert result.meta.get("url") == (url if kept else None)
