"""Interest groups named by a common noun are sides of their own: advocates, activists, lobbies.

Coverage of a negotiation often gives a stance to people it names only by what they campaign
for ("wildlife campaigners", "farm lobbyists", "the advocates") or against ("tax opponents").
No cue places them with a government, a party or a company, yet they are a party to the debate:
:func:`with_advocacy_groups` makes each such holder a side named from its phrase, the cause
the phrase states and the head noun ("Wildlife campaigners"). A bare head ("Advocates") takes
as cause the issue that head most often holds a stance on in the corpus, so "advocates" and
"pension advocates" in two documents of a pension negotiation are one side.

The head nouns are general English words for people who argue a cause; a holder whose
modifiers name a known entity ("the minister's critics") belongs to that entity, not to a
cause, and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final, TypeVar

from communique.annotate.gazetteer import fold_name

if TYPE_CHECKING:
    from communique.analyse.resolve import CanonicalEntity
    from communique.annotate.positions import Position

__all__ = ["advocacy_side", "with_advocacy_groups"]

_P = TypeVar("_P", bound="Position")

# People who argue for or against a cause, by the common nouns English names them with. A
# plural head is a group by itself; a singular one ("group", "lobby") only with its cause.
_PLURAL_HEADS: Final = frozenset(
    {
        "advocates",
        "activists",
        "campaigners",
        "lobbyists",
        "lobbies",
        "groups",
        "hardliners",
        "opponents",
        "critics",
        "proponents",
        "environmentalists",
        "conservationists",
        "protesters",
        "protestors",
    }
)
_SINGULAR_HEADS: Final = frozenset({"group", "lobby", "coalition", "movement"})
_DETERMINER: Final = re.compile(
    r"^(?:the|some|many|several|most|other|few|a|an|these|those|leading|prominent)\s+",
    re.IGNORECASE,
)
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'-]*")


def advocacy_side(holder: str) -> tuple[str, str] | None:
    """The (cause, head) of a holder named as a group arguing a cause, else None.

    "environmental activists" -> ("environmental", "activists"); "Advocates" -> ("", "advocates");
    a phrase of more than four words, or with anything but words, is a clause, not a name."""
    phrase = holder.strip()
    while (stripped := _DETERMINER.sub("", phrase)) != phrase:
        phrase = stripped
    words = phrase.split()
    if not words or len(words) > 4 or not all(_WORD.fullmatch(w) for w in words):
        return None
    head = words[-1].casefold()
    cause = " ".join(w.casefold() for w in words[:-1])
    if head in _PLURAL_HEADS or (head in _SINGULAR_HEADS and cause):
        return cause, head
    return None


def with_advocacy_groups(positions: Sequence[_P], entities: Sequence[CanonicalEntity]) -> list[_P]:
    """The positions, each unsided one whose holder is a group arguing a cause given that
    group's own side; the same cause and head give one side across the corpus."""
    known = {fold_name(n) for e in entities for n in (e.name, *e.aliases)}
    found: dict[int, tuple[str, str]] = {}
    for i, p in enumerate(positions):
        if p.party is not None or fold_name(p.holder) in known:
            continue
        group = advocacy_side(p.holder)
        if group is not None and not _names_entity(group[0], known):
            found[i] = group
    if not found:
        return list(positions)
    causes = _bare_causes(positions, found)
    out = list(positions)
    for i, (cause, head) in found.items():
        named = cause or causes.get(head, "")
        out[i] = replace(positions[i], party=_side_name(named, head))
    return out


def _names_entity(cause: str, known: set[str]) -> bool:
    """Whether the modifiers hold a known name ("Tory critics", "the union's opponents")."""
    words = cause.replace("'s", "").split()
    return any(
        fold_name(" ".join(words[i:j])) in known
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
    )


def _bare_causes(
    positions: Sequence[Position], found: Mapping[int, tuple[str, str]]
) -> dict[str, str]:
    """For each head found bare, the cause it is given elsewhere in the corpus, or else the
    issue its holders most often take a stance on."""
    stated: dict[str, Counter[str]] = {}
    issues: dict[str, Counter[str]] = {}
    for i, (cause, head) in found.items():
        if cause:
            stated.setdefault(head, Counter())[cause] += 1
        issues.setdefault(head, Counter())[positions[i].issue] += 1
    out = {}
    for head, counts in issues.items():
        if head in stated:
            out[head] = stated[head].most_common(1)[0][0]
        else:
            out[head] = counts.most_common(1)[0][0].replace("_", " ")
    return out


def _side_name(cause: str, head: str) -> str:
    name = f"{cause} {head}".strip()
    return name[:1].upper() + name[1:]
