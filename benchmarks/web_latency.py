"""How fast the web app answers: pages and API on stores of 1k, 10k and 100k documents.

    python benchmarks/web_latency.py [--sizes 1000 10000 100000] [--requests 30] [--rebuild]

Each store is generated straight through the store API (no parsing): the synthetic coverage of
``corpus_scaling.py`` (negotiations of 200 documents each, with names, events, stances and
claim sentences), each document's positions and events written out as sentences of its own
text so every offset points at real words, then annotations, and entities resolved by the real
``refresh_entities``. Stores are kept in ``benchmarks/out/web-stores/`` between runs.

The app runs under uvicorn on 127.0.0.1 and is asked over HTTP (httpx, keep-alive), one request
at a time, as ``communique serve`` runs it: the briefing is built in a process of its own and
written to the store's briefing tables, which pages and API query (the briefing tables are
emptied first, so each run builds). Its build is timed apart ("build"), with the word-hashing
stand-in embedder of ``claims_scaling.py`` in place of the sentence model (the model's cost is
the language layer's, measured elsewhere). Then the app is started again over the same store
("restart": the time to the first page when the rows are already kept). With
``--baseline-src /work/main/src`` each size is measured again with that checkout's code (the app
that held the briefing in memory), printed as a second table with its own peak memory. For
each URL the first answer after the build ("first") is shown beside the median and 95th
percentile of the next ``--requests``. Peers: the naive app, building the briefing on every
request (its cost is the build time), and search as a SQLite ``LIKE`` scan of title and text
(what a store without an index does) beside the app's FTS5 index. Each size runs in its own
subprocess, so its peak memory (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import re
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

# --baseline-src runs the same measurement over another checkout's code (the app as it was).
sys.path.insert(
    0, os.environ.get("WEB_LATENCY_SRC") or str(Path(__file__).resolve().parents[1] / "src")
)
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Bound now: the helper modules below put this checkout's src first on the path.
import communique  # noqa: F401

OUT = Path(__file__).resolve().parent / "out" / "web-stores"
TARGET_MS = 200.0


# -- the store ------------------------------------------------------------------------------


def _outlet(origin: str) -> str:
    kind, _, name = origin.partition(":")
    return f"{name.title()} Wire" if kind == "wire" else name.title()


def _event_sentence(e: Any) -> str:
    who = e.actor or "Officials"
    whom = f" {e.target}" if e.target else ""
    where = f" in {e.place}" if e.place else ""
    return f"{who} {e.trigger}{whom}{where}, officials said."


def build_store(path: Path, docs: int) -> dict[str, float]:
    """Write ``docs`` synthetic documents, their annotations and entities into a new store."""
    from communique.analyse.run import refresh_entities
    from communique.annotate.pipeline import Annotator
    from communique.clean.dedupe import text_hash
    from communique.models import Annotation
    from communique.store import StoredDocument, open_store
    from corpus_scaling import build_corpus

    started = time.perf_counter()
    version = Annotator().version  # as `communique serve` annotates (spaCy is never loaded)
    corpus = build_corpus(docs)
    grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, mention in corpus.mentions:
        grouped[doc_id]["mentions"].append(mention)
    for kind in ("events", "positions", "claims"):
        for item in getattr(corpus, kind):
            grouped[item.doc_id][kind].append(item)
    generated = time.perf_counter() - started
    path.unlink(missing_ok=True)
    with open_store(path) as store:
        for n, base in enumerate(corpus.documents):
            parts = grouped[base.id]
            doc, annotations = _document(base, parts, Annotation)
            doc = dataclasses.replace(doc, content_hash=text_hash(doc.text))
            stored = StoredDocument(document=doc, kind="text", raw=doc.text, meta={})
            store.add_document(stored, signature=b"", bands=[], line_keys=[])
            store.replace_annotations(
                doc.id, annotations, version=version, content_hash=doc.content_hash
            )
            if n % 2000 == 1999:
                store.commit()
        store.commit()
        stored_at = time.perf_counter()
        refresh_entities(store=store)
    return {
        "generate_s": generated,
        "store_s": stored_at - started - generated,
        "entities_s": time.perf_counter() - stored_at,
    }


def _document(base: Any, parts: dict[str, list[Any]], annotation: Any) -> tuple[Any, list[Any]]:
    """The document's text with its positions and events told as sentences, and every
    annotation at the words it names."""
    text = base.text
    spans: list[tuple[str, int, int, Any]] = [("claim", c.start, c.end, c) for c in parts["claims"]]
    for kind, items, say in (
        ("position", parts["positions"], lambda p: p.text),
        ("event", parts["events"], _event_sentence),
    ):
        for item in items:
            sentence = say(item)
            text += "\n" + sentence
            spans.append((kind, len(text) - len(sentence), len(text), item))
    doc_id = base.id
    out = []
    for kind, start, end, item in spans:
        words = text[start:end]
        out.append(annotation(doc_id, "sentence", start, end, words, {}))
        if kind == "position":
            attrs = dataclasses.asdict(item)
            attrs.pop("doc_id")
            attrs.update(text=words, sentence_start=start, sentence_end=end)
            out.append(annotation(doc_id, "position", start, end, words, attrs))
        elif kind == "event":
            attrs = dataclasses.asdict(item)
            attrs.pop("doc_id")
            at = start + len(item.actor or "Officials") + 1
            attrs.update(
                sentence_start=start,
                sentence_end=end,
                trigger_start=at,
                trigger_end=at + len(item.trigger),
                actor_start=None,
                actor_end=None,
                target_start=None,
                target_end=None,
            )
            out.append(annotation(doc_id, "event", start, end, words, attrs))
        else:
            for d in item.dates:
                value = d.value if d.kind == "day" else None
                attrs = {"type": "DATE", "value": value, "anchored": True, "precision": "day"}
                out.append(annotation(doc_id, "date", d.start, d.end, d.text, attrs))
    out += _entities(doc_id, text, parts["mentions"], annotation)
    out += _quote(doc_id, text, spans, out, annotation)
    title = (base.text.split(". ")[0] or doc_id)[:90]
    doc = dataclasses.replace(
        base,
        text=text,
        title=title,
        source=f"synthetic/{doc_id}.txt",
        outlet=_outlet(base.outlet or "outlet:unknown"),
        language="en",
        published_basis="metadata",
    )
    return doc, out


def _entities(doc_id: str, text: str, mentions: list[Any], annotation: Any) -> list[Any]:
    out, after = [], {}
    for m in mentions:
        at = text.find(m.text, after.get(m.text, 0))
        if at < 0:
            at = text.find(m.text)
        if at < 0:
            continue
        after[m.text] = at + len(m.text)
        attrs = {"label": m.label, "role": m.role, "party_cue": None}
        attrs |= {"cue_start": None, "cue_end": None}
        out.append(annotation(doc_id, "entity", at, at + len(m.text), m.text, attrs))
    return out


def _quote(doc_id: str, text: str, spans: list[Any], anns: list[Any], annotation: Any) -> list[Any]:
    claims = [(s, e) for kind, s, e, _ in spans if kind == "claim"]
    if not claims:
        return []
    start, end = claims[len(claims) // 2]
    people = [a.text for a in anns if a.layer == "entity" and a.attrs["label"] == "PERSON"]
    speaker = people[0] if people else None
    attrs = {"content": text[start:end], "kind": "indirect", "cue": "said"}
    attrs |= {"speaker": speaker, "source": speaker}
    return [annotation(doc_id, "quote", start, end, text[start:end], attrs)]


# -- a store of N disjoint copies -----------------------------------------------------------


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def copies_path(docs: int, copies: int) -> Path:
    return OUT / f"web-{docs}x{copies}.db"


def build_copies(docs: int, copies: int) -> dict[str, float]:
    """A store of ``copies`` disjoint copies of the ``docs`` store and its built briefing: every
    document (text, annotations) copied under an id of its own (``<id>~<n>``), the briefing's
    rows written once per copy with every document, entity, event and claim id renamed and
    ords shifted, the sources table merged (one row per outlet over all copies). The corpus
    passes are not run again: this measures serving a briefing of that size, not building
    one. The key the server asks for is remembered at the store's generation (migration 0008),
    as a build would."""
    from communique.brief.rows import ROWS_VERSION
    from communique.store import open_store
    from communique.store.briefing_rows import briefing_tables

    started = time.perf_counter()
    source, target = OUT / f"web-{docs}.db", copies_path(docs, copies)
    # Through SQLite's backup, not a file copy: the store's last writes may still sit in its
    # write-ahead log, and a copy of the main file alone is a damaged database.
    for suffix in ("", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    con = sqlite3.connect(target)
    (key, head_json) = con.execute(
        "SELECT key, head FROM briefing_heads ORDER BY at DESC LIMIT 1"
    ).fetchone()
    _copy_documents(con, copies)
    con.commit()
    copied = time.perf_counter()
    ids = {
        str(i): n
        for n, (i,) in enumerate(
            con.execute(
                "SELECT DISTINCT item_id FROM briefing_rows WHERE key = ? AND item_id IS NOT NULL"
                " AND section IN ('documents', 'entities', 'events', 'claims')",
                (key,),
            )
        )
    }
    counts = dict(
        con.execute("SELECT section, count(*) FROM briefing_rows WHERE key = ? GROUP BY 1", (key,))
    )
    head = json.loads(head_json)
    for part, fields in (("corpus", ("documents",)), ("coverage", ("stored", "annotated"))):
        for name in fields:
            head[part][name] *= copies
    head["rows_version"] = ROWS_VERSION
    new_key = f"{key}-x{copies}"
    con.close()
    with open_store(target) as store:
        tables = briefing_tables(store)
        tables.write(new_key, seconds=0.0, head=json.dumps(head), rows=[], terms=[])
        db: Any = store._db  # type: ignore[attr-defined]
        for n in range(copies):
            rename = _renamer(ids, n)
            rows = db.execute(
                "SELECT * FROM briefing_rows WHERE key = ?"
                " AND section NOT IN ('sources', 'charts', 'page_counts')",
                (key,),
            ).fetchall()
            store._begin()  # type: ignore[attr-defined]
            db.executemany(
                f"INSERT INTO briefing_rows VALUES ({', '.join('?' * 16)})",
                [_copied_row(r, new_key, n, counts, rename) for r in rows],
            )
            del rows
            terms = db.execute(
                "SELECT section, term, ord FROM briefing_terms WHERE key = ?"
                " AND section NOT IN ('sources', 'charts', 'page_counts')",
                (key,),
            ).fetchall()
            db.executemany(
                "INSERT INTO briefing_terms VALUES (?, ?, ?, ?)",
                [_copied_term(t, new_key, n, counts, rename) for t in terms],
            )
            store.commit()
        _merged_sources(db, key, new_key, copies, ids)
        store.commit()
        _charts_of_copies(store, new_key)
        _remember(store, new_key)
    return {"copy_docs_s": copied - started, "copy_rows_s": time.perf_counter() - copied}


def _copy_documents(con: sqlite3.Connection, copies: int) -> None:
    """Every document, its annotation record and annotations again under ``<id>~<n>``."""
    columns = [r[1] for r in con.execute("PRAGMA table_info(documents)") if r[1] not in ("seq",)]
    picked = ", ".join(f"{c} || ?" if c == "id" else c for c in columns)
    for n in range(1, copies):
        tag = f"~{n}"
        con.execute(
            f"INSERT INTO documents ({', '.join(columns)}) SELECT {picked} FROM documents"
            " WHERE instr(id, '~') = 0",
            (tag,),
        )
        con.execute(
            "INSERT INTO annotated SELECT doc_id || ?, version, content_hash, at FROM annotated"
            " WHERE instr(doc_id, '~') = 0",
            (tag,),
        )
        con.execute(
            "INSERT INTO annotations SELECT doc_id || ?, layer, start, end, text, attrs"
            " FROM annotations WHERE instr(doc_id, '~') = 0",
            (tag,),
        )


def _renamer(ids: dict[str, int], n: int) -> Any:
    def rename(value: str | None) -> str | None:
        if n == 0 or value is None:
            return value
        if value in ids:
            return f"{value}~{n}"
        if value.startswith("duplicate_of:") and value[13:] in ids:
            return f"{value}~{n}"
        return value

    return rename


def _copied_row(row: Any, key: str, n: int, counts: dict[str, int], rename: Any) -> tuple[Any, ...]:
    _key, section, ord_, item_id, doc, *rest, data = row
    if n:
        data = _QUOTED.sub(lambda m: f'"{rename(m.group(1))}"', data)
    return (key, section, ord_ + n * counts[section], rename(item_id), rename(doc), *rest, data)


def _copied_term(term: Any, key: str, n: int, counts: dict[str, int], rename: Any) -> Any:
    section, value, ord_ = term
    kind, _, rest = value.partition(":")
    if kind in ("doc", "cite"):
        value = f"{kind}:{rename(rest)}"
    elif kind == "pos":
        value = f"pos:{int(rest) + n * counts['positions']}"
    return (key, section, value, ord_ + n * counts[section])


def _charts_of_copies(store: Any, key: str) -> None:
    """The unfiltered pages' charts of all the copies, worked out from their rows (every event
    and position read once, as a build works them out) and kept beside them."""
    from communique.brief.rows import StoredBriefing
    from communique.web.charts import page_charts

    stored = StoredBriefing(store, key)
    briefing = stored.briefing
    charts = dataclasses.asdict(page_charts(briefing.events, briefing.positions))
    data = json.dumps(charts, ensure_ascii=False, separators=(",", ":"))
    store._begin()
    store._db.execute(
        f"INSERT INTO briefing_rows VALUES ({', '.join('?' * 16)})",
        (key, "charts", 0, *([None] * 11), 0, data),
    )
    counts = _counts_of_copies(stored)
    if counts is not None:  # the app of a checkout that keeps its pages' counts
        store._db.execute(
            f"INSERT INTO briefing_rows VALUES ({', '.join('?' * 16)})",
            (key, "page_counts", 0, *([None] * 11), 0, counts),
        )
    store.commit()


def _counts_of_copies(stored: Any) -> str | None:
    """The pick-lists and overview counts of all the copies (``PageCounts``), counted from
    their rows as the pages count them when the row is missing (every claim is not decoded)."""
    try:
        from communique.web.page_counts import PageCounts
    except ImportError:
        return None
    from communique.store.briefing_rows import Where

    tables, key = stored.tables, stored.key
    sides = {*tables.values(key, "positions", "side"), *tables.values(key, "entities", "side")}
    flagged = stored.rows("documents", Where("r.label IS NOT NULL"))
    counts = PageCounts(
        event_types=sorted(tables.values(key, "events", "label")),
        entity_types=tables.tally(key, "entities", "label"),
        parties=sorted(sides - {""}, key=str.casefold),
        issues=sorted(tables.values(key, "positions", "label")),
        statuses=tables.tally(key, "claims", "kind"),
        stances=tables.tally(key, "positions", "kind"),
        flags=dict(Counter(f.split(":")[0] for d in flagged for f in d.flags)),
        undated=tables.count(key, "documents", Where("r.weight = 1")),
    )
    return json.dumps(dataclasses.asdict(counts), ensure_ascii=False, separators=(",", ":"))


def _merged_sources(db: Any, key: str, new_key: str, copies: int, ids: dict[str, int]) -> None:
    """One sources row per outlet over every copy: its documents in copy order, counts summed."""
    rows = db.execute(
        "SELECT ord, kind, data FROM briefing_rows WHERE key = ? AND section = 'sources'"
        " ORDER BY ord",
        (key,),
    ).fetchall()
    out = []
    for ord_, kind, data in rows:
        source = json.loads(data)
        one = list(source["documents"])
        source["documents"] = [
            d for n in range(copies) for d in (one if n == 0 else [f"{x}~{n}" for x in one])
        ]
        source["flags"] = {k: v * copies for k, v in source["flags"].items()}
        source["counts"] = {k: v * copies for k, v in source["counts"].items()}
        values = (new_key, "sources", ord_, None, None, kind, None, None, None, None, None)
        values += (None, None, None, len(source["documents"]))
        out.append((*values, json.dumps(source, ensure_ascii=False, separators=(",", ":"))))
    db.executemany(f"INSERT INTO briefing_rows VALUES ({', '.join('?' * 16)})", out)


def _remember(store: Any, key: str) -> None:
    """Remember ``key`` as the store's briefing for the options ``serve`` builds with."""
    from communique.annotate.codebook import load_codebook
    from communique.annotate.pipeline import Annotator
    from communique.brief.cache import _generation_key, options_text
    from communique.store.generation import remember_key, store_generation

    codebook = load_codebook([], replace=False)
    version = Annotator(codebook=codebook).version
    model = "word-hashing-stand-in"  # the model_id measure() gives the stand-in embedder
    generation = store_generation(store)
    assert generation is not None
    options = options_text(sides=None, codebook=codebook)
    fast = _generation_key(generation, model=model, version=version, options=options)
    assert remember_key(store, fast, key, generation=generation)


