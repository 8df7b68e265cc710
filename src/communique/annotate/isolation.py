"""What one document's failure in the language layer is recorded as: its stage and sentence.

The layer's steps stay plain calls; when one raises, the stage is read off the traceback (the
innermost of our modules that was running) and the sentence from the innermost frame that was
working on one, so every step is covered without wrapping each call.
"""

from __future__ import annotations

from types import TracebackType
from typing import Final

from spacy.tokens import Span

from communique.errors import AnalysisError, CommuniqueError
from communique.models import Document, Failure

__all__ = ["ANNOTATE_STAGE", "document_failure", "sentence_of", "stage_of"]

ANNOTATE_STAGE: Final = "annotate"

# Module name prefixes and the step they carry out, most specific first.
_STEPS: Final = (
    ("communique.annotate.timex", "dates"),
    ("communique.annotate.entities", "entities"),
    ("communique.annotate.quotes", "quotes"),
    ("communique.annotate.event", "events"),
    ("communique.annotate.positions", "positions"),
    ("communique.annotate.codebook", "positions"),
    ("spacy", "parse"),
    ("thinc", "parse"),
)


def _frames(exc: BaseException) -> list[TracebackType]:
    """The traceback's frames, innermost first."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    return frames[::-1]


def stage_of(exc: BaseException) -> str:
    """``annotate.<step>`` for the step that raised, or ``annotate`` when none is known."""
    if isinstance(exc, AnalysisError):
        step = exc.stage.removeprefix(ANNOTATE_STAGE + ".")
        return f"{ANNOTATE_STAGE}.{step}"
    for tb in _frames(exc):
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        for prefix, step in _STEPS:
            if module.startswith(prefix):
                return f"{ANNOTATE_STAGE}.{step}"
    return ANNOTATE_STAGE


def sentence_of(exc: BaseException) -> tuple[int, int] | None:
    """Character offsets of the sentence the failing step was reading, when it held one."""
    if isinstance(exc, AnalysisError) and exc.start is not None and exc.end is not None:
        return exc.start, exc.end
    for tb in _frames(exc):
        local = tb.tb_frame.f_locals
        for name in ("sent", "sentence"):
            span = local.get(name)
            if isinstance(span, Span):
                return span.start_char, span.end_char
    return None


def document_failure(document: Document, exc: BaseException) -> Failure:
    """The failure to record for ``document``: stage, exception and sentence."""
    if isinstance(exc, CommuniqueError):
        code = exc.code if isinstance(exc, AnalysisError) else AnalysisError.code
        reason = exc.reason if isinstance(exc, AnalysisError) else exc.message
    else:
        code, reason = AnalysisError.code, f"{type(exc).__name__}: {exc}"
    where = sentence_of(exc)
    return Failure(
        source=document.source,
        reason=" ".join(reason.split())[:500],
        code=code,
        stage=stage_of(exc),
        doc_id=document.id,
        start=where[0] if where else None,
        end=where[1] if where else None,
    )
