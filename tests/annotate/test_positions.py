"""Parties' positions on issues: stance, issue, holder, party, negation, conditions, dates, and
how positions change. Every sentence is invented: Valdoria and Ostria do not exist, and the
labour and trade disputes are made up (real capitals appear only to test metonyms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from communique.annotate.codebook import STANCES, Codebook, load_codebook
from communique.annotate.nlp import load_pipeline
from communique.annotate.positions import (
    UNMAPPED,
    Position,
    codebook_gaps,
    find_positions,
    position_changes,
)
from communique.annotate.quotes import find_quotes

pytestmark = pytest.mark.slow

PUBLISHED = date(2025, 3, 12)  # a Wednesday
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
Row = tuple[str | None, str, str, bool]  # party (or holder), issue, stance, negated


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_codebook()


def parties(table: dict[str, str]) -> Callable[[str], str | None]:
    return lambda name: table.get(name)


def positions(
    nlp: Language,
    book: Codebook,
    text: str,
    *,
    party_of: Callable[[str], str | None] | None = None,
    published: date | None = PUBLISHED,
    keep_unmapped: bool = False,
    doc_id: str = "doc",
) -> list[Position]:
    doc = nlp(text)
    return find_positions(
        doc,
        doc_id=doc_id,
        published=published,
        codebook=book,
        quotes=find_quotes(doc),
        party_of=party_of or parties({}),
        keep_unmapped=keep_unmapped,
    )


def rows(found: Sequence[Position]) -> set[Row]:
    return {(p.party or p.holder, p.issue, p.stance, p.negated) for p in found}


LABOUR = {"union": "Union", "management": "Management", "Workers": "Union"}

CASES = [
    # A ceasefire between two invented countries.
    pytest.param(
        "Valdoria on Monday rejected a 30-day ceasefire proposed by Ostria.",
        {("Valdoria", "ceasefire", "reject", False), ("Ostria", "ceasefire", "offer", False)},
        id="reject-and-the-offer-it-names",
    ),
    pytest.param(
        '"We will never give up our territory," President Anna Lindqvist of Valdoria said.',
        {("Valdoria", "territory", "reject", True)},
        id="quote-speaker-holds-a-refusal",
    ),
    pytest.param(
        "Ostria would accept the truce only if Valdoria halts its mobilisation.",
        {("Ostria", "ceasefire", "accept", False), ("Ostria", "mobilisation", "condition", False)},
        id="conditional-acceptance",
    ),
    pytest.param(
        "Valdoria and Ostria met again. The Valdorian foreign ministry said it was not ready "
        "to discuss a prisoner exchange.",
        {("Valdoria", "prisoners", "reject", True)},
        id="demonym-holder-negated-offer",
    ),
    pytest.param(
        "Ostria did not rule out a meeting between the two presidents.",
        {("Ostria", "leaders_meeting", "offer", True)},
        id="not-ruling-out-is-an-offer",
    ),
    pytest.param(
        "Valdoria threatened to walk out of the talks if sanctions are extended.",
        {
            ("Valdoria", "negotiation_format", "threaten", False),
            ("Valdoria", "sanctions", "threaten", False),
        },
        id="threat-and-its-trigger",
    ),
    pytest.param(
        "Ostria's offer of an all-for-all prisoner swap was welcomed by the mediators.",
        {("Ostria", "prisoners", "offer", False), ("mediators", "prisoners", "accept", False)},
        id="possessive-offer-and-passive-welcome",
    ),
    pytest.param(
        "Valdoria insists on security guarantees before any deal.",
        {("Valdoria", "security_guarantees", "demand", False)},
        id="insist-on",
    ),
    pytest.param(
        'Valdoria hosted the talks. "Ostria must first withdraw its troops from the border '
        'district," the Valdorian envoy said.',
        {("Valdoria", "territory", "condition", False)},
        id="must-first-is-the-speakers-condition",
    ),
    pytest.param(
        "Valdoria demanded the return of deported children and free access for aid convoys.",
        {
            ("Valdoria", "children_civilians", "demand", False),
            ("Valdoria", "humanitarian", "demand", False),
        },
        id="several-issues-in-one-demand",
    ),
    pytest.param(
        "Ostria agreed to an international tribunal for war crimes.",
        {("Ostria", "justice", "accept", False)},
        id="agree-to",
    ),
    pytest.param(
        "Valdoria is willing to hold elections in the disputed region under international "
        "observation.",
        {("Valdoria", "governance", "offer", False)},
        id="willing-to",
    ),
    pytest.param(
        "Ostria refused to recognise the annexation.",
        {("Ostria", "sovereignty", "reject", False)},
        id="refuse-folds-its-infinitive",
    ),
    pytest.param(
        "Valdoria no longer demands the lifting of sanctions.",
        {("Valdoria", "sanctions", "demand", True)},
        id="no-longer",
    ),
    pytest.param(
        "Valdoria does not want foreign peacekeepers on its soil.",
        {("Valdoria", "security_guarantees", "reject", True)},
        id="not-wanting-is-rejecting",
    ),
    pytest.param(
        "The rebels will free the hostages unless the army halts its offensive.",
        {("rebels", "prisoners", "threaten", False), ("rebels", "ceasefire", "threaten", False)},
        id="pledge-with-unless-is-a-threat",
    ),
    pytest.param(
        "Ostria is angry. Its government said it would never cede land.",
        {("Ostria", "territory", "reject", True)},
        id="pronoun-inside-the-reporting-subject",
    ),
    # Capitals and seats of government stand for their country.
    pytest.param(
        "Moscow demands that Kyiv renounce NATO membership.",
        {("Russia", "alliances", "demand", False)},
        id="capital-metonym",
    ),
    pytest.param(
        "The Kremlin called for the demilitarisation of the border region.",
        {("Russia", "military_limits", "demand", False)},
        id="seat-metonym",
    ),
    # A labour dispute.
    pytest.param(
        "The union demanded a 7% pay rise and shorter working hours.",
        {("Union", "labour", "demand", False)},
        id="union-demands-pay",
    ),
    pytest.param(
        "The union rejected the management's offer of a 2% pay rise.",
        {("Union", "labour", "reject", False), ("Management", "labour", "offer", False)},
        id="union-rejects-the-offer",
    ),
    pytest.param(
        "Workers said they would strike unless the company restores the annual bonus.",
        {("Union", "labour", "threaten", False)},
        id="strike-unless",
    ),
    # Trade talks.
    pytest.param(
        "Brussels threatened retaliatory tariffs on steel imports.",
        {("European Union", "sanctions", "threaten", False)},
        id="retaliatory-tariffs-are-sanctions",
    ),
    pytest.param(
        "Beijing offered to cut tariffs on farm goods in exchange for an end to export controls.",
        {("China", "tariffs", "offer", False), ("China", "sanctions", "condition", False)},
        id="offer-in-exchange-for",
    ),
    pytest.param(
        "Washington agreed to lift the embargo provided that inspections resume.",
        {("United States", "sanctions", "accept", False)},
        id="provided-that",
    ),
    # Holders the parser reaches the long way round.
    pytest.param(
        "The mayor met the drivers, who have long refused to accept the wage freeze.",
        {("drivers", "labour", "reject", False)},
        id="who-names-the-noun-before-it",
    ),
    pytest.param(
        "The union is expected to push for higher wages at Monday's meeting.",
        {("Union", "labour", "demand", False)},
        id="raising-passive-subject-holds",
    ),
    pytest.param(
        '"A cut in the income tax is our first condition," said Jan Rova, the union leader.',
        {("Jan Rova", "taxes", "condition", False)},
        id="a-named-demand-belongs-to-its-speaker",
    ),
    pytest.param(
        "Nurses at the hospital campaigned for higher salaries and voted against the pay offer.",
        {("Nurses", "labour", "demand", False), ("Nurses", "labour", "reject", False)},
        id="campaign-for-and-vote-against",
    ),
    pytest.param(
        '"The council should not raise the income tax," said Jan Rova, the union leader.',
        {("Jan Rova", "taxes", "reject", True)},
        id="should-not-rejects",
    ),
    pytest.param(
        "Jan Rova said it is necessary that the council cuts the income tax first.",
        {("Jan Rova", "taxes", "condition", False)},
        id="it-is-necessary-that",
    ),
    pytest.param(
        "Jan Rova argued that higher wages are needed.",
        {("Jan Rova", "labour", "demand", False)},
        id="needed-is-a-demand",
    ),
    pytest.param(
        "DENVER – Jan Rova on Sunday urged the council to raise teachers' wages.",
        {("Jan Rova", "labour", "demand", False)},
        id="a-dateline-is-no-holder",
    ),
    pytest.param(
        "The drivers would like to see management raise wages.",
        {("drivers", "labour", "demand", False)},
        id="would-like-to-see",
    ),
    pytest.param(
        "Ostria rejected the deal.",
        {("Ostria", "agreement", "reject", False)},
        id="the-deal-as-a-whole",
    ),
    pytest.param(
        "Ostria would support a truce.",
        {("Ostria", "ceasefire", "offer", False)},
        id="would-support-is-an-offer",
    ),
    pytest.param(
        "The opposition vowed to block the bill.",
        {("opposition", "agreement", "threaten", False)},
        id="vowed-to-block-threatens",
    ),
    pytest.param(
        "Ostria vowed not to return the occupied territory.",
        {("Ostria", "territory", "reject", True)},
        id="vowed-not-to-refuses",
    ),
    pytest.param(
        '"There will be no truce," Jan Rova said.',
        {("Jan Rova", "ceasefire", "reject", True)},
        id="there-will-be-no",
    ),
    pytest.param(
        "The minister said there would be no truce if Ostria kept shelling.",
        {("The minister", "ceasefire", "condition", True)},
        id="there-would-be-no-if",
    ),
    pytest.param(
        '"I am not going to vote for the bill," the senator said.',
        {("the senator", "agreement", "reject", True)},
        id="not-going-to",
    ),
    pytest.param(
        "The union hopes to win a pay rise.",
        {("Union", "labour", "demand", False)},
        id="hopes-to",
    ),
    pytest.param(
        "Ostria's attempt to secure a truce failed.",
        {("Ostria", "ceasefire", "demand", False)},
        id="nominal-attempt-to",
    ),
    pytest.param(
        "Valdoria is wary of any truce.",
        {("Valdoria", "ceasefire", "reject", False)},
        id="wary-of",
    ),
    pytest.param(
        "If Ostria meets Valdoria's demands for a truce, talks could resume.",
        {("Valdoria", "ceasefire", "demand", False)},
        id="a-possessed-demand-inside-if-is-still-made",
    ),
    pytest.param(
        "Jan Rova said that if Ostria wants a truce, Valdoria should press for a prisoner swap.",
        {("Jan Rova", "prisoners", "demand", False), ("Jan Rova", "ceasefire", "condition", False)},
        id="the-if-clause-ends-where-its-verb-does",
    ),
    pytest.param(
        "Ostria imposed new tariffs on grain last year. Valdoria wants them lifted.",
        {("Valdoria", "tariffs", "demand", False)},
        id="them-is-the-noun-phrase-before",
    ),
    pytest.param(
        "Jan Rova had voiced support in recent days for a prisoner swap.",
        {("Jan Rova", "prisoners", "accept", False)},
        id="voiced-support-for",
    ),
    pytest.param(
        "The rebels were hoping to secure a truce.",
        {("rebels", "ceasefire", "demand", False)},
        id="hoping-is-hope",
    ),
    pytest.param(
        "Jan Rova said that if Ostria cannot come to terms, there should be no truce.",
        {("Jan Rova", "ceasefire", "condition", True)},
        id="there-should-be-no-if",
    ),
    pytest.param(
        '"There must be a truce," Jan Rova said.',
        {("Jan Rova", "ceasefire", "demand", False)},
        id="there-must-be",
    ),
    pytest.param(
        "Ostria's trade ministry said that lifting sanctions is a condition of any deal.",
        {("Ostria", "sanctions", "condition", False)},
        id="the-possessor-gives-the-speaker-a-side",
    ),
    pytest.param(
        "Ostria introduced a bill on border security.",
        {("Ostria", "border_security", "offer", False)},
        id="introduced-a-bill-offers",
    ),
    pytest.param(
        "Valdoria plans to raise tariffs on grain.",
        {("Valdoria", "tariffs", "demand", False)},
        id="plans-to",
    ),
    pytest.param(
        "Farmers attacked Ostria's tariff deal with Valdoria.",
        {("Ostria", "tariffs", "accept", False)},
        id="a-possessed-deal-is-accepted",
    ),
    pytest.param(
        "Ostria wants a truce, while Valdoria wants a prisoner swap.",
        {("Ostria", "ceasefire", "demand", False), ("Valdoria", "prisoners", "demand", False)},
        id="while-clause-has-its-own-holder",
    ),
    pytest.param(
        "President Anna Lindqvist met Speaker Jan Rova on Monday. The president has called for"
        " a truce.",
        {("Anna Lindqvist", "ceasefire", "demand", False)},
        id="the-president-is-the-person-with-that-title",
    ),
    pytest.param(
        "Valdoria has been reluctant to commit to talks until a deal that lifts sanctions is"
        " finalised.",
        {("Valdoria", "sanctions", "condition", False)},
        id="reluctant-until-is-a-condition",
    ),
    pytest.param(
        "Talks may resume if Ostria agrees to Valdoria's demands to lift sanctions on grain.",
        {("Valdoria", "sanctions", "demand", False)},
        id="the-infinitive-after-a-demand-is-its-content",
    ),
    pytest.param(
        "The bill stalled in the council, where some of the party's members oppose any truce.",
        {("party members", "ceasefire", "reject", False)},
        id="some-of-the-members",
    ),
    pytest.param(
        '"The amnesty is a stumbling block," said Jan Rova.',
        {("Jan Rova", "justice", "reject", False)},
        id="a-stumbling-block",
    ),
    pytest.param(
        "Jan Rova left the talks. A senior Valdorian minister suggested that his government"
        " should accept the truce.",
        {("senior Valdorian minister", "ceasefire", "accept", False)},
        id="his-is-bound-by-the-subject-above",
    ),
    pytest.param(
        "Jan Rova hoped for direct talks with the rebels, who have long refused to negotiate"
        " with the government.",
        {("rebels", "negotiation_format", "reject", False)},
        id="who-clause-inside-another-stance",
    ),
    pytest.param(
        "Valdorian officials arrived on Monday. The Red Cross stayed away. They demanded a truce.",
        {("Valdorian officials", "ceasefire", "demand", False)},
        id="they-are-several",
    ),
    pytest.param(
        "The Ostrian trade minister warned that failure to lift the tariffs would hurt exporters.",
        {("Ostrian trade minister", "tariffs", "demand", False)},
        id="failure-to-do-it-would-is-a-demand",
    ),
    pytest.param(
        "Every Valdorian senator has signed onto a letter vowing to block any ceasefire.",
        {("Valdorian senator", "ceasefire", "threaten", False)},
        id="signed-a-letter-vowing",
    ),
    pytest.param(
        "The Ostrian plan calls for a ceasefire along the river.",
        {("Ostrian", "ceasefire", "demand", False)},
        id="a-plan-speaks-for-its-author",
    ),
    pytest.param(
        "Jan Rova persuaded the Ostrian delegates to accept the ceasefire.",
        {("Ostrian delegates", "ceasefire", "accept", False)},
        id="object-control",
    ),
    pytest.param(
        "RIVERTON – Jan Rova on Sunday urged Ostria to accept the ceasefire.",
        {("Jan Rova", "ceasefire", "demand", False)},
        id="dateline-beside-the-subject",
    ),
    pytest.param(
        "The Valdorian senators are divided. Some say the government should not lift the tariffs.",
        {("Valdorian senators", "tariffs", "reject", True)},
        id="some-of-the-group-named-before",
    ),
    pytest.param(
        '"I am not going to vote for it," said Jan Rova.',
        {("Jan Rova", "agreement", "reject", True)},
        id="it-alone-is-the-matter-as-a-whole",
    ),
    pytest.param(
        "Jan Rova spoke of a ceasefire, which the Ostrian government stands ready to support.",
        {("Ostrian government", "ceasefire", "offer", False)},
        id="which-stands-for-the-phrase-it-hangs-on",
    ),
    pytest.param(
        "Valdorian officials spoke of the withdrawal of the army from the hills that they"
        " insist upon as a condition of any talks.",
        {("Valdorian officials", "territory", "condition", False)},
        id="that-stands-for-the-whole-phrase",
    ),
    pytest.param(
        "Jan Rova said talks could resume if Ostria accepts the truce and urged Valdoria to"
        " withdraw its troops.",
        {("Jan Rova", "territory", "demand", False)},
        id="a-past-verb-joined-to-a-condition-is-not-in-it",
    ),
    pytest.param(
        "One plan proposed by Ostrian officials is a ceasefire along the river.",
        {("Ostrian", "ceasefire", "offer", False)},
        id="what-the-proposed-thing-is",
    ),
    pytest.param(
        "The Ostrian delegation signalled willingness to accept a truce along the river.",
        {("Ostrian delegation", "ceasefire", "offer", False)},
        id="a-stance-noun-under-a-verb-of-showing",
    ),
    pytest.param(
        "The union expressed its unwillingness to accept the wage freeze.",
        {("Union", "labour", "reject", False)},
        id="unwillingness-with-its-possessor",
    ),
    pytest.param(
        "Jan Rova said it would be a mistake to lift the tariffs now.",
        {("Jan Rova", "tariffs", "reject", False)},
        id="a-mistake-to-do-it",
    ),
    pytest.param(
        "The union met on Tuesday. It rejected the pay offer from management.",
        {("Union", "labour", "reject", False)},
        id="it-continues-the-previous-subject",
    ),
    pytest.param(
        'Jan Rova called the tariff plan "deeply unfair."',
        {("Jan Rova", "tariffs", "reject", False)},
        id="a-verdict-given-by-naming-it-so",
    ),
    pytest.param(
        "The union described the pay offer as unacceptable.",
        {("Union", "labour", "reject", False)},
        id="described-as-a-verdict",
    ),
    pytest.param(
        "One of the Valdorian negotiators said he agrees with lifting the tariffs.",
        {("Valdorian negotiators", "tariffs", "accept", False)},
        id="one-of-a-group-and-his-pronoun",
    ),
    pytest.param(
        "Management made a new wage offer, but the union said it did not go far enough.",
        {("Management", "labour", "offer", False), ("the union", "labour", "reject", True)},
        id="not-far-enough-turns-it-down",
    ),
    pytest.param(
        "Jan Rova became the first Valdorian minister to open the door to a truce.",
        {("Jan Rova", "ceasefire", "offer", False)},
        id="an-idiom-of-bargaining-and-the-first-to",
    ),
    pytest.param(
        "The union put a pay rise on the table.",
        {("Union", "labour", "offer", False)},
        id="put-on-the-table",
    ),
    pytest.param(
        "The union leaders have been adamant about not signing off on any wage freeze.",
        {("union leaders", "labour", "reject", False)},
        id="insisting-on-not-accepting-rejects",
    ),
    pytest.param(
        "The union was adamant about higher wages.",
        {("Union", "labour", "demand", False)},
        id="insisting-on-a-thing-demands-it",
    ),
    pytest.param(
        "The union remains sceptical, for now, about longer working hours.",
        {("Union", "labour", "reject", False)},
        id="adjective-with-its-preposition-on-the-copula",
    ),
    pytest.param(
        "The union leader suggested that the nurses instead press for overtime pay.",
        {("union leader", "labour", "demand", False)},
        id="advising-in-the-bare-form-demands",
    ),
    pytest.param(
        "Management rejected the offer because it did not include a pension guarantee.",
        {
            ("Management", "agreement", "reject", False),
            ("Management", "entitlements", "demand", False),
        },
        id="what-a-rejected-thing-lacks-is-demanded",
    ),
    pytest.param(
        "The union turned the deal down because it fails to address staffing.",
        {("Union", "labour", "demand", False)},
        id="what-a-rejected-thing-fails-to-address-is-demanded",
    ),
    pytest.param(
        "Valdoria has lifted the ban on grain exports to Ostria.",
        {("Valdoria", "market_access", "offer", False)},
        id="a-measure-undone-is-a-concession",
    ),
    pytest.param(
        'Jan Rova called the pension provision "a bridge too far."',
        {("Jan Rova", "entitlements", "reject", False)},
        id="named-an-excess-rejects",
    ),
    pytest.param(
        '"These pension cuts go too far," the union leader said.',
        {("the union leader", "entitlements", "reject", False)},
        id="going-too-far-rejects",
    ),
    pytest.param(
        "Jan Rova lobbied the senators to back the tariff deal.",
        {("Jan Rova", "tariffs", "demand", False)},
        id="lobbying-someone-to-act-demands",
    ),
    pytest.param(
        "The union insisted that no agreement would win the members' approval without a raise "
        "in wages.",
        {("Union", "labour", "condition", False)},
        id="no-outcome-without-a-thing-is-a-condition",
    ),
    pytest.param(
        "There will be no deal without tariff cuts, Jan Rova said.",
        {("Jan Rova", "tariffs", "condition", False)},
        id="no-deal-without-is-a-condition",
    ),
    pytest.param(
        "Valdoria said it cannot sign the truce without a withdrawal of troops.",
        {
            ("Valdoria", "ceasefire", "condition", True),
            ("Valdoria", "territory", "condition", False),
        },
        id="cannot-sign-without-is-a-condition",
    ),
    pytest.param(
        "Several senators are hinting that management ought to give the union what it wants "
        "on wages.",
        {("Management", "labour", "accept", False)},
        id="giving-someone-what-they-want-accepts",
    ),
    pytest.param(
        "The ministry will not give Valdoria what it demands on tariffs.",
        {("ministry", "tariffs", "reject", True)},
        id="not-giving-someone-what-they-demand-rejects",
    ),
    pytest.param(
        '"Valdoria must withdraw its troops or face sanctions," Jan Rova said.',
        {("Jan Rova", "territory", "condition", False)},
        id="must-or-face-a-penalty-is-a-condition",
    ),
    pytest.param(
        '"Any pension deal has got to protect retirees or we walk away," Jan Rova said.',
        {("Jan Rova", "entitlements", "condition", False)},
        id="has-got-to-or-walk-away-is-a-condition",
    ),
    pytest.param(
        '"Valdoria must withdraw its troops or pull back its guns," Jan Rova said.',
        {("Jan Rova", "territory", "demand", False)},
        id="must-do-one-or-another-is-a-demand",
    ),
    pytest.param(
        "Lawmakers debated the tariff deal Maria Lenz reached with Valdoria.",
        {("Maria Lenz", "tariffs", "accept", False), ("Valdoria", "tariffs", "accept", False)},
        id="a-deal-reached-with-someone-is-accepted-by-both",
    ),
    pytest.param(
        "Critics attacked the pension cuts the ministry had pushed for.",
        {("ministry", "entitlements", "demand", False)},
        id="a-relative-clause-without-pronoun-has-its-noun-as-object",
    ),
    pytest.param(
        'Maria Lenz spoke on Monday. She said Jan Rova had a "rare chance" to bargain harder '
        "and repeated the wage provisions she would seek in a final deal.",
        {("Maria Lenz", "labour", "demand", False)},
        id="a-pronoun-is-the-same-pronoun-that-reports",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_positions(nlp: Language, book: Codebook, text: str, expected: set[Row]) -> None:
    found = positions(nlp, book, text, party_of=parties(LABOUR))
    assert expected <= rows(found), sorted(rows(found), key=str)


@pytest.mark.parametrize(
    "text",
    [
        "If Ostria agrees to a truce, talks could resume.",  # hypothetical
        "Will Valdoria accept the truce?",  # a question
        "The talks resumed on Monday.",  # no stance
        "Grain exporters warned of delays at the river ports.",  # a warning, not a threat
        "A diplomat, who asked not to be named, described the mood.",  # anonymity
        "Analysts doubt that Ostria wants a ceasefire.",  # not asserted
        "Ostria's delegation arrived with a new proposal on prisoners.",  # nobody offers it here
        "The letter demands a truce.",  # a letter cannot negotiate
        "Some say the truce is unacceptable.",  # nobody in particular
        '"There will be talks," Jan Rova said.',  # a forecast, not a stance
        'The letter goes on: "Talks must resume at once."',  # a letter cannot negotiate
        "He paired big goals with bigger threats should Ostria not accept his terms.",  # if
        "Valdoria made sure that the released rebels will not rejoin the front line.",  # told
        "The union read the report. It calls for wage cuts.",  # "it" may be the report
        "Jan Rova described the tariff plan as new.",  # a quality, not a verdict
        "Jan Rova opened the door of the tariff office.",  # a door, not an idiom
        "Jan Rova suggested that the tariff talks were close to a deal.",  # an opinion
        "Jan Rova cancelled the summit with Ostria.",  # a meeting called off concedes nothing
        "Ostria cancelled the tariff talks.",  # whatever the meeting was to be about
        "The agency suspended aid deliveries after the attack.",  # a benefit withheld
        "Valdoria did not lift the ban on grain exports.",  # nothing undone
        "The delegates went too far into the old town.",  # a distance, not an excess
        "The clerk gave the senators what they wanted to read.",  # nothing negotiable
        "The union has not reached a wage deal with management.",  # no deal yet, no refusal
        "Jan Rova reached the border town on Monday.",  # no deal
    ],
)
def test_no_position(nlp: Language, book: Codebook, text: str) -> None:
    assert positions(nlp, book, text) == []


def test_an_agreement_named_as_another_stance_s_object_is_no_acceptance(
    nlp: Language, book: Codebook
) -> None:
    text = (
        "President Jan Rova spoke on Monday. Aides said that the Valdorian senators remained"
        " firmly opposed to the president's negotiated deal."
    )
    found = positions(nlp, book, text)
    assert {(p.holder, p.stance) for p in found} == {("Valdorian senators", "reject")}


def test_an_issue_in_a_phrase_qualifying_another_is_no_issue_of_its_own(
    nlp: Language, book: Codebook
) -> None:
    found = positions(nlp, book, "Valdoria wants a path to citizenship for refugee children.")
    assert rows(found) == {("Valdoria", "immigration", "demand", False)}


def test_the_talks_named_as_the_setting_are_no_issue_of_their_own(
    nlp: Language, book: Codebook
) -> None:
    found = positions(nlp, book, "Valdoria demanded a wage rise in the talks.")
    assert {p.issue for p in found} == {"labour"}


def test_an_issue_naming_who_people_are_is_not_the_stance_s_object(
    nlp: Language, book: Codebook
) -> None:
    found = positions(nlp, book, "Jan Rova sought to win over opponents of the tariff deal.")
    assert found == []
    kept = positions(nlp, book, "Ostria backed the demands of the farmers for lower tariffs.")
    assert rows(kept) == {("Ostria", "tariffs", "accept", False)}


def test_relief_from_a_measure_is_about_the_measure(nlp: Language, book: Codebook) -> None:
    found = positions(nlp, book, "Ostria wants some relief from the new tariffs.")
    assert rows(found) == {("Ostria", "tariffs", "demand", False)}


def test_the_agreement_as_a_whole_only_where_nothing_narrower_is_named(
    nlp: Language, book: Codebook
) -> None:
    found = positions(nlp, book, "Valdoria rejected the ceasefire deal.")
    assert rows(found) == {("Valdoria", "ceasefire", "reject", False)}


def test_evidence_offsets_speaker_and_object(nlp: Language, book: Codebook) -> None:
    text = (
        "Talks resumed in the morning. "
        '"We will never give up our territory," President Anna Lindqvist of Valdoria said.'
    )
    [found] = positions(nlp, book, text, doc_id="d7")
    assert found.doc_id == "d7"
    assert text[found.sentence_start : found.sentence_end] == found.text
    assert found.text.startswith('"We will never')
    assert (found.holder, found.speaker, found.object) == (
        "Anna Lindqvist",
        "Anna Lindqvist",
        "territory",
    )


def test_condition_text_and_objects(nlp: Language, book: Codebook) -> None:
    found = positions(
        nlp, book, "Ostria would accept the truce only if Valdoria halts its mobilisation."
    )
    accept = next(p for p in found if p.stance == "accept")
    condition = next(p for p in found if p.stance == "condition")
    assert accept.condition == "only if Valdoria halts its mobilisation"
    assert (accept.object, condition.object, condition.condition) == ("truce", "mobilisation", "")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Valdoria on Monday rejected the ceasefire.", PUBLISHED, "2025-03-10"),
        ("Valdoria rejected the ceasefire on 3 March.", PUBLISHED, "2025-03-03"),
        ("Valdoria rejected the ceasefire.", PUBLISHED, "2025-03-12"),
        (
            "The envoy said on Tuesday that Ostria would never recognise the annexation.",
            PUBLISHED,
            "2025-03-11",
        ),
        ("Valdoria rejected the ceasefire due on Friday.", PUBLISHED, "2025-03-12"),  # not its own
        ("Valdoria rejected the ceasefire.", None, None),
    ],
)
def test_statement_date(
    nlp: Language, book: Codebook, text: str, published: date | None, expected: str | None
) -> None:
    found = positions(nlp, book, text, published=published)
    assert found and {p.date for p in found} == {expected}


def test_party_of_comes_first(nlp: Language, book: Codebook) -> None:
    found = positions(
        nlp, book, "Ostria rejected the truce.", party_of=parties({"Ostria": "Eastern bloc"})
    )
    assert [p.party for p in found] == ["Eastern bloc"]


def test_user_codebook_for_a_labour_dispute(nlp: Language, book: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text(
        "issues:\n- {id: working_hours, keywords: [shift, overtime, hours]}\n"
        "stances:\n  reject:\n    verbs: [balk at]\n",
        encoding="utf-8",
    )
    labour = load_codebook([path])
    text = "The union balked at longer shifts."
    assert positions(nlp, book, text) == []
    [found] = positions(nlp, labour, text, party_of=parties(LABOUR))
    assert (found.party, found.issue, found.stance) == ("Union", "working_hours", "reject")


def test_unmapped_objects_and_gaps(nlp: Language, book: Codebook) -> None:
    texts = [
        "Valdoria demanded water rights.",
        "Ostria rejected the water rights.",
        "Valdoria again demanded its water rights.",
        "Ostria demanded a ceasefire.",
    ]
    found = [
        p
        for n, text in enumerate(texts)
        for p in positions(nlp, book, text, keep_unmapped=True, doc_id=f"d{n}")
    ]
    assert positions(nlp, book, texts[0]) == []  # kept only on request
    assert ("Valdoria", UNMAPPED, "demand", False) in rows(found)
    gaps = codebook_gaps((p.issue, p.object) for p in found if p.stance in ("demand", "reject"))
    assert gaps == [("water rights", 3)]


def test_a_proposal_which_would_is_its_proposer_s_offer(nlp: Language, book: Codebook) -> None:
    text = (
        "Valdoria sent envoys. Ostria rejected a Valdorian truce proposal, which would see"
        " sanctions lifted."
    )
    found = rows(positions(nlp, book, text))
    assert ("Ostria", "sanctions", "reject", False) in found
    assert ("Valdoria", "sanctions", "offer", False) in found


@pytest.mark.parametrize(
    "text",
    [
        "Ostria's stance on the talks includes a complete ceasefire, prisoner releases, and"
        " returning deported children.",
        "Ostria has consistently advocated for a complete ceasefire, the full exchange of"
        " prisoners of war, and the return of abducted children.",
    ],
)
def test_each_item_of_a_list_is_a_position(nlp: Language, book: Codebook, text: str) -> None:
    assert rows(positions(nlp, book, text)) == {
        ("Ostria", "ceasefire", "demand", False),
        ("Ostria", "prisoners", "demand", False),
        ("Ostria", "children_civilians", "demand", False),
    }


def test_a_condition_inside_a_relative_clause_is_not_the_stance_s(
    nlp: Language, book: Codebook
) -> None:
    text = "Ostria balked at deals that could bring new tariffs if its grain purchases fall short."
    found = rows(positions(nlp, book, text))
    assert not any(stance == "condition" for _holder, _issue, stance, _neg in found), found


def test_a_purpose_clause_is_not_what_is_demanded(nlp: Language, book: Codebook) -> None:
    text = "Ostria demanded a truce so that the grain tariffs can be lifted."
    assert rows(positions(nlp, book, text)) == {("Ostria", "ceasefire", "demand", False)}


def test_a_person_or_a_bare_act_is_no_gap(nlp: Language, book: Codebook) -> None:
    texts = [
        "Jan Rova urged President Anna Lindqvist to listen.",
        "The union wants to go.",
        "Valdoria demanded water rights.",
    ]
    found = [p for t in texts for p in positions(nlp, book, t, keep_unmapped=True)]
    assert {p.object for p in found if p.issue == UNMAPPED} <= {"", "water rights"}
    assert "water rights" in {p.object for p in found}


def test_codebook_gaps_counts_unmapped_objects_only() -> None:
    pairs = [
        (UNMAPPED, "Water rights"),
        (UNMAPPED, "the water rights"),
        (UNMAPPED, "a water right"),
        ("economy", "water rights"),
        (UNMAPPED, "fishing quotas"),
        (UNMAPPED, "  "),
        (UNMAPPED, "fishing quota"),
        (UNMAPPED, "grazing land"),
    ]
    assert codebook_gaps(pairs) == [("Water rights", 3), ("fishing quota", 2)]
    assert codebook_gaps(pairs, min_count=3) == [("Water rights", 3)]
    assert ("grazing land", 1) in codebook_gaps(pairs, min_count=1)


def position(
    stance: str,
    when: str | None,
    *,
    party: str | None = "Valdoria",
    holder: str = "Valdoria",
    issue: str = "ceasefire",
    doc_id: str = "d",
    condition: str = "",
) -> Position:
    return Position(
        doc_id=doc_id,
        party=party,
        holder=holder,
        issue=issue,
        stance=stance,  # type: ignore[arg-type]
        text="...",
        sentence_start=0,
        sentence_end=3,
        speaker=None,
        date=when,
        condition=condition,
    )


def test_position_changes_reject_then_conditional_accept() -> None:
    sequence = [
        position("accept", "2025-05-08", doc_id="b", condition="only if Ostria halts mobilisation"),
        position("reject", "2025-04-14", doc_id="a"),
        position("reject", "2025-04-15", doc_id="c"),  # a repeat is no change
        position("offer", None),  # undated: left out
        position("demand", "2025-04-20", issue=UNMAPPED),  # unmapped: left out
    ]
    [change] = position_changes(sequence)
    assert (change.party, change.issue, change.change) == (
        "Valdoria",
        "ceasefire",
        "reject -> accept",
    )
    assert (change.before.doc_id, change.after.doc_id) == ("c", "b")
    assert change.after.condition


def test_position_changes_per_party_and_issue() -> None:
    sequence = [
        position("demand", "2025-04-01", issue="territory"),
        position("condition", "2025-04-03", issue="territory"),
        position("condition", "2025-04-05", issue="territory"),
        position("reject", "2025-04-02", party=None, holder="the union", issue="economy"),
        position("accept", "2025-04-04", party=None, holder="the union", issue="economy"),
        position("offer", "2025-04-02", party="Ostria", holder="Ostria", issue="territory"),
    ]
    changes = position_changes(sequence)
    assert [(c.party, c.issue, c.change) for c in changes] == [
        ("Valdoria", "territory", "demand -> condition"),
        ("the union", "economy", "reject -> accept"),
    ]


def test_stances_of_one_day_are_one_position() -> None:
    sequence = [
        position("offer", "2025-04-12", doc_id="a"),
        position("condition", "2025-04-12", doc_id="a"),  # "offers a truce once ..."
        position("condition", "2025-04-12", doc_id="b"),
        position("offer", "2025-04-13", doc_id="c"),
        position("reject", "2025-04-14", doc_id="d"),
        position("accept", "2025-04-14", doc_id="e"),
    ]
    changes = position_changes(sequence)
    assert [(c.before.doc_id, c.after.doc_id, c.change) for c in changes] == [
        ("c", "d", "offer -> reject"),
        ("c", "e", "offer -> accept"),
    ]


def test_position_changes_across_documents(nlp: Language, book: Codebook) -> None:
    first = positions(
        nlp,
        book,
        "Valdoria rejected the 30-day ceasefire proposed by Ostria.",
        published=date(2025, 4, 14),
        doc_id="a",
    )
    second = positions(
        nlp,
        book,
        "Valdoria accepted the ceasefire on condition that Ostria halts its mobilisation.",
        published=date(2025, 5, 8),
        doc_id="b",
    )
    changes = position_changes(first + second)
    [change] = [c for c in changes if c.party == "Valdoria" and c.issue == "ceasefire"]
    assert change.change == "reject -> accept"
    assert change.after.condition == "on condition that Ostria halts its mobilisation"
    assert (change.before.date, change.after.date) == ("2025-04-14", "2025-05-08")


def test_real_articles_give_well_formed_positions(nlp: Language, book: Codebook) -> None:
    """Structure only: the seed articles are real news; their content is not asserted here."""
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds absent: {SEEDS}")
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for p in positions(nlp, book, text, published=None, keep_unmapped=True, doc_id=path.name):
            total += 1
            assert text[p.sentence_start : p.sentence_end] == p.text
            assert p.stance in STANCES
            assert p.issue == UNMAPPED or p.issue in book.ids
            assert p.holder and p.holder == " ".join(p.holder.split())
            assert p.date is None or len(p.date) == 10
    assert total > 10


def test_a_sentence_past_its_work_budget_fails_before_the_work(
    nlp: Language, book: Codebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from communique.annotate import positions as positions_module
    from communique.annotate.budget import WorkBudget
    from communique.errors import WorkBudgetExceeded

    short = "Ostria rejects the truce."
    monkeypatch.setattr(positions_module, "WorkBudget", functools.partial(WorkBudget, limit=60))
    assert positions(nlp, book, short)  # a short sentence is within even this budget
    long = short + " Valdoria demands a ceasefire" + " and demands talks" * 5 + "."
    with pytest.raises(WorkBudgetExceeded) as caught:
        positions(nlp, book, long)
    assert (caught.value.stage, caught.value.doc_id) == ("positions", "doc")
    assert (caught.value.start, caught.value.end) == (len(short) + 1, len(long))


def test_an_ideology_word_opening_the_sentence_is_no_party(nlp: Language, book: Codebook) -> None:
    # capitalised only because it opens the sentence; the text writes it lowercase elsewhere
    text = (
        "Conservative members of the Republicans in the assembly rejected the tax increase. "
        "Several conservative lawmakers stayed away from the vote."
    )
    found = positions(nlp, book, text)
    assert [(p.holder, p.party) for p in found if p.stance == "reject"] == [
        ("Conservative members", "Republican Party")
    ]


def test_without_after_an_outcome_not_denied_is_no_condition(nlp: Language, book: Codebook) -> None:
    found = rows(positions(nlp, book, "Ostria signed the truce without a prisoner exchange."))
    assert found == {("Ostria", "ceasefire", "accept", False)}


def test_what_the_copula_restates_is_the_object(nlp: Language, book: Codebook) -> None:
    # "something" only restates the subject: the stance is on the tariff cut
    found = positions(nlp, book, "Ostria said the tariff cut is something it cannot support.")
    assert {(p.holder, p.issue, p.stance) for p in found} == {("Ostria", "tariffs", "reject")}
