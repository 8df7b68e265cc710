"""Adding articles from the app: uploaded files and pasted links go through the same ingest as
``communique ingest`` and come back as the same report, then the new documents are read.

An uploaded file is written under its own (sanitised) name into a folder named after its
content, so the source the store records is the same each time the same file is uploaded, and
uploading it again says "already stored" exactly as the command line would.

Links are fetched through :class:`LinkTransport`: every hop (redirects too) must go to a public
address unless the app was started with ``--allow-private-links`` (so the box cannot be used
to probe this machine or its network), and each hop has a deadline, not only a per-read
timeout, so a server that drips one byte at a time cannot hold the request.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import httpx

from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.errors import FetchError, UnsupportedInput
from communique.ingest import IngestReport, ingest
from communique.models import Failure
from communique.read.net import HttpClient
from communique.store.base import Store

__all__ = [
    "MAX_RECORDS",
    "AddResult",
    "LinkTransport",
    "Upload",
    "add_articles",
    "link_targets",
    "public_address",
    "safe_name",
    "upload_folder",
]

MAX_RECORDS = 500
"""Records (files, JSON Lines records, feed entries, links) one Add request reads at most."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_LINK = re.compile(r"^https?://\S+$", re.I)
_MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its bytes, or a binary file to copy in chunks (never read whole)."""

    name: str
    data: bytes | BinaryIO


@dataclass
class AddResult:
    """The ingest report with sources shown as the user named them, and how many documents
    the language layer then read."""

    report: IngestReport
    annotated: int
    names: dict[str, str] = field(default_factory=dict)

    def shown(self, source: str) -> str:
        for folder, name in self.names.items():
            if source.startswith(folder):
                return name + source[len(folder) :]
        return source

    def failures(self) -> list[Failure]:
        return [Failure(self.shown(f.source), f.reason, f.code) for f in self.report.failed]

    def as_dict(self) -> dict[str, object]:
        data = self.report.as_dict()
        data["failed"] = [
            {"source": f.source, "code": f.code, "reason": f.reason} for f in self.failures()
        ]
        data["annotated"] = self.annotated
        return data


def upload_folder() -> Path:
    return Path(tempfile.gettempdir()) / "communique-uploads"


def safe_name(name: str) -> str:
    """A file name that stays inside its folder and keeps its extension (which picks the
    reader): no path, no leading dots, only plain characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if dot and len(base) > _MAX_NAME:
        base = stem[: _MAX_NAME - len(ext) - 1] + "." + ext
    return base[:_MAX_NAME] or "upload"


def link_targets(text: str) -> tuple[list[str], list[Failure]]:
    """The http(s) links pasted one per line; anything else is refused, so the box can never
    make the server read one of its own files."""
    links, refused = [], []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if _LINK.match(line):
            links.append(line)
        else:
            reason = "not an http:// or https:// link; upload files with the form instead"
            refused.append(Failure(line, reason, UnsupportedInput.code))
    return links, refused


def public_address(host: str, port: int) -> None:
    """Raise :class:`FetchError` unless every address ``host`` resolves to is public: a
    loopback, private, link-local or reserved one could only be this machine or its
    network."""
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise FetchError(host, f"cannot resolve the host name ({exc})") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global:
            raise FetchError(
                host,
                f"{ip} is a loopback, private or link-local address; links to it are not"
                " fetched unless the app runs with `serve --allow-private-links`",
            )


class LinkTransport(httpx.HTTPTransport):
    """The Add page's network: each hop to a public address only (unless ``allow_private``)
    and within ``deadline`` seconds in all, connection, headers and body together.

    A subclass of httpx's own transport rather than a wrapper, so that whatever the shared
    client installs on its transport's connection pool still applies.
    """

    def __init__(self, *, deadline: float, allow_private: bool = False) -> None:
        super().__init__()
        self.deadline = deadline
        self.allow_private = allow_private

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.allow_private:
            url = request.url
            port = url.port or (443 if url.scheme == "https" else 80)
            try:
                public_address(url.host, port)
            except FetchError as exc:
                raise FetchError(str(url), exc.reason) from None
        ends = time.monotonic() + self.deadline
        # httpx's timeouts are per read: each is cut to what is left of the deadline.
        timeouts = dict(request.extensions.get("timeout", {}))
        for phase in ("connect", "read", "write", "pool"):
            timeouts[phase] = min(timeouts.get(phase) or self.deadline, self.deadline)
        request.extensions["timeout"] = timeouts
        response = super().handle_request(request)
        stream = response.stream
        if isinstance(stream, httpx.SyncByteStream):
            response.stream = _Deadlined(stream, ends=ends, request=request)
        return response


class _Deadlined(httpx.SyncByteStream):
    """A response body that stops at the deadline however slowly it arrives."""

    def __init__(self, stream: httpx.SyncByteStream, *, ends: float, request: httpx.Request):
        self._stream = stream
        self._ends = ends
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._ends:
                raise httpx.ReadTimeout("the deadline passed", request=self._request)
            yield chunk

    def close(self) -> None:
        self._stream.close()


def _write_upload(upload: Upload, root: Path) -> tuple[Path, Path]:
    """Copy an upload in chunks into a folder named after its content's hash."""
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, spool = tempfile.mkstemp(dir=root, prefix=".upload-")
    with open(handle, "wb") as out:
        source = io.BytesIO(upload.data) if isinstance(upload.data, bytes) else upload.data
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    place = root / digest.hexdigest()[:16]
    place.mkdir(parents=True, exist_ok=True)
    path = place / safe_name(upload.name)
    os.replace(spool, path)
    return place, path


def add_articles(
    *,
    store: Store,
    uploads: Sequence[Upload],
    links: str,
    cleaner: Cleaner,
    annotator: Annotator,
    client: HttpClient,
    folder: Path | None = None,
    max_records: int = MAX_RECORDS,
) -> AddResult:
    """Ingest the uploads and links into ``store`` as one batch, at most ``max_records`` of
    them, then annotate what is new."""
    root = folder or upload_folder()
    targets, refused = link_targets(links)
    written: list[Path] = []
    names: dict[str, str] = {}
    try:
        for upload in uploads:
            place, path = _write_upload(upload, root)
            written.append(place)
            names[str(path)] = upload.name
            targets.append(str(path))
        report = ingest(
            targets, store=store, cleaner=cleaner, client=client, max_inputs=max_records
        )
    finally:
        for place in written:
            shutil.rmtree(place, ignore_errors=True)
    report.failed[:0] = refused
    # Whatever the store holds unread is read now (spaCy loads only if something needs it).
    annotated = annotate_store(store=store, annotator=annotator)
    return AddResult(report=report, annotated=annotated, names=names)
