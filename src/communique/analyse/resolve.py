"""Corpus-level entities: one canonical entry per real person, organisation or place.

The same person is "Irena Kovač" in one article, "Irena Kovach" in a second, "Kovač" three
paragraphs later and "Kovac" in a wire rewrite. :func:`resolve_entities` folds such variants
together and says which side each actor speaks for, with the sentences that say so.

Stages, each cheap and each guarded against merging two real entities:

1. items: each mention gets a transliteration key (:func:`translit_key`) and a type group
   (person, organisation, place ...); known countries and organisations take their gazetteer
   name, so "US", "U.S." and "United States" are one node;
2. type votes: a name tagged ORG once and PERSON nine times is a person everywhere;
3. in each document, a lone surname or first name joins the one full name it shortens;
4. full names with the same surname key join when their first names agree ("Sergei"/"Sergey",
   "V."/"Vladimir"); close surnames join only when the first names are the same;
5. surname-only nodes join the single full name that carries that surname in the corpus, or,
   when several do, the one whose articles share the most co-occurring entities;
6. misspellings ("Istambul") join a close name of the same type when both share context;
7. an acronym joins the long name it abbreviates when one document uses both.

Candidates are blocked by surname key and by one-letter-deletion variants of each key (a
typo is one edit), never compared all-pairs, so the work grows with the number of distinct
names, not its square.

Parties: countries and intergovernmental organisations are their own party; capitals and seats
of government ("Kremlin") stand for their country; people and other organisations take the
majority of their cues ("Valdorian", "Valdoria's", "of Valdoria", a party label "(D-Ore.)", an
organisation, a person they work for), each cue kept as evidence. When a country's parties
negotiate with each other, its government is a side of its own (:mod:`communique.analyse.sides`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from communique.analyse.name_keys import close_pairs, osa_distance, translit_key
from communique.analyse.sides import is_instrument, with_domestic_sides
from communique.analyse.sides_people import settle_people
from communique.annotate.entities import (
    ENTITY_LABELS,
    Gazetteer,
    GazetteerEntry,
    Mention,
    default_gazetteer,
    fold_name,
)

__all__ = ["CanonicalEntity", "resolve_entities", "translit_key"]


@dataclass(frozen=True, slots=True)
class CanonicalEntity:
    """One real-world entity across the corpus.

    ``roles`` pairs each role with the document that gives it; ``party_evidence`` is
    (cue text, doc id, start, end) where start/end cover the mention and its cue, so the
    briefing can quote the words that put this entity on a side.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]
    party: str | None
    party_evidence: tuple[tuple[str, str, int, int], ...]
    mentions: tuple[tuple[str, int, int], ...]


_GROUP_OF_LABEL: Final = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "NORP": "NORP",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}
_GROUP_OF_KIND: Final = {
    "country": "PLACE",
    "capital": "PLACE",
    "organisation": "ORG",
    "seat": "ORG",
    "party": "ORG",
    "region": "PLACE",
    "body": "ORG",
}
_DEFAULT_LABEL: Final = {"PLACE": "GPE"}
_LABEL_OF_KIND: Final = {
    "country": "GPE",
    "capital": "GPE",
    "organisation": "ORG",
    "seat": "ORG",
    "party": "ORG",
    "region": "GPE",
    "body": "ORG",
}
_RESOLVED_LABELS: Final = ENTITY_LABELS
_VOTING_GROUPS: Final = frozenset({"PERSON", "ORG", "PLACE", "NORP"})
# A tied vote goes to the type NER gets wrong least often in that direction.
_GROUP_PRIORITY: Final = ("PERSON", "PLACE", "ORG", "NORP")
_ACRONYM_STOP: Final = frozenset({"of", "the", "and", "for", "de", "la", "du", "des", "on", "in"})
_CUE_PREPOSITIONS: Final = frozenset({"of", "to", "for", "from", "the", "with"})
_DEMONYM_SUFFIXES: Final = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ns", "n")


