"""Property tests: any bytes under any name are read as text or refused with a reason.

The reader fences every input (``common.guarded``), so a bug would not crash a batch; it would
show as a failure saying "unexpected ... while reading". These tests treat that as a bug too.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.errors import InputError
from communique.models import Failure, RawInput
from communique.read import read_targets
from communique.read.decode import decode_bytes
from communique.read.pages import check_markup_budget, page_input

SUFFIXES = (".txt", ".md", ".html", ".html.gz", ".json", ".jsonl", ".warc", ".warc.gz", ".rss",
            ".xml", ".dat", "")  # fmt: skip
ENCODINGS = ("utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig")


def _texty_bytes() -> st.SearchStrategy[bytes]:
    """Random bytes, and text in one encoding with bytes spliced in (the common damage)."""
    encoded = st.tuples(
        st.text(max_size=120), st.sampled_from(ENCODINGS), st.binary(max_size=8)
    ).map(lambda t: t[0].encode(t[1], "replace") + t[2])
    return st.binary(max_size=300) | encoded


@given(data=_texty_bytes(), declared=st.none() | st.sampled_from((*ENCODINGS, "klingon")))
def test_decoding_any_bytes_gives_text_or_an_input_error(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, source="any", declared=declared)
    except InputError as exc:
        assert exc.source == "any" and exc.reason
        return
    assert isinstance(text, str)


@given(data=_texty_bytes(), kind=st.sampled_from(["html", "text"]))
def test_any_page_bytes_give_an_input_or_an_input_error(data: bytes, kind: str) -> None:
    try:
        page = page_input(data, source="any", kind=kind)  # type: ignore[arg-type]
    except InputError as exc:
        assert exc.source == "any"
        return
    assert isinstance(page, RawInput) and page.body.strip()


@given(markup=st.text(alphabet=st.sampled_from("<>a =/\"'b\n"), max_size=400))
def test_markup_budget_accepts_small_pages_of_any_shape(markup: str) -> None:
    check_markup_budget(markup, source="any")  # far under both limits: never refused


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@given(data=_texty_bytes(), suffix=st.sampled_from(SUFFIXES), compress=st.booleans())
def test_any_file_is_read_or_refused_with_a_reason(
    folder: Path, data: bytes, suffix: str, compress: bool
) -> None:
    path = folder / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if compress else data)
    results = list(read_targets([str(path)]))
    assert results
    for result in results:
        assert isinstance(result, RawInput | Failure)
        if isinstance(result, Failure):
            assert result.source.startswith(str(path)) and result.reason
            assert not result.reason.startswith("unexpected"), result.reason
            assert result.code != InputError.code, result
        else:
            assert result.body.strip()
