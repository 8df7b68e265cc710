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
    │   └── FetchError        a URL that could not be fetched (network, status, content type)
    ├── StoreError            the store cannot be opened, migrated or written
    └── UsageError            a bad option or argument (a date that is not a date, an unknown id)
        └── SearchRefused     a search too long or too costly to run

An :class:`InputError` always names its input (``source``) and the reason.
"""

from __future__ import annotations

__all__ = [
    "CommuniqueError",
    "EmptyInput",
    "EncodingProblem",
    "FetchError",
    "InputError",
    "MalformedInput",
    "OversizedInput",
    "SearchRefused",
    "StoreError",
    "UnreadableInput",
    "UnsupportedInput",
    "UsageError",
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


class StoreError(CommuniqueError):
    code = "E200"


class UsageError(CommuniqueError):
    code = "E300"


class SearchRefused(UsageError):
    """A search the web app will not run: ``field`` names the parameter, ``reason`` says why."""

    code = "E301"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
