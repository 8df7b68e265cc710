"""WARC archives written at run time with warcio: good, mixed, truncated, corrupt, not a WARC."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.errors import EmptyInput, MalformedInput, OversizedInput
from communique.models import Failure, RawInput
from communique.read import read_targets

STORY_A = (
    "<html><head><title>Harrow round four</title></head><body><p>The fourth round of the "
    "Harrow river talks opened in Lindqvist with a draft annex on dry-season flows.</p>"
    "</body></html>"
)
STORY_B = "Veldmark’s delegation said it would study Ostria’s draft annex over the weekend."
STORY_C = (
    "<html><body><p>Ostria’s envoy said the gauge question was “settled in principle”.</p>"
    "</body></html>"
)


def _records(*, gzipped: bool) -> bytes:
    """A small crawl: two articles, then an image, a redirect, a 404, a request, one more page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)

    response(
        "https://ledger.example/harrow/round-four", STORY_A.encode(), "text/html; charset=utf-8"
    )
    response(
        "https://wire.example/harrow/annex.txt",
        STORY_B.encode("cp1252"),
        "text/plain; charset=windows-1252",
    )
    response("https://ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(40), "image/png")
    response("https://ledger.example/old", b"", "text/html", status="301 Moved Permanently")
    response(
        "https://ledger.example/gone", b"<p>Not found</p>", "text/html", status="404 Not Found"
    )
    request = writer.create_warc_record(
        "https://ledger.example/harrow/round-four",
        "request",
        payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
        length=18,
    )
    writer.write_record(request)
    response("https://ledger.example/harrow/settled", STORY_C.encode(), "text/html")
    return buffer.getvalue()


def _read(path: Path, *, max_bytes: int = 10_000_000) -> list[RawInput | Failure]:
    return list(read_targets([str(path)], max_bytes=max_bytes))


@pytest.mark.parametrize(("name", "gzipped"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_each_html_or_text_response_is_one_input(tmp_path: Path, name: str, gzipped: bool) -> None:
    path = tmp_path / name
    path.write_bytes(_records(gzipped=gzipped))
    a, b, c = _read(path)
    assert isinstance(a, RawInput) and isinstance(b, RawInput) and isinstance(c, RawInput)
    assert a.source == f"{path}#https://ledger.example/harrow/round-four"
    assert a.kind == "html" and a.body == STORY_A and a.content_type == "text/html"
    assert dict(a.meta) == {"url": "https://ledger.example/harrow/round-four"}
    assert b.kind == "text" and b.body == STORY_B  # decoded with the declared cp1252
    assert c.source.endswith("#https://ledger.example/harrow/settled") and c.body == STORY_C


def test_single_stream_gzip_warc_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(_records(gzipped=False)))
    assert len([r for r in _read(path) if isinstance(r, RawInput)]) == 3


def test_truncated_warc_keeps_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(_records(gzipped=True)[:-40])  # the last page's gzip member is cut
    *kept, failure = _read(path)
    assert [r.body for r in kept if isinstance(r, RawInput)] == [STORY_A, STORY_B]
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.code == MalformedInput.code
    assert failure.reason.startswith("damaged WARC after 2 input(s): truncated gzip data")


def test_corrupt_gzip_member_keeps_records_before_it(tmp_path: Path) -> None:
    data = bytearray(_records(gzipped=True))
    middle = len(data) * 3 // 4
    data[middle : middle + 30] = bytes(30)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(bytes(data))
    *kept, failure = _read(path)
    assert [r.body for r in kept] == [STORY_A, STORY_B]  # type: ignore[union-attr]
    assert isinstance(failure, Failure) and failure.code == MalformedInput.code
    assert "damaged WARC after 2 input(s)" in failure.reason
    assert all(ch.isprintable() for ch in failure.reason)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.warc", b"These are meeting notes, not an archive.\n" * 5),
        ("notes.warc.gz", gzip.compress(b"These are meeting notes, not an archive.\n" * 5)),
        ("garbage.warc.gz", b"\x1f\x8b" + bytes(range(256))),
    ],
)
def test_not_a_warc_is_malformed(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (failure,) = _read(path)
    assert isinstance(failure, Failure) and failure.code == MalformedInput.code
    assert failure.source == str(path)


def test_warc_without_articles_is_empty(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://ledger.example/a.png",
            "response",
            payload=io.BytesIO(b"\x89PNG"),
            length=4,
            http_headers=headers,
        )
    )
    path = tmp_path / "images.warc.gz"
    path.write_bytes(buffer.getvalue())
    assert _read(path) == [
        Failure(str(path), "no HTML or text responses in this WARC", EmptyInput.code)
    ]


def test_oversized_record_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_records(gzipped=True))
    results = _read(path, max_bytes=150)
    assert [type(r).__name__ for r in results] == ["Failure", "RawInput", "RawInput"]
    assert results[0].code == OversizedInput.code  # type: ignore[union-attr]
    assert results[0].source.endswith("#https://ledger.example/harrow/round-four")


def test_truncated_uncompressed_record_is_reported_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    # The last page's block loses its closing tags and the record's trailing blank lines.
    path.write_bytes(_records(gzipped=False)[:-30])
    *kept, failure = _read(path)
    assert [r.body for r in kept if isinstance(r, RawInput)] == [STORY_A, STORY_B]
    assert isinstance(failure, Failure) and failure.code == MalformedInput.code
    assert failure.source == f"{path}#https://ledger.example/harrow/settled"
    assert failure.reason.startswith("truncated WARC record: ")
    assert "bytes are missing" in failure.reason


def test_truncated_last_record_that_is_no_article_damages_the_archive(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, body, content_type in [
        ("https://ledger.example/story", STORY_A.encode(), "text/html"),
        ("https://ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(400), "image/png"),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
        )
    path = tmp_path / "cut.warc"
    path.write_bytes(buffer.getvalue()[:-200])
    story, failure = _read(path)
    assert isinstance(story, RawInput) and story.body == STORY_A
    assert failure == Failure(
        str(path), "damaged WARC after 1 input(s): record 2 is cut short", MalformedInput.code
    )
