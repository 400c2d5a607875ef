"""Source positions: the Turtle / N-Triples reader and the map from triples to file:line."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgraph.io.locate import Location, SourceMap, TurtleReader, Unreadable

EX = "http://example.org/"
TURTLE = '''\
@prefix ex: <http://example.org/> .
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
@base <http://example.org/base/> .

ex:a a ex:Thing ;
    ex:name "Aino" , "Aino V."@fi ;
    ex:count 42 ; ex:ratio 1.5 ; ex:big 1e3 ; ex:ok true ;
    ex:when "2020-01-16"^^xsd:date ;
    ex:note """two
lines""" ;
    ex:rel <relative> ;
    ex:part [
        ex:inner ex:b ;
        ex:deep [ ex:leaf "x" ]
    ] ;
    ex:list ( ex:c
              "d" ) ;
    ex:escaped ex:with\\-dash .

ex:b ex:back ex:a .   # a comment; with punctuation.
_:n1 ex:p ex:a .
'''


def placed(text: str, base: str = "file:///doc.ttl"):
    return TurtleReader(text, base).read()


def line_of(triples, s, p, o):
    return next((t.line, t.object_line) for t in triples if (t.subject, t.predicate, t.object) == (s, p, o))


def test_reader_gives_the_triples_rdflib_gives():
    ours = Graph()
    for t in placed(TURTLE):
        ours.add((t.subject, t.predicate, t.object))
    theirs = Graph().parse(data=TURTLE, format="turtle", publicID="file:///doc.ttl")
    assert len(ours) == len(theirs)
    ground = {t for t in theirs if not any(isinstance(x, BNode) for x in t)}
    assert ground <= set(ours)


@pytest.mark.parametrize(
    "predicate, obj, lines",
    [
        ("name", Literal("Aino"), (5, 6)),
        ("name", Literal("Aino V.", lang="fi"), (5, 6)),
        ("count", Literal("42", datatype=XSD.integer), (5, 7)),
        ("ok", Literal("true", datatype=XSD.boolean), (5, 7)),
        ("when", Literal("2020-01-16", datatype=XSD.date), (5, 8)),
        ("note", Literal("two\nlines"), (5, 9)),
        ("rel", URIRef(EX + "base/relative"), (5, 11)),
        ("escaped", URIRef(EX + "with-dash"), (5, 18)),
    ],
)
def test_statement_and_object_lines(predicate, obj, lines):
    assert line_of(placed(TURTLE), URIRef(EX + "a"), URIRef(EX + predicate), obj) == lines


def test_nested_blank_nodes_and_collections_have_their_own_lines():
    triples = placed(TURTLE)
    inner = next(t for t in triples if t.predicate == URIRef(EX + "inner"))
    assert (inner.line, inner.object_line) == (12, 13)
    leaf = next(t for t in triples if t.predicate == URIRef(EX + "leaf"))
    assert leaf.object_line == 14
    items = [t for t in triples if t.predicate == RDF.first]
    assert [(t.object, t.object_line) for t in items] == [(URIRef(EX + "c"), 16), (Literal("d"), 17)]


def test_after_a_comment_with_punctuation_the_next_statement_is_read():
    assert line_of(placed(TURTLE), URIRef(EX + "b"), URIRef(EX + "back"), URIRef(EX + "a")) == (20, 20)


def test_ntriples_lines():
    text = '<http://e/a> <http://e/p> "x" .\n\n<http://e/b> <http://e/p> <http://e/a> .\n'
    assert [(t.line, t.object_line) for t in placed(text)] == [(1, 1), (3, 3)]


@pytest.mark.parametrize("text", ["ex:a ex:b ex:c .", "<http://e/a> <http://e/b> ", "<g> { <a> <b> <c> }"])
def test_what_it_cannot_follow_is_unreadable(text):
    with pytest.raises(Unreadable):
        placed(text)


# ---------------------------------------------------------------- the source map


@pytest.fixture()
def files(tmp_path):
    first = tmp_path / "first.ttl"
    first.write_text(
        '@prefix ex: <http://example.org/> .\n\nex:a ex:name "A" .\n\n'
        "ex:a a ex:Thing ;\n    ex:link ex:b ;\n    ex:part [ ex:x 1 ] .\n",
        encoding="utf-8",
    )
    second = tmp_path / "second.nt"
    second.write_text('<http://example.org/b> <http://example.org/name> "B" .\n', encoding="utf-8")
    third = tmp_path / "third.rdf"
    third.write_text(
        Graph().add((URIRef(EX + "c"), URIRef(EX + "name"), Literal("C"))).serialize(format="xml"), encoding="utf-8"
    )
    return first, second, third


def test_focus_is_located_at_its_typing_statement(files, tmp_path):
    sources = SourceMap(files, root=tmp_path)
    assert sources.subject(URIRef(EX + "a")) == Location("first.ttl", 5)
    assert sources.subject(URIRef(EX + "b")) == Location("second.nt", 1)


def test_value_is_located_at_its_object(files, tmp_path):
    sources = SourceMap(files, root=tmp_path)
    assert sources.value(URIRef(EX + "a"), URIRef(EX + "link"), URIRef(EX + "b")) == Location("first.ttl", 6)
    assert sources.value(URIRef(EX + "a"), URIRef(EX + "link"), URIRef(EX + "zzz")) is None


def test_blank_node_is_located_through_its_parent(files, tmp_path):
    graph = Graph()
    for f in files:
        graph.parse(f)
    sources = SourceMap(files, root=tmp_path, graph=graph)
    part = graph.value(URIRef(EX + "a"), URIRef(EX + "part"))
    assert sources.subject(part) == Location("first.ttl", 7)


def test_other_formats_are_located_by_file_name(files, tmp_path):
    sources = SourceMap(files, root=tmp_path)
    assert sources.subject(URIRef(EX + "c")) == Location("third.rdf", None)
    assert str(Location("third.rdf")) == "third.rdf" and str(Location("a.ttl", 3)) == "a.ttl:3"
