"""The issue codebook: the built-in one, cue matching, user files that extend or replace it,
and clear errors for bad files. No model is needed: words are given as (form, lemma) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.annotate.codebook import STANCES, Codebook, cue_words, load_codebook
from communique.errors import UsageError

DEFAULT_ISSUES = [
    "ceasefire",
    "territory",
    "sovereignty",
    "alliances",
    "security_guarantees",
    "military_limits",
    "arms_supplies",
    "mobilisation",
    "prisoners",
    "children_civilians",
    "humanitarian",
    "sanctions",
    "taxes",
    "spending",
    "debt",
    "government_funding",
    "entitlements",
    "health",
    "tariffs",
    "market_access",
    "technology_ip",
    "energy",
    "immigration",
    "border_security",
    "labour",
    "procedure",
    "reconstruction",
    "justice",
    "governance",
    "minority_rights",
    "negotiation_format",
    "leaders_meeting",
    "agreement",
]


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_codebook()


def words(text: str, lemmas: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Whitespace tokens with a lemma from ``lemmas`` (default: the word itself)."""
    lemmas = lemmas or {}
    return [(w, lemmas.get(w, w)) for w in text.split()]


def issues(book: Codebook, text: str, lemmas: dict[str, str] | None = None) -> set[str]:
    return {h.issue for h in book.match(words(text, lemmas))}


def write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_codebook_has_the_negotiation_issues(book: Codebook) -> None:
    assert list(book.ids) == DEFAULT_ISSUES
    for issue in book.issues:
        assert issue.label and issue.description, issue.id
        assert issue.keywords or issue.phrases or issue.together, issue.id
    assert book.sources == ("communique/data/codebook.yaml",)


def test_only_the_agreement_as_a_whole_is_a_fallback(book: Codebook, tmp_path: Path) -> None:
    assert [i.id for i in book.issues if i.fallback] == ["agreement"]
    path = write(tmp_path, "issues:\n- {id: agreement, fallback: false}\n")
    assert not any(i.fallback for i in load_codebook([path]).issues)
    bad = write(tmp_path, "issues:\n- {id: agreement, fallback: maybe}\n")
    with pytest.raises(UsageError, match="'fallback' must be true or false"):
        load_codebook([bad])


def test_process_issues_are_marked_and_a_user_file_may_mark_more(
    book: Codebook, tmp_path: Path
) -> None:
    process = {i.id for i in book.issues if i.process}
    assert process == {"procedure", "negotiation_format", "leaders_meeting"}
    path = write(tmp_path, "issues:\n- {id: taxes, process: true}\n")
    assert load_codebook([path]).get("taxes").process  # type: ignore[union-attr]
    bad = write(tmp_path, "issues:\n- {id: taxes, process: often}\n")
    with pytest.raises(UsageError, match="'process' must be true or false"):
        load_codebook([bad])


def test_default_stance_vocabulary(book: Codebook) -> None:
    lex = book.stances
    assert lex.stance("verbs", "reject") == "reject"
    assert lex.stance("verbs", "call", {"for"}) == "demand"
    assert lex.stance("verbs", "call", {"*"}) is None  # "called the offer a trap"
    assert lex.stance("verbs", "rule", {"out"}) == "reject"
    assert lex.stance("nouns", "ultimatum") == "threaten"
    assert lex.stance("adjectives", "ready") == "offer"
    assert lex.stance("verdicts", "unacceptable") == "reject"
    assert lex.stance("pledges", "release") == "offer"
    assert {"union", "ministry", "government"} <= lex.actors
    found = {s for table in (lex.verbs, lex.nouns) for pairs in table.values() for _, s in pairs}
    assert found == set(STANCES)


