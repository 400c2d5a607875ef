"""Materialise the standard view: OWL 2 RL entailments, minus the reasoner's bookkeeping.

The closure is computed over ontology + imports + data + rule output, and
only the new triples are kept, minus noise (reflexive owl:sameAs, types such
as owl:Thing, statements about the built-in vocabularies, owlrl's
inconsistency notes), so that the served graph holds what a researcher would
ask for and nothing that merely restates RDF's own semantics.

Two engines: ``"fast"`` (:mod:`kgraph.inference.reasoner`: the OWL 2 RL rules the
ontology needs, run as SPARQL updates inside pyoxigraph) and ``"owlrl"`` (the
reference). They give the same triples (``tests/inference/test_infer_differential.py``);
the fast engine hands a graph that uses OWL it does not implement over to
owlrl. :func:`materialise` works in a store (the build), :func:`entailments` on
sets of triples. See
``docs/decisions/0003-inference.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from . import reasoner
from ..namespaces import OWL, OWLRL_ERRORS, RDF, RDFS, XSD
from ..query.engine import from_ox, to_ox

log = logging.getLogger(__name__)
ENGINES = ("fast", "owlrl")

_RDF, _RDFS, _OWL = str(RDF), str(RDFS), str(OWL)
_ERR = str(OWLRL_ERRORS)  # where owlrl writes inconsistency notes
_BUILTIN = (_RDF, _RDFS, _OWL, str(XSD))
_NOISE_TYPES = {
    ox.NamedNode(iri)
    for iri in (
        _OWL + "Thing",
        _RDFS + "Resource",
        _OWL + "NamedIndividual",
        _RDFS + "Class",
        _OWL + "Class",
        _RDF + "Property",
        _OWL + "ObjectProperty",
        _OWL + "DatatypeProperty",
        _OWL + "AnnotationProperty",
        _RDFS + "Datatype",
        _RDFS + "Literal",
        _ERR + "ErrorMessage",
    )
}
_SAME_AS = ox.NamedNode(_OWL + "sameAs")
_REFLEXIVE = {reasoner.SUBCLASS, reasoner.SUBPROPERTY, reasoner.EQ_CLASS, reasoner.EQ_PROPERTY}
_HIERARCHY = {reasoner.SUBCLASS, reasoner.SUBPROPERTY}


def is_noise(s, p, o) -> bool:
    """True for an entailment that restates RDF/OWL semantics rather than saying something about the data."""
    if isinstance(s, ox.Literal):
        return True
    if p.value.startswith(_ERR):
        return True
    if s == o and (p == _SAME_AS or p in _REFLEXIVE):
        return True
    if p == reasoner.TYPE and o in _NOISE_TYPES:
        return True
    if isinstance(s, ox.NamedNode) and s.value.startswith(_BUILTIN):
        return True
    return p in _HIERARCHY and isinstance(o, ox.NamedNode) and o.value.startswith(_BUILTIN)


def _owlrl_closure(triples: set) -> set:
    import owlrl

    graph = Graph()
    for s, p, o in triples:
        graph.add((from_ox(s), from_ox(p), from_ox(o)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return {(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph}


def entailments(triples: Iterable[tuple], *, engine: str = "fast") -> set[tuple]:
    """What OWL 2 RL entails from ``triples`` (pyoxigraph terms) beyond them, without noise."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {ENGINES}")
    asserted = set(triples)
    closed = None
    if engine == "fast":
        try:
            closed = reasoner.closure(asserted)
        except reasoner.Unsupported as err:
            log.warning("%s; using owlrl", err)
    if closed is None:
        closed = _owlrl_closure(asserted)
    return {t for t in closed - asserted if not is_noise(*t)}


def _noise_filter() -> str:
    """A SPARQL expression on ?s ?p ?o that is true where :func:`is_noise` is."""

    def iri(term) -> str:
        return str(term)

    reflexive = ", ".join(iri(p) for p in sorted(_REFLEXIVE | {_SAME_AS}, key=str))
    types = ", ".join(iri(c) for c in sorted(_NOISE_TYPES, key=str))
    hierarchy = ", ".join(iri(p) for p in sorted(_HIERARCHY, key=str))
    builtin = lambda v: "(" + " || ".join(f'STRSTARTS(STR({v}), "{ns}")' for ns in _BUILTIN) + ")"  # noqa: E731
    return (
        f'STRSTARTS(STR(?p), "{_ERR}") || (?s = ?o && ?p IN ({reflexive})) || '
        f"(?p = {iri(reasoner.TYPE)} && ?o IN ({types})) || (isIRI(?s) && {builtin('?s')}) || "
        f"(?p IN ({hierarchy}) && isIRI(?o) && {builtin('?o')})"
    )


def materialise(store: ox.Store, target: ox.NamedNode, *, engine: str = "fast") -> int:
    """Add to graph ``target`` what OWL 2 RL entails from the union of the store's graphs, without noise.

    Every graph of ``store`` is input, ``target`` too (it may already hold the rules' output, which stays).
    Returns the number of triples ``target`` holds afterwards.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {ENGINES}")
    if engine == "fast":
        try:
            reasoner.materialise(store, target, skip_types=frozenset(_NOISE_TYPES))
            store.update(
                f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {target} {{ ?s ?p ?o }} "
                f"FILTER({_noise_filter()}) }}"
            )
            return sum(1 for _ in store.quads_for_pattern(None, None, None, target))
        except reasoner.Unsupported as err:  # raised before the store is touched
            log.warning("%s; using owlrl", err)
    asserted = {(q.subject, q.predicate, q.object) for q in store}
    store.extend(ox.Quad(s, p, o, target) for s, p, o in entailments(asserted, engine="owlrl"))
    return sum(1 for _ in store.quads_for_pattern(None, None, None, target))
