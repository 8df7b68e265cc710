"""Remove page furniture from article text that was scraped as plain text.

Scraped text keeps what surrounded the article on the page: menus, share and follow prompts,
photo captions and credits, "Also read" teasers, comment counters, cookie notices, a title
printed twice.  Nothing here knows any outlet: every decision comes from features of the line
itself (length, sentence shape, function words, capitalisation, cue words, bullets), from its
neighbours (the main block of running prose, duplicates in the same text) and, when the caller
has it, from lines the same outlet repeats across its other documents.

The remover is a cascade, read top to bottom in :func:`strip_boilerplate`:

1. describe each line (:class:`~communique.clean.boilerplate_lines.Line`) and tag unmistakable
   furniture from cue features;
2. find the main block of running prose (the maximum-sum run of line scores);
3. pick the title just above that block and keep the standfirst between them;
4. inside the block, drop tagged lines, teasers and captions repeated from the body;
5. drop everything outside the block except the title.

Every removed line is returned with a short reason, so a user can see what went and why.

Stage 1 (line features and self-evident furniture) is in
:mod:`communique.clean.boilerplate_lines`; this module holds stages 2 to 5.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from communique.clean.boilerplate_lines import (
    FUNCTION_WORDS,
    WORD,
    Line,
    describe,
    line_key,
    tag_all,
)
from communique.models import RemovedLine

__all__ = ["CleanText", "line_key", "strip_boilerplate"]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article text left after furniture removal, with what was removed and why."""

    text: str
    removed: tuple[RemovedLine, ...]
    title: str | None


# --- stage 2: the main block of running prose -------------------------------------------------
# Furniture that separates items (stories, comments) rather than decorating one article.
_BARRIERS = frozenset({"related", "legal", "cookie", "share", "promo", "comments", "dateline"})
# Furniture that sits inside an article between its paragraphs.
_INLINE = frozenset({"ad", "caption", "credit", "widget"})


def _line_score(line: Line, tag: str | None, vocabulary: frozenset[str]) -> float:
    """Evidence that a line belongs to the article body; furniture counts against."""
    if tag is not None:
        return -8.0 if tag in _BARRIERS else -3.0
    cohesion = _cohesion(line, vocabulary)
    if line.prose:
        # Summaries cut short by a teaser box end without a full stop.
        return line.words * cohesion * (1.0 if line.sentence_end else 0.5)
    if line.sentence_end and line.words >= 5:
        return line.words / 2 * cohesion
    # A full headline sharing nothing with the article heads another story; a short subhead
    # may well name something new.
    return -3.0 if line.words >= 6 and cohesion <= _COHESION_FLOOR else -1.0


