"""Remove page furniture from article text that was scraped as plain text.

Scraped text keeps what surrounded the article on the page: menus, share and follow prompts,
photo captions and credits, "Also read" teasers, comment counters, cookie notices, a title
printed twice.  Nothing here knows any outlet: every decision comes from features of the line
itself (length, sentence shape, function words, capitalisation, cue words, bullets), from its
neighbours (the main block of running prose, duplicates in the same text) and, when the caller
has it, from lines the same outlet repeats across its other documents.

The remover is a cascade, read top to bottom in :func:`strip_boilerplate`:

1. describe each line (:class:`_Line`) and tag unmistakable furniture from cue features;
2. find the main block of running prose (the maximum-sum run of line scores);
3. pick the title just above that block and keep the standfirst between them;
4. inside the block, drop tagged lines, teasers and captions repeated from the body;
5. drop everything outside the block except the title.

Every removed line is returned with a short reason, so a user can see what went and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from communique.models import RemovedLine

__all__ = ["CleanText", "line_key", "strip_boilerplate"]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article text left after furniture removal, with what was removed and why."""

    text: str
    removed: tuple[RemovedLine, ...]
    title: str | None


# --- lexicons ---------------------------------------------------------------------------------
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words of the languages we meet most; running prose is dense in them, menus and
# headlines are not.  Small on purpose: the ratio matters, not coverage.
_FUNCTION_WORDS = _word_set(
    """
    a an the of to in on at by for from with about into over after before under between
    and or but nor so if than that which who whom whose what when where while because
    is are was were be been being has have had do does did will would can could should may
    might must shall it its this these those there their they them he his him she her we our
    us you your i my me not no as also just then all any some more most such only very
    der die das den dem des ein eine einer eines und oder aber ist sind war waren wird werden
    mit von zu im auf für nicht sich auch als bei nach wie dass es sie er wir
    le la les un une des du de et ou mais est sont était dans sur pour par avec pas qui que
    ce cette il elle ils nous vous au aux se sa son ses leur
    el los las una unos unas y o pero es son era en por para con no que se su sus lo al del
    como más este esta
    o os as um uma e ou mas é são foi em no na nos nas por para com não que se seu sua do da
    dos das ao
    il lo gli una uno e o ma è sono era in su per con non che si di del della dei delle al
    het een en of maar is zijn was in op voor met niet dat die van te
    и в не на с что как по к из у за от о это он она они мы вы но да же бы для
    yang dan di ke dari ini itu dengan untuk tidak ada dalam akan pada juga
    """
)

_SOCIAL_NAMES = _word_set(
    """
    facebook twitter x instagram linkedin whatsapp telegram reddit pinterest tumblr youtube
    tiktok snapchat flipboard messenger email e-mail mail print copy link google plus
    rss vk viber line wechat weibo threads bluesky mastodon sms
    """
)

