"""Bytes to text: the one place that decides what characters a file or a response holds.

The cascade runs top to bottom and stops at the first step that works:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins over everything;
2. binary content (a known file signature, NUL bytes, control characters) is refused;
3. a declared charset (an HTTP header, or ``<meta charset>`` in the first few KB);
4. UTF-8, strictly, then UTF-8 with a few stray single-byte characters (pasted cp1252 quotes);
5. charset detection (charset-normalizer), preferring cp1252 among equally good guesses;
6. ftfy repairs mojibake that survived (UTF-8 once read as cp1252: ``â€™`` -> ``’``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy
import ftfy.badness

from communique.errors import EncodingProblem, UnsupportedInput

__all__ = ["binary_kind", "decode_bytes", "repair_text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

# WHATWG maps these labels to windows-1252; pages declaring latin-1 are almost always cp1252.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
}

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 8192
# Control bytes that plain text never holds (tab, newline, form feed, carriage return and
# escape are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_RATIO = 0.05
_SURROGATE_RUN = re.compile("[\udc80-\udcff]+")
# What ftfy's other fixers act on: C0/C1 controls, carriage returns, odd line and format
# characters, lone surrogates, tag characters.
_NEEDS_FTFY = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufff9-\ufffc\ud800-\udfff\U000e0000-\U000e007f]"
)

# Quotes and full-width characters are the text as the outlet wrote it: keep them.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    explain=False,
)


def decode_bytes(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode ``data`` to text, repairing mojibake; raise when it is not text at all.

    ``declared`` is a charset a container announced (an HTTP ``Content-Type`` parameter). A
    ``<meta charset>`` in the first 8 KB counts as declared when nothing else is.

    >>> decode_bytes("Ostria’s envoy".encode("utf-8").decode("cp1252").encode(), source="x")
    'Ostria’s envoy'

    Raises :class:`UnsupportedInput` for binary content and :class:`EncodingProblem` when no
    encoding gives readable text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return repair_text(_strict(data[len(bom) :], encoding, source=source))
    kind = binary_kind(data)
    if kind == "UTF-16 text":
        return repair_text(_strict(data, _utf16_order(data), source=source))
    if kind is not None:
        raise UnsupportedInput(source, f"binary content ({kind})")
    text = _decode_declared(data, declared)
    if text is None:
        text = _decode_utf8(data)
    if text is None:
        text = _detect(data, source=source)
    return repair_text(text)


def repair_text(text: str) -> str:
    """Fix mojibake and stray control characters in text that is already decoded.

    Used on strings that arrive decoded (JSON fields, feed entries) as well as on bytes decoded
    here, so both get the same repairs. Curly quotes and full-width characters are kept.
    Clean text (the common case) is recognised with ftfy's own cheap test and returned as it
    is: a full ftfy pass costs about 1 ms per KB. Plain ASCII skips even that test (every
    mojibake pattern holds a non-ASCII character, and the test costs 0.6 s per MB).
    """
    if not _NEEDS_FTFY.search(text) and (
        text.isascii() or (unicodedata.is_normalized("NFC", text) and not ftfy.badness.is_bad(text))
    ):
        return text
    return ftfy.fix_text(text, config=_FTFY)


def binary_kind(data: bytes) -> str | None:
    """Say what binary content ``data`` starts with, or ``None`` when it may be text.

    Returns ``"UTF-16 text"`` for BOM-less UTF-16 (NUL bytes in every other position), which
    is text, not binary; callers other than :func:`decode_bytes` should treat it as text.
    """
    head = data[:_SNIFF_BYTES]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    if b"\x00" in data:
        return "UTF-16 text" if _utf16_order(head) else "NUL bytes"
    if head and len(head.translate(None, _CONTROL)) < len(head) * (1 - _CONTROL_RATIO):
        return "control characters"
    return None


def _utf16_order(head: bytes) -> str:
    """Return the UTF-16 byte order when NULs sit in alternate positions, else ``""``."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return ""
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return ""


def _strict(data: bytes, encoding: str, *, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingProblem(source, f"invalid {encoding} at byte {exc.start}") from exc


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    """Decode with the declared charset, or ``None`` when none is declared or it does not fit."""
    label = declared
    if not label:
        found = _META_CHARSET.search(data[:_SNIFF_BYTES])
        label = found.group(1).decode("ascii", "replace") if found else None
    if not label:
        return None
    label = label.strip().lower()
    try:
        encoding = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
    except LookupError:
        return None  # an unknown label is a lie we can ignore
    if encoding in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        # A page read as bytes that declares UTF-16 but had no BOM is mislabelled ASCII/UTF-8.
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes) -> str | None:
    """Decode UTF-8, tolerating a few stray single-byte characters pasted into it.

    Mixed files (UTF-8 with a handful of cp1252 quotes) are common in scraped text. Stray
    bytes are taken as cp1252 only when real UTF-8 sequences outnumber them; otherwise the
    file is in a legacy encoding and detection decides.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    stray = sum(len(m.group()) for m in _SURROGATE_RUN.finditer(text))
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - stray
    if multibyte <= stray:
        return None
    return _SURROGATE_RUN.sub(_stray_as_cp1252, text)


def _stray_as_cp1252(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", "surrogateescape")
    return raw.decode("cp1252", "replace")


def _detect(data: bytes, *, source: str) -> str:
    """Guess a legacy encoding; among equally good guesses prefer cp1252, the web's default."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise EncodingProblem(source, "bytes are not text in any encoding we can detect")
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)
