"""Targets: folders, globs, hidden entries, order, repeats, and the real seed articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.models import Failure, RawInput
from communique.read import read_targets

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _tree(root: Path) -> None:
    """b.txt, a/z.md, a/b/deep.txt, plus hidden things that must be skipped."""
    (root / "a" / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_text("Talks resumed on Monday.", encoding="utf-8")
    (root / "a" / "z.md").write_text("Ostria tabled a draft.", encoding="utf-8")
    (root / "a" / "b" / "deep.txt").write_text("Veldmark answered.", encoding="utf-8")
    (root / ".hidden.txt").write_text("not for reading", encoding="utf-8")
    (root / ".git" / "config.txt").write_text("not for reading", encoding="utf-8")


def _sources(targets: list[str]) -> list[str]:
    return [r.source for r in read_targets(targets)]


def test_folder_is_walked_recursively_sorted_without_hidden(tmp_path: Path) -> None:
    _tree(tmp_path)
    root = str(tmp_path)
    assert _sources([root]) == [f"{root}/a/b/deep.txt", f"{root}/a/z.md", f"{root}/b.txt"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["b.txt"]),
        ("**/*.txt", ["a/b/deep.txt", "b.txt"]),
        ("a/*", ["a/b/deep.txt", "a/z.md"]),  # a matched folder is walked
        ("[ab].txt", ["b.txt"]),
        ("?.txt", ["b.txt"]),
    ],
)
def test_glob_patterns(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    _tree(tmp_path)
    assert _sources([f"{tmp_path}/{pattern}"]) == [f"{tmp_path}/{e}" for e in expected]


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    sources = _sources([str(tmp_path / "b.txt"), str(tmp_path), f"{tmp_path}/*.txt"])
    assert sources.count(str(tmp_path / "b.txt")) == 1
    assert len(sources) == 3


def test_targets_keep_their_order_and_failures_do_not_stop_them(tmp_path: Path) -> None:
    _tree(tmp_path)
    results = list(
        read_targets([str(tmp_path / "b.txt"), "missing.txt", str(FIXTURES / "notes.md")])
    )
    assert [type(r).__name__ for r in results] == ["RawInput", "Failure", "RawInput"]
    assert results[1] == Failure("missing.txt", "no such file or folder", "E101")


def test_a_lone_string_is_one_target() -> None:
    (result,) = read_targets(str(FIXTURES / "article.txt"))
    assert isinstance(result, RawInput)


def test_reading_is_lazy(tmp_path: Path) -> None:
    lines = "".join(f'{{"text": "Day {n} of the Harrow talks."}}\n' for n in range(10_000))
    path = tmp_path / "many.jsonl"
    path.write_text(lines, encoding="utf-8")
    results: Iterator[RawInput | Failure] = read_targets([str(path)])
    first = next(results)
    assert isinstance(first, RawInput) and first.body == "Day 0 of the Harrow talks."
    assert sum(1 for _ in results) == 9_999


def test_seed_articles_read_as_five_text_inputs() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds absent: {SEEDS}")
    results = list(read_targets([str(SEEDS / "*.txt")]))
    assert len(results) == 5
    for result in results:
        assert isinstance(result, RawInput), result
        assert result.kind == "text" and result.content_type == "text/plain"
        assert len(result.body) > 1000
        assert "\ufffd" not in result.body and "â€" not in result.body