def _max_run(scores: Sequence[float]) -> tuple[int, int, float]:
    """The run with the largest total score (Kadane): ``(start, end, total)``, end inclusive."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return (*best_span, best) if best > 0 else (0, -1, 0.0)


_COMMENTS_AFTER_WORDS = 20
_COMMENTS_LOOKAHEAD = 15


def _main_block(lines: Sequence[Line], tags: Sequence[str | None]) -> tuple[int, int]:
    """The body: the best-scoring run of lines, ``(start, end)`` inclusive.

    Articles are contiguous prose with a few short lines inside; menus, teasers and footers
    are runs of short or tagged lines around it.  Each prose line is weighed by how much it
    shares the words of the document's core (its densest run of paragraphs), so teaser
    summaries of other stories, disclaimers and footers weigh little.

    Text that is nearly all prose is an article scraped on its own, not a page dump: there a
    lone paragraph after a teaser line is the article's end, so neither weighting applies.
    """
    if _prose_share(lines, tags) >= _ARTICLE_ONLY:
        start, end = _best_run(lines, tags, frozenset(), isolation=False)
    else:
        start, end = _best_run(lines, tags, _core_vocabulary(lines, tags), isolation=True)
    return start, _bridge(lines, tags, end)


def _bridge(lines: Sequence[Line], tags: Sequence[str | None], end: int) -> int:
    """Carry the body over single furniture lines ("Also read: ...", an ad) to the paragraphs
    after them.  One line does not end an article; teaser lists are separated by several
    (headline, name, date), and reader comments are never crossed."""
    seen = {lines[i].key for i in range(end + 1)}

    def paragraph(i: int) -> bool:
        line = lines[i]
        return tags[i] is None and line.prose and line.sentence_end and line.key not in seen

    i = end + 1
    while i < len(lines):
        if paragraph(i):
            step = 1
        elif tags[i] not in (None, "comments") and i + 1 < len(lines) and paragraph(i + 1):
            step = 2
        else:
            break
        end = i + step - 1
        seen.add(lines[end].key)
        i += step
    return end


_ARTICLE_ONLY = 0.8


def _prose_share(lines: Sequence[Line], tags: Sequence[str | None]) -> float:
    total = sum(line.words for line in lines)
    prose = sum(
        line.words for line, tag in zip(lines, tags, strict=True) if tag is None and line.prose
    )
    return prose / total if total else 0.0


_CORE_GAP = -40.0
_CORE_BARRIER = -100.0


def _core_vocabulary(lines: Sequence[Line], tags: Sequence[str | None]) -> frozenset[str]:
    """Content words of the densest run of paragraphs.

    Paragraphs of an article follow one another, with at most a subhead or an inline ad
    between them; teasers alternate headline, name, date and summary.  So the best run in
    which every non-prose line costs dearly is the article's core, and its words its topic.
    """
    scores: list[float] = []
    for line, tag in zip(lines, tags, strict=True):
        if tag is not None:
            scores.append(0.0 if tag in _INLINE else _CORE_BARRIER)
        else:
            scores.append(float(line.words) if line.prose else _CORE_GAP)
    for i in _isolated_prose(lines, tags):
        scores[i] *= _ISOLATED
    start, end, _ = _max_run(scores)
    return frozenset(
        w for i in range(start, end + 1) if tags[i] is None for w in _content_words(lines[i])
    )


def _best_run(
    lines: Sequence[Line],
    tags: Sequence[str | None],
    vocabulary: frozenset[str],
    *,
    isolation: bool,
) -> tuple[int, int]:
    """The best run of line scores, stopping before reader comments.

    Comments are prose too and can outweigh a short article, but they come after it: when a
    comment section opens after some prose, the best run before it wins.
    """
    scores = [_line_score(line, tag, vocabulary) for line, tag in zip(lines, tags, strict=True)]
    for i in _isolated_prose(lines, tags) if isolation else ():
        scores[i] *= _ISOLATED
    seen: set[str] = set()
    for i, line in enumerate(lines):
        # Teaser lists repeat on a page (top, side, foot); an article paragraph does not.
        if line.prose and line.key in seen:
            scores[i] = -3.0
        seen.add(line.key)
    start, end, _ = _max_run(scores)
    cut = _comment_section(lines, tags)
    if cut is not None and end >= cut:
        early_start, early_end, early_total = _max_run(scores[:cut])
        if early_total > 0:
            return early_start, early_end
    return start, end


_ISOLATED = 0.5


def _isolated_prose(lines: Sequence[Line], tags: Sequence[str | None]) -> list[int]:
    """Prose lines with no prose next to them (inline furniture skipped): the shape of a
    teaser summary between a headline and a date, rarer in an article's run of paragraphs."""
    flow = [i for i, tag in enumerate(tags) if tag not in _INLINE]
    isolated = []
    for pos, i in enumerate(flow):
        if tags[i] is not None or not lines[i].prose:
            continue
        around = [flow[j] for j in (pos - 1, pos + 1) if 0 <= j < len(flow)]
        if not any(tags[j] is None and lines[j].prose for j in around):
            isolated.append(i)
    return isolated


def _content_words(line: Line) -> set[str]:
    return {
        w
        for w in (m.casefold() for m in WORD.findall(line.text))
        if len(w) >= 3 and w not in FUNCTION_WORDS
    }


def _comment_section(lines: Sequence[Line], tags: Sequence[str | None]) -> int | None:
    """Where reader comments begin: a comments marker after some prose whose next lines, before
    any prose, hold the head of a comment (a handle, a date).  A counter beside the byline is
    followed by the article itself, so it is not one."""
    prose_words = 0
    for i, line in enumerate(lines):
        if tags[i] == "comments" and prose_words >= _COMMENTS_AFTER_WORDS:
            for j in range(i + 1, min(len(lines), i + 1 + _COMMENTS_LOOKAHEAD)):
                if tags[j] in {"comments", "dateline", "byline"}:
                    return i
                if tags[j] is None and lines[j].prose:
                    break
        if tags[i] is None and line.prose:
            prose_words += line.words
    return None


