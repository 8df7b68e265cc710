"""What each line of scraped text is: its features, and the furniture it shows by itself.

Stage 1 of :func:`communique.clean.boilerplate.strip_boilerplate`.  Every line is described
once (:class:`Line`: length, sentence shape, function words, capitalisation, bullets) and
tagged when its own cues give it away (share and follow prompts, bylines, datelines, credits,
comment counters, cookie and legal notices), when a neighbour does (a caption shown twice, an
author's name beside the byline) or when the same outlet repeats it across its documents.
The later stages, which find the article body and the title, work only from these records.

The lexicons and cue patterns live here, beside the checks that read them; none of them
names an outlet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

__all__ = ["FUNCTION_WORDS", "WORD", "Line", "describe", "line_key", "tag_all"]


# --- lexicons ---------------------------------------------------------------------------------
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words of the languages we meet most; running prose is dense in them, menus and
# headlines are not.  Small on purpose: the ratio matters, not coverage.
FUNCTION_WORDS = _word_set(
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
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_NAV_SEPARATORS = re.compile(r"\s(?:>|»|›|/|\|)\s")
_MARKED = re.compile(r"^(?:#{1,6}\s+\S|\*\*[^*].*\*\*$|__[^_].*__$)")
_MARKUP = re.compile(r"^[*_#=\s]+|[*_#=\s]+$")


# --- line features --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Line:
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
    words = WORD.findall(text)
    # Scripts written without spaces count about two characters per word.
    cjk = len(_CJK.findall(text))
    return words, len(words) + (cjk // 2 if cjk else 0)


def describe(index: int, raw: str) -> Line:
    text = " ".join(_MARKUP.sub("", raw).split())
    words, count = _word_count(text)
    lowered = [w.casefold() for w in words]
    function = sum(1 for w in lowered if w in FUNCTION_WORDS)
    capitals = sum(1 for w in words if w[:1].isupper())
    stripped = raw.strip()
    return Line(
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


def _social_words(line: Line) -> tuple[int, int]:
    """(social network names, words) in a line: a bar of network names is a share bar."""
    words = [w.casefold() for w in WORD.findall(line.text)]
    return sum(1 for w in words if w in _SOCIAL_NAMES), len(words)


def _reader_prompt(line: Line) -> str | None:
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


def _is_dateline(line: Line) -> bool:
    """A line that is only a date, a time or 'Published/Updated' plus a date."""
    if line.words > 14 or not re.search(rf"\d|\b{_MONTH}\b", line.text, re.IGNORECASE):
        return False
    rest = _DATE_TOKEN.sub(" ", line.text)
    return len(WORD.findall(rest)) == 0


def _is_byline(line: Line) -> bool:
    """'By Jane Doe', 'By Jane Doe and John Roe, Reuters': a name, not a sentence."""
    match = _BYLINE.match(line.text)
    if match is None or (line.sentence_end and line.words > 8):
        return False
    names = WORD.findall(match.group("rest"))
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


def _is_comment_head(line: Line) -> bool:
    match = _COMMENT_HEAD.match(line.text)
    if match is None or line.words > 14:
        return False
    who = match.group("who")
    if re.search(r"\d{1,2}:\d{2}|\d{4}", who):
        return True
    # A lone handle ("jdoe42", "the_process") rather than a capitalised name in a sentence.
    return " " not in who and not who[:1].isupper()


def _is_breadcrumb(line: Line) -> bool:
    parts = [p for p in _NAV_SEPARATORS.split(line.text) if p.strip()]
    if len(parts) < 2 or line.sentence_end or line.words > 14:
        return False
    return all(len(WORD.findall(p)) <= 4 for p in parts)


def _self_tag(line: Line) -> str | None:
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
        return "credit" if len(WORD.findall(_CREDIT.sub("", text))) <= 3 else "caption"
    return None


def tag_all(lines: Sequence[Line], repeated: Collection[str]) -> list[str | None]:
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


def _tag_byline_echoes(lines: Sequence[Line], tags: list[str | None]) -> None:
    """An author's name printed next to the byline (an avatar label, a profile link)."""
    for i, tag in enumerate(list(tags)):
        if tag != "byline":
            continue
        match = _BYLINE.match(lines[i].text)
        name = line_key(match.group("rest")) if match else ""
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(lines) and tags[j] is None and name and lines[j].key == name:
                tags[j] = "byline"


def _tag_caption_echoes(lines: Sequence[Line], tags: list[str | None]) -> None:
    """A line that repeats a caption without its credit is the same caption shown twice."""
    captions = [lines[i].key for i, tag in enumerate(tags) if tag == "caption"]
    for i, line in enumerate(lines):
        if tags[i] is None and line.words >= 4 and any(line.key in c for c in captions):
            tags[i] = "caption"
