"""Adding articles from the app: uploaded files and pasted links go through the same ingest as
``communique ingest`` and come back as the same report, then the new documents are read.

An uploaded file is written under its own (sanitised) name into a folder named after its
content, so the source the store records is the same each time the same file is uploaded, and
uploading it again says "already stored" exactly as the command line would.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communique.annotate.pipeline import Annotator
from communique.annotate.run import annotate_store
from communique.clean.pipeline import Cleaner
from communique.errors import UnsupportedInput
from communique.ingest import IngestReport, ingest
from communique.models import Failure
from communique.read.net import HttpClient
from communique.store.base import Store

__all__ = ["AddResult", "Upload", "add_articles", "link_targets", "safe_name", "upload_folder"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_LINK = re.compile(r"^https?://\S+$", re.I)
_MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


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


def add_articles(
    *,
    store: Store,
    uploads: Sequence[Upload],
    links: str,
    cleaner: Cleaner,
    annotator: Annotator,
    client: HttpClient,
    folder: Path | None = None,
) -> AddResult:
    """Ingest the uploads and links into ``store`` as one batch, then annotate what is new."""
    root = folder or upload_folder()
    targets, refused = link_targets(links)
    written: list[Path] = []
    names: dict[str, str] = {}
    try:
        for upload in uploads:
            place = root / hashlib.sha256(upload.data).hexdigest()[:16]
            place.mkdir(parents=True, exist_ok=True)
            path = place / safe_name(upload.name)
            path.write_bytes(upload.data)
            written.append(place)
            names[str(path)] = upload.name
            targets.append(str(path))
        report = ingest(targets, store=store, cleaner=cleaner, client=client)
    finally:
        for place in written:
            shutil.rmtree(place, ignore_errors=True)
    report.failed[:0] = refused
    # Whatever the store holds unread is read now (spaCy loads only if something needs it).
    annotated = annotate_store(store=store, annotator=annotator)
    return AddResult(report=report, annotated=annotated, names=names)
