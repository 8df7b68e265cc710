"""Which language an article is written in, offline, with lingua restricted to what we support.

Restricting lingua to :data:`SUPPORTED_LANGUAGES` keeps it from confusing, say, Ukrainian
with Belarusian, and bounds memory. Measured on this machine, one process each, on 62
invented texts (16 languages x headline, sentence and paragraph, plus 14 headlines of two
to four words)::

    set-up                                   first answer  RSS added  right
    trigram models only (low_accuracy=True)  0.12 s        21 MB      60/62
    default, fed articles only               0.11 s        21 MB      16/16 paragraphs
    default, after short texts too           +2.5 s once   345 MB     62/62
    lingua, 16 languages, all preloaded      1.62 s        366 MB     62/62
    lingua, all 75 languages, trigram only   0.41 s        74 MB      59/62

On a paragraph or more the trigram models are as accurate as the full ones; they slip only
on headlines of two or three words (Dutch read as Turkish, Ukrainian as Russian). So by
default :class:`LanguageIdentifier` answers texts of at least :data:`LONG_TEXT_CHARS`
characters with the trigram models and builds the full models only when a shorter text comes
along; ``low_accuracy=True`` never builds them. A worker that sees only articles stays near
20 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from communique.errors import UsageError

__all__ = ["LONG_TEXT_CHARS", "SUPPORTED_LANGUAGES", "LanguageIdentifier"]

SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "ar",
    "de",
    "en",
    "es",
    "fa",
    "fr",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "tr",
    "uk",
    "zh",
)
"""ISO 639-1 codes: the languages negotiations we follow are reported in most."""

LONG_TEXT_CHARS = 200
"""From this length on the trigram detector is as accurate as the full one."""

_MIN_LETTERS = 3
"""Fewer letters than this (a number, a dash, an empty page) have no language."""

_MAX_CHARS = 10_000
"""Language does not change after the first pages; bounding the sample bounds the time."""


class LanguageIdentifier:
    """Detects a text's language; builds each lingua detector once, on first use.

    Holds only the chosen languages and the detectors, so a pickled identifier (for a Dask
    worker) drops the detectors and rebuilds them where it lands.

    >>> LanguageIdentifier(low_accuracy=True).identify("The two sides met again on Friday.")
    'en'
    """

    __slots__ = ("_full", "_languages", "_low_accuracy", "_trigram")

    def __init__(
        self, *, languages: Sequence[str] = SUPPORTED_LANGUAGES, low_accuracy: bool = False
    ) -> None:
        self._languages = _validated(languages)
        self._low_accuracy = low_accuracy
        self._trigram: Any = None
        self._full: Any = None

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def identify(self, text: str) -> str | None:
        """ISO 639-1 code in lower case, or ``None`` for too little text or no clear answer."""
        sample = text[:_MAX_CHARS].strip()
        if sum(ch.isalpha() for ch in sample[:200]) < _MIN_LETTERS:
            return None
        if self._low_accuracy or len(sample) >= LONG_TEXT_CHARS:
            detector = self._trigram_detector()
        else:
            detector = self._full_detector()
        found = detector.detect_language_of(sample)
        return None if found is None else str(found.iso_code_639_1.name).lower()

    def _trigram_detector(self) -> Any:
        if self._trigram is None:
            self._trigram = _build(self._languages, low_accuracy=True)
        return self._trigram

    def _full_detector(self) -> Any:
        if self._full is None:
            self._full = _build(self._languages, low_accuracy=False)
        return self._full

    def __getstate__(self) -> tuple[tuple[str, ...], bool]:
        return self._languages, self._low_accuracy

    def __setstate__(self, state: tuple[tuple[str, ...], bool]) -> None:
        self._languages, self._low_accuracy = state
        self._trigram = None
        self._full = None


def _validated(languages: Sequence[str]) -> tuple[str, ...]:
    from lingua import IsoCode639_1

    codes = tuple(dict.fromkeys(code.strip().lower() for code in languages))
    if len(codes) < 2:
        raise UsageError(f"name at least two languages to tell apart, got {list(codes)}")
    for code in codes:
        try:
            IsoCode639_1.from_str(code)
        except ValueError:
            raise UsageError(f"{code!r} is not an ISO 639-1 code lingua knows") from None
    return codes


def _build(languages: tuple[str, ...], *, low_accuracy: bool) -> Any:
    # Imported here so that importing the clean stage does not load lingua's native module.
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_iso_codes_639_1(
        *(IsoCode639_1.from_str(code) for code in languages)
    )
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()