# --- items and nodes -----------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One mention being resolved; ``node`` is where it currently belongs."""

    doc_id: str
    mention: Mention
    label: str
    """The mention's label, one string for every mention of the name: read back, each
    mention has a copy of its own, and a copy must be hashed before it can be counted."""
    name: str
    key: str
    words: tuple[str, ...]
    """The key's words, split once for every mention of the name (the steps ask often)."""
    group: str
    known: GazetteerEntry | None
    node: str = ""


class _Merger:
    """Union-find over node ids; the smaller id leads so the result is order-independent."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:
            self.parent[node], node = root, self.parent.get(node, node)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low


_Named = tuple[str, str, str, tuple[str, ...], str, GazetteerEntry | None]
_UNSEEN: Final[_Named] = ("", "", "", (), "", None)


def _make_items(mentions: Iterable[tuple[str, Mention]], gaz: Gazetteer) -> list[_Item]:
    items = []
    # A name recurs in nearly every document that covers it: look it up and key it once.
    seen: dict[tuple[str, str], _Named | None] = {}
    for doc_id, mention in mentions:
        text_label = (mention.text, mention.label)
        named = seen.get(text_label, _UNSEEN)
        if named is _UNSEEN:
            named = seen[text_label] = _named(mention.text, mention.label, gaz)
        if named is not None:
            label, name, key, words, group, known = named
            items.append(_Item(doc_id, mention, label, name, key, words, group, known))
    return items


def _named(text: str, label: str, gaz: Gazetteer) -> _Named | None:
    """(label, name, key, key words, type group, gazetteer entry) of a mention, None when it
    names no actor to resolve."""
    if label not in _RESOLVED_LABELS:
        return None
    group = _GROUP_OF_LABEL.get(label, label)
    name = " ".join(text.split())
    known, key = gaz.lookup(name), translit_key(name)
    if known is not None and known.kind == "demonym":
        return None  # "Valdorian" is a cue for a side, not an actor
    if not key:
        return None
    if known is not None and group != "PERSON":
        group = _GROUP_OF_KIND[known.kind]
    return label, name, key, tuple(key.split()), group, known


def _vote_groups(items: list[_Item]) -> None:
    """A name the model tagged two ways takes its majority type everywhere."""
    # Counted once per distinct name and type: a name recurs in nearly every document.
    tagged = Counter((item.key, item.group, item.known is None) for item in items)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (key, group, unknown), n in tagged.items():
        if unknown and group in _VOTING_GROUPS:
            votes[key][group] += n
    # A full name also votes for its surname: NER often tags a lone surname ORG or GPE.
    surnames = set()
    for (key, group, _unknown), n in tagged.items():
        words = key.split()
        if group == "PERSON" and len(words) > 1:
            surnames.add(words[-1])
            if words[-1] in votes:
                votes[words[-1]]["PERSON"] += n
    # One word that no full name ever carries, found as a place at least once ("talks in
    # Drevna"), is a place the small model took for a person in "Drevna wants ...": news
    # introduces every person by full name somewhere, and a capital often stands for its
    # government.
    for key, tally in votes.items():
        if tally["PLACE"] and tally["PERSON"] and " " not in key and key not in surnames:
            tally["PLACE"] += tally.pop("PERSON")
    winners = {
        key: min(counts, key=lambda g: (-counts[g], _GROUP_PRIORITY.index(g)))
        for key, counts in votes.items()
    }
    for item in items:
        if item.known is None and item.group in _VOTING_GROUPS:
            item.group = winners.get(item.key, item.group)


def _link_in_documents(items: list[_Item]) -> dict[int, int]:
    """Lone names to the one full name they shorten in the same document: {item: full item}."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_doc[item.doc_id].append(i)
    links: dict[int, int] = {}
    for members in by_doc.values():
        full = [i for i in members if items[i].group == "PERSON" and len(items[i].words) > 1]
        if not full:
            continue  # nothing for a lone name to shorten
        last, first = _full_names_by_word(items, full, -1), _full_names_by_word(items, full, 0)
        for i in members:
            item = items[i]
            if len(item.words) != 1 or item.group not in _VOTING_GROUPS:
                continue
            tagged_person = item.label == "PERSON"
            if item.known is not None and not tagged_person:
                continue  # the country Jordan beside a man named Sam Jordan
            # The full name ending in the word, else starting with it, when it is the only one.
            target = last.get(item.key, _NO_NAME)
            if target == _NO_NAME and tagged_person:
                target = first.get(item.key, _NO_NAME)
            if target >= 0:
                links[i] = target
                item.group = "PERSON"
    return links