# Calls to action addressed to the reader: a line that opens with one is a prompt, not prose.
_CTA = re.compile(
    r"^\W*(?:stay (?:current|updated|informed|connected|up to date)\W+)?"
    r"(?:share|tweet|follow|subscribe|sign ?up|sign in|log ?in|register|join|like us|download"
    r"|get (?:the|our|regular|daily|breaking|latest|free)|watch|listen|click|tap"
    r"|don'?t miss|never miss|stay tuned to|read (?:the|our) (?:full|latest)|support)(?![-\w])",
    re.IGNORECASE,
)
_SHARE = re.compile(
    # a share button alone on its line ...
    r"^\W*(?:share|tweet|email|print|copy link)(?: (?:this|the) (?:article|story|page|post|link))?"
    r"(?: (?:on|via|with) [\w+ ]{1,20})?\W*$"
    # ... or a share prompt inside a longer line
    r"|\b(?:share this (?:article|story|page|post)|share (?:on|via) (?:facebook|twitter|x"
    r"|whatsapp|linkedin|telegram|email)|tweet this|email this (?:article|story)"
    r"|print this (?:article|story|page)|copy (?:the )?link|follow us|follow \w+ on (?:facebook"
    r"|twitter|x|instagram|whatsapp|telegram|google news|linkedin|youtube)|sharing options"
    r"|share options|more sharing)\b",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|subscriber|sign ?up|inbox|mailbox"
    r"|latest (?:news|updates)|(?:regular|daily|breaking) (?:news|updates|alerts)|updates?"
    r"|notifications?|download (?:our|the) app|our app|premium)\b",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|replies|reply|responses?)\W*(?:\(\d+\))?\W*$"
    r"|^(?:\W*\w+){0,2}?\W*(?:no|\d+|view|show|hide|add|post|leave|read|load|all) (?:\w+ )?"
    r"(?:comments?|replies)\b"
    r"|\bcomments? (?:\(\d+\)|are closed|policy)|\bleave a (?:reply|comment)\b"
    r"|\bjoin the (?:conversation|discussion)\b|\bbe the first to comment\b"
    r"|^\W*\d+\s+(?:comments?|responses?|replies|thoughts|reactions?)\s+(?:to|on)\b"
    r"|\b(?:lascia un commento|commenti|kommentare?|commentaires?|laisser un commentaire"
    r"|comentários?|comentarios?|deixe um comentário|deja un comentario|komentar"
    r"|комментари\w*|reacties)\b",
    re.IGNORECASE,
)
# "jdoe42 says:", "Jane Doe on May 3, 2019 at 4:47 pm said:": the head of a reader comment.
_COMMENT_HEAD = re.compile(
    r"^(?P<who>\S.{0,60}?)\s+(?:says|said|wrote|writes|commented|replied)\s*:?\s*$", re.IGNORECASE
)
_WIDGET = re.compile(
    r"^\W*(?:live|audio(?: only)?|video|watch(?: live| now| video)?|listen(?: now)?|play"
    r"|podcast|gallery|photos?|slideshow|menu|search|close|open|more|next|previous|prev"
    r"|back(?: to top)?|top|home|reply|report(?: abuse)?|flag|like|upvote|permalink"
    r"|skip to (?:main )?content|loading\W*|toggle \w+)\W*$",
    re.IGNORECASE,
)
# Credit markers: what a caption carries and an article sentence never does.
_CREDIT = re.compile(
    r"\((?:[^()]{0,40}\b(?:pic|photo|picture|image|file photo|credit|foto)s?\b[^()]{0,40})\)\W*$"
    r"|\|\s*(?:photo|image|picture|credit|foto|source)\b[^|]{0,60}$"
    r"|\b(?:photo|photograph|image|picture|credit|foto|illustration)s?\s*(?:credit)?\s*:\s*"
    r"[^.]{0,60}$|\[(?:file|photo|image|pic)\b[^\]]{0,60}\]\W*$"
    r"|\b(?:getty images|shutterstock|afp via getty|/\s*(?:afp|ap|reuters|epa)\b)"
    r"|(?-i:Credit)\s*(?::|\.{2,}|…)|^\s*\d+\s*of\s*\d+(?:\s*$|(?=[A-Z]))|\(pictured\)"
    r"|^in this (?:[\w.,' -]{0,40} )?(?:file )?(?:photo|image|picture)\b"
    r"|\([^()]{0,40}\bvia (?:ap|afp|getty|reuters|epa)\b[^()]{0,20}\)",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"(?:©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|\bprivacy (?:policy|notice)\b"
    r"|\bterms (?:of|and) (?:use|service|conditions)\b|\bcookie (?:policy|settings)\b)",
    re.IGNORECASE,
)
_COOKIE = re.compile(r"\bcookies?\b.*\b(?:use|accept|consent|experience|browsing|agree)", re.I)
_SITE = re.compile(r"\b(?:site|website|browser|experience|we use|you agree)\b", re.I)
_AD = re.compile(
    r"^\W*(?:advertisement|advertising|sponsored(?: content)?|ad|ads|promoted|paid content"
    r"|story continues below(?: advertisement)?|continue reading(?: below| the main story)?"
    r"|article continues below(?: this ad)?)\W*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\W*(?:(?:written|posted|reported|edited|story|words|text|reporting|additional reporting"
    r"|writing|editing) )?(?:by|von|por|par"
    r"|di|door|от|oleh)\b[\s:]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_TOKEN = re.compile(
    rf"\b{_MONTH}\b|\b\d{{1,4}}(?:[-/.:]\d{{1,4}}){{0,2}}(?:st|nd|rd|th|h)?\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:am|pm|a\.m|p\.m|et|est|edt|gmt|utc|ist"
    r"|bst|cet|cest|pt|pst|pdt|ct|msk)\b|\b(?:published|updated|posted|modified|last|created"
    r"|on|at|date|time|ago|hours?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today"
    r"|just now|read|reading|min|and)\b",
    re.IGNORECASE,
)
# "ISTANBUL:", "GENEVA (Reuters) -": the wire's place line, alone.
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}(?:\([A-Za-z ]+\))?\s*[:—–-]+$")
_QUOTE = re.compile(r"[\"“”«»„]")
_BULLET = re.compile(r"^\s*(?:[•·▪►▸◦‣∙*+-]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?。！？…](?:[\"'”’»)\]]*)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_NAV_SEPARATORS = re.compile(r"\s(?:>|»|›|/|\|)\s")
_MARKED = re.compile(r"^(?:#{1,6}\s+\S|\*\*[^*].*\*\*$|__[^_].*__$)")
_MARKUP = re.compile(r"^[*_#=\s]+|[*_#=\s]+$")


# --- line features --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Line:
    """What the cascade knows about one non-blank line."""

    index: int
    raw: str
    text: str
    words: int
    sentence_end: bool
    function_ratio: float
    cap_ratio: float
    bullet: bool
    marked: bool
    key: str

    @property
    def prose(self) -> bool:
        """Running prose: long enough, shaped as a sentence, dense in function words."""
        if self.words >= 10 and self.sentence_end and self.function_ratio >= 0.12:
            return True
        return self.words >= 20 and self.function_ratio >= 0.15

    @property
    def heading_like(self) -> bool:
        """Short, no sentence-final stop: a title, subhead, menu entry or teaser headline."""
        return 2 <= self.words <= 25 and not self.sentence_end


def line_key(line: str) -> str:
    """Normalise a line for counting it across one outlet's documents.

    Case, spacing, digits and markup differ between copies of the same furniture ("12
    comments" / "3 comments"), so they are folded away; what remains identifies the line.
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _BULLET.sub("", text)
    text = re.sub(r"\d+", "0", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _word_count(text: str) -> tuple[list[str], int]:
    words = _WORD.findall(text)
    # Scripts written without spaces count about two characters per word.
    cjk = len(_CJK.findall(text))
    return words, len(words) + (cjk // 2 if cjk else 0)


def _describe(index: int, raw: str) -> _Line:
    text = " ".join(_MARKUP.sub("", raw).split())
    words, count = _word_count(text)
    lowered = [w.casefold() for w in words]
    function = sum(1 for w in lowered if w in _FUNCTION_WORDS)
    capitals = sum(1 for w in words if w[:1].isupper())
    stripped = raw.strip()
    return _Line(
        index=index,
        raw=stripped,
        text=text,
        words=count,
        sentence_end=bool(_SENTENCE_END.search(text)),
        function_ratio=function / len(words) if words else 0.0,
        cap_ratio=capitals / len(words) if words else 0.0,
        bullet=bool(_BULLET.match(raw)),
        marked=bool(_MARKED.match(stripped)),
        key=line_key(text),
    )


# --- stage 1: furniture a line shows by itself --------------------------------------------------
_RELATED_STRONG = re.compile(
    r"^\W*(?:also read|read also|read more|more reading|see also|also see|read next|must read"
    r"|recommended(?: for you| stories| articles| reading)?|you (?:may|might) also (?:like|enjoy"
    r"|be interested)|more from|more stories|most (?:popular|read|viewed|shared)|trending"
    r"(?: now| stories)?|editor'?s picks?|what to read next|further reading"
    r"|in case you missed it"
    # the same cues in the other languages we read
    r"|leggi anche|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leia também"
    r"|veja também|lea también|ver también|lees ook|читайте также|baca juga)\b",
    re.IGNORECASE,
)
_RELATED_WEAK = re.compile(
    r"^\W*(?:related(?: \w+)?|watch|more on [\w ]{1,30}|more|latest(?: \w+)?|top stories|up next"
    r"|next|previous|don'?t miss|listen|read)\s*(?:[:|»>–—-]|$)",
    re.IGNORECASE,
)


def _social_words(line: _Line) -> tuple[int, int]:
    """(social network names, words) in a line: a bar of network names is a share bar."""
    words = [w.casefold() for w in _WORD.findall(line.text)]
    return sum(1 for w in words if w in _SOCIAL_NAMES), len(words)


def _reader_prompt(line: _Line) -> str | None:
    """A call to action (share, follow, subscribe, watch) addressed to the reader."""
    if line.words <= 80 and _addressed(line.text, _PITCH, outlet_voice=True):
        return "promo"
    if line.words > 25:
        return None
    if _SHARE.search(line.text) and line.words <= 12:
        return "share"
    social, words = _social_words(line)
    if line.words <= 10 and social and social / words >= 0.5:
        return "share"
    cta = _CTA.search(line.text)
    button = line.words <= 6 and not line.sentence_end
    if cta and (_PROMO.search(line.text) or social or button):
        return "share" if re.match(r"\W*(?:share|tweet|follow|like)", line.text, re.I) else "promo"
    if cta and re.search(r"\b(?:our|your|us)\b", line.text, re.IGNORECASE):
        return "promo"
    if re.search(r"\bclick here\b|\bwant more\b", line.text, re.IGNORECASE):
        return "promo"
    if _PROMO.search(line.text) and line.words <= 6 and not line.sentence_end:
        return "promo"
    if _addressed(line.text, _PROMO):
        return "promo"
    return None


# The outlet asking the reader for money or sign-up, not a party quoted in the story.
_PITCH = re.compile(
    r"\b(?:members(?:hip)?|subscri\w+|newsletters?|donat\w+|premium|ad-free|free trial"
    r"|paywall|support (?:our|us)|join (?:us|our))\b",
    re.IGNORECASE,
)
_OUTLET_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


def _addressed(text: str, cue: re.Pattern[str], *, outlet_voice: bool = False) -> bool:
    """A cue spoken to the reader (you, your, our), outside any quotation: the outlet talking,
    not a party quoted in the story."""
    if not cue.search(text) or not _ADDRESSES_READER.search(text) or _QUOTE.search(text):
        return False
    return not outlet_voice or bool(_OUTLET_VOICE.search(text))


_ADDRESSES_READER = re.compile(r"\b(?:you|your|our)\b", re.IGNORECASE)


def _is_dateline(line: _Line) -> bool:
    """A line that is only a date, a time or 'Published/Updated' plus a date."""
    if line.words > 14 or not re.search(rf"\d|\b{_MONTH}\b", line.text, re.IGNORECASE):
        return False
    rest = _DATE_TOKEN.sub(" ", line.text)
    return len(_WORD.findall(rest)) == 0


def _is_byline(line: _Line) -> bool:
    """'By Jane Doe', 'By Jane Doe and John Roe, Reuters': a name, not a sentence."""
    match = _BYLINE.match(line.text)
    if match is None or (line.sentence_end and line.words > 8):
        return False
    names = _WORD.findall(match.group("rest"))
    if not names:
        return line.words <= 1
    if len(names) > 8:
        return False
    capitalised = sum(1 for w in names if w[:1].isupper() or w.casefold() in {"and", "und", "y"})
    return capitalised / len(names) >= 0.7


# "(Reporting by A and B; Editing by C)": the wire's credit line at the end of a story.
_WIRE_CREDIT = re.compile(
    r"^\W*(?:additional )?(?:reporting|writing|editing|compiled|produced|translated) by\b", re.I
)
# The reader ticking a box or reading the rules, never the story.
_CONSENT = re.compile(
    r"^\W*(?:i agree|i accept|i consent|i would like to receive|i'd like to receive)\b"
    r"|^\W*skip to\b|\bget short url\b",
    re.IGNORECASE,
)
# House rules for commenters ("as you comment, please be respectful").
_COMMENT_RULES = re.compile(
    r"\bcomment(?:s|ing|ers)?\b(?=.*\b(?:policy|guidelines|respectful|moderat\w+)\b)", re.I
)


# "Jane Doe is a freelance writer based in Lyon.": the author's note under an article.
_AUTHOR_NOTE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,3}(?:is|was)\s(?:an?|the)\s(?:[\w-]+\s){0,3}"
    r"(?:writer|reporter|journalist|editor|correspondent|contributor|columnist|author"
    r"|producer|photographer|intern|analyst)\b"
)


def _is_comment_head(line: _Line) -> bool:
    match = _COMMENT_HEAD.match(line.text)
    if match is None or line.words > 14:
        return False
    who = match.group("who")
    if re.search(r"\d{1,2}:\d{2}|\d{4}", who):
        return True
    # A lone handle ("jdoe42", "the_process") rather than a capitalised name in a sentence.
    return " " not in who and not who[:1].isupper()


def _is_breadcrumb(line: _Line) -> bool:
    parts = [p for p in _NAV_SEPARATORS.split(line.text) if p.strip()]
    if len(parts) < 2 or line.sentence_end or line.words > 14:
        return False
    return all(len(_WORD.findall(p)) <= 4 for p in parts)


def _self_tag(line: _Line) -> str | None:
    """The furniture reason a line shows by itself, or None; most specific cue first."""
    text = line.text
    checks: tuple[tuple[str, bool], ...] = (
        ("ad", bool(_AD.match(text))),
        ("comments", line.words <= 10 and bool(_COMMENTS.search(text))),
        ("comments", _is_comment_head(line)),
        ("related", line.words <= 30 and bool(_RELATED_STRONG.match(text))),
        ("related", line.words <= 25 and not line.sentence_end and bool(_RELATED_WEAK.match(text))),
        ("widget", line.words <= 4 and bool(_WIDGET.match(text))),
        ("cookie", line.words <= 150 and bool(_COOKIE.search(text) and _SITE.search(text))),
        ("legal", line.words <= 30 and bool(_LEGAL.search(text))),
        ("byline", _is_byline(line) or (line.words <= 40 and bool(_AUTHOR_NOTE.match(text)))),
        ("byline", line.words <= 45 and bool(_WIRE_CREDIT.match(text))),
        ("widget", line.words <= 60 and bool(_CONSENT.search(text))),
        ("comments", line.words <= 80 and _addressed(text, _COMMENT_RULES)),
        ("dateline", _is_dateline(line)),
        ("dateline_only", line.words <= 4 and bool(_DATELINE_ONLY.match(text))),
        ("nav", _is_breadcrumb(line)),
    )
    for reason, hit in checks:
        if hit:
            return reason
    prompt = _reader_prompt(line)
    if prompt is not None:
        return prompt
    if line.words <= 60 and _CREDIT.search(text):
        return "credit" if len(_WORD.findall(_CREDIT.sub("", text))) <= 3 else "caption"
    return None


def _tag_all(lines: Sequence[_Line], repeated: Collection[str]) -> list[str | None]:
    """Stage 1: self-evident furniture, then lines the outlet repeats across documents."""
    tags = [_self_tag(line) for line in lines]
    for i, line in enumerate(lines):
        # Background paragraphs recur across one outlet's updates of a story; they are text.
        if tags[i] is None and line.key in repeated and not (line.prose and line.words >= 15):
            tags[i] = "outlet_repeat"
    _tag_caption_echoes(lines, tags)
    _tag_byline_echoes(lines, tags)
    _tag_share_bars(tags)
    return tags


def _tag_share_bars(tags: list[str | None]) -> None:
    """'Comments' inside a row of share buttons is a button, not the comment section."""
    for i, tag in enumerate(tags):
        neighbours = tags[max(0, i - 1) : i] + tags[i + 1 : i + 2]
        if tag == "comments" and "share" in neighbours:
            tags[i] = "share"


def _tag_byline_echoes(lines: Sequence[_Line], tags: list[str | None]) -> None:
    """An author's name printed next to the byline (an avatar label, a profile link)."""
    for i, tag in enumerate(list(tags)):
        if tag != "byline":
            continue
        match = _BYLINE.match(lines[i].text)
        name = line_key(match.group("rest")) if match else ""
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(lines) and tags[j] is None and name and lines[j].key == name:
                tags[j] = "byline"


def _tag_caption_echoes(lines: Sequence[_Line], tags: list[str | None]) -> None:
    """A line that repeats a caption without its credit is the same caption shown twice."""
    captions = [lines[i].key for i, tag in enumerate(tags) if tag == "caption"]
    for i, line in enumerate(lines):
        if tags[i] is None and line.words >= 4 and any(line.key in c for c in captions):
            tags[i] = "caption"


# --- stage 2: the main block of running prose -------------------------------------------------
# Furniture that separates items (stories, comments) rather than decorating one article.
_BARRIERS = frozenset({"related", "legal", "cookie", "share", "promo", "comments", "dateline"})
# Furniture that sits inside an article between its paragraphs.
_INLINE = frozenset({"ad", "caption", "credit", "widget"})


def _line_score(line: _Line, tag: str | None, vocabulary: frozenset[str]) -> float:
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


def _main_block(lines: Sequence[_Line], tags: Sequence[str | None]) -> tuple[int, int]:
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


def _bridge(lines: Sequence[_Line], tags: Sequence[str | None], end: int) -> int:
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


def _prose_share(lines: Sequence[_Line], tags: Sequence[str | None]) -> float:
    total = sum(line.words for line in lines)
    prose = sum(
        line.words for line, tag in zip(lines, tags, strict=True) if tag is None and line.prose
    )
    return prose / total if total else 0.0


_CORE_GAP = -40.0
_CORE_BARRIER = -100.0


def _core_vocabulary(lines: Sequence[_Line], tags: Sequence[str | None]) -> frozenset[str]:
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
    lines: Sequence[_Line],
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


def _isolated_prose(lines: Sequence[_Line], tags: Sequence[str | None]) -> list[int]:
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


def _content_words(line: _Line) -> set[str]:
    return {
        w
        for w in (m.casefold() for m in _WORD.findall(line.text))
        if len(w) >= 3 and w not in _FUNCTION_WORDS
    }


def _comment_section(lines: Sequence[_Line], tags: Sequence[str | None]) -> int | None:
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


def _cohesion(line: _Line, vocabulary: frozenset[str]) -> float:
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
    lines: Sequence[_Line], tags: Sequence[str | None], start: int, title: str | None
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
def _prose_neighbours(lines: Sequence[_Line], kept: Sequence[int], at: int) -> int:
    pos = kept.index(at)
    around = [kept[j] for j in (pos - 1, pos + 1) if 0 <= j < len(kept)]
    return sum(1 for j in around if lines[j].prose)


def _duplicates(lines: Sequence[_Line], kept: list[int], title_key: str | None) -> dict[int, str]:
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


def _interrupting_headlines(lines: Sequence[_Line], kept: Sequence[int]) -> dict[int, str]:
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
    lines = [_describe(i, raw) for i, raw in enumerate(text.splitlines()) if raw.strip()]
    tags = _tag_all(lines, repeated)
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


def _kept(lines: Sequence[_Line], drops: dict[int, str]) -> list[int]:
    return [i for i in range(len(lines)) if i not in drops]


def _place(
    lines: Sequence[_Line],
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


def _outside_reason(line: _Line, *, before: bool) -> str:
    """Name what a line outside the body most likely is, for whoever inspects the removals."""
    if line.prose or line.words >= 15:
        return "outside_body"
    if line.heading_like and line.words >= 5:
        # Above the body a long heading is a second headline; below it, another story's.
        return "heading" if before else "related"
    return "nav"
