"""A fast forward-chaining reasoner for the OWL 2 RL rules the ontology uses.

owlrl, the reference, re-runs every rule against every triple in Python
until nothing changes (over 500 s for 242,000 triples). This reasoner splits
the work:

1. the schema (class and property axioms, a few hundred triples) is closed
   under the OWL 2 RL ``scm-*`` rules with a small naive fixpoint in Python;
2. the closed schema is compiled into tables (super-properties, domains,
   ranges, inverses, super-classes, symmetric and transitive properties);
3. the instance rules run as a few set-at-a-time SPARQL CONSTRUCT queries in
   pyoxigraph, each rule once for all its table rows (``VALUES``), over the
   union of the store's graphs: ``prp-spo1``, ``prp-eqp``, ``prp-inv``,
   ``prp-symp`` and ``prp-trp`` until no new property statement appears,
   then ``prp-dom``, ``prp-rng``, ``cax-sco`` and ``cax-eqc`` once (the
   schema is closed, and types feed no property rule of this fragment).

OWL constructs outside this fragment (equality, functional properties, keys,
restrictions, class expressions, property chains, disjointness), and data
whose property statements would change the schema, raise
:class:`Unsupported`; :mod:`kgraph.inference.infer` then uses owlrl. Terms are
pyoxigraph terms. Triples with a literal subject, which RDF cannot state,
are never derived.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

import pyoxigraph as ox

from ..errors import KgraphError
from ..namespaces import OWL, RDF, RDFS

#: A term of a pyoxigraph quad.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Triple = tuple[Term, ox.NamedNode, Term]

_RDF, _RDFS, _OWL = str(RDF), str(RDFS), str(OWL)
TYPE = ox.NamedNode(_RDF + "type")
SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
SUBPROPERTY = ox.NamedNode(_RDFS + "subPropertyOf")
DOMAIN = ox.NamedNode(_RDFS + "domain")
RANGE = ox.NamedNode(_RDFS + "range")
EQ_CLASS = ox.NamedNode(_OWL + "equivalentClass")
EQ_PROPERTY = ox.NamedNode(_OWL + "equivalentProperty")
INVERSE = ox.NamedNode(_OWL + "inverseOf")
THING = ox.NamedNode(_OWL + "Thing")
NOTHING = ox.NamedNode(_OWL + "Nothing")
OWL_CLASS = ox.NamedNode(_OWL + "Class")
TRANSITIVE = ox.NamedNode(_OWL + "TransitiveProperty")
SYMMETRIC = ox.NamedNode(_OWL + "SymmetricProperty")
PROPERTY_TYPES = {
    ox.NamedNode(_OWL + "ObjectProperty"),
    ox.NamedNode(_OWL + "DatatypeProperty"),
    ox.NamedNode(_RDF + "Property"),
}
SCHEMA_PREDICATES = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE, EQ_CLASS, EQ_PROPERTY, INVERSE}
SCHEMA_TYPES = {OWL_CLASS, TRANSITIVE, SYMMETRIC} | PROPERTY_TYPES

#: OWL 2 RL vocabulary whose rules this reasoner does not implement.
UNSUPPORTED = {
    ox.NamedNode(_OWL + name)
    for name in (
        "sameAs differentFrom AllDifferent FunctionalProperty InverseFunctionalProperty IrreflexiveProperty "
        "AsymmetricProperty AllDisjointProperties propertyDisjointWith propertyChainAxiom hasKey sourceIndividual "
        "intersectionOf unionOf complementOf someValuesFrom allValuesFrom hasValue maxCardinality "
        "maxQualifiedCardinality oneOf disjointWith AllDisjointClasses Nothing"
    ).split()
}


class Unsupported(KgraphError):
    """The graph uses OWL vocabulary outside the fragment this reasoner implements."""


def close_schema(schema: set[Triple]) -> set[Triple]:
    """The schema closed under the OWL 2 RL scm-* rules (naive fixpoint: the schema is small)."""
    closed = set(schema)
    while True:
        new = set()
        sco, spo = _pairs(closed, SUBCLASS), _pairs(closed, SUBPROPERTY)
        for s, p, o in closed:
            if p == TYPE and o == OWL_CLASS:  # scm-cls
                new.update({(s, SUBCLASS, s), (s, EQ_CLASS, s), (s, SUBCLASS, THING), (NOTHING, SUBCLASS, s)})
            elif p == TYPE and o in PROPERTY_TYPES:  # scm-op, scm-dp
                new.update({(s, SUBPROPERTY, s), (s, EQ_PROPERTY, s)})
            elif p == SUBCLASS:  # scm-sco, scm-eqc2
                new.update((s, SUBCLASS, c3) for c3 in sco[o])
                if s in sco[o]:
                    new.add((s, EQ_CLASS, o))
            elif p == SUBPROPERTY:  # scm-spo, scm-eqp2
                new.update((s, SUBPROPERTY, p3) for p3 in spo[o])
                if s in spo[o]:
                    new.add((s, EQ_PROPERTY, o))
            elif p == EQ_CLASS:  # scm-eqc1
                new.update({(s, SUBCLASS, o), (o, SUBCLASS, s)})
            elif p == EQ_PROPERTY:  # scm-eqp1
                new.update({(s, SUBPROPERTY, o), (o, SUBPROPERTY, s)})
            elif p in (DOMAIN, RANGE):  # scm-dom1/2, scm-rng1/2
                new.update((s, p, c2) for c2 in sco[o])
                new.update((p1, p, o) for p1, supers in spo.items() if s in supers)
        new -= closed
        if not new:
            return closed
        closed |= new


def _pairs(triples: Iterable[Triple], predicate) -> dict:
    table = defaultdict(set)
    for s, p, o in triples:
        if p == predicate:
            table[s].add(o)
    return table


class _Tables:
    """The closed schema as look-up tables for the instance rules."""

    def __init__(self, schema: set[Triple]):
        self.supers = defaultdict(set)  # property -> super-properties
        self.domains = defaultdict(set)
        self.ranges = defaultdict(set)
        self.inverses = defaultdict(set)
        self.classes = defaultdict(set)  # class -> super-classes
        self.symmetric, self.transitive = set(), set()
        for s, p, o in schema:
            if s == o and p in (SUBCLASS, SUBPROPERTY):
                continue
            if p == SUBPROPERTY:
                self.supers[s].add(o)
            elif p == SUBCLASS:
                self.classes[s].add(o)
            elif p == DOMAIN:
                self.domains[s].add(o)
            elif p == RANGE:
                self.ranges[s].add(o)
            elif p == INVERSE:
                self.inverses[s].add(o)
                self.inverses[o].add(s)
            elif p == TYPE and o == SYMMETRIC:
                self.symmetric.add(s)
            elif p == TYPE and o == TRANSITIVE:
                self.transitive.add(s)


def _pairs_text(pairs) -> str:
    """Rows of a SPARQL ``VALUES`` block; blank nodes (anonymous class expressions) cannot appear there."""
    pairs = list(pairs)
    if any(isinstance(term, ox.BlankNode) for pair in pairs for term in pair):
        raise Unsupported("the schema uses a blank node (an anonymous class or property expression)")
    return " ".join(f"({a} {b})" for a, b in sorted((str(a), str(b)) for a, b in pairs))


def _rows(table: dict, skip=frozenset()) -> list[tuple]:
    return [(key, value) for key, values in table.items() for value in values if value not in skip]


@dataclass(frozen=True)
class _Rule:
    """One instance rule: insert ``head`` for every match of ``body``.

    In ``body``, ``{source}`` is the graph the premises are read from: ``?g`` (any graph) on the first
    round, the previous round's new triples afterwards (semi-naive evaluation: a later round only joins
    what is new). ``FILTER NOT EXISTS`` keeps a triple that is already in any graph out of the target.
    """

    head: str
    body: str

    def update(self, source: str, target: ox.NamedNode, delta: ox.NamedNode | None) -> str:
        into = f"GRAPH {target} {{ {self.head} }}" + (f" GRAPH {delta} {{ {self.head} }}" if delta else "")
        return (
            f"INSERT {{ {into} }} WHERE {{ {self.body.replace('{source}', source)} "
            f"FILTER NOT EXISTS {{ GRAPH ?known {{ {self.head} }} }} }}"
        )


class _Rules:
    """The instance rules of one closed schema as SPARQL updates.

    Updates run inside Oxigraph, so the derived triples never become Python objects (ten times faster
    than CONSTRUCT for a million triples); every premise is read from the union of the store's graphs.
    """

    def __init__(self, tables: _Tables, skip_types: frozenset = frozenset()):
        inverse = _rows(tables.inverses) + [(p, p) for p in tables.symmetric]
        self.properties: list[_Rule] = []
        if tables.supers:
            self.properties.append(_rule("?s ?q ?o", _rows(tables.supers), "?p ?q", "?s ?p ?o"))
        if inverse:
            self.properties.append(_rule("?o ?q ?s", inverse, "?p ?q", "?s ?p ?o", "FILTER(!isLiteral(?o))"))
        for p in sorted(tables.transitive, key=str):
            self.properties.append(
                _Rule(
                    f"?s {p} ?z",
                    f"{{ GRAPH {{source}} {{ ?s {p} ?o }} GRAPH ?h {{ ?o {p} ?z }} }}"
                    f" UNION {{ GRAPH ?h {{ ?s {p} ?o }} GRAPH {{source}} {{ ?o {p} ?z }} }}",
                )
            )
        self.types: list[_Rule] = []
        domains, ranges = _rows(tables.domains, skip_types), _rows(tables.ranges, skip_types)
        classes = _rows(tables.classes, skip_types)
        if domains:
            self.types.append(_rule(f"?s {TYPE} ?c", domains, "?p ?c", "?s ?p ?o"))
        if ranges:
            self.types.append(_rule(f"?o {TYPE} ?c", ranges, "?p ?c", "?s ?p ?o", "FILTER(!isLiteral(?o))"))
        if classes:
            self.types.append(_rule(f"?s {TYPE} ?d", classes, "?c ?d", f"?s {TYPE} ?c"))


def _rule(head: str, rows: list[tuple], variables: str, body: str, condition: str = "") -> _Rule:
    """``head`` for every match of ``body`` with one of ``rows`` bound to ``variables``."""
    return _Rule(head, f"VALUES ({variables}) {{ {_pairs_text(rows)} }} GRAPH {{source}} {{ {body} }} {condition}")


def _size(store: ox.Store, graph: ox.NamedNode) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    assert isinstance(rows, ox.QuerySolutions), "a SELECT query"
    return int(next(iter(rows))["n"].value)


def schema_of(store: ox.Store) -> set[Triple]:
    """The schema triples of the union of the store's graphs; :class:`Unsupported` for OWL outside the fragment."""
    for term in UNSUPPORTED:
        if next(store.quads_for_pattern(None, term, None), None) or next(
            store.quads_for_pattern(None, None, term), None
        ):
            raise Unsupported(f"the graph uses {term}, which the fast reasoner does not implement")
    found: set[Triple] = set()
    for p in SCHEMA_PREDICATES:
        found.update((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, p, None))
    for o in SCHEMA_TYPES:
        found.update((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, TYPE, o))
    return found