_NO_NAME: Final = -1
_TWO_NAMES: Final = -2


def _full_names_by_word(items: list[_Item], full: list[int], position: int) -> dict[str, int]:
    """{word: the first of the full names with it at ``position``}, or :data:`_TWO_NAMES`
    for a word two different names share: an index looked up once per lone name, where
    scanning the document's full names for each of its mentions was most of this step."""
    found: dict[str, int] = {}
    for i in full:
        word = items[i].words[position]
        hit = found.setdefault(word, i)
        if hit >= 0 and items[hit].key != items[i].key:
            found[word] = _TWO_NAMES
    return found


def _assign_nodes(items: list[_Item], links: Mapping[int, int]) -> None:
    """Known names go to their gazetteer node, linked names to their full name, others to
    their own (type, key) node."""
    for i, item in enumerate(items):
        if i in links:
            continue
        if item.known is not None:
            item.group = _GROUP_OF_KIND[item.known.kind]
            item.node = f"{item.group}:{fold_name(item.known.name)}"
        else:
            item.node = f"{item.group}:{item.key}"
    for i, target in links.items():
        items[i].node = items[target].node
        items[i].known = None


# --- corpus-level merging ------------------------------------------------------------------


@dataclass(slots=True)
class _Corpus:
    """Indexes the merging steps share."""

    items: list[_Item]
    merger: _Merger
    node_docs: dict[str, set[str]]
    doc_nodes: dict[str, set[str]]
    node_roles: dict[str, set[str]]
    neighbours: dict[str, frozenset[str]]

    @classmethod
    def build(cls, items: list[_Item]) -> _Corpus:
        node_docs: dict[str, set[str]] = defaultdict(set)
        doc_nodes: dict[str, set[str]] = defaultdict(set)
        node_roles: dict[str, set[str]] = defaultdict(set)
        for item in items:
            node_docs[item.node].add(item.doc_id)
            doc_nodes[item.doc_id].add(item.node)
            if item.mention.role:
                node_roles[item.node].add(item.mention.role.casefold())
        return cls(items, _Merger(), node_docs, doc_nodes, node_roles, {})

    def context(self, nodes: Iterable[str]) -> set[str]:
        """Entities named in the same documents as ``nodes`` (the nodes themselves left out)."""
        nodes = set(nodes)
        found: set[str] = set()
        for node in nodes:
            if node not in self.neighbours:
                near: set[str] = set()
                for doc in self.node_docs.get(node, ()):
                    near |= self.doc_nodes[doc]
                self.neighbours[node] = frozenset(near)
            found |= self.neighbours[node]
        return found - nodes

    def related(self, a: str, b: str) -> bool:
        """Two spellings plausibly the same entity: shared roles or two shared neighbours."""
        if self.node_roles.get(a, set()) & self.node_roles.get(b, set()):
            return True
        shared = self.context([a]) & self.context([b])
        return len(shared - {a, b}) >= 2


def _person_names(items: list[_Item]) -> dict[str, tuple[str, ...]]:
    """Person node -> its key words (the longest form seen)."""
    names: dict[str, tuple[str, ...]] = {}
    for item in items:
        if item.group == "PERSON" and item.node.startswith("PERSON:"):
            words = tuple(item.node.removeprefix("PERSON:").split())
            names.setdefault(item.node, words)
    return names


def _first_names_agree(a: str, b: str, *, strict: bool) -> bool:
    # Ukrainian spells with h what Russian spells with g: Hryhoriy/Grigoriy, Oleh/Oleg.
    if a == b or a.replace("h", "g") == b.replace("h", "g"):
        return True
    if strict:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return min(len(a), len(b)) >= 4 and osa_distance(a, b, limit=1) <= 1


