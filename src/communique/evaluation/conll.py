"""Read CoNLL-2003 NER files and score entity spans the way ``conlleval`` does.

A file holds one token per line (``token POS chunk NER``), a blank line between sentences and
``-DOCSTART-`` between documents. Scoring is entity-level and exact: a predicted entity counts
only when its start, end and type all equal a gold one; precision, recall and F1 are micro
averages over all entities, and per type.

spaCy's OntoNotes labels map onto CoNLL's four types with :data:`SPACY_TO_CONLL` (PERSON->PER,
ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/WORK_OF_ART/LAW/LANGUAGE/PRODUCT->MISC; dates, numbers and
the like are dropped, as CoNLL does not annotate them).

Example::

    sentences = read_conll(path, limit=300)
    predicted = predict_spans(nlp, sentences)
    print(score_spans([s.spans for s in sentences], predicted).overall.f1)
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc

from communique.annotate.entities import find_mentions
from communique.errors import MalformedInput, UnreadableInput

__all__ = [
    "CONLL_TYPES",
    "SPACY_TO_CONLL",
    "EntitySpan",
    "NerScore",
    "Sentence",
    "TypeScore",
    "predict_spans",
    "read_conll",
    "score_spans",
    "spans_from_tags",
]

EntitySpan = tuple[int, int, str]
"""(first token, end token exclusive, CoNLL type)."""

CONLL_TYPES: Final = ("LOC", "MISC", "ORG", "PER")
SPACY_TO_CONLL: Final[Mapping[str, str]] = MappingProxyType(
    {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "MISC",
        "EVENT": "MISC",
        "WORK_OF_ART": "MISC",
        "LAW": "MISC",
        "LANGUAGE": "MISC",
        "PRODUCT": "MISC",
    }
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One gold sentence: its tokens, their NER tags, and which document it belongs to."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    document: int

    @property
    def spans(self) -> list[EntitySpan]:
        return spans_from_tags(self.tags)


def read_conll(path: Path, *, limit: int | None = None) -> list[Sentence]:
    """Sentences of a CoNLL-2003 file (the last column is the tag), at most ``limit``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UnreadableInput(str(path), f"cannot read the CoNLL file: {exc}") from exc
    sentences: list[Sentence] = []
    for sentence in _sentences(lines, source=str(path)):
        if limit is not None and len(sentences) >= limit:
            break
        sentences.append(sentence)
    return sentences


def _sentences(lines: Iterable[str], *, source: str) -> Iterator[Sentence]:
    tokens: list[str] = []
    tags: list[str] = []
    document = 0
    for number, line in enumerate(lines, 1):
        columns = line.split()
        if columns and columns[0] == "-DOCSTART-":
            document += 1
            continue
        if not columns:
            if tokens:
                yield Sentence(tuple(tokens), tuple(tags), document)
            tokens, tags = [], []
            continue
        if len(columns) < 2 or not _is_tag(columns[-1]):
            raise MalformedInput(source, f"line {number}: expected 'token ... TAG', got {line!r}")
        tokens.append(columns[0])
        tags.append(columns[-1])
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags), document)


def _is_tag(tag: str) -> bool:
    return tag == "O" or (len(tag) > 2 and tag[0] in "BIES" and tag[1] == "-")


def spans_from_tags(tags: Sequence[str]) -> list[EntitySpan]:
    """Entity spans from IOB1, IOB2 or IOBES tags, with conlleval's chunk boundaries.

    An ``I-`` that follows ``O`` or another type opens a new entity, as in conlleval.
    """
    spans: list[EntitySpan] = []
    start: int | None = None
    current = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, kind = (tag[0], tag[2:]) if tag != "O" else ("O", "")
        opens = prefix in "BS" or (prefix in "IE" and kind != current)
        if start is not None and (prefix == "O" or opens):
            spans.append((start, i, current))
            start, current = None, ""
        if prefix != "O" and start is None:
            start, current = i, kind
        if prefix in "ES" and start is not None:
            spans.append((start, i + 1, current))
            start, current = None, ""
    return spans


@dataclass(frozen=True, slots=True)
class TypeScore:
    """Counts and rates (in percent, as conlleval prints them) for one type or overall."""

    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return 100.0 * self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class NerScore:
    overall: TypeScore
    by_type: Mapping[str, TypeScore]


def score_spans(
    gold: Sequence[Sequence[EntitySpan]], predicted: Sequence[Sequence[EntitySpan]]
) -> NerScore:
    """Exact-match entity scores; ``gold[i]`` and ``predicted[i]`` are one sentence's spans."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_correct: Counter[str] = Counter()
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_set, pred_set = set(gold_spans), set(pred_spans)
        n_gold.update(kind for _, _, kind in gold_set)
        n_pred.update(kind for _, _, kind in pred_set)
        n_correct.update(kind for _, _, kind in gold_set & pred_set)
    kinds = sorted(set(n_gold) | set(n_pred))
    by_type = {k: TypeScore(n_gold[k], n_pred[k], n_correct[k]) for k in kinds}
    overall = TypeScore(n_gold.total(), n_pred.total(), n_correct.total())
    return NerScore(overall, MappingProxyType(by_type))


def predict_spans(
    nlp: Language,
    sentences: Sequence[Sentence],
    *,
    mentions: bool = False,
    by_document: bool = False,
    batch_size: int = 64,
) -> list[list[EntitySpan]]:
    """Run ``nlp`` on the gold tokens (so spans align exactly) and map the labels to CoNLL's.

    With ``mentions`` the spans are communique's :func:`find_mentions` (cleaned, relabelled,
    with missed names added) instead of the model's raw entities. With ``by_document`` each
    CoNLL document is parsed as one text, as articles are in production, so a surname can be
    recognised from the full name given earlier; entities crossing a sentence break are dropped.
    """
    groups = _groups(sentences, by_document=by_document)
    docs = (_gold_doc(nlp, [sentences[i] for i in group]) for group in groups)
    predicted: list[list[EntitySpan]] = [[] for _ in sentences]
    for group, doc in zip(groups, nlp.pipe(docs, batch_size=batch_size), strict=True):
        starts = [0]
        for i in group:
            starts.append(starts[-1] + len(sentences[i].tokens))
        for start, end, label in _mention_spans(doc) if mentions else _ent_spans(doc):
            where = bisect_right(starts, start) - 1
            if label in SPACY_TO_CONLL and end <= starts[where + 1]:
                offset = starts[where]
                predicted[group[where]].append(
                    (start - offset, end - offset, SPACY_TO_CONLL[label])
                )
    return predicted


def _groups(sentences: Sequence[Sentence], *, by_document: bool) -> list[list[int]]:
    if not by_document:
        return [[i] for i in range(len(sentences))]
    groups: list[list[int]] = []
    for i, sentence in enumerate(sentences):
        if groups and sentences[groups[-1][0]].document == sentence.document:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _gold_doc(nlp: Language, sentences: Sequence[Sentence]) -> Doc:
    """A Doc over the gold tokens with the gold sentence breaks preset."""
    words = [w for s in sentences for w in s.tokens]
    sent_starts: list[bool | int | None] = [j == 0 for s in sentences for j in range(len(s.tokens))]
    return Doc(nlp.vocab, words=words, sent_starts=sent_starts)


def _ent_spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _mention_spans(doc: Doc) -> list[tuple[int, int, str]]:
    spans = []
    for mention in find_mentions(doc):
        span = doc.char_span(mention.start, mention.end)
        if span is not None:
            spans.append((span.start, span.end, mention.label))
    return spans
