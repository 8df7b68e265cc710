"""Events as PLOVER records: field names checked against the layout of PLOVER's own gold records
(read from ../shared/eval/plover at run time), the mapping against the scoring's inverse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from communique.annotate.event_lexicon import EVENT_TYPES
from communique.brief.model import BriefEvent, Briefing, Evidence
from communique.cli import cli
from communique.evaluation.plover import PLOVER_TO_OURS
from communique.export.plover import (
    EXTENSION_FIELDS,
    OURS_TO_PLOVER,
    PLOVER_FIELDS,
    plover_record,
    plover_records,
)

GOLD = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "eval"
    / "plover"
    / "gold_standard_records"
    / "PLOVER_GSR_CAMEO.txt"
)


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    if not GOLD.is_file():
        pytest.skip(f"../shared/eval/plover absent: {GOLD}")
    records: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT"]


def _keys(records: list[dict[str, Any]], field: str) -> set[str]:
    """Keys of the objects in a field (a list of actors, a location) across the records."""
    found: set[str] = set()
    for r in records:
        value = r.get(field)
        for item in value if isinstance(value, list) else [value]:
            found |= set(item) if isinstance(item, dict) else set()
    return found


def test_every_type_of_ours_maps_to_a_category_whose_scoring_accepts_it() -> None:
    assert set(OURS_TO_PLOVER) == set(EVENT_TYPES)
    for ours, (category, _mode) in OURS_TO_PLOVER.items():
        # OTHER: a type PLOVER has no category for (a legislature's vote, a deadline)
        assert category == "OTHER" or ours in PLOVER_TO_OURS[category], ours


def test_our_categories_and_field_names_are_plovers_own(gold: list[dict[str, Any]]) -> None:
    top = {k for r in gold for k in r}
    assert set(PLOVER_FIELDS) <= top
    assert not set(EXTENSION_FIELDS) & top  # our own fields never pass for PLOVER's
    categories = {r["event"] for r in gold}
    assert {category for category, _ in OURS_TO_PLOVER.values()} - {"OTHER"} <= categories


def test_records_from_a_real_briefing_use_only_plovers_fields_and_ours(
    gold: list[dict[str, Any]], briefing: Briefing
) -> None:
    top = {k for r in gold for k in r}
    actor_keys = _keys(gold, "source") | _keys(gold, "target")
    place_keys = _keys(gold, "eventLoc")
    records = list(plover_records(briefing))
    assert len(records) == len(briefing.events) > 0
    for record in records:
        assert set(record) <= top | set(EXTENSION_FIELDS), set(record) - top
        for actor in record.get("source", []) + record.get("target", []):
            assert set(actor) <= actor_keys
        assert set(record.get("eventLoc", {})) <= place_keys
        assert {"id", "event", "mode", "eventText", "text", "citations"} <= set(record)
    assert any("source" in r for r in records)


def test_a_record_carries_the_event_its_sides_and_every_citation() -> None:
    event = BriefEvent(
        id="ev-1",
        date="2025-03",
        date_precision="month",
        type="CEASEFIRE",
        summary="Ardenia declared a ceasefire",
        actors=["Mira Talvik"],
        targets=["Vostrel"],
        place="Calloway",
        mode="planned",
        documents=["d1", "d2"],
        evidence=[Evidence("d1", 10, 20, "a ceasefire"), Evidence("d2", 0, 5, "truce")],
    )
    sides = {"Mira Talvik": "Ardenia"}
    record = plover_record(event, documents={}, side_of=sides.get)  # type: ignore[arg-type]
    assert record["event"] == "RETREAT" and record["mode"] == "ceasefire"
    assert record["source"] == [{"actorText": "Mira Talvik", "code": "Ardenia"}]
    assert record["target"] == [{"actorText": "Vostrel"}]  # no side known: no code, no null
    assert record["eventLoc"] == {"name": "Calloway"}
    assert record["date"] == "2025-03" and record["datePrecision"] == "month"
    assert record["factuality"] == "planned" and record["communiqueType"] == "CEASEFIRE"
    assert [c["document"] for c in record["citations"]] == ["d1", "d2"]
    assert record["text"] == "a ceasefire"
    assert "language" not in record  # the document is unknown: the field is left out


def test_the_command_writes_one_record_a_line(store_path: Path, briefing: Briefing) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(store_path), "--what", "events", "--format", "plover"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e.id for e in briefing.events]
