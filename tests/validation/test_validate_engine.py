"""The fast SHACL engine (shapes compiled to SPARQL, :mod:`kgraph.validation.shacl`) against pyshacl, the reference:
the same results, file by file, on every shape example, and the same with a fixed shapes graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH, XSD

from kgraph.query.engine import to_ox
from kgraph.validation.shacl import CompiledShapes, Unsupported
from kgraph.validation.validate import ShapesError, load_shapes, validate, validate_store
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
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .""",
        format="turtle",
    )
    with pytest.raises(Unsupported):
        CompiledShapes(shapes)
    data = Graph()
    data.add((EX.x, RDF.type, EX.T))
    data.add((EX.x, EX.a, Literal(5, datatype=XSD.integer)))
    data.add((EX.x, EX.b, Literal(1, datatype=XSD.integer)))
    report = validate(data, shapes=shapes, ontology=Graph())
    assert [r.constraint for r in report.results] == [SH.LessThanConstraintComponent]


# ---------------------------------------------------------------- what the fast path refuses, and the fallback


def _shapes(text: str) -> Graph:
    return Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n" + text, format="turtle"
    )


FAILURE_SHAPES = """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select
  "SELECT $this ?failure WHERE { $this <http://example.org/p> ?x . BIND (true AS ?failure) }" ] ."""


def test_unsupported_met_while_running_falls_back_instead_of_escaping():
    # ?failure shows only on the data: the fast path compiles the shape, then meets it and hands the whole
    # run over to pyshacl (which reports the row as a result), never raising kgraph.shacl.Unsupported.
    shapes = _shapes(FAILURE_SHAPES)
    CompiledShapes(shapes)
    quiet = Graph().parse(data="@prefix ex: <http://example.org/> . ex:x a ex:T .", format="turtle")
    assert validate(quiet, shapes=shapes, ontology=Graph()).engine == "fast"
    failing = Graph().parse(data="@prefix ex: <http://example.org/> . ex:x a ex:T ; ex:p 1 .", format="turtle")
    reference = {key(r) for r in validate(failing, shapes=shapes, ontology=Graph(), engine="pyshacl").results}
    report = validate(failing, shapes=shapes, ontology=Graph())
    assert report.engine == "pyshacl" and "?failure" in report.fallback
    assert {key(r) for r in report.results} == reference and {r.focus for r in report.results} == {EX.x}
    store, graph = ox.Store(), ox.NamedNode("urn:test:data")
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in failing)
    report = validate_store(store, [graph], shapes=shapes, ontology=Graph())
    assert report.engine == "pyshacl" and {key(r) for r in report.results} == reference


def test_a_failure_pyshacl_reports_is_bad_shapes():
    shapes = _shapes(
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }" ] .'
    )
    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:x a ex:T .", format="turtle")
    with pytest.raises(ShapesError, match="MINUS"):
        validate(data, shapes=shapes, ontology=Graph())


def test_the_store_path_falls_back_for_shapes_it_refuses():
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .")
    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:x a ex:T ; ex:a 5 ; ex:b 1 .", format="turtle")
    store, graph = ox.Store(), ox.NamedNode("urn:test:data")
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in data)
    report = validate_store(store, [graph], shapes=shapes, ontology=Graph())
    assert report.engine == "pyshacl" and "lessThan" in report.fallback
    assert [r.constraint for r in report.results] == [SH.LessThanConstraintComponent]