def _merge_full_names(corpus: _Corpus, names: Mapping[str, tuple[str, ...]]) -> None:
    """Same or close surname and agreeing first names; an initial only joins one candidate."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for node, words in names.items():
        if len(words) > 1:
            by_surname[words[-1]].append(node)
    for nodes in by_surname.values():
        _join_agreeing(corpus, names, nodes, nodes, strict=False)
    for a, b in sorted(close_pairs(by_surname)):
        _join_agreeing(corpus, names, by_surname[a], by_surname[b], strict=True)


def _join_agreeing(
    corpus: _Corpus,
    names: Mapping[str, tuple[str, ...]],
    left: Sequence[str],
    right: Sequence[str],
    *,
    strict: bool,
) -> None:
    """Join nodes of ``left`` and ``right`` whose first names agree (compared once per name)."""
    firsts: dict[str, list[str]] = defaultdict(list)
    for b in right:
        firsts[names[b][0]].append(b)
    mine: dict[str, list[str]] = defaultdict(list)
    for a in left:
        mine[names[a][0]].append(a)
    for first, nodes in mine.items():
        if len(first) == 1:
            if not strict:
                _join_initial(corpus, nodes, first, firsts)
            continue
        for other, partners in firsts.items():
            if len(other) > 1 and _first_names_agree(first, other, strict=strict):
                for node in (*nodes, *partners):
                    corpus.merger.union(nodes[0], node)


def _join_initial(
    corpus: _Corpus, nodes: Sequence[str], initial: str, firsts: Mapping[str, list[str]]
) -> None:
    """ "V. Petrenko" joins only when one Petrenko with a V-name exists."""
    candidates = [b for f, bs in firsts.items() if len(f) > 1 and f[0] == initial for b in bs]
    if len({corpus.merger.find(b) for b in candidates}) == 1:
        for node in nodes:
            corpus.merger.union(node, candidates[0])


def _merge_lone_surnames(corpus: _Corpus, names: Mapping[str, tuple[str, ...]]) -> None:
    """A surname used alone joins the one person who carries it, or the best-fitting one."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for node, words in names.items():
        if len(words) > 1:
            by_surname[words[-1]].add(node)
    lone = {node: words[0] for node, words in names.items() if len(words) == 1}
    close: dict[str, set[str]] = defaultdict(set)
    for a, b in close_pairs([*by_surname, *lone.values()]):
        close[a].add(b)
        close[b].add(a)
    for node, word in sorted(lone.items()):
        exact = by_surname.get(word, set())
        # Spelling variants of one surname keep its first letter (Umerov/Umjerow); a lone word
        # that differs there ("Harvan" against "Marvaan") is more often another name.
        fuzzy = {n for w in close.get(word, ()) if w[:1] == word[:1] for n in by_surname.get(w, ())}
        target = _best_candidate(corpus, node, exact) if exact else None
        if target is None and fuzzy and not exact:
            target = _best_candidate(corpus, node, fuzzy, need_context=True)
        if target is not None:
            corpus.merger.union(node, target)


def _best_candidate(
    corpus: _Corpus, node: str, candidates: set[str], *, need_context: bool = False
) -> str | None:
    groups: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        groups[corpus.merger.find(candidate)].append(candidate)
    if len(groups) == 1 and not need_context:
        return min(candidates)
    mine = corpus.context([node])
    scored = sorted(
        ((len(mine & corpus.context(members)), root) for root, members in groups.items()),
        reverse=True,
    )
    best, root = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0
    enough = 2 if need_context else 1
    return root if best >= enough and best > runner_up else None


def _merge_misspellings(corpus: _Corpus) -> None:
    """Close keys of the same non-person type that share context ("Istambul"/"Istanbul")."""
    by_group: dict[str, dict[str, str]] = defaultdict(dict)
    known = {item.node for item in corpus.items if item.known is not None}
    seen: set[str] = set()
    for item in corpus.items:
        if item.group != "PERSON" and item.node not in seen:
            seen.add(item.node)
            key = item.key if item.known is None else translit_key(item.known.name)
            by_group[item.group].setdefault(key, item.node)
    for keys in by_group.values():
        for a, b in close_pairs(keys):
            na, nb = keys[a], keys[b]
            if na in known and nb in known:
                continue  # "Austria" and "Australia" are both real
            if corpus.related(na, nb):
                corpus.merger.union(na, nb)


