"""Label search: the graph's resources found by their names in any language, accents and case ignored.

:class:`SearchIndex` is built once per store from one SELECT: every label of every resource that has a page
(the minted ``/id/…`` resources and the ontology's terms), as the sources and the ontology state them
(``rdfs:label``, ``skos:prefLabel``, ``foaf:name``, ``schema:name`` and ``dcterms:title`` as labels;
``skos:altLabel``, ``schema:alternateName`` and ``dcterms:alternative`` as aliases). The inferred graph is
left out: its labels repeat these, or are composed at build time (a mandate's "member – role – body"), and
the person, role and body they name are found by their own names.

Texts and queries are compared in one normal form (:func:`normalise`): Unicode compatibility decomposition
(NFKD) with the combining marks dropped, case folded, every run of other characters than letters and digits
one space. So ``vaasa``, ``Vaasa`` and ``VAASA`` are one, ``hameenlinna`` finds Hämeenlinna, ``maatta`` finds
Määttä and ``anna kaisa`` finds Anna-Kaisa.

A label matches in one of four ways, best first: it *is* the query (exact), it starts with it (prefix), one
of its words starts a run that begins with the query (word: ``ikonen`` in "Anna-Kaisa Ikonen"), or it holds
the query anywhere (substring; only for queries of :data:`MIN_SUBSTRING` characters or more, so that a
letter or two typed into an autocomplete does not match half the graph). A resource's score is that of its
best label, from 0 to 100::

    score = 25 × (rank + closeness × weight)

with rank 3 (exact), 2 (prefix), 1 (word) or 0 (substring); closeness = the query's length / the label's
length (a query that covers more of the label is closer); weight 1 for a label, 0.9 for an alias. Every
score of a rank is above every score of the rank below; an exact label scores 100, an exact alias 97.5.
Hits are ordered by score, then by name (the normal form of the first of a resource's labels, whatever the
reader's language, so that the order is the same in every language), then by IRI.

Lookups use sorted keys and :mod:`bisect` (exact, prefix and word matches) and one joined text searched with
``str.find`` (substrings, in the order of their scores, so that the scan stops when a page is full); no
SPARQL runs per query. A search says whether more hits follow, not how many.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..namespaces import DCTERMS, FOAF, INFERRED_GRAPH, RDF, RDFS, SCHEMA, SKOS, base_iri, is_minted, prefixes
from . import i18n
from .describe import Labels, Node

#: The properties whose values name a resource (its label) and those that give it another name (an alias).
LABELS = tuple(str(p) for p in (SKOS.prefLabel, FOAF.name, SCHEMA.name, DCTERMS.title, RDFS.label))
ALIASES = tuple(str(p) for p in (SKOS.altLabel, SCHEMA.alternateName, DCTERMS.alternative))
#: Ranks of a match, best first (the rank's number in the score is 3 for "exact" down to 0 for "substring").
RANKS = ("exact", "prefix", "word", "substring")
#: The shortest query (in normal form) that is also looked up inside labels.
MIN_SUBSTRING = 3
#: The longest query accepted, in characters (a longer one is refused: no label of the graph is that long).
MAX_QUERY = 200
#: Hits of one lookup: the default and the most a caller may ask for.
DEFAULT_LIMIT, MAX_LIMIT = 10, 50

#: Letters NFKD leaves whole that readers type without their stroke or ligature, and every combining mark of
#: the Basic Multilingual Plane (dropped after the decomposition: "ä" is "a" + U+0308).
_FOLDED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i"}
    | {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}
)
_NOT_WORD = re.compile(r"[\W_]+")


class SearchError(ValueError):
    """A search that cannot be run as asked (too long a query, a bad limit or type): the UI string ``key`` of
    :mod:`kgraph.site.messages.search` with its arguments, in English as the exception's text."""

    def __init__(self, key: str, *args):
        self.key, self.args_ = key, args
        super().__init__(self.text("en"))

    @property
    def code(self) -> str:
        """The error's name in a JSON answer: its key less the feature's prefix (``too_long``)."""
        return self.key.split("_", 1)[1]

    def text(self, lang: str) -> str:
        """The one-line message in ``lang``."""
        return i18n.t(self.key, lang, *self.args_)


def normalise(text: str) -> str:
    """``text`` in the normal form searches compare: no accents, case folded, words split by single spaces."""
    bare = unicodedata.normalize("NFKD", text).casefold().translate(_FOLDED)
    return " ".join(_NOT_WORD.split(bare)).strip()


@dataclass(frozen=True)
class Match:
    """How a resource matched: which of its names, in which language, how well."""

    text: str  # the name as the graph writes it
    lang: str  # its language tag ("" for an untagged name)
    field: str  # "label" or "alias"
    rank: str  # one of RANKS
    score: float


