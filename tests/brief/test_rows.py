"""The briefing kept as rows in the store (migration 0007) on both backends: written and read
back whole, paged, looked up by id, and filtered in SQL exactly as ``filter_briefing`` filters.

The briefing here is invented: two sides of a made-up water-sharing dispute."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from communique.brief.filters import filter_briefing
from communique.brief.model import (
    BriefClaim,
    BriefCorrection,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    BriefFailure,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    ClaimEvidence,
    CodebookGap,
    Corpus,
    Coverage,
    Evidence,
    PositionChange,
)
from communique.brief.rows import ById, StoredBriefing, decode, plain, write_briefing_rows
from communique.brief.serving import claim_views, page_views
from communique.store import Store, open_store
from communique.store.briefing_rows import Where, briefing_tables


def _doc(n: int, published: str | None, outlet: str | None, *flags: str) -> BriefDocument:
    return BriefDocument(
        id=f"w{n}",
        source=f"w{n}.txt",
        title=f"Reservoir talks, part {n}",
        outlet=outlet,
        author=None,
        published=published,
        published_basis="metadata" if published else None,
        language="en",
        flags=list(flags),
    )


def _position(
    doc: str, party: str | None, holder: str, issue: str, stance: str, date: str | None, at: int
) -> BriefPosition:
    words = f"{holder} will {stance} on {issue}"
    return BriefPosition(
        party=party,
        holder=holder,
        issue=issue,
        stance=stance,  # type: ignore[arg-type]
        evidence=Evidence(doc, at, at + len(words), words),
        speaker=holder,
        document=doc,
        date=date,
    )


def _briefing() -> Briefing:
    docs = [
        _doc(1, "2031-03-02", "Valley Courier"),
        _doc(2, "2031-03-09", "Valley Courier", "opinion"),
        _doc(3, "2031-04-11", None, "duplicate_of:w1"),
        _doc(4, None, "Upland Gazette"),
        _doc(5, "2031-05-20", "Upland Gazette"),
    ]
    entities = [
        BriefEntity("e1", "Upland Authority", "ORG", ["the Authority"], [], "Upland", [], ["w1"]),
        BriefEntity("e2", "Ines Marrow", "PERSON", ["Marrow"], [], "Upland", [], ["w1", "w2"]),
        BriefEntity("e3", "Delta Council", "ORG", [], [], "Delta", [], ["w3", "w5"]),
        BriefEntity("e4", "Tomas Reede", "PERSON", [], [], None, [], ["w4"]),
    ]
    ev = Evidence("w1", 0, 10, "The dam is")
    events = [
        BriefEvent(
            "v1",
            "2031-03",
            "month",
            "meet",
            "Sides met",
            ["Marrow"],
            ["Delta Council"],
            None,
            "reported",
            ["w1"],
            [ev],
        ),
        BriefEvent(
            "v2",
            "2031-05-19",
            "day",
            "demand",
            "Delta demanded",
            ["Delta Council"],
            [],
            None,
            "reported",
            ["w5"],
            [Evidence("w5", 3, 9, "demand")],
        ),
        BriefEvent(
            "v3",
            None,
            None,
            "meet",
            "A meeting",
            ["Tomas Reede"],
            [],
            None,
            "reported",
            ["w4"],
            [Evidence("w4", 0, 4, "Tom ")],
        ),
    ]
    quotes = [
        BriefQuote("Marrow", "Marrow", "said", "the flow must rise", "direct", "w2", 5, 20),
        BriefQuote("Delta Council", None, "said", "no", "indirect", "w5", 0, 2),
        BriefQuote(None, None, "said", "unclear", "indirect", "w4", 1, 3),
    ]
    positions = [
        _position("w1", "Upland", "Ines Marrow", "water_share", "demand", "2031-03-02", 0),
        _position("w2", "Upland", "Upland Authority", "water_share", "offer", "2031-03-09", 4),
        _position("w5", "Delta", "Delta Council", "dam height", "reject", "2031-05-20", 3),
        _position("w4", None, "Tomas Reede", "water_share", "accept", None, 0),
    ]
    changes = [PositionChange("Upland", "water_share", positions[0], positions[1])]
    claims = [
        BriefClaim(
            "c1",
            "The dam is full",
            "corroborated",
            ["w1", "w3"],
            ["a", "b"],
            [ClaimEvidence("mention", "w1", 0, 10, "The dam is")],
        ),
        BriefClaim(
            "c2",
            "Marrow resigned",
            "single_source",
            ["w2"],
            ["a"],
            [ClaimEvidence("mention", "w2", 0, 7, "Marrow ")],
        ),
        BriefClaim(
            "c3",
            "Flow doubled",
            "contradicted",
            ["w5"],
            ["c"],
            [ClaimEvidence("slot", "w5", 0, 4, "Flow", slot="number", value="2")],
        ),
    ]
    sources = [
        BriefSource("Valley Courier", ["w1", "w2"], {"opinion": 1}, {"corroborated": 1}),
        BriefSource("Upland Gazette", ["w4", "w5"], {}, {"contradicted": 1}),
    ]
    return Briefing(
        schema_version="1.1.0",
        corpus=Corpus(5, "2031-03-02", "2031-05-20", {"metadata": 4, "unknown": 1}),
        documents=docs,
        entities=entities,
        events=events,
        quotes=quotes,
        positions=positions,
        position_changes=changes,
        claims=claims,
        sources=sources,
        codebook_gaps=[CodebookGap("canal fees", 2)],
        coverage=Coverage(stored=6, annotated=5, not_annotated=["w6"]),
        failures=[BriefFailure("claims", "w4", "w4.txt", "E400", "no sentence")],
        corrections=[BriefCorrection(1, "side", {"entity": "e4"}, {"party": ""}, "", True, "x")],
    )


@pytest.fixture
def stored(db: str) -> Iterator[tuple[Store, StoredBriefing]]:
    with open_store(db) as store:
        # With the views the server writes beside a briefing.
        extra = page_views(_briefing())
        write_briefing_rows(store, "k1", _briefing(), seconds=1.5, extra=extra)
        yield store, StoredBriefing(store, "k1")


def test_a_briefing_comes_back_whole(stored: tuple[Store, StoredBriefing]) -> None:
    _store, kept = stored
    assert kept.materialised() == _briefing()
    assert plain(kept.briefing) == _briefing()
    assert kept.seconds == 1.5


def test_the_whole_json_streams_as_briefing_json_gives_it(
    stored: tuple[Store, StoredBriefing],
) -> None:
    from communique.brief import briefing_json
    from communique.brief.rows import json_parts

    _store, kept = stored
    assert json.loads(b"".join(json_parts(kept))) == briefing_json(_briefing())


def test_sections_count_slice_and_iterate_in_the_store(
    stored: tuple[Store, StoredBriefing],
) -> None:
    _store, kept = stored
    docs = kept.rows("documents")
    assert len(docs) == 5 and bool(docs)
    assert [d.id for d in docs[1:3]] == ["w2", "w3"]
    assert docs[-1].id == "w5" and docs[0].id == "w1"
    assert [d.id for d in docs[::2]] == ["w1", "w3", "w5"]
    with pytest.raises(IndexError):
        docs[5]
    assert docs[7:9] == []
    small = kept.rows("positions")
    small._batch = 3  # iteration reads in batches: more items than one batch
    assert list(small) == _briefing().positions
    assert not kept.rows("documents", Where("r.item_id = ?", ("none",)))


def test_items_are_found_by_id(stored: tuple[Store, StoredBriefing]) -> None:
    _store, kept = stored
    by_id: ById[BriefEntity] = ById(kept.rows("entities"))
    assert by_id["e3"].name == "Delta Council"
    assert by_id.get("nobody") is None and "nobody" not in by_id and "e1" in by_id
    assert sorted(by_id.many(["e2", "e1", "e2", "missing"])) == ["e1", "e2"]
    assert list(by_id) == ["e1", "e2", "e3", "e4"] and len(by_id) == 4


def test_items_read_together_are_then_found_without_the_store(
    stored: tuple[Store, StoredBriefing], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page reads the documents its links name in one query (``many``); the template's
    look-ups one by one afterwards, found or not, ask the store nothing more."""
    _store, kept = stored
    by_id: ById[BriefDocument] = ById(kept.rows("documents"))
    assert sorted(by_id.many(["w2", "w4", "none"])) == ["w2", "w4"]

    def no_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(kept.tables, "data", no_read)
    monkeypatch.setattr(kept.tables, "ords", no_read)
    assert by_id["w4"].outlet == "Upland Gazette" and by_id.get("none") is None
    assert by_id.many(["w2", "none"]) == {"w2": _briefing().documents[1]}


