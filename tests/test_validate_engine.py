"""The fast SHACL engine (shapes compiled to SPARQL, :mod:`kgraph.shacl`) against pyshacl, the reference:
the same results, file by file, on every shape example, and the same with a fixed shapes graph."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH, XSD

from kgraph.shacl import CompiledShapes, Unsupported
from kgraph.validate import load_shapes, validate
from validate_fixtures import EXAMPLES, INVALID

EX = Namespace("http://example.org/")
EXAMPLE_FILES = sorted(INVALID.glob("*.ttl")) + sorted(EXAMPLES.glob("*.ttl"))


def key(result):
    return (result.severity, result.focus, result.path, result.value, result.source_shape, result.constraint)


def test_the_repository_shapes_compile():
    assert CompiledShapes(load_shapes()).checks


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_same_results_as_pyshacl(path):
    data = Graph().parse(path, format="turtle")
    fast = validate(data, engine="fast")
    reference = validate(data, engine="pyshacl")
    assert (fast.engine, fast.fallback) == ("fast", None)
    assert {key(r) for r in fast.results} == {key(r) for r in reference.results}
    assert fast.conforms == reference.conforms


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] ;
  sh:property [ sh:path ex:label ; sh:uniqueLang true ; sh:languageIn ("fi" "en") ] ;
  sh:property [ sh:path [ sh:inversePath ex:owns ] ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:severity sh:Warning ] ;
  sh:property [ sh:path ex:code ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:tag ; sh:minCount 2 ; sh:maxCount 3 ] .
"""
DATA = """
@prefix ex: <http://example.org/> .
ex:ok a ex:T ; ex:name "fine" ; ex:label "a"@fi , "b"@en ; ex:n 3 ; ex:code "x" ; ex:tag 1 , 2 .
ex:bad a ex:T ; ex:name "one" , 2 ; ex:label "a"@fi , "b"@fi , "c"@de ; ex:n "x" .
ex:p ex:owns ex:bad . ex:q ex:owns ex:bad .
ex:none a ex:T ; ex:tag 1 , 2 , 3 , 4 .
ex:codes a ex:T ; ex:name "c" ; ex:code "x" , "x"@en ; ex:tag "a" , "a"@fi .
"""


def test_core_constraints_on_a_small_shapes_graph():
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    fast = validate(data, shapes=shapes, ontology=Graph(), engine="fast")
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert fast.engine == "fast" and reference.engine == "pyshacl"
    assert {key(r) for r in fast.results} == {key(r) for r in reference.results}
    assert {r.focus for r in fast.results} == {EX.bad, EX.none, EX.codes}
    assert {r.severity for r in fast.results if r.path == EX.n} == {"Warning"}


def test_a_feature_it_does_not_compile_falls_back_to_pyshacl():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .""",
                           format="turtle")
    with pytest.raises(Unsupported):
        CompiledShapes(shapes)
    data = Graph()
    data.add((EX.x, RDF.type, EX.T))
    data.add((EX.x, EX.a, Literal(5, datatype=XSD.integer)))
    data.add((EX.x, EX.b, Literal(1, datatype=XSD.integer)))
    report = validate(data, shapes=shapes, ontology=Graph())
    assert [r.constraint for r in report.results] == [SH.LessThanConstraintComponent]
