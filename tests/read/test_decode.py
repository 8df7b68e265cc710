from __future__ import annotations

import codecs

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252 to build real mojibake
import pytest

from communique.errors import EncodingProblem, UnsupportedInput
from communique.read.decode import binary_kind, decode_bytes, repair_text

SENTENCE = "Ostria’s envoy, Renée Doucet, called the “gauge first” rule – in her words – final."


def _mojibake(text: str) -> bytes:
    """UTF-8 once misread as cp1252 and saved again as UTF-8, as scrapers often do."""
    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (SENTENCE.encode("utf-8"), None),
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), None),
        (SENTENCE.encode("utf-16"), None),  # with BOM
        (SENTENCE.encode("utf-16-le"), None),  # no BOM: NULs in every other byte
        (SENTENCE.encode("utf-32"), None),
        (SENTENCE.encode("cp1252"), None),  # legacy Western text, no declaration
        (SENTENCE.encode("cp1252"), "windows-1252"),
        (SENTENCE.encode("cp1252"), "iso-8859-1"),  # the usual mislabel for cp1252
        (SENTENCE.encode("utf-8"), "iso-8859-1"),  # mislabelled UTF-8: ftfy repairs it
        (SENTENCE.encode("utf-8"), "no-such-charset"),
        (_mojibake(SENTENCE), None),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "utf16le-no-bom",
        "utf32",
        "cp1252",
        "cp1252-declared",
        "latin1-declared",
        "utf8-declared-latin1",
        "unknown-label",
        "mojibake",
    ],
)
def test_decodes_to_the_original_text(data: bytes, declared: str | None) -> None:
    assert decode_bytes(data, source="t", declared=declared) == SENTENCE


def test_meta_charset_is_honoured() -> None:
    page = f'<html><head><meta charset="windows-1252"></head><p>{SENTENCE}</p></html>'
    assert SENTENCE in decode_bytes(page.encode("cp1252"), source="p.html")


def test_mixed_utf8_with_stray_cp1252_quotes() -> None:
    data = SENTENCE.encode("utf-8") + " Then “another”.".encode("cp1252")
    assert decode_bytes(data, source="t") == SENTENCE + " Then “another”."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Die Delegationen äußerten sich zufrieden; „Wir sind nah dran“, sagte Jürgen Weiß.",
            "cp1252",
        ),
        ("Переговоры между делегациями продолжились в пятницу вечером.", "cp1251"),
    ],
)
def test_detects_other_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), source="t") == text


def test_mojibake_quote_is_repaired() -> None:
    assert decode_bytes("Veldmarkâ€™s offer".encode(), source="t") == "Veldmark’s offer"


def test_crlf_becomes_newline_and_quotes_stay_curly() -> None:
    assert (
        decode_bytes("“Yes,” she said.\r\nNo.\r\n".encode(), source="t")
        == "“Yes,” she said.\nNo.\n"
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(32), "JPEG image"),
        (b"%PDF-1.7\n%...", "PDF document"),
        (b"PK\x03\x04" + bytes(20), "ZIP archive or Office document"),
        (b"plain words\x00 with a NUL\x00 byte", "NUL bytes"),
        (bytes(range(1, 9)) * 50 + b"some text", "control characters"),
    ],
)
def test_binary_content_is_refused(data: bytes, kind: str) -> None:
    assert binary_kind(data) == kind
    with pytest.raises(UnsupportedInput, match=rf"binary content \({kind}\)"):
        decode_bytes(data, source="b")


def test_undecodable_bytes_are_an_encoding_problem() -> None:
    with pytest.raises(EncodingProblem) as caught:
        decode_bytes(bytes(range(128, 256)) * 20, source="noise.txt")
    assert caught.value.source == "noise.txt"


def test_repair_text_leaves_clean_text_alone() -> None:
    assert repair_text(SENTENCE) == SENTENCE
    assert repair_text("plain ascii") == "plain ascii"
    assert repair_text("Ostriaâ€™s") == "Ostria’s"
