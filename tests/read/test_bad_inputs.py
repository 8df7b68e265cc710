"""Every kind of bad input becomes one clear Failure, and reading goes on with the next input."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

import communique.read.files as files_module
from communique.errors import (
    EmptyInput,
    EncodingProblem,
    MalformedInput,
    OverBudgetInput,
    OversizedInput,
    UnreadableInput,
    UnsupportedInput,
)
from communique.models import Failure, RawInput
from communique.read import read_targets

FIXTURES = Path(__file__).parent / "fixtures"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
PARAGRAPH = b"<p>The mediators said the next round of talks would open on Monday.</p>"


def _page(*, attributes: int = 0, value: bytes = b"", tags: int = 0) -> bytes:
    """A page whose first element carries ``attributes`` attributes, then ``tags`` more tags."""
    names = b" ".join(b"data-k%d%s" % (n, value) for n in range(attributes))
    return b"<html><body><div %s>%s%s</div></body></html>" % (names, PARAGRAPH, b"<b>w</b>" * tags)


def _read(*targets: str | Path, max_bytes: int = 10_000_000) -> list[RawInput | Failure]:
    return list(read_targets([str(t) for t in targets], max_bytes=max_bytes))


def _failure(target: str | Path, *, max_bytes: int = 10_000_000) -> Failure:
    results = _read(target, max_bytes=max_bytes)
    assert len(results) == 1, results
    assert isinstance(results[0], Failure), results[0]
    return results[0]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# (file name, bytes, error class, words the reason must contain)
BAD_FILES = [
    ("empty.txt", b"", EmptyInput, "empty file (0 bytes)"),
    ("blank.txt", b"  \n\t\n", EmptyInput, "whitespace"),
    ("picture.txt", PNG, UnsupportedInput, "binary content (PNG image)"),
    ("picture.png", PNG, UnsupportedInput, "binary content (PNG image)"),
    ("nul.html", b"<p>talks</p>\x00\x00\x01", UnsupportedInput, "binary content (NUL bytes)"),
    ("report.pdf", b"%PDF-1.4\n" + bytes(range(1, 30)), UnsupportedInput, "PDF document"),
    ("noise.dat", bytes(range(128, 256)) * 8, UnsupportedInput, "not readable as text"),
    ("noise.txt", bytes(range(128, 256)) * 8, EncodingProblem, "not text in any encoding"),
    ("feed.rss", PNG, UnsupportedInput, "binary content (PNG image)"),
    ("wire.jsonl", PNG, UnsupportedInput, "binary content (PNG image)"),
    ("bad.json", b'{"text": "unfinished', MalformedInput, "invalid JSON at line 1"),
    ("number.json", b"42", MalformedInput, "found a number"),
    ("nobody.json", b'{"title": "x"}', MalformedInput, "neither 'text' nor 'html'"),
    ("blankbody.json", b'{"text": "   "}', EmptyInput, "'text' is empty"),
    ("listbody.json", b'{"text": ["a"]}', MalformedInput, "'text' is a list, not a string"),
    ("none.json", b"[]", EmptyInput, "no records"),
    ("blank.jsonl", b"\n\n  \n", EmptyInput, "no records"),
    (
        "cut.html.gz",
        gzip.compress((FIXTURES / "article.html").read_bytes())[:200],
        MalformedInput,
        "gzip",
    ),
    ("notgz.html.gz", b"<p>not gzip at all</p>", MalformedInput, "gzip"),
    ("attributes.html", _page(attributes=5_000), OverBudgetInput, "tag with 5,000 attributes"),
    ("tags.html", _page(tags=160_000), OverBudgetInput, "more than 150,000 tags"),
    ("blank.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", MalformedInput, "feed"),
    (
        "nothing.rss",
        b'<rss version="2.0"><channel><title>T</title></channel></rss>',
        EmptyInput,
        "no entries",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "error", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_bad_file(tmp_path: Path, name: str, data: bytes, error: type, words: str) -> None:
    path = _write(tmp_path, name, data)
    failure = _failure(path)
    assert failure.source == str(path)
    assert failure.code == error.code
    assert words in failure.reason


def test_markup_budget_spares_real_pages(tmp_path: Path) -> None:
    # Quoted values with spaces are not attributes; 900 real ones and 100,000 tags are allowed.
    for data in (_page(attributes=900, value=b'="a b c d e"'), _page(tags=100_000)):
        (page,) = _read(_write(tmp_path, "fine.html", data))
        assert isinstance(page, RawInput), page


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("empty_page.html", EmptyInput, "HTML page with no visible text"),
        ("truncated.html", MalformedInput, "broken or truncated HTML"),
        ("broken.json", MalformedInput, "invalid JSON at line 1"),
        ("broken_feed.xml", MalformedInput, "not a readable feed"),
    ],
)
def test_bad_fixture(name: str, error: type, words: str) -> None:
    failure = _failure(FIXTURES / name)
    assert failure.code == error.code
    assert words in failure.reason


def test_missing_file_and_folder_and_pattern() -> None:
    missing = _failure("no/such/article.txt")
    assert missing == Failure("no/such/article.txt", "no such file or folder", UnreadableInput.code)
    pattern = _failure("no/such/*.html")
    assert pattern.code == UnreadableInput.code and "no file matches" in pattern.reason


def test_oversized_file_names_size_and_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", b"The talks went on. " * 100)
    failure = _failure(path, max_bytes=1000)
    assert failure.code == OversizedInput.code
    assert failure.reason == "1,900 bytes is over the limit of 1,000 bytes"


def test_oversized_once_decompressed(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.html.gz", gzip.compress(b"<p>talks</p>" * 1000))
    failure = _failure(path, max_bytes=5000)
    assert failure.code == OversizedInput.code and "5,000" in failure.reason


def test_oversized_jsonl_line_fails_alone(tmp_path: Path) -> None:
    lines = [
        b'{"text": "short one"}',
        b'{"text": "' + b"x" * 5000 + b'"}',
        b'{"text": "short two"}',
    ]
    path = _write(tmp_path, "wire.jsonl", b"\n".join(lines) + b"\n")
    results = _read(path, max_bytes=1000)
    assert [type(r).__name__ for r in results] == ["RawInput", "Failure", "RawInput"]
    assert results[1].source == f"{path}#2" and results[1].code == OversizedInput.code  # type: ignore[union-attr]
    assert results[2].body == "short two"  # type: ignore[union-attr]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_on_disk(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.txt", b"secret talks")
    path.chmod(0)
    try:
        assert _failure(path) == Failure(str(path), "permission denied", UnreadableInput.code)
    finally:
        path.chmod(0o644)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", b"secret talks")

    def refuse(file: object, mode: str = "r") -> object:
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    assert _failure(path) == Failure(str(path), "permission denied", UnreadableInput.code)


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    failure = _failure(link)
    assert failure.code == UnreadableInput.code and failure.reason == "no such file or folder"


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "article.txt", tmp_path / "a.txt")
    _write(tmp_path, "b.png", PNG)
    _write(tmp_path, "c.txt", b"")
    shutil.copy(FIXTURES / "truncated.html", tmp_path / "d.html")
    _write(tmp_path, "e.json", b"{oops")
    shutil.copy(FIXTURES / "records.jsonl", tmp_path / "f.jsonl")
    shutil.copy(FIXTURES / "article.html", tmp_path / "g.html")
    results = _read(tmp_path)
    good = [r.source for r in results if isinstance(r, RawInput)]
    bad = {r.source: r.code for r in results if isinstance(r, Failure)}
    folder = str(tmp_path)
    assert good == [
        f"{folder}/a.txt",
        f"{folder}/f.jsonl#1",
        f"{folder}/f.jsonl#2",
        f"{folder}/f.jsonl#6",
        f"{folder}/g.html",
    ]
    assert bad == {
        f"{folder}/b.png": "E102",
        f"{folder}/c.txt": "E103",
        f"{folder}/d.html": "E106",
        f"{folder}/e.json": "E106",
        f"{folder}/f.jsonl#3": "E106",
        f"{folder}/f.jsonl#4": "E106",
        f"{folder}/f.jsonl#7": "E106",
    }


def test_unexpected_library_error_is_a_failure_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "feed.rss", tmp_path / "a.rss")
    shutil.copy(FIXTURES / "article.txt", tmp_path / "b.txt")

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("parser bug")

    monkeypatch.setattr("communique.read.feeds.feedparser.parse", explode)
    first, second = _read(tmp_path)
    assert first == Failure(
        str(tmp_path / "a.rss"), "unexpected RuntimeError while reading: parser bug", "E100"
    )
    assert isinstance(second, RawInput)
