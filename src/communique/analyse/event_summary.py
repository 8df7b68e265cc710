"""One line that tells an event as a headline would: "Valdoria rejected Ostria's proposal",
"Valdoria to hold talks with Ostria in Lindau", "Release of 40 detainees".

A reader scans the timeline by these lines, so each says who did what to whom in plain words,
with the mode in the verb (planned: "to hold talks"; negated: "did not agree"; hypothetical:
"may attack") rather than in a code. The evidence sentences carry the exact wording.

    >>> summarise("REJECT", actors=("Valdoria",), targets=("the proposal",), place=None,
    ...           trigger="rejected", mode="happened")
    'Valdoria rejected the proposal'
    >>> summarise("TALKS", actors=("Valdoria",), targets=("Ostria",), place="Lindau",
    ...           trigger="talks", mode="planned")
    'Valdoria to hold talks with Ostria in Lindau'
    >>> summarise("RELEASE", actors=(), targets=("40 detainees",), place=None,
    ...           trigger="freed", mode="happened")
    'Release of 40 detainees'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

__all__ = ["summarise"]


class _Phrase(NamedTuple):
    past: str  # "rejected"
    base: str  # "reject": after "to", "did not", "may"
    link: str  # what joins the target: "" (object), "with", "on" ...
    noun: str  # the event without a named actor: "Rejection"
    noun_link: str  # "of", "with", "on" ...


_PHRASES: Final = {
    "TALKS": _Phrase("held talks", "hold talks", "with", "Talks", "with"),
    "PROPOSE": _Phrase("proposed", "propose", "", "Proposal of", ""),
    "DEMAND": _Phrase("demanded", "demand", "", "Demand for", ""),
    "REJECT": _Phrase("rejected", "reject", "", "Rejection of", ""),
    "AGREE": _Phrase("agreed", "agree", "with", "Agreement", "with"),
    "CEASEFIRE": _Phrase(
        "declared a ceasefire", "declare a ceasefire", "with", "Ceasefire", "with"
    ),
    "RELEASE": _Phrase("released", "release", "", "Release of", ""),
    "THREATEN": _Phrase("threatened", "threaten", "", "Threat against", ""),
    "ATTACK": _Phrase("attacked", "attack", "", "Attack on", ""),
    "SANCTION": _Phrase("imposed sanctions on", "impose sanctions on", "", "Sanctions on", ""),
    "INTEND": _Phrase("announced plans", "announce plans", "on", "Plans announced on", ""),
    "VOTE": _Phrase("voted", "vote", "on", "Vote on", ""),
    "DEADLINE": _Phrase("faced a deadline", "face a deadline", "on", "Deadline", "for"),
    "STATEMENT": _Phrase("spoke", "speak", "to", "Statement to", ""),
}

_MODE_VERB: Final = {
    "planned": "to {base}",
    "negated": "did not {base}",
    "hypothetical": "may {base}",
}


def _names_itself(trigger: str, noun: str) -> bool:
    """ "talks which collapsed", "agreements reached": a trigger that opens with the event's
    own noun (or its plural) already says what kind of event it is."""
    first = trigger.split(" ", 1)[0].casefold()
    return first.rstrip("s") == noun.casefold().rstrip("s")


def _join(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summarise(
    type_: str,
    *,
    actors: Sequence[str],
    targets: Sequence[str],
    place: str | None,
    trigger: str,
    mode: str,
) -> str:
    """The event's headline; a type the built-in phrases do not know (a user's lexicon may add
    one) reads "Actor type target"."""
    phrase = _PHRASES.get(type_)
    # "talks in Lindau ended" needs no second "in Lindau".
    where = f" in {place}" if place and place.casefold() not in trigger.casefold() else ""
    # "Valdoria rejected Valdoria": a target that is an actor's own side says nothing.
    targets = [t for t in targets if t not in actors]
    who, whom = _join(actors), _join(targets)
    if phrase is None:
        kind = type_.lower().replace("_", " ")
        text = " ".join(p for p in (who, kind, whom) if p) if who or whom else f"{kind}: {trigger}"
        return text[:1].upper() + text[1:] + where
    if not who:
        if not whom:
            noun = phrase.noun.split(" ")[0]
            if _names_itself(trigger, noun):  # "Talks: talks broke" says it twice
                return f"{trigger[:1].upper()}{trigger[1:]}{where}"
            return f"{noun}: {trigger}{where}"
        link = f" {phrase.noun_link}" if phrase.noun_link else ""
        return f"{phrase.noun}{link} {whom}{where}"
    verb = _MODE_VERB.get(mode, "{past}").format(past=phrase.past, base=phrase.base)
    if not whom:
        return f"{who} {verb}{where}"
    link = f" {phrase.link}" if phrase.link else ""
    return f"{who} {verb}{link} {whom}{where}"