_COHESIVE = 0.3
_COHESION_FLOOR = 0.25


def _cohesion(line: Line, vocabulary: frozenset[str]) -> float:
    """How much a line shares the core's words, as a weight in [floor, 1].

    The floor keeps sections of a listicle or a long feature, which name new things, from
    counting for nothing.
    """
    words = _content_words(line)
    if not words or not vocabulary:
        return 1.0
    share = min(1.0, len(words & vocabulary) / len(words) / _COHESIVE)
    return _COHESION_FLOOR + (1 - _COHESION_FLOOR) * share


# --- stage 3: the title ----------------------------------------------------------------------
_TITLE_WINDOW = 15


def _find_title(
    lines: Sequence[Line], tags: Sequence[str | None], start: int, title: str | None
) -> int | None:
    """Position of the title line.

    The caller's title wins when the text has it.  Scraped text usually opens with the title,
    so a heading-like first line near the body is taken next.  Otherwise the best heading-like
    line just above the body (long and near beats short and far: menus and author names are
    short).  A title printed twice is taken at its first showing.
    """
    if title:
        wanted = line_key(title)
        for i, line in enumerate(lines[: start + 1]):
            # Metadata can mistake furniture for the title; the text's own tags win.
            if wanted and line.key == wanted and tags[i] is None:
                return i
    candidates = [
        i
        for i in range(max(0, start - _TITLE_WINDOW), start)
        if tags[i] is None and not lines[i].bullet and lines[i].heading_like
    ]
    # A headline shown twice (page title, then article title) is the surest sign of one.
    keys = [lines[i].key for i in candidates]
    shown_twice = [i for i, key in zip(candidates, keys, strict=True) if keys.count(key) > 1]
    if shown_twice:
        return shown_twice[0]
    # An all-capitals first line is usually the masthead, not the headline.
    if candidates and candidates[0] == 0 and not lines[0].text.isupper():
        return 0
    # Away from the top, two-word lines are menu entries and names far more often than titles.
    candidates = [i for i in candidates if lines[i].words >= 3]
    if candidates:
        best = max(candidates, key=lambda i: min(lines[i].words, 15) - 0.3 * (start - i))
        return next(i for i in candidates if lines[i].key == lines[best].key)
    if start < len(lines) and start <= 2 and lines[start].words <= 25 and tags[start] is None:
        return start
    return None


# --- stage 4: furniture inside the body --------------------------------------------------------
def _prose_neighbours(lines: Sequence[Line], kept: Sequence[int], at: int) -> int:
    pos = kept.index(at)
    around = [kept[j] for j in (pos - 1, pos + 1) if 0 <= j < len(kept)]
    return sum(1 for j in around if lines[j].prose)


def _duplicates(lines: Sequence[Line], kept: list[int], title_key: str | None) -> dict[int, str]:
    """Lines shown twice: a repeated title or heading goes after its first showing; a sentence
    shown twice keeps the copy that sits in running prose (the other is a caption or teaser)."""
    groups: dict[str, list[int]] = {}
    for i in kept:
        if lines[i].words >= 3:
            groups.setdefault(lines[i].key, []).append(i)
    drops: dict[int, str] = {}
    for key, members in groups.items():
        if len(members) < 2:
            continue
        if key == title_key or lines[members[0]].heading_like:
            reason = "repeated_title" if key == title_key else "duplicate_line"
            drops.update((i, reason) for i in members[1:])
            continue
        keep = max(members, key=lambda i: (_prose_neighbours(lines, kept, i), -i))
        drops.update((i, "duplicate_line") for i in members if i != keep)
    keys = [(i, lines[i].key) for i in kept if i not in drops]
    for i, key in keys:
        # A teaser or caption that is the opening of a longer line kept elsewhere.
        if lines[i].words >= 8 and any(len(other) > len(key) and key in other for _, other in keys):
            drops[i] = "duplicate_line"
    return drops


