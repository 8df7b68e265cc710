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

from typing import Final

from communique.errors import WorkBudgetExceeded

__all__ = ["SENTENCE_BUDGET", "WorkBudget"]

SENTENCE_BUDGET: Final = 2_000_000
"""Units of work one sentence may use: far above what any real sentence needs (a 100-word
sentence with ten triggers spends a few thousand), low enough to end in seconds."""


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