def _merge_acronyms(corpus: _Corpus) -> None:
    """ "Joint Monitoring Commission (JMC)": an acronym joins its long form in one document."""
    # Each name once per document: its repeats add nothing, and the merger's result does not
    # depend on the order of its unions.
    by_doc: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for item in corpus.items:
        if item.group in ("ORG", "PLACE"):
            by_doc[item.doc_id][item.name, item.node] = None
    names = {name for named in by_doc.values() for name, _node in named}
    forms = {name: _acronym_forms(name) for name in names}
    for named in by_doc.values():
        longs: dict[str, set[str]] = defaultdict(set)
        for name, node in named:
            initials = forms[name][0]
            if initials:
                longs[initials].add(node)
        for name, node in named:
            short = forms[name][1]
            if short and len(longs.get(short, ())) == 1:
                corpus.merger.union(node, next(iter(longs[short])))


def _acronym_forms(name: str) -> tuple[str, str]:
    """(the acronym a long name makes, the name as an acronym itself), each "" when none."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _ACRONYM_STOP]
    initials = "".join(w[0] for w in words).upper() if len(words) > 1 else ""
    short = name.replace(".", "")
    return initials, short if short.isupper() and 2 <= len(short) <= 6 else ""


# --- building the entities -----------------------------------------------------------------


def resolve_entities(
    mentions: Iterable[tuple[str, Mention]], *, gazetteer: Gazetteer | None = None
) -> list[CanonicalEntity]:
    """Fold (doc_id, mention) pairs from many documents into canonical entities.

    Returns entities most-mentioned first. Demonyms ("Valdorian") are cues, not entities;
    dates, numbers and other non-name labels are ignored.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    items = _make_items(mentions, gaz)
    _vote_groups(items)
    _assign_nodes(items, _link_in_documents(items))
    corpus = _Corpus.build(items)
    names = _person_names(items)
    _merge_full_names(corpus, names)
    _merge_lone_surnames(corpus, names)
    _merge_misspellings(corpus)
    _merge_acronyms(corpus)
    roots = {node: corpus.merger.find(node) for node in corpus.node_docs}
    clusters: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        clusters[roots[item.node]].append(item)
    drafts = sorted(
        (_draft(members) for members in clusters.values()), key=lambda d: (-len(d.items), d.name)
    )
    for index, draft in enumerate(drafts):
        draft.index = index
    parties = _Parties.build(drafts, gaz)
    taken: Counter[str] = Counter()
    entities = []
    for draft in drafts:
        party, evidence = parties.party_of(draft)
        entities.append(_finish(draft, party, evidence, taken))
    entities = with_domestic_sides(entities, gazetteer=gaz)
    # Only a mention naming allies ties its person to others' sides: the rest are not read.
    allied = [(i.doc_id, i.mention) for i in items if i.mention.allies]
    return settle_people(entities, allied, gazetteer=gaz)


@dataclass(slots=True)
class _Draft:
    name: str
    type: str
    group: str
    items: list[_Item]
    known: GazetteerEntry | None
    cued: list[_Item]
    """The items whose mention has a party cue."""
    index: int = -1


def _draft(members: list[_Item]) -> _Draft:
    known = next((m.known for m in members if m.known is not None), None)
    group = Counter(m.group for m in members).most_common(1)[0][0]
    if known is not None and group != "PERSON":
        name, label = known.name, _LABEL_OF_KIND[known.kind]
    else:
        name = _canonical_name(members, group)
        label = _entity_label(members, group)
    # An empty cue names no side: only the mentions with words for one can vote.
    cued = [m for m in members if m.mention.party_cue]
    return _Draft(name, label, group, members, known, cued)


def _entity_label(members: list[_Item], group: str) -> str:
    """The most frequent spaCy label that fits the voted type (a place tagged ORG is a GPE)."""
    tagged = Counter(m.label for m in members)
    labels = {label: n for label, n in tagged.items() if _GROUP_OF_LABEL.get(label, label) == group}
    if not labels:
        return _DEFAULT_LABEL.get(group, group)
    return min(labels, key=lambda label: (-labels[label], label))


