"""Materialise the standard view with OWL 2 RL (owlrl).

The closure is computed over ontology + imports + data + rule output, and
only the new triples are kept, minus the reasoner's bookkeeping (reflexive
owl:sameAs, types such as owl:Thing, statements about the built-in
vocabularies), so that the served graph holds what a researcher would ask
for and nothing that merely restates RDF's own semantics.
"""
from __future__ import annotations

import owlrl
from rdflib import Graph, Literal, URIRef

from .namespaces import OWL, RDF, RDFS

_BUILTIN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
_NOISE_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class,
                RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                RDFS.Datatype, RDFS.Literal}


def _is_noise(s, p, o) -> bool:
    if isinstance(s, Literal):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and o in _NOISE_TYPES:
        return True
    if isinstance(s, URIRef) and str(s).startswith(_BUILTIN):
        return True
    if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty) and s == o:
        return True
    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and isinstance(o, URIRef) and str(o).startswith(_BUILTIN):
        return True
    return False


def infer(asserted: Graph) -> Graph:
    """Return the triples OWL 2 RL entails from ``asserted`` that it does not hold."""
    closure = Graph()
    for t in asserted:
        closure.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = Graph()
    for t in closure:
        if t not in asserted and not _is_noise(*t):
            inferred.add(t)
    return inferred
