"""A fast forward-chaining reasoner for the OWL 2 RL rules the ontology uses.

owlrl, the reference, re-runs every rule against every triple until nothing
changes (over 500 s for 242,000 triples). This reasoner splits the work:

1. the schema (class and property axioms, a few hundred triples) is closed
   under the OWL 2 RL ``scm-*`` rules with a small naive fixpoint;
2. the closed schema is compiled into lookup tables (super-properties,
   domains, ranges, inverses, super-classes, symmetric and transitive
   properties);
3. every triple then goes once through a work list (semi-naive evaluation):
   ``prp-spo1``, ``prp-eqp``, ``prp-dom``, ``prp-rng``, ``prp-inv``,
   ``prp-symp``, ``prp-trp``, ``cax-sco`` and ``cax-eqc`` fire as table
   look-ups, each new triple joins the work list.

If the instance rules derive a new schema triple, the schema is closed again
and the loop repeats. OWL constructs outside this fragment (equality,
functional properties, keys, restrictions, class expressions, property
chains, disjointness) raise :class:`Unsupported`; :mod:`kgraph.infer` then
uses owlrl. Terms are pyoxigraph terms. Triples with a literal subject, which
RDF cannot state, are never derived.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .errors import KgraphError

Triple = tuple[object, ox.NamedNode, object]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
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
PROPERTY_TYPES = {ox.NamedNode(_OWL + "ObjectProperty"), ox.NamedNode(_OWL + "DatatypeProperty"),
                  ox.NamedNode(_RDF + "Property")}
SCHEMA_PREDICATES = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE, EQ_CLASS, EQ_PROPERTY, INVERSE}
SCHEMA_TYPES = {OWL_CLASS, TRANSITIVE, SYMMETRIC} | PROPERTY_TYPES

#: OWL 2 RL vocabulary whose rules this reasoner does not implement.
UNSUPPORTED = {ox.NamedNode(_OWL + name) for name in (
    "sameAs differentFrom AllDifferent FunctionalProperty InverseFunctionalProperty IrreflexiveProperty "
    "AsymmetricProperty AllDisjointProperties propertyDisjointWith propertyChainAxiom hasKey sourceIndividual "
    "intersectionOf unionOf complementOf someValuesFrom allValuesFrom hasValue maxCardinality "
    "maxQualifiedCardinality oneOf disjointWith AllDisjointClasses Nothing").split()}


class Unsupported(KgraphError):
    """The graph uses OWL vocabulary outside the fragment this reasoner implements."""


def is_schema(s, p, o) -> bool:
    return p in SCHEMA_PREDICATES or (p == TYPE and o in SCHEMA_TYPES)


def check_supported(triples: Iterable[Triple]) -> None:
    for s, p, o in triples:
        if p in UNSUPPORTED or o in UNSUPPORTED:
            raise Unsupported(f"the graph uses {p if p in UNSUPPORTED else o}, which the fast reasoner "
                              "does not implement")


def close_schema(schema: set[Triple]) -> set[Triple]:
    """The schema closed under the OWL 2 RL scm-* rules (naive fixpoint: the schema is small)."""
    closed = set(schema)
    while True:
        new = set()
        sco, spo = _pairs(closed, SUBCLASS), _pairs(closed, SUBPROPERTY)
        for s, p, o in closed:
            if p == TYPE and o == OWL_CLASS:                      # scm-cls
                new.update({(s, SUBCLASS, s), (s, EQ_CLASS, s), (s, SUBCLASS, THING), (NOTHING, SUBCLASS, s)})
            elif p == TYPE and o in PROPERTY_TYPES:               # scm-op, scm-dp
                new.update({(s, SUBPROPERTY, s), (s, EQ_PROPERTY, s)})
            elif p == SUBCLASS:                                   # scm-sco, scm-eqc2
                new.update((s, SUBCLASS, c3) for c3 in sco[o])
                if s in sco[o]:
                    new.add((s, EQ_CLASS, o))
            elif p == SUBPROPERTY:                                # scm-spo, scm-eqp2
                new.update((s, SUBPROPERTY, p3) for p3 in spo[o])
                if s in spo[o]:
                    new.add((s, EQ_PROPERTY, o))
            elif p == EQ_CLASS:                                   # scm-eqc1
                new.update({(s, SUBCLASS, o), (o, SUBCLASS, s)})
            elif p == EQ_PROPERTY:                                # scm-eqp1
                new.update({(s, SUBPROPERTY, o), (o, SUBPROPERTY, s)})
            elif p in (DOMAIN, RANGE):                            # scm-dom1/2, scm-rng1/2
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
        self.supers = defaultdict(set)     # property -> super-properties
        self.domains = defaultdict(set)
        self.ranges = defaultdict(set)
        self.inverses = defaultdict(set)
        self.classes = defaultdict(set)    # class -> super-classes
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


def _instance_closure(known: set[Triple], queue: list[Triple], tables: _Tables) -> None:
    """Run the instance rules over ``queue`` until nothing new; ``known`` grows in place."""
    forward = defaultdict(set)    # (transitive p, s) -> objects
    backward = defaultdict(set)   # (transitive p, o) -> subjects
    for s, p, o in known:
        if p in tables.transitive:
            forward[p, s].add(o)
            backward[p, o].add(s)
    supers, domains, ranges, inverses = tables.supers, tables.domains, tables.ranges, tables.inverses
    classes, symmetric, transitive = tables.classes, tables.symmetric, tables.transitive
    add = known.add
    while queue:
        s, p, o = queue.pop()
        out = []
        literal = isinstance(o, ox.Literal)
        if p == TYPE:
            out.extend((s, TYPE, c) for c in classes.get(o, ()))
        out.extend((s, q, o) for q in supers.get(p, ()))
        out.extend((s, TYPE, c) for c in domains.get(p, ()))
        if not literal:
            out.extend((o, TYPE, c) for c in ranges.get(p, ()))
            out.extend((o, q, s) for q in inverses.get(p, ()))
            if p in symmetric:
                out.append((o, p, s))
        if p in transitive and not literal:
            out.extend((s, p, z) for z in forward.get((p, o), ()))
            out.extend((x, p, o) for x in backward.get((p, s), ()))
            forward[p, s].add(o)
            backward[p, o].add(s)
        for t in out:
            if t not in known:
                add(t)
                queue.append(t)
                if t[1] in transitive:
                    forward[t[1], t[0]].add(t[2])
                    backward[t[1], t[2]].add(t[0])


def closure(triples: Iterable[Triple]) -> set[Triple]:
    """Every triple of ``triples`` plus what the rules entail from them."""
    known = set(triples)
    check_supported(known)
    queue = list(known)
    schema: set[Triple] = set()
    while True:
        current = {t for t in known if is_schema(*t)}
        if current <= schema:
            break
        schema = close_schema(current)
        fresh = [t for t in schema if t not in known]
        known.update(fresh)
        queue.extend(fresh)
        _instance_closure(known, queue, _Tables(schema))
        queue = list(known)  # a changed schema can fire on any triple: one more full pass
    return known


def entailments(triples: Iterable[Triple]) -> set[Triple]:
    """The triples the rules entail from ``triples`` that it does not hold."""
    asserted = set(triples)
    return closure(asserted) - asserted