@dataclass(frozen=True)
class Hit:
    """A resource found: its node (labels included, for the page's choice of a label), type and match."""

    node: Node
    type: Node | None  # the most specific asserted type, with its labels
    match: Match


@dataclass(frozen=True)
class Results:
    """One page of hits; ``more`` says where the next page starts (None: this is the last)."""

    query: str
    hits: tuple[Hit, ...]
    offset: int
    more: int | None


@dataclass(frozen=True)
class _Name:
    key: str  # normal form
    resource: int
    text: str
    lang: str
    field: str


def has_page(iri: str) -> bool:
    """True for the IRIs a search may return: minted resources and the ontology and its terms."""
    return is_minted(iri) or iri.startswith(base_iri() + "ontology")


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _index_query() -> str:
    return f"""SELECT ?s ?p ?o WHERE {{
      VALUES ?p {{ {_values(LABELS + ALIASES)} }}
      GRAPH ?g {{ ?s ?p ?o }}
      FILTER(?g != <{INFERRED_GRAPH}> && isIRI(?s) && isLiteral(?o))
    }}"""


def _types_query() -> str:
    return f"SELECT ?s ?t ?g WHERE {{ GRAPH ?g {{ ?s <{RDF.type}> ?t }} FILTER(isIRI(?s) && isIRI(?t)) }}"


def _preferred_type(types: Sequence[str]) -> str | None:
    """The type a hit shows: the project's own classes before standard ones, then by IRI."""
    ns = base_iri() + "ontology#"
    return min(types, key=lambda t: (not t.startswith(ns), t)) if types else None