# -- measuring ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _urls(client: Any) -> list[tuple[str, str]]:
    """The URLs asked, picked from what this store holds."""
    listed = client.get("/api/documents", params={"limit": 1}).json()
    middle = listed["total"] // 2
    doc = client.get("/api/documents", params={"limit": 1, "offset": middle}).json()["items"][0]
    doc_id, since = doc["id"], doc["published"]
    entity = client.get("/api/entities", params={"limit": 1}).json()["items"][0]
    position = client.get("/api/positions", params={"limit": 1}).json()["items"][0]
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    claim = client.get("/api/claims", params={"limit": 1}).json()["items"][0]
    party = position["party"] or "-"
    issue = position["issue"]
    cell = f"/positions/{issue}/{party}"
    rare = entity["name"].split()[0]
    return [
        ("page", "/"),
        ("page", "/timeline"),
        ("page", "/timeline?page=20"),
        ("page", "/positions"),
        ("page", f"/positions?since={since}"),
        ("page", cell),
        ("page", "/entities"),
        ("page", f"/entities/{entity['id']}"),
        ("page", "/documents"),
        ("page", "/documents?page=40"),
        ("page", f"/documents/{doc_id}"),
        ("page", "/quotes"),
        ("page", "/claims"),
        ("page", "/claims?status=contradicted"),
        ("page", f"/claims/{claim['id']}"),
        ("page", f"/events/{event['id']}"),
        ("page", "/sources"),
        ("page", "/search?q=ceasefire"),
        ("page", f"/search?q={rare}"),
        ("page", "/add"),
        ("api", "/api/documents?limit=50"),
        ("api", f"/api/documents/{doc_id}"),
        ("api", f"/api/events?since={since}&limit=50"),
        ("api", f"/api/positions?party={position['party'] or entity['name']}&limit=50"),
        ("api", "/api/claims?status=contradicted&limit=50"),
        ("api", "/api/entities?limit=50"),
        ("api", "/api/search?q=ceasefire&limit=50"),
        # Filters that need more than a row's own columns (SQL over the rows' terms).
        ("filter", f"/documents?party={party}"),
        ("filter", f"/documents?issue={issue}"),
        ("filter", f"/claims?party={party}"),
        ("filter", f"/claims?since={since}"),
        ("filter", f"/entities?since={since}"),
        ("filter", f"/quotes?issue={issue}"),
        ("filter", f"/sources?party={party}"),
        ("filter", f"/claims?since={since}&party={party}&issue={issue}"),
        ("filter", f"/documents?hide=duplicate&party={party}"),
        ("filter", f"/api/claims?party={party}&issue={issue}&limit=50"),
        ("bulk", "/api/briefing"),
    ]


