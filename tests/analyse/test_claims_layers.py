"""Reading stored annotations into the shape claim checking reads (invented text)."""

from __future__ import annotations

from communique.analyse.claims_layers import ClauseSpan, DocumentLayers, office, title_slots
from communique.analyse.claims_slots import name_key
from communique.models import Annotation

TEXT = "Former Mayor Ines Dray met the ferry crews on Sunday afternoon, which calmed the quay."


def _a(layer: str, start: int, end: int, **attrs: object) -> Annotation:
    return Annotation("d", layer, start, end, TEXT[start:end], attrs)


def _layers() -> DocumentLayers:
    name = TEXT.index("Ines Dray")
    day = TEXT.index("Sunday afternoon")
    gap = TEXT.index("which")
    return DocumentLayers.from_annotations(
        {
            "sentence": [_a("sentence", 0, len(TEXT))],
            "clause": [
                _a(
                    "clause",
                    0,
                    len(TEXT),
                    sentence_start=0,
                    sentence_end=len(TEXT),
                    gaps=[[gap, len(TEXT) - 1]],
                ),
                _a("clause", gap, len(TEXT) - 1, sentence_start=0, sentence_end=len(TEXT)),
            ],
            "entity": [_a("entity", name, name + 9, label="PERSON", role="Former Mayor")],
            "date": [_a("date", day, day + 16, value="2026-03-15TAF", rule="weekday")],
            "figure": [],
        }
    )


def test_a_time_of_day_counts_as_its_day_and_gaps_belong_to_their_clause() -> None:
    layers = _layers()
    outer, inner = layers.clauses
    assert [d.value for d in layers.within(outer).dates] == ["2026-03-15"]
    assert layers.within(inner).dates == ()
    assert layers.offices == frozenset({"mayor"})


def test_titles_come_from_the_entity_layer() -> None:
    (slot,) = title_slots(TEXT, _layers().titled)
    assert (slot.key.split("|")[1], slot.value) == ("mayor", "former mayor")
    assert slot.key.split("|")[0] == name_key("Dray")  # the surname: one person however named
    assert TEXT[slot.start : slot.end] == "Former Mayor Ines Dray"
    assert office("Deputy Harbour Master") == "master"


def test_a_store_without_clauses_reads_each_sentence_as_one() -> None:
    layers = DocumentLayers.from_annotations({"sentence": [_a("sentence", 0, len(TEXT))]})
    assert layers.clauses == (ClauseSpan(0, len(TEXT), (0, len(TEXT))),)
