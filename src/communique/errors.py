"""Every error communique raises, each with a code a user can search for.

Hierarchy::

    CommuniqueError
    ├── InputError            one input could not be used; the rest of the batch goes on
    │   ├── UnreadableInput   missing, a folder where a file was expected, permission denied
    │   ├── UnsupportedInput  a format we do not read (binary, an unknown extension)
    │   ├── EmptyInput        nothing left to read, or nothing left after cleaning
    │   ├── OversizedInput    over the size limit
    │   ├── EncodingProblem   bytes that are not text in any encoding we can repair
    │   ├── MalformedInput    broken HTML, JSON, WARC or feed
    │   ├── FetchError        a URL that could not be fetched (network, status, content type,
    │   │                     or past its total deadline)
    │   └── OverBudgetInput   markup a parser would spend minutes on (too many tags or
    │                         attributes for one page)
    ├── AnalysisError         one document or item could not be analysed; the rest goes on
    │   └── WorkBudgetExceeded    a sentence needed more work than its budget allows
    ├── StoreError            the store cannot be opened, migrated or written
    │   └── BuildFailed       the briefing build a server ran in a process of its own failed
    └── UsageError            a bad option or argument (a date that is not a date, an unknown id)
        ├── OutputError       an output file or folder that cannot be written (names it and why)
        └── SearchRefused     a search too long or too costly to run

An :class:`InputError` always names its input (``source``) and the reason; an
:class:`AnalysisError` names the document, the stage and, where known, the sentence's offsets.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "BuildFailed",
    "CommuniqueError",
    "EmptyInput",
    "EncodingProblem",
    "FetchError",
    "InputError",
    "MalformedInput",
    "OutputError",
    "OverBudgetInput",
    "OversizedInput",
    "SearchRefused",
    "StoreError",
    "UnreadableInput",
    "UnsupportedInput",
    "UsageError",
    "WorkBudgetExceeded",
    "input_error",
]


class CommuniqueError(Exception):
    """Base of all communique errors."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(CommuniqueError):
    """One input could not be used. ``source`` names it; ``reason`` says why."""

    code = "E100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UnreadableInput(InputError):
    code = "E101"


class UnsupportedInput(InputError):
    code = "E102"


class EmptyInput(InputError):
    code = "E103"


class OversizedInput(InputError):
    code = "E104"


class EncodingProblem(InputError):
    code = "E105"


class MalformedInput(InputError):
    code = "E106"


class FetchError(InputError):
    code = "E107"


class OverBudgetInput(InputError):
    """Within the size limit but over the work budget: lxml's cost grows with the square of
    one element's attributes and trafilatura's faster than the tag count, and neither can be
    interrupted, so such a page is refused before it is parsed."""

    code = "E108"


class AnalysisError(CommuniqueError):
    """A stage could not analyse one document (or one item of it): the document is left out of
    what that stage produces and recorded as failed; every other document goes on.

    ``doc_id`` names the document ("" for a text outside the store), ``stage`` the step
    (``annotate``, ``events``, ``claims`` ...), ``start``/``end`` the sentence's character
    offsets when the failure can be pinned to one."""

    code = "E400"

    def __init__(
        self,
        doc_id: str,
        reason: str,
        *,
        stage: str,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        where = f" (sentence at {start}-{end})" if start is not None else ""
        super().__init__(f"{stage} of document {doc_id or '(unsaved text)'}{where}: {reason}")
        self.doc_id = doc_id
        self.reason = reason
        self.stage = stage
        self.start = start
        self.end = end


class WorkBudgetExceeded(AnalysisError):
    code = "E401"


class StoreError(CommuniqueError):
    code = "E200"


class BuildFailed(StoreError):
    """The briefing build ``communique serve`` runs in a process of its own failed or was
    killed (the message says which and why); the server keeps showing the last briefing."""

    code = "E201"


class UsageError(CommuniqueError):
    code = "E300"


class OutputError(UsageError):
    """An output path that cannot be written: ``target`` names it, ``reason`` says why. A bad
    ``--out`` is a usage error (exit 2): nothing was wrong with the store or the inputs."""

    code = "E301"

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason


def input_error(source: str, reason: str, *, code: str) -> InputError:
    """Rebuild the :class:`InputError` a recorded failure came from, chosen by its code.

    Readers report failures as data (so a batch goes on); a command that stops on one must
    raise it again with its own code, not the generic E100.
    """
    pending: list[type[InputError]] = [InputError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls(source, reason)
        pending.extend(cls.__subclasses__())
    return InputError(source, reason)


class SearchRefused(UsageError):
    """A search the web app will not run: ``field`` names the parameter, ``reason`` says why."""

    code = "E302"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