def _quad(triple: Triple, graph: ox.NamedNode) -> ox.Quad:
    s, p, o = triple
    if isinstance(s, ox.Literal):  # an inverse or equivalence stated with a literal, read the other way round
        raise Unsupported(f"the schema makes the literal {s} a subject")
    return ox.Quad(s, p, o, graph)


def materialise(store: ox.Store, target: ox.NamedNode, *, skip_types: frozenset = frozenset()) -> int:
    """Add to graph ``target`` what the rules entail from the union of every graph of ``store``.

    ``skip_types`` are classes whose instances need not be typed (owl:Thing and the like: every class
    they are a subclass of is reached from the subclass directly, since the schema is closed). Returns
    the number of triples added.
    """
    schema = schema_of(store)
    closed = close_schema(schema)
    tables = _Tables(closed)
    feeds_schema = SCHEMA_PREDICATES | {TYPE}
    if any(q in feeds_schema for qs in tables.supers.values() for q in qs) or any(
        q in SCHEMA_PREDICATES for qs in tables.inverses.values() for q in qs
    ):
        raise Unsupported("a property of the data is a sub-property or inverse of a schema property")
    typed = {c for table in (tables.domains, tables.ranges, tables.classes) for cs in table.values() for c in cs}
    if typed & {TRANSITIVE, SYMMETRIC}:
        raise Unsupported("a domain, range or superclass makes properties transitive or symmetric")
    rules = _Rules(tables, skip_types)  # raises Unsupported before the store is touched
    before = _size(store, target)
    store.extend(_quad(triple, target) for triple in closed - schema)
    source, previous = "?g", None
    for number in count():
        delta = ox.NamedNode(f"urn:kgraph:reasoner:round-{number}")
        for rule in rules.properties:
            store.update(rule.update(source, target, delta))
        if previous is not None:
            store.remove_graph(previous)
        if not _size(store, delta):
            store.remove_graph(delta)
            break
        source, previous = str(delta), delta
    for rule in rules.types:
        store.update(rule.update("?g", target, None))
    return _size(store, target) - before


def closure(triples: Iterable[Triple]) -> set[Triple]:
    """Every triple of ``triples`` plus what the rules entail from them."""
    known = set(triples)
    store = ox.Store()
    source, target = ox.NamedNode("urn:kgraph:asserted"), ox.NamedNode("urn:kgraph:entailed")
    store.extend(_quad(triple, source) for triple in known)
    materialise(store, target)
    known.update((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, target))
    return known
