"""Word lists the quote attributor reads: reporting verbs, their complements, titles, pronouns.

Kept apart from the logic so that a reader can see (and extend) what counts as a cue without
reading any parsing code. Every table is a frozenset or a mapping proxy: nothing here mutates.

Reporting verbs fall in three groups because their complements behave differently:

* speech verbs (``say``, ``insist``, ``warn``) introduce a direct quote or a clause;
* cognition and evidence verbs (``believe``, ``show``) report a stance only through a clause —
  "polls show Doe ahead" is an attribution, "she showed the photo" is not;
* object verbs (``deny``, ``announce``, ``accuse``) also take a noun phrase as their content:
  "she denied the report".
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "ACCORDING_TO",
    "BODY_NOUNS",
    "CLAUSE_ONLY_VERBS",
    "CONDITIONAL_MARKS",
    "DIRECT_CUE_VERBS",
    "FEMALE_HONORIFICS",
    "INFINITIVE_VERBS",
    "MALE_HONORIFICS",
    "NAMING_VERBS",
    "OBJECT_VERBS",
    "OPEN_CONDITIONAL_MARKS",
    "PERSONAL_PRONOUNS",
    "PREPOSITION_CUES",
    "QUOTE_CHARS",
    "RELATIVE_PRONOUNS",
    "REPORTING_VERBS",
    "SOURCE_NOUNS",
    "SPEECH_VERBS",
    "TOPIC_VERBS",
]


def _words(text: str) -> frozenset[str]:
    """A word list written as prose, for readability."""
    return frozenset(text.split())


# Speech acts: the lemma alone is a cue for a direct quote or a reported clause.
SPEECH_VERBS: Final = _words(
    """
        say tell add insist claim deny warn argue announce state note stress declare suggest
        signal reiterate dismiss urge demand assert acknowledge admit concede explain write
        tweet post report reply respond answer remark comment observe point recall predict
        promise pledge vow threaten confirm reveal disclose indicate maintain contend allege
        complain lament boast brag joke quip shout yell scream chant whisper mutter exclaim
        emphasize emphasise underscore mention repeat reaffirm assure inform remind caution
        advise ask request propose recommend agree counter retort rebut dispute object protest
        question wonder speculate estimate conclude testify swear guarantee hint imply reject
        criticize criticise condemn denounce slam blast accuse blame charge praise welcome hail
        describe characterize label brand dub cite quote continue recount clarify proclaim
        pronounce forecast project muse opine posit theorize surmise concur counsel decry
        deplore grumble insinuate lecture mock plead preach reason reassure recite reckon relay
        retell rule scoff snap specify stipulate submit tease tout trumpet venture voice
        volunteer email text message telegraph blog decline refuse refer talk discuss call
        portray
        """
)

# Stance and evidence: attribution only when a clause follows ("she thinks the deal is dead").
CLAUSE_ONLY_VERBS: Final = _words(
    """
        think believe know feel fear hope worry doubt suspect assume guess realize realise
        understand imagine suppose recognize recognise learn sense find show suggest
        figure bet trust wish foresee anticipate acknowledge calculate judge presume
        read
        """
)

REPORTING_VERBS: Final = SPEECH_VERBS | CLAUSE_ONLY_VERBS

# Verbs whose direct object is itself what was said or stood for: "denied the charges".
OBJECT_VERBS: Final = _words(
    """
        deny announce dismiss reject criticize criticise condemn denounce slam blast praise welcome
        hail propose demand request recommend accuse blame question dispute confirm reveal predict
        promise pledge vow cite repeat reiterate decry deplore mock tout urge unveil defend endorse
        disclose concede admit acknowledge say write shout chant whisper mutter yell scream declare
        state mention
        """
)

# Verbs whose object is what was spoken of, not what was said: "referred to the old draft",
# "mentioned the budget", "talked about taxes" name a topic and report no statement, unless
# the object carries quoted words ("referred to the plan as “a trap”") or a clause follows.
TOPIC_VERBS: Final = _words("refer talk speak")

# Verbs whose ``to``-infinitive is the content: "vowed to fight on", "urged them to resign".
INFINITIVE_VERBS: Final = _words(
    """
        promise pledge vow threaten urge ask call refuse decline agree offer propose demand seek
        plan want hope expect intend tell warn encourage order advise beg implore swear
        """
)

# Verbs that name or describe their object: "called the offer “insulting”", "described the
# talks as constructive". The object and what it is called are the content together.
NAMING_VERBS: Final = _words(
    "call describe label brand dub term characterize characterise portray deem"
)

# Verbs that frame a quoted passage ("“…,” she said"): speech acts that can carry words, not
# those that only name ("called it “a sham”") or refer to a talk ("declined to discuss").
DIRECT_CUE_VERBS: Final = (
    SPEECH_VERBS - NAMING_VERBS - _words("decline refuse refer talk speak discuss cite quote label")
)

# Preposition that belongs to the cue, and whose object is the content ("called for talks").
PREPOSITION_CUES: Final = MappingProxyType(
    {
        "call": frozenset({"for", "on"}),
        "point": frozenset({"to"}),
        "refer": frozenset({"to"}),
        "warn": frozenset({"of", "against", "about"}),
        "complain": frozenset({"about", "of"}),
        "talk": frozenset({"about"}),
        "speak": frozenset({"about", "of"}),
        "accuse": frozenset({"of"}),
        "blame": frozenset({"for"}),
        "criticize": frozenset({"for"}),
        "criticise": frozenset({"for"}),
        "praise": frozenset({"for"}),
        "argue": frozenset({"for", "against"}),
        "push": frozenset({"for"}),
        "press": frozenset({"for"}),
        "ask": frozenset({"for", "about"}),
        "insist": frozenset({"on"}),
    }
)

# Subordinators that make their clause a condition or a hypothesis: "if they confirm the
# offer", "unless she denies it" report no speech act, whoever the clause's subject is.
CONDITIONAL_MARKS: Final = _words("if unless lest whether provided providing")

# Subordinators that are conditions only before speech that has not happened yet: "until she
# confirms it", "once they announce it" (but "once she announced it" happened).
OPEN_CONDITIONAL_MARKS: Final = _words("once until till")

ACCORDING_TO: Final = ("according", "to")

# Singular nouns for bodies of people that act and speak as one: "the delegation described
# the offer as final" has a speaker, "the poster portrays" has none (see ``can_speak``).
BODY_NOUNS: Final = _words(
    """
        government administration cabinet parliament congress senate assembly delegation
        team side camp opposition coalition alliance management leadership company firm
        employer federation confederation regime junta military army police
        """
)

# "In a poll released Monday, 40 percent …", "In her view, …": what a fronted 'in' phrase
# names as a source. Interviews and statements are left out: their clause has its own verb.
SOURCE_NOUNS: Final = _words(
    "poll survey study report analysis view opinion words estimate assessment judgment"
)

# ``prev`` and ``next`` are the characters either side of a mark; see quotes_marks.
QUOTE_CHARS: Final = frozenset("\"“”„‟«»‘’‚‛'`″")

PERSONAL_PRONOUNS: Final = MappingProxyType(
    {
        "he": "male",
        "him": "male",
        "she": "female",
        "her": "female",
        "they": "plural",
        "them": "plural",
        "we": "plural",
        "us": "plural",
        "i": "self",
        "me": "self",
        "it": "neuter",
    }
)

RELATIVE_PRONOUNS: Final = frozenset({"who", "which", "that", "whom"})

MALE_HONORIFICS: Final = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father"})
FEMALE_HONORIFICS: Final = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen", "princess"}
)