@pytest.mark.parametrize(
    "shapes",
    [
        # sh:property inside a property shape (was dropped)
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; "
        "sh:property [ sh:path ex:b ; sh:minCount 1 ] ] .",
        # a property shape nested in sh:or (its path was ignored)
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( [ sh:path ex:a ; sh:class ex:C ] ) .",
        # $this read in a UNION branch that does not bind it (was unbound there)
        'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select """SELECT $this WHERE { '
        '{ FILTER (false) } UNION { FILTER ($this = ex:x) } }""" ] .',
        # an OPTIONAL that reads $this after a pattern that does not bind it
        'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select """SELECT $this WHERE { '
        '{ ?a ex:p ?b OPTIONAL { ?b ex:q $this } } }""" ] .',
        # forms SHACL forbids in constraints
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { BIND (1 AS ?this) }" ] .',
        # a path that may have length zero from $this (it matches a focus node the data never mentions)
        "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { $this <http://example.org/p>* ?o FILTER (?o = <http://example.org/x>) }" ] .',
        # an aggregate over every focus node at once
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { $this ex:p ?v } GROUP BY ?v HAVING (COUNT(*) > 1)" ] .',
        # a literal pyoxigraph would compare in its canonical form
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; "
        'sh:in ( "30"^^<http://www.w3.org/2001/XMLSchema#byte> ) ] .',
        # a language range of two subtags
        'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:languageIn ( "de-ch" ) ] .',
    ],
    ids=[
        "property-in-property",
        "path-in-or",
        "this-in-union",
        "this-in-optional",
        "values",
        "bind-this",
        "zero-length-path",
        "aggregate",
        "canonical-literal",
        "language-range",
    ],
)
def test_forms_it_does_not_implement_are_refused_when_compiling(shapes):
    with pytest.raises(Unsupported):
        CompiledShapes(_shapes(shapes))


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?o } }",
        "SELECT $this ?value WHERE { $this ex:p ?value . FILTER (?value != $this) }",
        "SELECT $this ?value WHERE { { $this ex:p ?value } UNION { ?value ex:q $this } }",
        "SELECT $this ?value WHERE { $this ex:p ?value OPTIONAL { ?value ex:q ?w FILTER (?w != $this) } }",
        "SELECT $this (COUNT(?v) AS ?n) WHERE { $this ex:p ?v } GROUP BY $this HAVING (COUNT(?v) > 1)",
    ],
)
def test_queries_where_one_run_equals_pre_binding_compile(select):
    shapes = _shapes(
        f'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select """{select}""" ; '
        'sh:prefixes [ sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/" ] ] ] .'
    )
    CompiledShapes(shapes)
    data = Graph().parse(
        data="@prefix ex: <http://example.org/> . ex:x a ex:T ; ex:p ex:y , ex:z . ex:y ex:q ex:x . ex:w a ex:T .",
        format="turtle",
    )
    fast = validate(data, shapes=shapes, ontology=Graph(), engine="fast")
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert fast.engine == "fast"
    assert {key(r) for r in fast.results} == {key(r) for r in reference.results}


def test_data_the_store_would_rewrite_falls_back():
    # pyoxigraph keeps "30"^^xsd:byte as "30"^^xsd:integer: the fast path would call it no xsd:byte.
    shapes = _shapes(
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
        "sh:property [ sh:path ex:a ; sh:datatype <http://www.w3.org/2001/XMLSchema#byte> ] ."
    )
    data = Graph().parse(
        data='@prefix ex: <http://example.org/> . ex:x a ex:T ; ex:a "30"^^<http://www.w3.org/2001/XMLSchema#byte> .',
        format="turtle",
    )
    report = validate(data, shapes=shapes, ontology=Graph())
    assert report.engine == "pyshacl" and report.conforms and not report.results


def test_sh_in_compares_terms_not_values():
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:a ; sh:in ( 1 ) ] .")
    data = Graph().parse(
        data="@prefix ex: <http://example.org/> . ex:x a ex:T ; ex:a 1 . ex:y a ex:T ; "
        'ex:a "1"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        format="turtle",
    )
    fast = validate(data, shapes=shapes, ontology=Graph(), engine="fast")
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert fast.engine == "fast"
    assert {r.focus for r in fast.results} == {EX.y}
    assert {key(r) for r in fast.results} == {key(r) for r in reference.results}