def _canonical_name(members: list[_Item], group: str) -> str:
    """Most frequent full form; ties go to the longest, then alphabetical order."""
    forms = Counter(m.name for m in members)
    if group == "PERSON":
        full = Counter({f: n for f, n in forms.items() if len(f.split()) > 1})
    else:
        full = Counter({f: n for f, n in forms.items() if not f.replace(".", "").isupper()})
    pool = full or forms
    return min(pool, key=lambda f: (-pool[f], -len(f), f))


def _finish(
    draft: _Draft,
    party: str | None,
    evidence: tuple[tuple[str, str, int, int], ...],
    taken: Counter[str],
) -> CanonicalEntity:
    slug = re.sub(r"[^a-z0-9]+", "-", fold_name(draft.name)).strip("-") or "x"
    base = f"{draft.type.lower()}:{slug}"
    taken[base] += 1
    entity_id = base if taken[base] == 1 else f"{base}-{taken[base]}"
    roles: dict[tuple[str, str], tuple[str, str]] = {}
    for item in draft.items:
        if item.mention.role:
            roles.setdefault(
                (item.mention.role.casefold(), item.doc_id), (item.mention.role, item.doc_id)
            )
    mentions = tuple((m.doc_id, m.mention.start, m.mention.end) for m in draft.items)
    aliases = tuple(sorted({m.name for m in draft.items} - {draft.name}))
    return CanonicalEntity(
        id=entity_id,
        name=draft.name,
        type=draft.type,
        aliases=aliases,
        roles=tuple(roles.values()),
        party=party,
        party_evidence=evidence,
        mentions=mentions,
    )


# --- parties -------------------------------------------------------------------------------

_Evidence = tuple[str, str, int, int]


