"""Find reported speech in the dependency tree: indirect and mixed quotes.

A reporting verb's content is, in this order of preference:

* its clausal complement, "that" included ("Doe said that the talks had stalled"), whether it
  comes after the verb or before it ("The talks have stalled, Doe said");
* the clause it interrupts ("The talks, Doe said, have stalled"), as two parts;
* for verbs that take their content as an object or an infinitive, that object or infinitive
  ("denied the report", "accused the union of stalling", "vowed to fight on", "called for a
  ceasefire").

"According to X" makes X the source and the rest of its clause the content. Stance verbs
("believe", "show") count only with a clause, so "she showed the photo" is not a quote.
A content containing quoted words is ``mixed``; one that is exactly a quoted passage is
``direct`` (a quote the direct finder could not frame, such as "Doe said “We will win.”").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from spacy.tokens import Doc, Token

from communique.annotate.quotes_lexicon import (
    CLAUSE_ONLY_VERBS,
    CONDITIONAL_MARKS,
    INFINITIVE_VERBS,
    NAMING_VERBS,
    OBJECT_VERBS,
    OPEN_CONDITIONAL_MARKS,
    PREPOSITION_CUES,
    QUOTE_CHARS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TOPIC_VERBS,
)
from communique.annotate.quotes_marks import QuotedSpan
from communique.annotate.quotes_tree import (
    Found,
    Kind,
    char_runs,
    cue_range,
    is_according,
    is_reporting_verb,
    names_speaker,
    source_range,
    subject_of,
)
from communique.annotate.ranges import RangeIndex

__all__ = ["find_indirect"]

_CLAUSE_DEPS: Final = frozenset({"ccomp"})
_VERBAL: Final = frozenset({"VERB", "AUX"})
_LINE: Final = re.compile(r"^[ \t]*([^\n:]{2,60}?)[ \t]*:[ \t]+(\S[^\n]*)$", re.MULTILINE)
_MIN_LINE_WORDS: Final = 3
_WORDS: Final = re.compile(r"[^\W\d_]+")
_EDGE: Final = QUOTE_CHARS | frozenset(",.;:!?—–-…")


def _subtrees(tokens: Iterable[Token]) -> set[int]:
    return {t.i for tok in tokens for t in tok.subtree}


def _object_content(verb: Token, cue_last: int) -> set[int]:
    """Object, infinitive or prepositional content for the verbs that take one."""
    lemma = verb.lemma_.lower()
    preps = PREPOSITION_CUES.get(lemma, frozenset())
    picked: list[Token] = []
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative", "intj") and lemma in OBJECT_VERBS:
            picked.append(child)
        elif child.dep_ == "xcomp" and lemma in INFINITIVE_VERBS:
            if lemma in OBJECT_VERBS or not picked:
                picked.append(child)
        elif child.dep_ == "prep" and child.lower_ in preps:
            if child.i <= cue_last:  # the preposition is part of the cue: its object is content
                picked.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
            elif lemma in OBJECT_VERBS:
                picked.append(child)
    return _subtrees(picked)


def _naming_content(verb: Token, cue_last: int) -> set[int]:
    """ "called the offer “insulting”": the object and what it is called."""
    objects = [c for c in verb.rights if c.dep_ == "dobj"]
    if not objects or cue_last > verb.i:
        return set()
    complements = [
        c
        for c in verb.rights
        if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    return _subtrees(objects + complements) if complements else set()


_TIME_LABELS: Final = frozenset({"DATE", "TIME"})


def _leading_time(verb: Token, clause: Token) -> set[int]:
    """ "told reporters Friday he would sign": a time word right after the verb (and its
    object) that opens a clause without "that" dates the telling, whatever head the parse
    gave it; after "that" ("said that on Friday he would sign") it is part of what was said."""
    if clause.i < verb.i or any(c.dep_ == "mark" for c in clause.children):
        return set()
    for child in clause.lefts:
        if child.left_edge.i != clause.left_edge.i:
            break  # only the clause's first words
        if child.dep_ in ("npadvmod", "tmod") and child.ent_type_ in _TIME_LABELS:
            return {t.i for t in child.subtree}
        break
    return set()


def _as_clause_reports(verb: Token) -> Token:
    """What an "as" clause of speech reports: set off at either end of its sentence ("As Doe
    said, …"; "…, with Roe leading the team, as Doe announced"), the whole sentence, wherever
    the parser hung it; inside the sentence, the clause it hangs on."""
    sent = verb.sent
    first, last = verb.left_edge.i, verb.right_edge.i
    while last + 1 < sent.end and verb.doc[last + 1].is_punct:
        last += 1
    opens = first == sent.start
    closes = last == sent.end - 1 and first > sent.start and verb.doc[first - 1].text == ","
    return sent.root if opens or closes else verb.head


def _verb_content(verb: Token, cue_last: int, *, quoted: set[int]) -> set[int]:
    """What ``verb`` reports; ``quoted`` are the tokens inside quotation marks, which alone
    make a topic verb's object ("mentioned the plan") a report of someone's words."""
    lemma = verb.lemma_.lower()
    if lemma in NAMING_VERBS:
        named = _naming_content(verb, cue_last)
        if named:
            return named
    clauses = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
    if clauses:
        # "said that A, but that B": B hangs from the verb, yet is said too
        clauses += [
            c
            for c in verb.rights
            if c.dep_ == "conj" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ]
        return _subtrees(clauses) - _leading_time(verb, clauses[0])
    if lemma in CLAUSE_ONLY_VERBS and lemma not in SPEECH_VERBS:
        return set()
    if verb.dep_ == "parataxis" and verb.head.pos_ in _VERBAL:
        return {t.i for t in verb.head.subtree} - {t.i for t in verb.subtree}
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        if subject_of(verb) is None:
            return set()  # "…, as agreed before": an agreement recalled, no one's words
        told = _as_clause_reports(verb)  # "As Doe said, …", "…, as Doe announced"
        return {t.i for t in told.subtree} - {t.i for t in verb.subtree}
    content = _object_content(verb, cue_last)
    if lemma in TOPIC_VERBS:
        if not content:
            return content  # "a tax, referred to as a “levy”": a passive names, no one speaks
        # "referred to the plan as “a trap”": what it was called is said with the object
        content |= _subtrees(c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as")
        if not content & quoted:
            return set()
    return content


def _according_content(token: Token) -> tuple[set[int], Token | None]:
    """The clause around "according to X", and X."""
    to = token.doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in token.children if c.dep_ == "pobj"
    ]
    head = token.head
    while head.pos_ not in _VERBAL and head.dep_ != "ROOT" and head.head is not head:
        head = head.head
    if head is token:
        return set(), None
    content = {t.i for t in head.subtree} - {t.i for t in token.subtree}
    return content, (objects[0] if objects else None)


def _core(text: str, a: int, b: int) -> tuple[int, int]:
    """A range without its edge spaces, punctuation and quotation marks, for comparing."""
    while a < b and (text[a].isspace() or text[a] in _EDGE):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE):
        b -= 1
    return a, b


def _in_source(token: Token) -> tuple[set[int], Token | None]:
    """ "In a poll released Monday, 40 percent backed the deal": 'in' + a source noun, on a verb
    that does not report by itself (else "said in a statement" would count twice)."""
    objects = [c for c in token.children if c.dep_ == "pobj"]
    head = token.head
    if (
        token.dep_ != "prep"
        or not objects
        or objects[0].lemma_.lower() not in SOURCE_NOUNS
        or head.pos_ not in _VERBAL
        or is_reporting_verb(head)
    ):
        return set(), None
    after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
    if token.i != token.sent.start or after is None or after.text != ",":
        return set(), None  # only a fronted "In a poll …, …" reads as a source
    content = {t.i for t in head.subtree} - {t.i for t in token.subtree}
    return content, objects[0]


class _Passages:
    """The quoted passages, indexed once per document: by their trimmed extent (is a content
    exactly one passage?) and by range (does a content hold quoted words?)."""

    def __init__(self, text: str, spans: list[QuotedSpan]) -> None:
        self.by_core: dict[tuple[int, int], QuotedSpan] = {}
        for s in spans:
            self.by_core.setdefault(_core(text, s.start, s.end), s)  # the first one wins
        self.marks = RangeIndex((s.open, s.close) for s in spans)


def _kind(
    text: str, runs: list[tuple[int, int]], passages: _Passages
) -> tuple[Kind, list[tuple[int, int]]]:
    """Direct when the content is one whole quoted passage, mixed when it holds quoted words."""
    if len(runs) == 1:
        whole = passages.by_core.get(_core(text, *runs[0]))
        if whole is not None:
            return "direct", [whole.content]
    if any(passages.marks.overlaps(a, b) for a, b in runs):
        return "mixed", runs
    return "indirect", runs


def _drop_trailing_aside(doc: Doc, content: set[int]) -> set[int]:
    """Without a trailing clause set off by a comma or dash: an aside by the writer (", who …")
    or a second attribution (", saying …", "— adding …") rather than part of this content."""
    if not content:
        return content
    end = max(content)
    for i in sorted(content):
        tok = doc[i]
        aside = tok.dep_ == "relcl" or (tok.dep_ == "advcl" and is_reporting_verb(tok))
        if (
            aside
            and tok.right_edge.i == end
            and tok.left_edge.i > min(content)
            and doc[tok.left_edge.i - 1].text in (",", "—", "–", "-")
        ):
            return content - set(range(tok.left_edge.i - 1, end + 1))
    return content


def _build(
    doc: Doc,
    text: str,
    cue: Token,
    content: set[int],
    subject: Token | None,
    passages: _Passages,
) -> Found | None:
    first, last = cue_range(cue)
    source = source_range(subject) if subject is not None else None
    content -= set(range(first, last + 1))
    content = _drop_trailing_aside(doc, content)
    if source is not None:
        content -= set(range(source[0], source[1] + 1))
    runs = char_runs(doc, content)
    if not runs:
        return None
    kind, runs = _kind(text, runs, passages)
    return Found(
        cue=(first, last),
        cue_head=cue.i,
        source=source,
        source_head=subject.i if subject is not None and source is not None else None,
        contents=tuple(runs),
        kind=kind,
    )


# Verbs whose -ing complement did not happen: "denied acknowledging", "avoided saying",
# "refrained from commenting" (general English).
_WITHHOLDING_VERBS: Final = frozenset(
    {"deny", "avoid", "refuse", "decline", "refrain", "stop", "fail", "cease", "omit"}
)


def _withheld(verb: Token) -> bool:
    """ "denied acknowledging the claim": speech a withholding verb says was not made."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("xcomp", "pcomp", "dobj", "ccomp"):
        return False
    head = verb.head
    if head.dep_ == "prep" and head.head is not head:
        head = head.head  # "refrained from commenting", "stopped short of saying"
    # "did not stop saying": withholding denied, the speech was made
    negated = any(c.dep_ == "neg" for c in head.children)
    return head.lemma_.lower() in _WITHHOLDING_VERBS and not negated


def _hypothetical(verb: Token) -> bool:
    """ "refused to confirm", "will decide", "could say": speech that has not happened."""
    return any(
        c.dep_ == "aux" and (c.tag_ in ("TO", "MD") or c.lower_ == "to") for c in verb.children
    )


_SHARES_SUBJECT: Final = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_MEANS_PREPOSITIONS: Final = frozenset({"by", "through", "via"})


def _means_of_hypothetical(verb: Token) -> bool:
    """ "aims to shame them by portraying them as cheats": speech that is only the means of
    an aim ("by portraying" under "to shame") has not happened either. Climbs the verbs that
    share their subject with the one above them, up to the first with a subject of its own;
    only a means ("by", "through" + -ing) counts: "plans to go and say" is reported as said,
    as annotators of reported speech mark it."""
    means = False
    for _ in range(6):  # a bounded climb: the chains of real sentences are short
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
            return False
        if verb.dep_ not in _SHARES_SUBJECT or verb.head is verb:
            return False
        head = verb.head
        if head.dep_ == "prep" and head.head is not head:
            means = means or head.lower_ in _MEANS_PREPOSITIONS
            head = head.head  # "by portraying", "after saying"
        if means and head.pos_ in _VERBAL and _hypothetical(head):
            return True
        verb = head
    return False


def _conditional(verb: Token) -> bool:
    """ "… ready to meet if they confirm a ceasefire": a verb in a condition (or in a clause
    joined to one, "if they confirm and sign") states what would have to be said, not what
    was; "until"/"once" make a condition only of speech yet to come."""
    # a conjunct shares the condition only in the same verb form: in "predict growth if
    # Congress passes it and urged lawmakers to act" the parse joined two different clauses
    while verb.dep_ == "conj" and verb.head is not verb and verb.head.tag_ == verb.tag_:
        verb = verb.head
    for mark in verb.children:
        if mark.dep_ != "mark":
            continue
        word = mark.lower_
        if word in CONDITIONAL_MARKS:
            return True
        if word in OPEN_CONDITIONAL_MARKS and verb.tag_ not in ("VBD", "VBN"):
            return True
    return False


def _quoted_tokens(doc: Doc, spans: list[QuotedSpan]) -> set[int]:
    """Indexes of the tokens inside quoted passages: speech reported within a quote is the
    quoted speaker's, not a new attribution."""
    inside: set[int] = set()
    for s in spans:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _colon_lines(doc: Doc, text: str, passages: _Passages, used: set[int]) -> list[Found]:
    """Headline and transcript lines, "Doe: Talks will resume" / "DOE: We are ready": a short
    name before a colon at the start of a line is the source, the rest of the line the content."""
    out: list[Found] = []
    for line in _LINE.finditer(text):
        prefix = doc.char_span(line.start(1), line.end(1), alignment_mode="contract")
        colon = doc.char_span(line.end(1), line.end(1) + 1, alignment_mode="expand")
        if prefix is None or colon is None or len(prefix) == 0 or colon.start in used:
            continue
        if not names_speaker(prefix):
            continue
        runs = [_core(text, line.start(2), line.end(2))]
        if len(_WORDS.findall(text[runs[0][0] : runs[0][1]])) < _MIN_LINE_WORDS:
            continue
        kind, runs = _kind(text, runs, passages)
        out.append(
            Found(
                (colon.start, colon.start),
                colon.start,
                (prefix.start, prefix.end - 1),
                prefix.root.i,
                tuple(runs),
                kind,
            )
        )
    return out


def find_indirect(
    doc: Doc, spans: list[QuotedSpan], *, used: set[int], text: str | None = None
) -> list[Found]:
    """Reported speech around every reporting verb not already a direct quote's cue.

    ``spans`` are the document's quoted passages: verbs inside them (speech reported within a
    quote) are skipped, and they decide whether a content is mixed.
    """
    text = doc.text if text is None else text  # spaCy rebuilds doc.text on every access
    passages = _Passages(text, spans)
    out = _colon_lines(doc, text, passages, used)
    quoted = _quoted_tokens(doc, spans)
    for token in doc:
        if token.i in used or token.i in quoted or token.text in QUOTE_CHARS:
            continue
        if is_according(token):
            content, subject = _according_content(token)
        elif token.lower_ == "in":
            content, subject = _in_source(token)
        elif is_reporting_verb(token) and not (
            _hypothetical(token)
            or _conditional(token)
            or _means_of_hypothetical(token)
            or _withheld(token)
        ):
            content = _verb_content(token, cue_range(token)[1], quoted=quoted)
            subject = subject_of(token)
        else:
            continue
        if content:
            found = _build(doc, text, token, content, subject, passages)
            if found is not None:
                out.append(found)
    return out
