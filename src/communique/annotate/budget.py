"""A work budget per sentence: a pathological parse fails one document instead of hanging.

Walks over parse trees and trigger chains are iterative with visited sets, so they always end;
the budget bounds how long they may take. Each step of work spends one unit; a sentence that
spends its whole budget raises :class:`~communique.errors.WorkBudgetExceeded`, which the
annotation run records as that document's failure, with the sentence's offsets.

Example::

    budget = WorkBudget(doc_id="d1", stage="events", start=0, end=120)
    for token in sentence:
        budget.spend()
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spacy.tokens import Span

from communique.errors import WorkBudgetExceeded

__all__ = ["MAX_SENTENCE_TOKENS", "SENTENCE_BUDGET", "WorkBudget", "check_sentence_lengths"]

SENTENCE_BUDGET: Final = 2_000_000
"""Units of work one sentence may use: far above what any real sentence needs (a 100-word
sentence with ten triggers spends a few thousand), low enough to end in seconds."""


MAX_SENTENCE_TOKENS: Final = 2_000
"""The longest sentence the layer reads. The longest of 181 real news pages has about 400
tokens; a "sentence" of thousands (a page without punctuation) makes every per-sentence step
slow long before any budget below runs out, so it fails its document at once."""


def check_sentence_lengths(
    sentences: Iterable[Span], *, doc_id: str, limit: int = MAX_SENTENCE_TOKENS
) -> None:
    """Raise :class:`WorkBudgetExceeded` for the first sentence over ``limit`` tokens."""
    for sent in sentences:
        if len(sent) > limit:
            raise WorkBudgetExceeded(
                doc_id,
                f"a sentence of {len(sent):,} tokens, over the limit of {limit:,}",
                stage="sentences",
                start=sent.start_char,
                end=sent.end_char,
            )


class WorkBudget:
    """Counts the work done on one sentence and stops it past ``limit`` units."""

    __slots__ = ("doc_id", "end", "left", "limit", "stage", "start")

    def __init__(
        self, *, doc_id: str, stage: str, start: int, end: int, limit: int = SENTENCE_BUDGET
    ) -> None:
        self.doc_id = doc_id
        self.stage = stage
        self.start = start
        self.end = end
        self.limit = limit
        self.left = limit

    def spend(self, units: int = 1) -> None:
        """Use ``units``; raise :class:`WorkBudgetExceeded` once the budget is gone."""
        self.left -= units
        if self.left < 0:
            raise WorkBudgetExceeded(
                self.doc_id,
                f"the sentence needed more than {self.limit:,} units of work",
                stage=self.stage,
                start=self.start,
                end=self.end,
            )
