"""The fast reasoner (:mod:`kgraph.inference.reasoner`) against owlrl, the reference: the same entailments, minus the
same noise, on the repository graph (ontology + data; the shape examples while data/ is not written yet)
and on a small synthetic graph. owlrl only ever sees these small graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kgraph.inference import reasoner
from kgraph.config import Layout
from kgraph.io.fastload import read_files
from kgraph.inference.infer import entailments, materialise
from kgraph.io.load import rdf_files
from kgraph.inference.rules import derive
from kgraph.synth import generate
from validate_fixtures import ROOT, data_files

EX = "http://example.org/"


def store_of(files) -> ox.Store:
    store = ox.Store()
    read_files(store, files, root=ROOT)
    return store


def triples(store: ox.Store) -> set:
    return {(q.subject, q.predicate, q.object) for q in store}


def with_rules(store: ox.Store) -> set:
    """The asserted triples plus what queries/rules derive, as the build feeds the reasoner."""
    return triples(store) | derive(store, list(store.named_graphs()), Layout())


@pytest.fixture(scope="module")
def repository_graph() -> set:
    return with_rules(store_of(rdf_files([Layout().ontology]) + data_files()))


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory) -> set:
    _count, files = generate(1500, tmp_path_factory.mktemp("synth"), seed=3)
    return with_rules(store_of(rdf_files([Layout().ontology]) + files))


def test_the_fast_engine_covers_the_ontology(repository_graph):
    """The real graph uses no OWL outside the fast fragment, so the comparison below compares two engines."""
    reasoner.schema_of(_store(repository_graph))


@pytest.mark.parametrize("graph", ["repository_graph", "synthetic_graph"])
def test_same_entailments_as_owlrl(graph, request, caplog):
    asserted = request.getfixturevalue(graph)
    fast = entailments(asserted, engine="fast")
    assert "using owlrl" not in caplog.text, "the fast engine ran (it did not hand over to owlrl)"
    reference = entailments(asserted, engine="owlrl")
    assert fast, "the graph entails something"
    assert fast - reference == set(), "derived by the fast engine only"
    assert reference - fast == set(), "derived by owlrl only"


def _store(asserted: set) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(s, p, o, ox.NamedNode("urn:test:asserted")) for s, p, o in asserted)
    return store


def test_the_build_path_gives_the_same_triples(synthetic_graph):
    """``infer.materialise`` (in the store, noise deleted by SPARQL) equals ``entailments`` (sets)."""
    store = _store(synthetic_graph)
    target = ox.NamedNode("urn:test:inferred")
    count = materialise(store, target)
    in_store = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, target)}
    assert count == len(in_store)
    assert in_store == entailments(synthetic_graph, engine="fast")


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"


def test_rules_interact_as_owlrl_says():
    """Sub-properties, inverses, a transitive property, domains, ranges and subclasses that feed each other."""
    sub, dom, rng = ox.NamedNode(RDFS + "subPropertyOf"), ox.NamedNode(RDFS + "domain"), ox.NamedNode(RDFS + "range")
    sco, inv = ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(OWL + "inverseOf")
    kind = reasoner.TYPE
    asserted = {
        (n("partOf"), kind, reasoner.TRANSITIVE),
        (n("directlyIn"), sub, n("partOf")),
        (n("partOf"), inv, n("hasPart")),
        (n("hasPart"), dom, n("Whole")),
        (n("Whole"), sco, n("Thing2")),
        (n("partOf"), rng, n("Container")),
        (n("knows"), kind, reasoner.SYMMETRIC),
        (n("a"), n("directlyIn"), n("b")),
        (n("b"), n("directlyIn"), n("c")),
        (n("a"), n("knows"), n("z")),
        (n("a"), n("directlyIn"), ox.Literal("not a node")),
    }
    fast = entailments(asserted, engine="fast")
    assert fast == entailments(asserted, engine="owlrl")
    assert {
        (n("a"), n("partOf"), n("c")),
        (n("c"), n("hasPart"), n("a")),
        (n("c"), kind, n("Thing2")),
        (n("z"), n("knows"), n("a")),
        (n("c"), kind, n("Container")),
    } <= fast


def test_owl_outside_the_fragment_falls_back_to_owlrl(caplog):
    asserted = {
        (n("p"), reasoner.TYPE, ox.NamedNode(OWL + "FunctionalProperty")),
        (n("a"), n("p"), n("b")),
        (n("a"), n("p"), n("c")),
    }
    with pytest.raises(reasoner.Unsupported):
        reasoner.closure(asserted)
    found = entailments(asserted, engine="fast")
    assert (n("b"), ox.NamedNode(OWL + "sameAs"), n("c")) in found
    assert "using owlrl" in caplog.text
