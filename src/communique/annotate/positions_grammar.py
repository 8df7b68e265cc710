"""The grammar words the position finder reads: negation, modals, pronouns, reporting and
doubting verbs, argument relations and condition markers.

These are properties of English, not of any negotiation, so they sit apart from the stance
vocabulary (which is in the codebook) and are shared by :mod:`communique.annotate.positions`
and :mod:`communique.annotate.positions_holders`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from communique.annotate.codebook import Stance

__all__ = [
    "ACTOR_LABELS",
    "ADJECTIVE_PREPS",
    "ANONYMITY",
    "ARG_DEPS",
    "ARG_PREPS",
    "ASIDE_MARKS",
    "AUTHORING",
    "COMMITTING",
    "CONCEDING",
    "DOUBTING",
    "DROPPED_WORDS",
    "FAILING",
    "FIRST_PERSON",
    "FRAME_VERBS",
    "GRANTING",
    "HEDGES",
    "INCLUDING",
    "INCURRING",
    "ISO_DAY",
    "LIGHT_VERBS",
    "MAX_OBJECT_WORDS",
    "MODALS",
    "MUST",
    "NEGATED",
    "NEGATED_WANT",
    "NOBODY",
    "OBJECT_PRONOUNS",
    "PERSON_PRONOUNS",
    "PRONOUNS",
    "PRONOUN_REACH",
    "REAL_MARKERS",
    "REASON_MARKS",
    "RELATIVE",
    "REPORTING",
    "SELF_NOUNS",
    "SETTING_PREPS",
    "SETTING_ROLE_PREPS",
    "STRIKING",
    "STRONG_MARKERS",
    "SUASIVE",
    "WEAK_MARKERS",
    "WILL",
    "WOULD_WISH",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATED: Final[Mapping[Stance, Stance]] = dict(accept="reject", offer="reject", reject="offer")
NEGATED_WANT: Final = frozenset({"want", "wish", "seek"})  # "does not want X" rejects X
WOULD_WISH: Final = frozenset({"like", "love", "prefer"})  # "would like to see X": a demand
LIGHT_VERBS: Final = _words(
    """make issue put present table submit renew repeat reiterate voice set lay send deliver
    extend float announce unveil publish outline stand have signal signals express show
    indicate"""
)
REPORTING: Final = _words(
    """say tell state add announce declare stress note write explain claim argue confirm report
    reply respond insist signal indicate assert maintain reiterate conclude inform assure"""
)
# Verbs of advising whose that-clause in the bare form is asked for ("suggested that they drop it")
SUASIVE: Final = _words("suggest recommend advise urge insist demand request ask")
# Verbs whose clause is not asserted: "doubt that X wants talks", "denied that it accepted".
DOUBTING: Final = _words("doubt wonder question ask speculate deny")
ANONYMITY: Final = _words("name identify quote")  # "asked not to be named"
# "Failure to pass the bill would ...": what failing would bring is an argument for doing it.
FAILING: Final = _words("failure inability")
ACTOR_LABELS: Final = _words("PERSON ORG GPE NORP")
MODALS: Final = _words("will would shall can could wo ca 'll may")
MUST: Final = _words("must should ought")
HEDGES: Final = _words("would could might 'd")  # "would support": held out, not yet given
# A measure against the other side undone ("lifted the ban"); not "suspend", which as often
# withholds a benefit ("suspended aid deliveries") as it eases a measure
CONCEDING: Final = _words("cancel lift waive scrap ease remove rescind")
COMMITTING: Final = _words("vow pledge promise swear")
INCURRING: Final = _words("face risk suffer incur")  # "must withdraw or face sanctions"
# "Struck a deal with the union": whoever makes an agreement, and whoever it is made with, accept it
STRIKING: Final = _words("strike reach seal clinch conclude")
GRANTING: Final = _words("give grant hand")  # "give them what they want": their demand met
# Verbs of producing a text: whoever drafts or releases a letter or a plan speaks through it
AUTHORING: Final = _words(
    """write draft craft prepare compose release publish issue unveil circulate send submit
    present introduce propose file table deliver"""
)  # "vowed to block": a threat
ADJECTIVE_PREPS: Final = _words("to for about of on toward towards")  # "wary of", "keen on"
WILL: Final = _words("will would 'll shall")
FIRST_PERSON: Final = _words("i we me us my our ours")
PERSON_PRONOUNS: Final = _words("he she him her his hers")
_OTHER_PRONOUNS: Final = _words("it its they them their theirs")
PRONOUNS: Final = FIRST_PERSON | PERSON_PRONOUNS | _OTHER_PRONOUNS
RELATIVE: Final = _words("who which that whom whose")
OBJECT_PRONOUNS: Final = _words("it them this these those")  # "want them extended"
NOBODY: Final = RELATIVE | _words("some many others several most few all both each one")
SELF_NOUNS: Final = _words(
    "country government side nation state administration team delegation party caucus union"
)
FRAME_VERBS: Final = _words("include comprise contain involve cover")  # "demands include X"
# "Rejected it because it did not include X": what a thing is faulted for lacking is asked for
INCLUDING: Final = _words("include contain address cover provide guarantee offer")
REASON_MARKS: Final = _words("because since as")
# "A pay rise in the talks", "cuts as part of the budget deal": where a stance is taken, not
# what it is about ("in" and "at" only for the talks themselves: "a cut in taxes" is taxes)
SETTING_PREPS: Final = _words("in during at as amid within throughout")
SETTING_ROLE_PREPS: Final = _words("as during amid throughout")
ASIDE_MARKS: Final = _words("so because since although though while whereas as")
ARG_DEPS: Final = _words("dobj dative xcomp ccomp attr oprd acomp dep obj pcomp nsubjpass")
ARG_PREPS: Final = _words(
    """for to on of with against over about into from out behind toward towards regarding
    concerning including beyond upon"""
)
DROPPED_WORDS: Final = _words(
    "the a an its their his her our my your this that these those any all some such"
)
# "Weak" markers count only when they qualify a stance ("ready to talk once the guns fall
# silent"): "if" and "until" are everywhere in news prose.
STRONG_MARKERS: Final = tuple(
    tuple(m.split())
    for m in """on the condition that|on condition that|only if|only after|only once|only when|
    provided that|providing that|as long as|so long as|in exchange for|in return for|unless
    """.replace("\n", "").split("|")
)
WEAK_MARKERS: Final = (("if",), ("once",), ("until",), ("before",))
REAL_MARKERS: Final = _words("once until before for after when")
MAX_OBJECT_WORDS: Final = 10
PRONOUN_REACH: Final = 2  # sentences back to look for a pronoun's antecedent
ISO_DAY: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
