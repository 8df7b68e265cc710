"""The gazetteer: parties, their letters, regions and chambers, from a file we write here."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.annotate.gazetteer import default_gazetteer, load_gazetteer
from communique.errors import MalformedInput

SMALL = """
countries:
- {name: Valdoria, demonyms: [Valdorian], capital: Varno}
parties:
- {name: Harvest Party, country: Valdoria, aliases: [Harvesters], members: [Harvester], letter: H}
regions:
  Valdoria: [North March, N.M.]
bodies:
  Valdoria: [Great Council]
"""


def test_a_party_its_members_and_its_letter(tmp_path: Path) -> None:
    path = tmp_path / "gaz.yaml"
    path.write_text(SMALL, encoding="utf-8")
    gaz = load_gazetteer(path)
    party = gaz.lookup("Harvesters")
    assert party is not None and (party.kind, party.party, party.country) == (
        "party",
        "Harvest Party",
        "Valdoria",
    )
    member = gaz.lookup("Harvester")
    assert member is not None and member.kind == "demonym" and member.party == "Harvest Party"
    assert (found := gaz.affiliation("H-N.M.")) is not None and found.name == "Harvest Party"
    assert gaz.affiliation("(H)") is not None
    assert gaz.affiliation("X-N.M.") is None
    assert gaz.affiliation("Harvest") is None


@pytest.mark.parametrize("name", ["North March", "Great Council"])
def test_regions_and_chambers_are_no_side(tmp_path: Path, name: str) -> None:
    path = tmp_path / "gaz.yaml"
    path.write_text(SMALL, encoding="utf-8")
    gaz = load_gazetteer(path)
    entry = gaz.lookup(name)
    assert entry is not None and entry.party == "" and entry.country == "Valdoria"
    assert gaz.no_side(name)
    assert not gaz.no_side("Valdoria") and not gaz.no_side("Nowhere Unknown")


def test_a_country_beats_a_region_spelt_the_same_way() -> None:
    entry = default_gazetteer().lookup("Georgia")
    assert entry is not None and entry.kind == "country"


def test_a_malformed_party_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gaz.yaml"
    path.write_text("parties:\n- {aliases: [X]}\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=r"gaz\.yaml"):
        load_gazetteer(path)


def test_a_cue_names_one_member_of_a_party_known_by_its_plural() -> None:
    gaz = default_gazetteer()
    found = gaz.cue("Independent")
    assert found is not None and found.party == "Independents"
    assert gaz.lookup("Independent") is None  # "The Independent" is a newspaper's name
    assert gaz.cue("independent") is None  # a cue is a name


def test_a_demonym_names_its_side_and_nothing_else_does(tmp_path: Path) -> None:
    path = tmp_path / "gaz.yaml"
    path.write_text(SMALL, encoding="utf-8")
    gaz = load_gazetteer(path)
    assert gaz.demonym_side("Valdorian") == "Valdoria"
    assert gaz.demonym_side("Harvester") == "Harvest Party"  # a member's word, as a demonym
    assert gaz.demonym_side("Valdoria") is None  # the country itself is no demonym
    assert gaz.demonym_side("Varno") is None and gaz.demonym_side("Ostrian") is None