@pytest.mark.parametrize(
    ("text", "lemmas", "expected"),
    [
        ("a 30-day truce", {}, {"ceasefire"}),
        ("a cease - fire along the front", {}, {"ceasefire"}),
        ("the cessation of hostilities", {}, {"ceasefire"}),
        ("all prisoners of war", {"prisoners": "prisoner"}, {"prisoners"}),
        ("NATO membership", {}, {"alliances"}),
        ("limits on the size of its army", {"limits": "limit"}, {"military_limits"}),
        ("a 7 % pay rise", {}, {"labour"}),
        ("an extension of the tax cuts", {"cuts": "cut"}, {"taxes"}),
        ("raising the debt ceiling", {}, {"debt"}),
        ("a path to citizenship", {}, {"immigration"}),
        ("stricter border security", {}, {"border_security"}),
        ("protection for intellectual property", {}, {"technology_ip"}),
        ("a vote on the floor", {}, {"procedure"}),
        ("retaliatory tariffs on steel", {"tariffs": "tariff"}, {"sanctions"}),
        ("new tariffs on cars", {"tariffs": "tariff"}, {"tariffs"}),
        ("the trade union", {}, set()),
        ("withdraw troops from the region", {"troops": "troop"}, {"territory"}),
        ("withdraw from the talks", {"talks": "talk"}, {"negotiation_format"}),
        (
            "a meeting between the presidents",
            {"presidents": "president"},
            {"negotiation_format", "leaders_meeting"},
        ),
        ("minor differences", {}, set()),  # "minors" is a specific form
        ("deported minors", {"deported": "deport"}, {"children_civilians"}),
        ("a ceasefire along the line of contact", {}, {"ceasefire"}),
        ("the justice minister", {}, set()),
        ("an international tribunal for war crimes", {"crimes": "crime"}, {"justice"}),
    ],
)
def test_cues_match(book: Codebook, text: str, lemmas: dict[str, str], expected: set[str]) -> None:
    assert issues(book, text, lemmas) == expected


def test_together_cues_must_be_close(book: Codebook) -> None:
    near = "limits on its army"
    far = "limits were discussed at length by everyone before the talks on the army"
    assert "military_limits" in issues(book, near, {"limits": "limit"})
    assert "military_limits" not in issues(book, far, {"limits": "limit"})


def test_hit_offsets_index_the_words(book: Codebook) -> None:
    hits = book.match(words("they rejected the cessation of hostilities today"))
    assert [(h.issue, h.start, h.end) for h in hits if h.cue.startswith("cessation")] == [
        ("ceasefire", 3, 6)
    ]


def test_cue_words_split_like_spacy() -> None:
    assert cue_words("cease-fire") == ("cease", "-", "fire")
    assert cue_words("leaders' meeting") == ("leaders", "'", "meeting")
    assert cue_words("Article 5") == ("article", "5")


