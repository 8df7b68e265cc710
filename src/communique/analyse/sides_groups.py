"""Interest groups named by a common noun are sides of their own: advocates, activists, lobbies.

Coverage of a negotiation often gives a stance to people it names only by what they campaign
for ("wildlife campaigners", "farm lobbyists", "the advocates") or against ("tax opponents").
No cue places them with a government, a party or a company, yet they are a party to the debate:
:func:`with_advocacy_groups` makes each such holder a side named from its phrase, the cause
the phrase states and the head noun ("Wildlife campaigners"). A bare head ("Advocates") takes
as cause the issue that head most often holds a stance on in the corpus, so "advocates" and
"pension advocates" in two documents of a pension negotiation are one side.

The head nouns are general English words for people who argue a cause; a holder whose
modifiers name an entity with a side ("the minister's critics") belongs to that entity, not to a
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

# People who argue for or against a cause, by the common nouns English names them with: each
# names a group by itself ("the advocates").
_PLURAL_HEADS: Final = frozenset(
    {
        "advocates",
        "activists",
        "campaigners",
        "lobbyists",
        "opponents",
        "critics",
        "proponents",
        "environmentalists",
        "conservationists",
        "protesters",
        "protestors",
    }
)
# A faction is named by its leaning alone, however the text places it ("the chamber's
# conservatives", "conservative members"): one side for one leaning across the corpus.
_FACTIONS: Final = {
    "conservative": "conservatives",
    "liberal": "liberals",
    "progressive": "progressives",
    "moderate": "moderates",
    "centrist": "centrists",
    "radical": "radicals",
    "hardline": "hardliners",
    "hard-line": "hardliners",
    "rebel": "rebels",
    "dissident": "dissidents",
}
_FACTION_NAMES: Final = frozenset(_FACTIONS.values())
_MEMBERS: Final = frozenset(
    {"members", "lawmakers", "legislators", "senators", "deputies", "delegates", "wing"}
)
# Heads that say only that people act together ("both groups"), a group with its cause alone.
_CAUSE_HEADS: Final = frozenset(
    {"group", "groups", "lobby", "lobbies", "coalition", "coalitions", "movement", "movements"}
)
_DETERMINER: Final = re.compile(
    r"^(?:the|some|many|several|most|other|few|a|an|these|those|leading|prominent|both|all|"
    r"various|numerous|such|their|its|his|her|our|two|three|four|five)\s+",
    re.IGNORECASE,
)
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POSSESSIVE: Final = re.compile(r"['’]s?$")


def advocacy_side(holder: str) -> tuple[str, str] | None:
    """The (cause, head) of a holder named as a group arguing a cause, else None.

    "environmental activists" -> ("environmental", "activists"); "Advocates" -> ("", "advocates");
    a faction has no cause: "the chamber's hardliners" and "hardline members" -> ("", "hardliners").
    a phrase of more than four words, or with anything but words, is a clause, not a name."""
    phrase = holder.strip()
    while (stripped := _DETERMINER.sub("", phrase)) != phrase:
        phrase = stripped
    words = phrase.split()
    if not words or len(words) > 4 or not all(_WORD.fullmatch(w) for w in words):
        return None
    head = words[-1].casefold()
    cause = " ".join(w.casefold() for w in words[:-1])
    if head in _FACTION_NAMES:
        return "", head
    leaning = next((_FACTIONS[w] for w in cause.split() if w in _FACTIONS), None)
    if leaning is not None and head in _MEMBERS:
        return "", leaning
    if any(_POSSESSIVE.search(w) for w in words[:-1]):
        return None  # "the mayor's critics" are someone's, not a cause's
    if head in _PLURAL_HEADS or (head in _CAUSE_HEADS and cause):
        return cause, head
    return None


def with_advocacy_groups(
    positions: Sequence[_P], entities: Sequence[CanonicalEntity]
) -> tuple[list[_P], list[CanonicalEntity]]:
    """Positions and entities, each unsided holder that is a group arguing a cause given that
    group's own side; the same cause and head give one side across the corpus. A group the
    tagger also made an entity ("Dock Campaigners") takes the side as an entity too."""
    sided = {fold_name(n) for e in entities if e.party for n in (e.name, *e.aliases)}
    found: dict[int, tuple[str, str]] = {}
    for i, p in enumerate(positions):
        if p.party is not None or fold_name(p.holder) in sided:
            continue
        group = advocacy_side(p.holder)
        if group is not None and not _names_entity(group[0], sided):
            found[i] = group
    if not found:
        return list(positions), list(entities)
    causes = _bare_causes(positions, found)
    out = list(positions)
    side_of: dict[str, str] = {}
    for i, (cause, head) in found.items():
        side = _side_name(cause or causes.get(head, ""), head)
        out[i] = replace(positions[i], party=side)
        side_of[fold_name(positions[i].holder)] = side
    return out, [_placed(e, side_of) for e in entities]


def _placed(e: CanonicalEntity, side_of: Mapping[str, str]) -> CanonicalEntity:
    if e.party:
        return e
    side = next((side_of[k] for n in (e.name, *e.aliases) if (k := fold_name(n)) in side_of), None)
    return replace(e, party=side) if side else e


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
        if head in _FACTION_NAMES:
            continue
        if head in stated:
            out[head] = stated[head].most_common(1)[0][0]
        else:
            out[head] = counts.most_common(1)[0][0].replace("_", " ")
    return out


def _side_name(cause: str, head: str) -> str:
    name = f"{cause} {head}".strip()
    return name[:1].upper() + name[1:]