def _interrupting_headlines(lines: Sequence[Line], kept: Sequence[int]) -> dict[int, str]:
    """A lone long headline between two prose paragraphs is a teaser for another story.

    Real subheads come in series through an article, are often marked up, and are short; a
    teaser is a full headline (seven words or more, title case) that appears once.
    """
    heads = [
        i
        for pos, i in enumerate(kept)
        if 0 < pos < len(kept) - 1
        and lines[i].heading_like
        and not lines[i].marked
        and lines[kept[pos - 1]].prose
        and lines[kept[pos + 1]].prose
    ]
    long_heads = [i for i in heads if lines[i].words >= 7 and lines[i].cap_ratio >= 0.6]
    if len(heads) - len(long_heads) >= 2:
        return {}
    return {i: "related" for i in long_heads}


# --- stage 5: assemble -----------------------------------------------------------------------
def strip_boilerplate(
    text: str,
    *,
    title: str | None = None,
    repeated: Collection[str] = frozenset(),
    outlet: str | None = None,
) -> CleanText:
    """Remove page furniture from scraped article text.

    ``title`` is the title from metadata, when known; ``repeated`` holds :func:`line_key` forms
    of lines seen in two or more other documents of the same outlet; a line that only names
    ``outlet`` is its masthead.  The result starts with
    the title line (when one is found), followed by the kept lines in order.

    >>> cleaned = strip_boilerplate(
    ...     "Home\\nBudget talks resume in Brussels\\n"
    ...     "The finance ministers met on Monday and said that a deal was close.\\n"
    ...     "Share this article")
    >>> cleaned.text.splitlines()[0], [(r.line, r.reason) for r in cleaned.removed]
    ('Budget talks resume in Brussels', [(0, 'widget'), (3, 'share')])
    """
    lines = [describe(i, raw) for i, raw in enumerate(text.splitlines()) if raw.strip()]
    tags = tag_all(lines, repeated)
    if outlet:
        mastheads = {line_key(outlet), line_key(f"the {outlet}")}
        tags = [
            "masthead" if x.key in mastheads else tag for x, tag in zip(lines, tags, strict=True)
        ]
    start, end = _main_block(lines, tags)
    if end < start:
        # No running prose at all: keep whatever is not furniture rather than guess a body.
        start, end = 0, len(lines) - 1
    title_at = _find_title(lines, tags, start, title)
    drops = _place(lines, tags, (start, end), title_at)
    title_key = lines[title_at].key if title_at is not None else None
    drops.update(_interrupting_headlines(lines, _kept(lines, drops)))
    drops.update(_duplicates(lines, _kept(lines, drops), title_key))
    if title_key:
        drops.update((i, "repeated_title") for i, x in enumerate(lines) if x.key == title_key)
    if title_at is not None:
        drops.pop(title_at, None)
    kept = _kept(lines, drops)
    if title_at is not None:
        kept = [title_at, *(i for i in kept if i != title_at)]
    removed = tuple(
        RemovedLine(line=lines[i].index, text=lines[i].raw, reason=drops[i]) for i in sorted(drops)
    )
    found_title = lines[title_at].text if title_at is not None else title
    return CleanText(
        text="\n".join(lines[i].raw for i in kept), removed=removed, title=found_title or None
    )


def _kept(lines: Sequence[Line], drops: dict[int, str]) -> list[int]:
    return [i for i in range(len(lines)) if i not in drops]


def _place(
    lines: Sequence[Line],
    tags: Sequence[str | None],
    block: tuple[int, int],
    title_at: int | None,
) -> dict[int, str]:
    """Stage 4a: drop tagged lines and everything outside the body, keeping the title and the
    standfirst (prose between the title and the body)."""
    start, end = block
    header_from = title_at if title_at is not None and title_at < start else start
    drops: dict[int, str] = {}
    for i, line in enumerate(lines):
        tag = tags[i]
        if i == title_at or (tag is None and start <= i <= end):
            continue
        if tag is None and header_from < i < start and line.prose:
            continue
        drops[i] = tag if tag is not None else _outside_reason(line, before=i < start)
    return drops


def _outside_reason(line: Line, *, before: bool) -> str:
    """Name what a line outside the body most likely is, for whoever inspects the removals."""
    if line.prose or line.words >= 15:
        return "outside_body"
    if line.heading_like and line.words >= 5:
        # Above the body a long heading is a second headline; below it, another story's.
        return "heading" if before else "related"
    return "nav"
