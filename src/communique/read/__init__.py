"""The read stage: user targets (files, folders, globs, URLs) in, :class:`RawInput` out.

Every bad input becomes a :class:`Failure` naming it and saying why, and reading goes on with
the next one; nothing here stops a batch. Results come out as a stream, one input at a time,
so a folder of thousands of files or a long JSON Lines file never sits in memory at once.

>>> from communique.read import read_targets
>>> [r.reason for r in read_targets(["no/such/file.txt"])]
['no such file or folder']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from communique.models import Failure, RawInput
from communique.read.common import guarded, is_url
from communique.read.decode import decode_bytes
from communique.read.files import expand_target, read_file
from communique.read.net import DEFAULT_USER_AGENT, FetchedResource, HttpClient
from communique.read.urls import read_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchedResource",
    "HttpClient",
    "decode_bytes",
    "read_targets",
]


def read_targets(
    targets: Iterable[str],
    *,
    client: HttpClient | None = None,
    max_bytes: int = 10_000_000,
) -> Iterator[RawInput | Failure]:
    """Read every file, folder, glob and URL in ``targets``, in order, one result at a time.

    Folders are walked recursively (sorted, hidden entries skipped) and a file reached twice is
    read once. URLs, and the links of feed entries that carry only a teaser, are fetched
    through ``client``; with no client nothing touches the network and URLs fail.
    ``max_bytes`` limits one document (a file, a response, one JSON line or WARC record).
    """
    if isinstance(targets, str):
        targets = [targets]  # a lone string is one target, not a list of characters
    seen: set[str] = set()
    for target in targets:
        for item in expand_target(target):
            if isinstance(item, Failure):
                yield item
                continue
            key = item if is_url(item) else os.path.realpath(item)
            if key in seen:
                continue
            seen.add(key)
            if is_url(item):
                yield from guarded(item, read_url(item, client=client, limit=max_bytes))
            else:
                yield from guarded(item, read_file(item, client=client, limit=max_bytes))
