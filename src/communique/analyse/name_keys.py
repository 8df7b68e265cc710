"""Spelling-insensitive keys for names, and the pairs of keys a typo apart.

The same person is "Zelenskiy", "Zelenskyy" and "Zelensky" across outlets, and "Medinksy" in a
hurried rewrite. :func:`translit_key` folds transliteration variants into one key;
:func:`close_pairs` finds keys one edit apart without comparing all pairs. Entity resolution
(:mod:`communique.analyse.resolve`) and the claim slots (:mod:`communique.analyse.claims_slots`)
both match names through these keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Final

__all__ = ["close_keys", "close_pairs", "osa_distance", "translit_key"]

_MIN_FUZZY_LEN: Final = 5
_MAX_BUCKET: Final = 200  # a pathological block is cut, not compared all-pairs

# --- transliteration keys ------------------------------------------------------------------

_ASCII_EXTRA: Final = str.maketrans(
    {"ł": "l", "ø": "o", "ß": "ss", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"}
)
_DIGRAPHS: Final = {
    "shch": "sc",
    "sch": "s",
    "tch": "c",
    "kh": "h",
    "zh": "z",
    "ch": "c",
    "sh": "s",
    "ts": "c",
    "tz": "c",
    "cz": "c",
    "sz": "s",
    "ph": "f",
    "th": "t",
    "ck": "k",
    "w": "v",
    "q": "k",
    "j": "y",
}
_DIGRAPH_RE: Final = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_CONSONANT_YE_RE: Final = re.compile(r"(?<=[bcdfghklmnprstvz])ye|^ye")
_IY_RE: Final = re.compile(r"[iy]{2,}")
_DOUBLE_RE: Final = re.compile(r"([a-z])\1+")
_NON_WORD_RE: Final = re.compile(r"[^a-z0-9]+")


def translit_key(name: str) -> str:
    """A spelling-insensitive key under which transliteration variants coincide.

    >>> [translit_key(n) for n in ("Zelenskiy", "Zelenskyy", "Zelensky")]
    ['zelenski', 'zelenski', 'zelenski']
    >>> translit_key("Umjerow") == translit_key("Umerov"), translit_key("Kiev")
    (True, 'kiv')
    """
    text = unicodedata.normalize("NFKD", name.casefold().translate(_ASCII_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("'", "").replace("’", "")
    return " ".join(_translit_word(w) for w in _NON_WORD_RE.split(text) if w)


def _translit_word(word: str) -> str:
    word = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group(0)], word)
    word = _CONSONANT_YE_RE.sub("e", word)  # Umjerow/Umerov, Yevgeny/Evgeny
    word = _IY_RE.sub("i", word)  # Zelenskiy/Zelenskyy, Kyiv
    word = word.replace("y", "i").replace("ie", "i")  # Sergey/Sergei, Kiev/Kyiv
    return _DOUBLE_RE.sub(r"\1", word)


def osa_distance(a: str, b: str, *, limit: int) -> int:
    """Edit distance with adjacent transpositions ("Medinksy"), or ``limit + 1`` when larger.

    Only the diagonal band ``|i - j| <= limit`` is filled: cells outside it exceed the limit.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # Shared ends cost nothing; near-identical names leave a remainder of a letter or two.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    if not a or not b:
        return min(max(len(a), len(b)), limit + 1)
    over = limit + 1
    prev2: list[int] = []
    prev = [j if j <= limit else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [over] * (len(b) + 1)
        if i <= limit:
            cur[0] = i
        ca = a[i - 1]
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cb = b[j - 1]
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = min(best, over)
        if min(cur) > limit:
            return over
        prev2, prev = prev, cur
    return prev[-1]


def close_keys(a: str, b: str) -> bool:
    """Near-identical keys: at least five letters and one edit apart (a typo, not a name)."""
    if min(len(a), len(b)) < _MIN_FUZZY_LEN:
        return False
    return osa_distance(a, b, limit=1) <= 1


def close_pairs(keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs of keys one edit apart, found through shared one-letter deletions.

    Two strings one substitution, insertion or transposition apart always share a variant with
    one letter deleted (or one is such a variant of the other), so blocking on those variants
    misses no pair and never compares all pairs.
    """
    flat: dict[str, str] = {}
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(keys)):
        flat[key] = text = key.replace(" ", "")
        if len(text) >= _MIN_FUZZY_LEN:
            for variant in {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}:
                blocks[variant].append(key)
    seen: set[tuple[str, str]] = set()
    for members in blocks.values():
        for a, b in combinations(members[:_MAX_BUCKET], 2):
            if (a, b) not in seen:
                seen.add((a, b))
                if close_keys(flat[a], flat[b]):
                    yield a, b