@dataclass(slots=True)
class _Parties:
    """Which side each entity speaks for, decided from cues in two passes."""

    gaz: Gazetteer
    by_key: dict[str, _Draft]
    places: dict[str, list[tuple[str, _Draft]]]
    first_pass: dict[int, str | None]
    cue_targets: set[int]
    # Cues and words recur in every document that covers a side: each is looked up once.
    targets: dict[str, _Draft | str | None] = field(default_factory=dict)
    country_words: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, drafts: list[_Draft], gaz: Gazetteer) -> _Parties:
        order = {"PLACE": 0, "ORG": 1, "NORP": 2, "PERSON": 3}
        by_key: dict[str, _Draft] = {}
        places: dict[str, list[tuple[str, _Draft]]] = defaultdict(list)
        for draft in sorted(drafts, key=lambda d: order.get(d.group, 4)):
            name_key = translit_key(draft.name)
            for key in sorted({m.key for m in draft.items} | {name_key}):
                by_key.setdefault(key, draft)
            if draft.group == "PLACE":
                places[name_key[:4]].append((name_key, draft))
        parties = cls(gaz, by_key, places, {}, set())
        for cue in {item.mention.party_cue for draft in drafts for item in draft.cued}:
            target = parties.cue_target(cue)
            if isinstance(target, _Draft):
                parties.cue_targets.add(target.index)
        # First pass without people as cues, so "an aide to Duval" can take Duval's side next.
        for draft in sorted(drafts, key=lambda d: d.group == "PERSON"):
            parties.first_pass[draft.index] = parties.party_of(draft, people=False)[0]
        return parties

    def party_of(
        self, draft: _Draft, *, people: bool = True
    ) -> tuple[str | None, tuple[_Evidence, ...]]:
        if draft.known is not None and draft.group != "PERSON":
            return (draft.known.party or None), ()  # a region or a chamber is no side
        if is_instrument(draft.name, draft.type):
            return None, ()
        votes: dict[str, list[_Evidence]] = defaultdict(list)
        for item in draft.cued:
            m, cue = item.mention, item.mention.party_cue or ""
            party = self.cue_party(cue, people=people)
            if party and party != draft.name:
                start = min(m.start, m.cue_start if m.cue_start is not None else m.start)
                end = max(m.end, m.cue_end if m.cue_end is not None else m.end)
                votes[party].append((cue, item.doc_id, start, end))
        if not votes and draft.group == "ORG":
            votes = self._inside_name(draft)
        if not votes and draft.group == "NORP" and len(draft.name.split()) > 1:
            votes = self._party_inside_name(draft)
        if not votes and draft.group == "NORP":
            place = self._demonym_place(translit_key(draft.name))
            if place is not None:
                return place.name, ()
        if not votes:
            own = draft.group in ("ORG", "PLACE") and draft.index in self.cue_targets
            return (draft.name if own else None), ()
        ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
            return None, tuple(e for _, evs in ranked for e in evs)
        return ranked[0][0], tuple(ranked[0][1])

    def _inside_name(self, draft: _Draft) -> dict[str, list[_Evidence]]:
        """ "Valdorian Defence Ministry": a country word inside an organisation's name."""
        votes: dict[str, list[_Evidence]] = defaultdict(list)
        found: dict[str, tuple[str, str] | None] = {}  # each name read once
        for item in draft.items:
            if item.name not in found:
                found[item.name] = self._country_in_name(item.name, own=draft.name)
            hit = found[item.name]
            if hit is not None:
                word, party = hit
                votes[party].append((word, item.doc_id, item.mention.start, item.mention.end))
        return votes

    def _country_in_name(self, name: str, *, own: str) -> tuple[str, str] | None:
        """(the first word of ``name`` that names a country, its party) other than ``own``."""
        for word in name.split():
            if word[:1].isupper() and word.casefold() not in _ACRONYM_STOP:
                party = self._country_word(word)
                if party is not None and party != own:
                    return word, party
        return None

    def _party_inside_name(self, draft: _Draft) -> dict[str, list[_Evidence]]:
        """ "Congressional Republicans": a group named with a political party's word is the
        party's; a people named with a country's ("American Indians") is no side."""
        votes = self._inside_name(draft)
        return {
            party: evs
            for party, evs in votes.items()
            if (known := self.gaz.lookup(party)) is not None and known.kind == "party"
        }

    def _country_word(self, word: str) -> str | None:
        if word not in self.country_words:
            self.country_words[word] = self._country_of_word(word)
        return self.country_words[word]

    def _country_of_word(self, word: str) -> str | None:
        entry = self.gaz.lookup(word)
        if entry is not None:
            return entry.party if entry.kind in ("demonym", "country", "party") else None
        place = self._demonym_place(translit_key(word))
        return place.name if place is not None else None

    def cue_target(self, cue: str | None) -> _Draft | str | None:
        """What a cue names: a gazetteer party (str), a corpus entity, or nothing."""
        if not cue:
            return None
        if cue not in self.targets:
            self.targets[cue] = self._cue_target(cue)
        return self.targets[cue]

    def _cue_target(self, cue: str) -> _Draft | str | None:
        label = self.gaz.affiliation(cue)
        if label is not None:
            return label.party
        words = cue.replace("’", "'").split()
        while words and words[0].casefold() in _CUE_PREPOSITIONS:
            words = words[1:]
        entry = self.gaz.cue(" ".join(words))
        if entry is not None:
            return entry.party
        text = fold_name(" ".join(words))
        key = translit_key(text)
        if not key:
            return None
        found = self.by_key.get(key)
        if found is None or found.group == "NORP":
            # "Valdorian" names the place Valdoria's side, not the group of Valdorians.
            place = self._demonym_place(key)
            return place if place is not None else found
        return found

    def cue_party(self, cue: str, *, people: bool) -> str | None:
        target = self.cue_target(cue)
        if target is None or isinstance(target, str):
            return target
        if target.group == "PERSON":
            return self.first_pass.get(target.index) if people else None
        party = self.first_pass.get(target.index)
        return party if party is not None else target.name

    def _demonym_place(self, key: str) -> _Draft | None:
        """ "valdorian" -> the place "Valdoria" named in this corpus."""
        for suffix in _DEMONYM_SUFFIXES:
            stem = key.removesuffix(suffix)
            if stem == key or len(stem) < 4:
                continue
            hits = [
                place
                for key, place in self.places.get(stem[:4], ())
                if key.startswith(stem) and len(key) - len(stem) <= 3
            ]
            if hits:
                return max(hits, key=lambda p: (len(p.items), p.name))
        return None