def test_user_file_adds_extends_replaces_and_drops(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
issues:
- id: working_hours
  label: Working hours
  keywords: [overtime, shift]
  phrases: [working week]
- id: energy
  keywords: [coal]
  exclude: [coal face]
- id: prisoners
  replace: true
  keywords: [detainee]
- id: leaders_meeting
  drop: true
""",
    )
    book = load_codebook([path])
    assert book.ids[-1] == "working_hours"
    assert "leaders_meeting" not in book.ids
    assert issues(book, "a four-day working week") == {"working_hours"}
    assert issues(book, "cheap coal") == {"energy"}
    assert "energy" not in issues(book, "at the coal face")
    assert issues(book, "new tariffs", {"tariffs": "tariff"}) == {"tariffs"}  # kept
    assert issues(book, "all prisoners", {"prisoners": "prisoner"}) == set()  # replaced
    assert book.get("energy") is not None and "coal" in book.get("energy").keywords  # type: ignore[union-attr]
    assert book.sources == ("communique/data/codebook.yaml", str(path))


def test_replace_keeps_only_the_user_issues(tmp_path: Path) -> None:
    path = write(tmp_path, "issues:\n- {id: wages, keywords: [wage, salary]}\n")
    book = load_codebook([path], replace=True)
    assert book.ids == ("wages",)
    assert book.get("wages").label == "Wages"  # type: ignore[union-attr]
    assert book.sources == (str(path),)
    assert book.stances.stance("verbs", "reject") == "reject"  # stance words stay


def test_files_apply_in_order(tmp_path: Path) -> None:
    first = write(tmp_path, "issues:\n- {id: wages, keywords: [wage]}\n", "a.yaml")
    second = write(tmp_path, "issues:\n- {id: wages, keywords: [salary]}\n", "b.yaml")
    book = load_codebook([first, second], replace=True)
    assert book.get("wages").keywords == ("wage", "salary")  # type: ignore[union-attr]


def test_user_stance_words_and_actors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "stances:\n  reject:\n    verbs: [balk at]\n  demand:\n    nouns: [claim]\n"
        "actors: [shop steward]\n",
    )
    book = load_codebook([path])
    assert book.stances.stance("verbs", "balk", {"at"}) == "reject"
    assert book.stances.stance("verbs", "balk") is None
    assert book.stances.stance("nouns", "claim") == "demand"
    assert "shop steward" in book.stances.actors
    assert book.ids == tuple(DEFAULT_ISSUES)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("issues: [unclosed", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        ("issue: []\n", "unknown top-level key(s) issue"),
        ("version: 2\nissues:\n- {id: a, keywords: [x]}\n", "version 2 is not supported"),
        ("issues: []\n", "'issues' must be a non-empty list"),
        ("issues:\n- keywords: [x]\n", "'id' must be lowercase"),
        ("issues:\n- {id: Bad-Id, keywords: [x]}\n", "'id' must be lowercase"),
        ("issues:\n- {id: a, keyword: [x]}\n", "unknown key(s) keyword"),
        ("issues:\n- {id: a, keywords: x}\n", "'keywords' must be a list of text"),
        ("issues:\n- {id: a, keywords: ['  ']}\n", "has an empty cue"),
        ("issues:\n- {id: a, together: [[x]]}\n", "two or more words"),
        ("issues:\n- {id: a, together: [[x, two words]]}\n", "single words, not phrases"),
        ("issues:\n- {id: a, label: A}\n", "has no keywords, phrases or together cues"),
        ("issues:\n- {id: a, keywords: [x]}\n- {id: a, keywords: [y]}\n", "listed twice"),
        ("issues:\n- {id: nothing_here, drop: true}\n", "cannot drop unknown issue"),
        ("issues:\n- {id: a, keywords: [x], replace: yes please}\n", "true or false"),
        ("stances:\n  maybe:\n    verbs: [ponder]\n", "unknown stance 'maybe'"),
        ("stances:\n  reject:\n    adverbs: [no]\n", "takes verbs, nouns"),
        ("stances:\n  reject:\n    verbs: [turn it down]\n", "should be one word"),
        ("stances:\n  reject:\n    adjectives: [dead set]\n", "should be one word"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UsageError) as caught:
        load_codebook([path])
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)
    assert caught.value.code == "E300"


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(UsageError, match=r"missing\.yaml: cannot read it"):
        load_codebook([missing])
    with pytest.raises(UsageError, match="cannot read it"):
        load_codebook([tmp_path])  # a folder


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"issues:\n- {id: a, keywords: [caf\xe9]}\n")
    with pytest.raises(UsageError, match=r"latin\.yaml: cannot read it"):
        load_codebook([path])


def test_replace_needs_a_file_and_leaves_issues(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="needs at least one codebook file"):
        load_codebook(replace=True)
    stances_only = write(tmp_path, "actors: [steward]\n")
    with pytest.raises(UsageError, match="no issues left"):
        load_codebook([stances_only], replace=True)
    everything_dropped = write(
        tmp_path, "issues:\n" + "".join(f"- {{id: {i}, drop: true}}\n" for i in DEFAULT_ISSUES)
    )
    with pytest.raises(UsageError, match="no issues left"):
        load_codebook([everything_dropped])
