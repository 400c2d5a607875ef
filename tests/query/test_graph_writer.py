"""Turtle with the prefixes it uses, compact JSON-LD and triples as SPARQL XML results (kgraph.query.graph_writer),
expected output by hand."""

from __future__ import annotations

import json

import pyoxigraph as ox
from jsonld_local import parse_compact
from rdflib import Graph
from rdflib.compare import isomorphic

from kgraph.query import jsonld_context
from kgraph.query.graph_writer import compact_jsonld, solutions_xml, turtle, used_prefixes_only
from kgraph.query.results import graph_style

KP = "https://w3id.org/kaupunkipolitiikka/ontology#"
ID = "https://w3id.org/kaupunkipolitiikka/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATA = f"""
@prefix kp: <{KP}> . @prefix xsd: <{XSD}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
<{ID}mandate/m1> a kp:Mandate , org:Membership ;
    kp:inForceFrom "2023-01-01"^^xsd:date ;
    kp:derivedStartDate "2023"^^xsd:gYear ;
    kp:approvedBy <{ID}body/b1> , "a literal where an IRI belongs" ;
    org:member _:p ;
    skos:prefLabel "jäsen"@fi , "plain" ;
    <http://example.org/count> 3 .
_:p kp:inForceFrom "2020"^^xsd:gYear .
"""


def triples() -> list[ox.Triple]:
    return [q.triple for q in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)]


def test_compact_json_ld_by_hand():
    style = graph_style()
    document = json.loads(compact_jsonld(triples(), style["context"], style["context_iri"]))
    blank = document["@graph"][1]["@id"]
    assert blank.startswith("_:")
    assert document == {
        "@context": "https://w3id.org/kaupunkipolitiikka/context.jsonld",
        "@graph": [
            {
                "@id": f"{ID}mandate/m1",
                "@type": ["Mandate", "org:Membership"],
                "inForceFrom": "2023-01-01",  # the term is coerced to xsd:date
                "derivedStartDate": {"@value": "2023", "@type": "xsd:gYear"},  # no single range: a plain term
                "approvedBy": f"{ID}body/b1",  # coerced to @id
                "kp:approvedBy": "a literal where an IRI belongs",  # does not fit the coercion: the compact IRI
                "org:member": {"@id": blank},
                "skos:prefLabel": [{"@value": "jäsen", "@language": "fi"}, "plain"],
                "http://example.org/count": {"@value": "3", "@type": "xsd:integer"},
            },
            {"@id": blank, "kp:inForceFrom": {"@value": "2020", "@type": "xsd:gYear"}},  # not the term's datatype
        ],
    }


def test_the_plain_term_of_a_property_without_a_single_range():
    assert jsonld_context.context()["derivedStartDate"] == "kp:derivedStartDate"


def test_compact_json_ld_means_the_same_graph():
    style = graph_style()
    compacted = compact_jsonld(triples(), style["context"], style["context_iri"])
    assert isomorphic(parse_compact(compacted), Graph().parse(data=DATA, format="turtle"))


def test_turtle_keeps_the_prefix_lines_it_uses():
    body = turtle(triples(), graph_style()["prefixes"]).decode()
    declared = sorted(line.split()[1] for line in body.splitlines() if line.startswith("@prefix"))
    assert declared == ["kp:", "org:", "skos:", "xsd:"]
    assert isomorphic(Graph().parse(data=body, format="turtle"), Graph().parse(data=DATA, format="turtle"))


def test_a_prefix_named_only_inside_a_longer_one_is_dropped():
    body = b"@prefix kp: <k#> .\n@prefix kps: <s#> .\n@prefix rdf: <r#> .\n<a> kps:x <b> .\n"
    assert used_prefixes_only(body) == b"@prefix kps: <s#> .\n<a> kps:x <b> .\n"


def test_a_body_without_prefix_lines_is_unchanged():
    assert used_prefixes_only(b"<a> <b> <c> .\n") == b"<a> <b> <c> .\n"


def test_triples_as_solutions_read_back_as_the_same_triples():
    """Every kind of term: IRIs, a blank node, literals plain, typed, with a language and a base direction, with
    markup and a carriage return, and a triple term; pyoxigraph's SPARQL XML results parser reads them back."""
    subject, predicate = ox.NamedNode(f"{ID}x"), ox.NamedNode("http://example.org/p")
    extra = [
        ox.Triple(subject, predicate, ox.Literal('a < b & "c"\r\n', language="en")),
        ox.Triple(subject, predicate, ox.Literal("نص", language="ar", direction=ox.BaseDirection.RTL)),
        ox.Triple(
            subject, predicate, ox.Triple(subject, predicate, ox.Literal("3", datatype=ox.NamedNode(f"{XSD}integer")))
        ),
    ]
    written = triples() + extra
    parsed = ox.parse_query_results(solutions_xml(written), format=ox.QueryResultsFormat.XML)
    assert [v.value for v in parsed.variables] == ["s", "p", "o"]
    assert [(row["s"], row["p"], row["o"]) for row in parsed] == [(t.subject, t.predicate, t.object) for t in written]


def test_no_triples_are_a_results_document_with_no_solution():
    parsed = ox.parse_query_results(solutions_xml([]), format=ox.QueryResultsFormat.XML)
    assert [v.value for v in parsed.variables] == ["s", "p", "o"] and list(parsed) == []