def test_a_section_written_beside_keeps_the_count_and_order(
    stored: tuple[Store, StoredBriefing], monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.web.claims_view import ClaimView

    _store, kept = stored
    claims = kept.rows("claims", Where("r.kind = ?", ("contradicted",)))
    total = len(claims)
    views = claims.beside("claim_views", ClaimView)

    def no_count(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("counted again")

    monkeypatch.setattr(kept.tables, "count", no_count)
    assert len(views) == total > 0
    assert [v.claim.id for v in views[0:total]] == [c.id for c in claims]


def test_a_field_added_to_the_model_flows_through_and_one_removed_is_dropped() -> None:
    data = dataclasses.asdict(_briefing().claims[2])
    assert decode(BriefClaim, data) == _briefing().claims[2]
    data["evidence"][0]["gone"] = 1
    data["gone_too"] = "x"
    assert decode(BriefClaim, data) == _briefing().claims[2]


def test_only_the_newest_other_briefing_is_kept_beside_a_new_one(db: str) -> None:
    with open_store(db) as store:
        for key in ("k1", "k2", "k3"):
            write_briefing_rows(store, key, _briefing(), seconds=0.1)
        tables = briefing_tables(store)
        assert tables.head("k1") is None
        assert tables.head("k2") is not None and tables.head("k3") is not None
        assert tables.count("k3", "documents") == 5 and tables.count("k1", "documents") == 0
        write_briefing_rows(store, "k3", _briefing(), seconds=0.2)  # written again: replaced
        assert tables.count("k3", "documents") == 5


FILTERS = [
    {"since": dt.date(2031, 3, 5)},
    {"until": dt.date(2031, 3, 31)},
    {"since": dt.date(2031, 3, 5), "until": dt.date(2031, 4, 30)},
    {"party": "upland"},
    {"party": "Delta"},
    {"party": "nobody"},
    {"issue": "Water share"},
    {"party": "Upland", "issue": "water-share"},
    {"since": dt.date(2031, 3, 5), "party": "Upland"},
]


@pytest.mark.parametrize("chosen", FILTERS, ids=lambda f: ",".join(map(str, f.values())))
def test_the_app_lists_what_the_report_filter_keeps(snap: Any, chosen: dict[str, Any]) -> None:
    from communique.web import query

    f = query.Filters(**chosen)
    whole = filter_briefing(_briefing(), **chosen)
    assert list(query.positions(snap, f)) == whole.positions
    assert list(query.position_changes(snap, f)) == whole.position_changes
    assert list(query.events(snap, f)) == whole.events
    assert list(query.quotes(snap, f)) == whole.quotes
    assert sorted(e.id for e in query.entities(snap, f)) == sorted(e.id for e in whole.entities)
    assert {d.id for d in query.documents(snap, f)} == {d.id for d in whole.documents}
    assert list(query.claims(snap, f)) == whole.claims
    assert list(query.sources(snap, f)) == whole.sources


def test_types_statuses_outlets_and_hidden_flags_narrow_in_the_store(snap: Any) -> None:
    from communique.web import query

    F = query.Filters
    assert [e.id for e in query.events(snap, F(type="MEET"))] == ["v1", "v3"]
    assert [c.id for c in query.claims(snap, F(status="contradicted"))] == ["c3"]
    assert [d.id for d in query.documents(snap, F())] == ["w5", "w3", "w2", "w1", "w4"]
    assert [d.id for d in query.documents(snap, F(outlet="Upland Gazette"))] == ["w5", "w4"]
    assert [d.id for d in query.documents(snap, F(outlet=query.UNKNOWN_OUTLET))] == ["w3"]
    hide = F(hide=("duplicate", "opinion"))
    assert [d.id for d in query.documents(snap, hide)] == ["w5", "w1", "w4"]
    assert [q.document for q in query.quotes(snap, hide)] == ["w5", "w4"]
    assert [c.id for c in query.claims(snap, hide)] == ["c1", "c3"]
    assert [d.id for d in query.undated_documents(snap, F(since=dt.date(2031, 1, 1)))] == ["w4"]
    assert [e.id for e in query.entities(snap, F())] == ["e3", "e2", "e4", "e1"]  # most cited
    assert query.known_parties(snap) == ["Delta", "Upland"]
    assert query.known_issues(snap) == ["dam height", "water_share"]
    assert query.event_types(snap) == ["demand", "meet"]
    assert snap.entity_named("the authority") == _briefing().entities[0]
    assert [c.id for c in snap.claims_of("w1")] == ["c1"]
    assert snap.claims_of("w6") == []  # no claim cites it
    activity = query.entity_activity(snap, _briefing().entities[1])
    assert [q.content for q in activity.quotes] == ["the flow must rise"]
    assert [e.id for e in activity.events] == ["v1"]
    assert [p.document for p in activity.positions] == ["w1"]


@pytest.fixture
def snap(stored: tuple[Store, StoredBriefing]) -> Iterator[Any]:
    """The web app's view of the kept briefing."""
    pytest.importorskip("fastapi", reason="the web app needs fastapi")
    from communique.web.snapshot import Snapshot

    store, kept = stored
    search = store.search_index()
    yield Snapshot(
        fingerprint=(0, 0, "", 0, 0, 0),
        stored=kept,
        search=search,
        built_at=0.0,
        build_seconds=kept.seconds,
        reader=store,
    )
    search.close()


def test_a_document_page_reads_its_claims_with_only_its_own_evidence(snap: Any) -> None:
    """What the document page and its API twin show of each claim (id, words, status and the
    marks in this document) is what the whole claims citing it give."""
    briefing = _briefing()
    for doc in [d.id for d in briefing.documents]:
        whole = [
            (c.id, c.text, c.status, [e for e in c.evidence if e.document == doc])
            for c in briefing.claims
            if doc in c.documents
        ]
        shown = [(c.id, c.text, c.status, c.evidence) for c in snap.claims_of(doc)]
        assert shown == whole, doc


def test_the_kept_charts_are_those_the_pages_work_out_from_the_rows(snap: Any) -> None:
    """The timeline chart, its colours and the heatmap kept beside the briefing are what the
    pages gave when they worked them out from every event and position."""
    from communique.web import pages, query
    from communique.web.snapshot import Snapshot

    assert snap.charts() is not None
    store = snap.reader
    # The same briefing under a second key, written without the charts.
    write_briefing_rows(store, "bare", _briefing(), seconds=0.1, extra=claim_views(_briefing()))
    bare = dataclasses.replace(snap, stored=StoredBriefing(store, "bare"), _memo={}, _large={})
    assert isinstance(bare, Snapshot) and bare.charts() is None
    whole = query.Filters()
    assert pages._colours(snap) == pages._colours(bare)
    chart = pages._timeline_chart(snap, whole, query.events(snap, whole))
    assert "<svg" in chart
    assert chart == pages._timeline_chart(bare, whole, query.events(bare, whole))
    kept, worked_out = pages._heatmap(snap, whole), pages._heatmap(bare, whole)
    assert kept.cells and kept == worked_out


def test_the_kept_counts_are_those_the_pages_count_from_the_rows(snap: Any) -> None:
    """The pick-lists and overview counts kept beside the briefing (``page_counts``) are what
    the pages counted from the rows when they are missing."""
    from communique.web import pages, query
    from communique.web.snapshot import Snapshot

    assert snap.counts() is not None
    store = snap.reader
    write_briefing_rows(store, "bare", _briefing(), seconds=0.1, extra=claim_views(_briefing()))
    bare = dataclasses.replace(snap, stored=StoredBriefing(store, "bare"), _memo={}, _large={})
    assert isinstance(bare, Snapshot) and bare.counts() is None
    for read in (
        query.event_types,
        query.entity_types,
        query.entity_type_counts,
        query.known_parties,
        query.known_issues,
        pages._overview_counts,
    ):
        kept, counted = read(snap), read(bare)
        assert kept == counted, read
    assert query.known_issues(snap) and query.known_parties(snap)
    assert pages._overview_counts(snap)["undated"]["undated"] > 0
    assert pages._overview_counts(snap)["flags"]