def _time(client: Any, url: str) -> tuple[float, int]:
    """Milliseconds to the whole answer and its size; the answer is read as a stream and not
    kept (the client runs in the server's process: a held bulk answer would be its memory)."""
    start = time.perf_counter()
    size = 0
    with client.stream("GET", url) as response:
        for chunk in response.iter_bytes():
            size += len(chunk)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return (time.perf_counter() - start) * 1000, size


def _like_search(db: Path, word: str) -> float:
    """The peer: a LIKE scan of title and text, counted and paged as the app's search is."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pattern = f"%{word}%"
    start = time.perf_counter()
    con.execute(
        "SELECT count(*) FROM documents WHERE title LIKE ? OR text LIKE ?", (pattern, pattern)
    ).fetchone()
    con.execute(
        "SELECT id, title FROM documents WHERE title LIKE ? OR text LIKE ? LIMIT 50",
        (pattern, pattern),
    ).fetchall()
    elapsed = (time.perf_counter() - start) * 1000
    con.close()
    return elapsed


def measure(docs: int, *, requests: int, rebuild: bool, copies: int = 0) -> None:
    """In the child: build or reuse the store, serve it, time every URL, print JSON lines.
    With ``copies``, serve the store of that many copies of the ``docs`` store (its rows
    written from the ``docs`` store's briefing: :func:`build_copies`) without building."""
    import httpx

    from claims_scaling import HashingEmbedder
    from communique.web import create_app

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"web-{docs}.db"
    generated = rebuild or not db.exists() or _annotated_otherwise(db)
    if copies:
        source, db, generated = db, copies_path(docs, copies), True
        # Copies of an older store (or of its older briefing) would serve what this code no
        # longer builds: made again when they copy another briefing than the store's last.
        if rebuild or not db.exists() or _copied_key(db) != _last_key(source):
            # In a process of its own, as the generator: its memory is not the server's.
            command = [sys.executable, __file__, "--make-copies", str(docs), str(copies)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            print(done.stdout.strip(), flush=True)
        docs *= copies
    elif generated:
        # In a process of its own: the generated corpus is not the server's memory.
        command = [sys.executable, __file__, "--generate", str(docs)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        print(done.stdout.strip(), flush=True)
    if not copies:
        _forget_briefings(db)
    embedder = HashingEmbedder()
    embedder.model_id = "word-hashing-stand-in"  # type: ignore[attr-defined]  # its cache key
    options: dict[str, Any] = {"db": str(db), "embedder": embedder, "prebuild": False}
    apart = "build_apart" in inspect.signature(create_app).parameters
    if apart:
        options["build_apart"] = True
    server, thread, port = _serve(create_app(**options))
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=3600) as client:
        build_ms, _ = _time(client, "/api/sources?limit=1")
        _emit(kind="build", docs=docs, ms=build_ms)
        _emit(kind="rss_built", docs=docs, mb=_peak_mb())
        for group, url in _urls(client):
            if group == "bulk":
                _emit(kind="rss_pages", docs=docs, mb=_peak_mb())
            first, size = _time(client, url)
            runs = [_time(client, url)[0] for _ in range(requests if group != "bulk" else 3)]
            runs.sort()
            p95 = runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]
            _emit(
                kind="url",
                docs=docs,
                group=group,
                url=url,
                first=first,
                median=statistics.median(runs),
                p95=p95,
                bytes=size,
            )
    _emit(kind="like", docs=docs, ms=_like_search(db, "ceasefire"))
    server.should_exit = True
    thread.join(timeout=30)
    if apart and not copies:  # a new server over the same store: the kept rows are read back
        server, thread, port = _serve(create_app(**options))
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=3600) as client:
            _emit(kind="restart", docs=docs, ms=_time(client, "/")[0])
        server.should_exit = True
        thread.join(timeout=30)
    _emit(kind="rss", docs=docs, mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if not generated:  # the generator is a child too: its peak would hide the build's
        _emit(kind="child_rss", docs=docs, mb=children if apart else 0.0)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _serve(app: Any) -> tuple[Any, threading.Thread, int]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, port


def _annotated_otherwise(db: Path) -> bool:
    """Whether the kept store's annotations carry another version than this code writes: the
    server reads only current annotations (``communique serve`` annotates first), so such a
    store would serve an empty briefing."""
    from communique.annotate.pipeline import Annotator

    con = sqlite3.connect(db)
    try:
        versions = {row[0] for row in con.execute("SELECT DISTINCT version FROM annotated")}
    finally:
        con.close()
    return versions != {Annotator().version}


def _last_key(db: Path) -> str | None:
    """The key of the briefing last written to the store's briefing tables."""
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT key FROM briefing_heads ORDER BY at DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return str(row[0]) if row else None


def _copied_key(db: Path) -> str | None:
    """The key of the briefing a store of copies was made from (its own key less ``-xN``)."""
    key = _last_key(db)
    return key.rsplit("-x", 1)[0] if key else None


def _forget_briefings(db: Path) -> None:
    """Empty the briefing tables and the build's caches (when the store has them), so the
    run builds afresh."""
    con = sqlite3.connect(db)
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    kept = ("briefing_terms", "briefing_rows", "briefing_heads", "briefing_cache")
    for table in (*kept, "document_results", "embedding_cache"):
        if table in tables:
            con.execute(f"DELETE FROM {table}")
    con.commit()
    con.close()


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


# -- the table ------------------------------------------------------------------------------


def _short(url: str) -> str:
    """A URL without its store-specific ids, so rows line up across sizes."""
    head, _, query = url.partition("?")
    parts = head.split("/")
    if len(parts) > 2 and parts[1] in ("documents", "entities", "claims", "events"):
        head = f"/{parts[1]}/{{id}}"
    if len(parts) > 3 and parts[1] == "api" and parts[2] == "documents":
        head = "/api/documents/{id}"
    if parts[1] == "positions" and len(parts) > 2:
        head = "/positions/{issue}/{party}"
    words = {"since": "{middle}", "party": "…", "issue": "{issue}"}
    parts_of_query = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        parts_of_query.append(f"{name}={words.get(name, value)}")
    query = "&".join(parts_of_query)
    if query.startswith("q=") and "ceasefire" not in query:
        query = "q={a name}"
    return head + ("?" + query if query else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="Generate the stores again.")
    parser.add_argument(
        "--baseline-src", help="Also measure the app of another checkout's src folder."
    )
    parser.add_argument(
        "--copies",
        type=int,
        default=0,
        help="Also serve a store of this many disjoint copies of the largest size's store and"
        " briefing (e.g. 10 copies of 10,000 for a 100,000-document briefing's tables).",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-copies", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--make-copies", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_copies:
        docs, copies = args.make_copies
        _emit(kind="copies", docs=docs * copies, **build_copies(docs, copies))
        return
    if args.generate:
        OUT.mkdir(parents=True, exist_ok=True)
        _emit(
            kind="store",
            docs=args.generate,
            **build_store(OUT / f"web-{args.generate}.db", args.generate),
        )
        return
    if args.one:
        measure(args.one, requests=args.requests, rebuild=args.rebuild, copies=args.one_copies)
        return
    runs = [("the app over the store's briefing tables", None)]
    if args.baseline_src:
        runs.append((f"baseline: the app of {args.baseline_src}", args.baseline_src))
    for title, src in runs:
        print(f"\n### {title}\n")
        _print(_run_sizes(args, src))
        args.rebuild = False  # the baseline reads the same stores


def _run_sizes(args: argparse.Namespace, src: str | None) -> dict[int, list[dict[str, Any]]]:
    results: dict[int, list[dict[str, Any]]] = {}
    env = dict(os.environ, WEB_LATENCY_SRC=src or "")
    if src:
        env["PYTHONPATH"] = src
    runs = [(docs, 0) for docs in args.sizes]
    if args.copies and not src:  # the old app cannot read the copies' rows
        runs.append((max(args.sizes), args.copies))
    for docs, copies in runs:
        command = [sys.executable, __file__, "--one", str(docs), "--requests", str(args.requests)]
        command += ["--rebuild"] if args.rebuild else []
        command += ["--one-copies", str(copies)] if copies else []
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0:
            print(f"{docs:,} documents failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        results[docs * (copies or 1)] = lines
    return results


def _print(results: dict[int, list[dict[str, Any]]]) -> None:
    sizes = list(results)

    def label(n: int) -> str:
        copied = any(line["kind"] == "copies" for line in results[n])
        return f"{n:,} docs{' (copies)' if copied else ''}: first / median / p95 ms"

    head = "| | " + " | ".join(label(n) for n in sizes) + " |"
    print(head)
    print("|---" * (len(sizes) + 1) + "|")
    rows: dict[str, dict[int, str]] = defaultdict(dict)
    order: list[str] = []
    slow: list[str] = []
    for docs, lines in results.items():
        for line in lines:
            if line["kind"] != "url":
                continue
            key = f"{line['group']} `{_short(line['url'])}`"
            if key not in order:
                order.append(key)
            mark = " ⚠" if line["p95"] > TARGET_MS and line["group"] != "bulk" else ""
            rows[key][docs] = (
                f"{line['first']:.0f} / {line['median']:.1f} / {line['p95']:.1f}{mark}"
            )
            if mark:
                slow.append(f"{docs:,}: {key}")
    for key in order:
        print(f"| {key} | " + " | ".join(rows[key].get(n, "–") for n in sizes) + " |")
    print()
    for label, kind, field in (
        ("store generated (s)", "store", None),
        ("copies written: documents + briefing rows (s)", "copies", None),
        ("briefing build = the naive app's cost per request (s)", "build", "ms"),
        ("peer: search by LIKE scan, count + first page (ms)", "like", "ms"),
        ("first page after a restart over the kept rows (ms)", "restart", "ms"),
        ("peak memory of the serving process after the build (MB)", "rss_built", "mb"),
        ("… after every page and list, before the bulk download (MB)", "rss_pages", "mb"),
        ("peak memory of the serving process (MB)", "rss", "mb"),
        ("peak memory of the build process apart (MB)", "child_rss", "mb"),
    ):
        cells = []
        for docs in sizes:
            found = [line for line in results[docs] if line["kind"] == kind]
            if not found:
                cells.append("–")
            elif kind == "copies":
                f = found[0]
                cells.append(f"{f['copy_docs_s']:.0f} + {f['copy_rows_s']:.0f}")
            elif kind == "store":
                f = found[0]
                cells.append(f"{f['generate_s']:.0f} + {f['store_s']:.0f} + {f['entities_s']:.0f}")
            elif kind == "build":
                cells.append(f"{found[0]['ms'] / 1000:.1f}")
            else:
                cells.append(f"{found[0][field]:.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\nOver {TARGET_MS:.0f} ms at p95 (⚠): " + ("; ".join(slow) if slow else "none"))


if __name__ == "__main__":
    main()
