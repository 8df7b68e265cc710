"""Flags that change how much weight an article's claims get.

* ``ai_generated``: an AI byline ("By AI", author "ChatGPT") or a disclosure that the text
  was generated or written with AI. An article *about* AI-generated images is not flagged:
  the cue must be about this text.
* ``opinion``: a section label (Opinion, Commentary, Editorial, Op-Ed, Analysis), an
  "our view" heading ("Our take", "<Outlet>'s Two Cents"), an opinion disclaimer ("The views
  expressed are the author's own"), an op-ed tagline ("The writer is a ...").
* ``wire:<agency>``: the copy is an agency's, by a credit pattern: a dateline
  "(Reuters) -", a trailing "— AFP", a byline "Jane Doe, Associated Press", "Reporting by ...
  for Reuters", "(With inputs from PTI)", "The Associated Press contributed to this report",
  "© 2025 Bloomberg L.P.". ``wire:agencies`` when the agency is not named ("with agency
  inputs"). An agency merely cited ("Reuters reported", "a copy of which Reuters has
  reviewed") or named as a person ("Michael Bloomberg said") is not wire copy.
* ``anonymous_source``: a person familiar with the matter, on condition of anonymity,
  officials who asked not to be named, sources said ... ("reportedly" alone is not enough).

Cues are looked for in the cleaned text and in what boilerplate removal took out (bylines,
credits and disclosures are furniture), each as a pattern over a line or a sentence, with
word boundaries, never as a bare keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["AGENCIES", "document_flags"]

AGENCIES: dict[str, tuple[str, ...]] = {
    "reuters": ("Reuters", "Thomson Reuters"),
    "ap": ("AP", "Associated Press"),
    "afp": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "bloomberg": ("Bloomberg", "Bloomberg News"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ansa": ("ANSA",),
    "efe": ("EFE", "Efe"),
    "xinhua": ("Xinhua",),
    "tass": ("TASS", "Tass", "ITAR-TASS"),
    "ria": ("RIA Novosti", "RIA"),
    "interfax": ("Interfax", "Interfax-Ukraine"),
    "unian": ("UNIAN",),
    "ukrinform": ("Ukrinform",),
    "pti": ("PTI", "Press Trust of India"),
    "ani": ("ANI",),
    "ians": ("IANS",),
    "kyodo": ("Kyodo", "Kyodo News"),
    "jiji": ("Jiji", "Jiji Press"),
    "yonhap": ("Yonhap",),
    "aap": ("AAP", "Australian Associated Press"),
    "anadolu": ("Anadolu", "Anadolu Agency"),
    "bernama": ("Bernama",),
    "antara": ("Antara",),
    "pa": ("PA Media", "Press Association"),
    "irna": ("IRNA",),
    "kcna": ("KCNA",),
    "sputnik": ("Sputnik",),
    "belta": ("BelTA",),
    "europa_press": ("Europa Press",),
    "lusa": ("Lusa",),
    "wafa": ("WAFA",),
    "kuna": ("KUNA",),
    "spa": ("Saudi Press Agency",),
}
"""Agency id (used in ``wire:<id>``) -> the names a credit line uses for it (case-sensitive:
"AP" the agency, not "ap" in a word)."""

_NAME_TO_AGENCY = {
    variant: agency
    for agency, names in AGENCIES.items()
    for name in names
    for variant in (name, name.upper())
}
_ONE = (
    r"(?<![\w-])(?:The\s+)?(?:"
    + "|".join(re.escape(n) for n in sorted(_NAME_TO_AGENCY, key=len, reverse=True))
    + r")(?![\w-])"
)
_SOME = rf"{_ONE}(?:\s*(?:[/,&]|\band\b)\s*{_ONE})*"

# Photo credits ("(AP pic)", "(Photo: AFP)", "REUTERS/Jane Doe", "AFP via Getty Images") match
# none of these on purpose: outlets buy agency pictures for their own reporting, so a picture
# credit says nothing about who wrote the text, and counting it as wire copy would merge
# independent reports into one origin when claims are corroborated.
_WIRE_CREDITS = tuple(
    re.compile(pattern, re.MULTILINE)
    for pattern in (
        # dateline: "GENEVA (Reuters) -", "KYIV, Ukraine (AP) —", "(AFP/Reuters):"
        rf"\(\s*(?P<list>{_SOME})\s*\)\s*(?:--?|[–—:])",
        # trailing credit: "— AFP" on its own line or ending a paragraph, "-- with Reuters"
        rf"(?:^|[.!?\"”’)]\s)\s*(?:--?|[–—])\s*(?i:with\s+)?(?P<list>{_SOME})\s*\.?\s*$",
        # byline: "By Jane Doe, Reuters", "By JANE DOE | Associated Press", "By AFP"
        rf"^(?i:by)\s+(?:[^\n,|]{{1,60}}(?:,|\||\s[-–—]\s|\s(?i:for)\s)\s*)?(?P<list>{_SOME})"
        r"(?:\s+(?i:staff|wire|news\s+agency))?\s*$",
        # Reuters-style trailer naming the agency: "Reporting by Jane Doe for Reuters"
        rf"(?i:reporting|writing)\s+(?i:by)\b[^.;)\n]{{0,120}}?\s(?i:for|of)\s+(?P<list>{_SOME})",
        # "(With inputs from Reuters)", "with additional inputs from PTI and ANI"
        rf"(?i:with\s+(?:additional\s+)?inputs?\s+from)\s+(?P<list>{_SOME})",
        # "The Associated Press contributed to this report", "AP writers ... contributed"
        rf"(?P<list>{_SOME})\s+(?i:contributed\s+(?:to\s+this|reporting)|writers?\b[^.\n]{{0,80}}"
        r"\bcontributed)",
        rf"(?i:material|information|reporting)\s+from\s+(?P<list>{_SOME})\s+(?i:was\s+used"
        r"|contributed)",
        # footer: "© 2025 Bloomberg L.P.", "Copyright 2024 The Associated Press" (a year is
        # required: "© AFP" alone is how a photo is credited)
        rf"^(?i:copyright)?\s*(?:©|\((?i:c)\)|(?i:copyright))\s*(?:©\s*)?(?:19|20)\d\d,?\s+"
        rf"(?P<list>{_SOME})",
        # "Source: Reuters" as a line of its own (an image credit says "Photo" or "Image")
        rf"^(?i:source|sources|agency)\s*:\s*(?P<list>{_SOME})\s*\.?$",
    )
)
_UNNAMED_WIRE = re.compile(
    r"\bwith\s+(?:agency\s+inputs|inputs\s+from\s+(?:news\s+|wire\s+)?agencies)\b"
    r"|\bpublished\s+from\s+an?\s+(?:wire\s+)?agency\s+feed\b"
    r"|^\W*(?:--?|[–—]|\(|with\s)\s*(?:with\s+)?agencies\W*$",
    re.IGNORECASE | re.MULTILINE,
)

_AI_NAME = (
    r"(?:an?\s+)?(?:(?-i:AI|A\.I\.)|ChatGPT|GPT[- ]?\d(?:\.\d)?o?|OpenAI|Copilot"
    r"|AI\s+(?:writer|bot|assistant|reporter|editor|desk|system|generated|newsroom)"
    r"|(?:an?\s+)?artificial\s+intelligence|automated\s+(?:writer|system|insights|reporter)"
    r"|news\s*bot|robot\s+(?:journalist|reporter))"
)
_AI_AUTHOR = re.compile(rf"^\s*{_AI_NAME}\s*$", re.IGNORECASE)
_AI_BYLINE = re.compile(
    rf"^\W*(?:by|written\s+by|generated\s+by|created\s+by|author\s*:)\s+{_AI_NAME}\W*$",
    re.IGNORECASE | re.MULTILINE,
)
_AI_TOOL = (
    r"(?:an?\s+)?(?:(?-i:AI|A\.I\.)(?:\s+tools?|\s+system|\s+model)?|artificial\s+intelligence"
    r"|generative\s+(?-i:AI)|automated\s+(?:system|process|tool)|ChatGPT|GPT-?\d"
    r"|(?:large\s+)?language\s+models?|(?-i:LLMs?)|machine\s+learning)\b"
)
_AI_VERB = (
    r"(?:generated|written|created|produced|drafted|compiled|prepared|composed|summari[sz]ed)"
)
_AI_DISCLOSURES = tuple(
    re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    for pattern in (
        # "This article was generated with the help of AI", "The story has been written
        # partly using artificial intelligence"
        rf"\b(?:this|the)\s+(?:article|story|report|text|content|summary|piece|post|news\s+item"
        rf"|write-?up)\s+(?:was|has\s+been|is|had\s+been)\s+(?:\w+\s+){{0,2}}?{_AI_VERB}"
        rf"\s+(?:\w+\s+){{0,5}}?{_AI_TOOL}",
        # a tagline line: "Generated by AI", "Written with the assistance of an AI tool."
        rf"^\W*{_AI_VERB}\s+(?:entirely\s+|partly\s+|in\s+part\s+)?(?:by|with|using)\s+"
        rf"(?:the\s+(?:help|assistance|use)\s+of\s+)?{_AI_TOOL}[^\n]{{0,80}}$",
        # "AI-generated" as a label, or "This is an AI-generated article"
        r"^\W*(?:this\s+is\s+an?\s+)?(?-i:AI)[- ](?:generated|written|assisted)"
        r"(?:\s+(?:article|story|content|report|summary|text|news))?\W*$",
        r"\bthis\s+(?:is\s+an?\s+)?(?-i:AI)[- ](?:generated|written)\s+"
        r"(?:article|story|report|summary|text|piece)\b",
        r"\bproduced\s+by\s+an?\s+automated\s+(?:system|process|tool)\b",
    )
)

_SECTION = (
    r"(?:opinions?|commentary|commentaries|editorials?|op-?eds?|analysis|columns?|columnists?"
    r"|viewpoints?|perspectives?|comment\s+is\s+free|guest\s+(?:column|essay|commentary|opinion)"
    r"|letters?\s+to\s+the\s+editor|(?:the\s+)?editorial\s+board|point\s+of\s+view|counterpoint"
    r"|our\s+view|our\s+take)"
)
_SECTION_LABEL = re.compile(rf"^\W*{_SECTION}\W*$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s[>»›]\s")
_LABEL_PREFIX = re.compile(
    r"^\W*(?:opinion|commentary|editorial|op-?ed|analysis|comment|column|view|letter)"
    r"\s*(?:[:|–—]|-(?=\s|(?-i:[A-Z])))\s*\S",
    re.IGNORECASE,
)
_OUR_VIEW_HEADING = re.compile(
    r"^\W*(?:(?:our|my)\s+(?:take|view|verdict|opinion|perspective|position|thoughts|two\s+cents"
    r"|assessment)|[A-Z][\w&.'’\- ]{0,40}(?:'s|’s)\s+(?:two\s+cents|verdict)"
    r"|editor(?:'s|’s)\s+(?:take|view|verdict|opinion)|what\s+we\s+think|where\s+we\s+stand"
    r"|why\s+we\s+(?:think|believe|say))\W*$",
    re.IGNORECASE,
)
_OPINION_TEXT = re.compile(
    r"\bviews?\s+(?:and\s+opinions?\s+)?expressed\s+(?:\w+\s+){0,5}?(?:are|is)\s+(?:solely\s+"
    r"|entirely\s+)?(?:those\s+of\s+the\s+(?:author|writer|contributor|columnist)s?"
    r"|the\s+(?:author|writer|contributor|columnist)(?:'s|s'|’s)\s+own|(?:his|her|their)\s+own)"
    r"|\bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)\s+the\s+(?:\w+\s+){0,2}?"
    r"(?:views?|position|opinions?|editorial\s+(?:policy|line|stance))\s+of\b"
    r"|^\W*the\s+(?:writer|author|columnist)\s+is\s+(?:an?|the)\s"
    r"|\bthis\s+is\s+an?\s+opinion\s+(?:piece|column|article|essay)\b",
    re.IGNORECASE | re.MULTILINE,
)

_ANONYMOUS = re.compile(
    r"\b(?:person|people|sources?|officials?|diplomats?|insiders?|individuals?|aides?|someone"
    r"|negotiators?)\b[^.\n]{0,40}?\bfamiliar\s+with\s+(?:the|these|those|this|his|her|their|its"
    r"|[\w-]+(?:'s|’s))\s+(?:[\w-]+\s+){0,2}?(?:matter|talks|negotiations|discussions|situation"
    r"|plans?|deliberations|thinking|decision|issue|conversations?|process|proposals?|drafts?"
    r"|details|documents?|case|meetings?|contacts|exchanges|deal|agreement|investigation|report"
    r"|position|request|arrangements?|efforts?|call|visit|offer|terms)\b"
    r"|\bon\s+(?:the\s+)?condition\s+(?:of\s+)?anonymity\b"
    r"|\b(?:asked|requested|wished|wanted|preferred)\s+not\s+to\s+be\s+(?:named|identified)\b"
    r"|\b(?:declined|refused)\s+to\s+be\s+(?:named|identified)\b"
    r"|\b(?:requested|granted|demanded|insisted\s+on)\s+anonymity\b"
    r"|\bspo(?:ke|king)\s+(?:anonymously|on\s+background)\b"
    r"|\bnot\s+authori[sz]ed\s+to\s+(?:speak|talk|comment)\s+(?:publicly|on\s+the\s+record"
    r"|to\s+the\s+(?:media|press))\b"
    r"|\b(?:unnamed|anonymous|unidentified)\s+(?:[\w-]+\s+)?(?:sources?|officials?|diplomats?"
    r"|insiders?|people|persons?)\b"
    r"|(?<!-)\bsources?(?:\s+[\w-]+){0,6}?\s+(?:said|say|says|told|added|confirmed|claimed"
    r"|revealed|indicated|suggested)\b"
    r"|\baccording\s+to\s+(?:[\w-]+\s+){0,3}?sources?\b",
    re.IGNORECASE,
)
_HEADING_WORDS = 10

# Cheap literal cues: the long alternations above run only on lines holding one, which
# makes flagging a 5,000-word article several times faster.
_ANONYMOUS_CUE = re.compile(r"familiar|anonym|named|identified|source|authori[sz]ed", re.I)
_OPINION_TEXT_CUE = re.compile(r"expressed|necessarily|writer|author|columnist|opinion", re.I)
_UNNAMED_WIRE_CUE = re.compile(r"agenc", re.I)


def document_flags(
    text: str, *, removed_text: str = "", author: str | None = None, title: str | None = None
) -> tuple[str, ...]:
    """Sorted flags among ``ai_generated``, ``opinion``, ``wire:<agency>``, ``anonymous_source``.

    ``text`` is the cleaned body; ``removed_text`` what cleaning took out, where bylines,
    credits and disclosures usually are; ``author`` and ``title`` as found in the metadata.

    >>> document_flags("GENEVA (Reuters) - Talks resumed, a person familiar with the talks said.")
    ('anonymous_source', 'wire:reuters')
    """
    everything = f"{text}\n{removed_text}"
    flags: set[str] = {f"wire:{agency}" for agency in _wire_agencies(everything, author)}
    if _ai_generated(everything, author):
        flags.add("ai_generated")
    if _opinion(text, removed_text, title):
        flags.add("opinion")
    if _search(_ANONYMOUS, text, cue=_ANONYMOUS_CUE):
        flags.add("anonymous_source")
    return tuple(sorted(flags))


def _search(pattern: re.Pattern[str], text: str, *, cue: re.Pattern[str]) -> bool:
    """``pattern.search`` over the lines that hold ``cue`` (no pattern here spans lines)."""
    if not cue.search(text):
        return False
    return any(pattern.search(line) for line in text.splitlines() if cue.search(line))


def _wire_agencies(text: str, author: str | None) -> set[str]:
    found: set[str] = set()
    sources = [text] if not author else [text, f"By {author}"]
    for source in sources:
        for pattern in _WIRE_CREDITS:
            for match in pattern.finditer(source):
                found.update(_agencies_in(match["list"]))
    if _search(_UNNAMED_WIRE, text, cue=_UNNAMED_WIRE_CUE):
        found.add("agencies")
    return found


def _agencies_in(credit: str) -> Iterable[str]:
    for match in re.finditer(_ONE, credit):
        name = re.sub(r"^The\s+", "", match[0])
        yield _NAME_TO_AGENCY[name]


def _ai_generated(text: str, author: str | None) -> bool:
    if author and _AI_AUTHOR.match(author):
        return True
    if _AI_BYLINE.search(text):
        return True
    return any(pattern.search(text) for pattern in _AI_DISCLOSURES)


def _opinion(text: str, removed_text: str, title: str | None) -> bool:
    """Opinion by label, heading or disclaimer; menus and teasers for other pages are not.

    A page's menu lists "Opinion" among its sections and its teasers may open with
    "Analysis:", so a label counts only as this article's own: in the title, in a breadcrumb,
    on a line of its own that is not part of a run of menu items, or (a label prefix) on one
    of the first lines of the body.
    """
    if title and (_LABEL_PREFIX.match(title) or _SECTION_LABEL.match(title)):
        return True
    if _search(_OPINION_TEXT, f"{text}\n{removed_text}", cue=_OPINION_TEXT_CUE):
        return True
    if any(_LABEL_PREFIX.match(line) for index, line in _short_lines(text) if index < 3):
        return True
    return _has_section_heading(text) or _has_section_heading(removed_text)


def _has_section_heading(text: str) -> bool:
    lines = [line.strip().strip("*#_ ") for line in text.splitlines()]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        if _BREADCRUMB.search(line) and len(line.split()) <= _HEADING_WORDS:
            if any(_SECTION_LABEL.match(part) for part in _BREADCRUMB.split(line)):
                return True
        elif _SECTION_LABEL.match(line) or _OUR_VIEW_HEADING.match(line):
            neighbours = lines[max(0, index - 1) : index] + lines[index + 1 : index + 2]
            if not any(_is_menu_item(other) for other in neighbours):
                return True
    return False


def _is_menu_item(line: str) -> bool:
    """The shape of a menu entry: short with no sentence end, another section, "Menu"."""
    if _SECTION_LABEL.match(line) or re.search(r"\bmenu\b", line, re.IGNORECASE):
        return True
    return len(line.split()) <= 3 and not line.endswith((".", "!", "?", '"', "”"))


def _short_lines(text: str) -> list[tuple[int, str]]:
    """(index among non-empty lines, line) for the heading-sized lines of ``text``."""
    lines = [line.strip().strip("*#_ ") for line in text.splitlines()]
    lines = [line for line in lines if line]
    return [
        (index, line)
        for index, line in enumerate(lines)
        if len(line.split()) <= _HEADING_WORDS and not line.endswith((".", "?", "!"))
    ]