class SearchIndex:
    """Every name of every resource with a page, ready for :meth:`search`."""

    def __init__(self, labels: Iterable[tuple[str, str, str, str]], types: Iterable[tuple[str, str, bool]]):
        """``labels``: (IRI, property, text, language) rows; ``types``: (IRI, class, asserted) rows."""
        self._iris: list[str] = []
        position: dict[str, int] = {}
        names: list[_Name] = []
        shown: dict[str, set[tuple[str, str]]] = {}
        aliases: dict[str, set[tuple[str, str]]] = {}
        paged = (base_iri() + "id/", base_iri() + "ontology")  # has_page, without a look at the environment each
        for iri, prop, text, lang in labels:
            field = "alias" if prop in ALIASES else "label"
            (aliases if field == "alias" else shown).setdefault(iri, set()).add((text, lang))
            if not iri.startswith(paged):
                continue
            key = normalise(text)
            if not key:
                continue
            if iri not in position:
                position[iri] = len(self._iris)
                self._iris.append(iri)
            names.append(_Name(key, position[iri], text, lang, field))
        names.sort(key=lambda n: (n.key, n.field, n.resource))
        self._names = names
        self._keys = [n.key for n in names]
        self._owner = [n.resource for n in names]
        self._weight = [(1.0 if n.field == "label" else 0.9) / len(n.key) for n in names]  # × query length
        # every word start after the first, as (name index, offset), sorted by the key from that word on
        self._words = sorted(
            ((k, i + 1) for k, n in enumerate(names) for i, c in enumerate(n.key) if c == " "),
            key=self._word_key,
        )
        # the labels a page shows (aliases when a resource has nothing else), for resources and their types
        self._labels: dict[str, Labels] = {
            iri: tuple(sorted(shown.get(iri) or aliases.get(iri) or ())) for iri in set(shown) | set(aliases)
        }
        # per resource (by position): the order of equal scores, its types (inferred too), the type it shows
        self._order = [normalise(own[0][0]) if (own := self._labels.get(iri)) else iri for iri in self._iris]
        self._types: list[set[str]] = [set() for _ in self._iris]
        asserted: dict[str, set[str]] = {}
        for iri, cls, is_asserted in types:
            if iri in position:
                self._types[position[iri]].add(cls)
                if is_asserted:
                    asserted.setdefault(iri, set()).add(cls)
        self._shown_type = {iri: _preferred_type(sorted(ts)) for iri, ts in asserted.items()}
        # for substrings: every key once in the order of their scores (weight ÷ length, then as hits are
        # ordered), joined by newlines, with the offset each starts at; a scan from the start finds the best
        # first, so it stops as soon as a page is full
        self._inner = sorted(
            range(len(names)), key=lambda k: (-self._weight[k], self._order[self._owner[k]], self._iris[self._owner[k]])
        )
        self._text = "\n".join(self._keys[k] for k in self._inner)
        self._starts: list[int] = []
        offset = 0
        for k in self._inner:
            self._starts.append(offset)
            offset += len(self._keys[k]) + 1

    @classmethod
    def of(cls, store) -> "SearchIndex":
        """The index of a store (anything with the ``query`` of :class:`kgraph.query.store.GraphStore`)."""
        labels = [(r[0].value, r[1].value, r[2].value, r[2].language or "") for r in store.query(_index_query())]
        types = [(r[0].value, r[1].value, r[2].value != INFERRED_GRAPH) for r in store.query(_types_query())]
        return cls(labels, types)

    def __len__(self) -> int:
        """The number of names indexed."""
        return len(self._names)

    def type_iri(self, name: str) -> str:
        """A type as a caller writes it (an IRI, ``prefix:Local`` or the project's ``Local``) as an IRI."""
        name = name.strip()
        if "://" in name:
            return name
        prefix, colon, local = name.rpartition(":")
        known = {p: str(ns) for p, ns in prefixes().items()}
        if not colon:
            return known["kp"] + local
        if prefix not in known:
            raise SearchError("search_bad_type", repr(name), ", ".join(sorted(known)))
        return known[prefix] + local

    def _word_key(self, word: tuple[int, int]) -> str:
        return self._keys[word[0]][word[1] :]

    @staticmethod
    def _range(keys: Sequence, query: str, key=None) -> range:
        """The positions of ``keys`` (sorted) that start with ``query``."""
        return range(bisect.bisect_left(keys, query, key=key), bisect.bisect_left(keys, query + "\U0010ffff", key=key))

    def _starting(self, query: str) -> Iterable[tuple[int, int]]:
        """(name index, rank number) of the names that are, start with or have a word that starts with the
        query (a name may come more than once)."""
        for k in self._range(self._keys, query):
            yield k, 3 if self._keys[k] == query else 2
        for w in self._range(self._words, query, key=self._word_key):
            yield self._words[w][0], 1

    def _inside(self, query: str) -> Iterable[int]:
        """The names that hold the query anywhere, best score first."""
        find, text, at = self._text.find, self._text, 0
        while (at := find(query, at)) != -1:
            yield self._inner[bisect.bisect_right(self._starts, at) - 1]
            nl = text.find("\n", at)
            at = len(text) if nl == -1 else nl + 1  # one hit per name is enough

    def search(
        self,
        text: str,
        *,
        types: Sequence[str] = (),
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Results:
        """The resources whose names match ``text``, best first; ``types`` (IRIs) keeps those of any of
        these classes (inferred types count: a city is an organisation), ``limit`` and ``offset`` page.

        Every exact, prefix and word match is scored; substrings score below all of them and are scanned best
        first, only until the page (and one more hit, for ``more``) is full."""
        if len(text) > MAX_QUERY:
            raise SearchError("search_too_long", MAX_QUERY)
        if not 1 <= limit <= MAX_LIMIT:
            raise SearchError("search_bad_limit", MAX_LIMIT)
        if offset < 0:
            raise SearchError("search_bad_offset")
        query = normalise(text)
        if not query:
            return Results(text, (), offset, None)
        wanted = set(types)
        names, kinds, owner, weight, length = self._names, self._types, self._owner, self._weight, len(query)
        best: dict[int, tuple[float, int, int]] = {}  # resource: (score, name, rank number)
        for k, rank in self._starting(query):
            resource = owner[k]
            if wanted and not wanted & kinds[resource]:
                continue
            score = 25 * (rank + length * weight[k])
            if resource not in best or score > best[resource][0]:
                best[resource] = (score, k, rank)
        order, iris = self._order, self._iris
        ranked = sorted(best.items(), key=lambda i: (-i[1][0], order[i[0]], iris[i[0]]))
        wanted_count = offset + limit + 1
        if len(ranked) < wanted_count and length >= MIN_SUBSTRING:
            for k in self._inside(query):
                resource = owner[k]
                if resource in best or (wanted and not wanted & kinds[resource]):
                    continue
                best[resource] = (25 * length * weight[k], k, 0)
                ranked.append((resource, best[resource]))
                if len(ranked) == wanted_count:
                    break
        hits = tuple(self._hit(names[k], score, rank) for _, (score, k, rank) in ranked[offset : offset + limit])
        more = offset + limit if len(ranked) > offset + limit else None
        return Results(text, hits, offset, more)

    def type_node(self, iri: str) -> Node:
        """A class as a node, with its labels (those of the ontology's classes are indexed)."""
        return Node(iri, "iri", labels=self._labels.get(iri, ()), described=has_page(iri))

    def _hit(self, name: _Name, score: float, rank: int) -> Hit:
        iri = self._iris[name.resource]
        node = Node(iri, "iri", labels=self._labels.get(iri, ()), described=True)
        cls = self._shown_type.get(iri)
        kind = self.type_node(cls) if cls else None
        match = Match(name.text, name.lang, name.field, RANKS[3 - rank], round(score, 1))
        return Hit(node, kind, match)
