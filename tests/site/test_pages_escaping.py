"""Pages escape all data: labels, literals and IRIs with markup in them are shown, never run.

A small graph built here (a body term, a person and a mandate whose labels
are HTML and SVG payloads) is served by the app; the pages must show the
text and contain none of the markup, in the tables and in the SVG timeline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kgraph.namespaces import base_iri, graph_iri, INFERRED_GRAPH
from kgraph.namespaces import kp
from kgraph.query.store import GraphStore

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SVG_PAYLOAD = "</text><script>alert(2)</script><text>"
ORG, RDFS, SKOS, FOAF = (
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://xmlns.com/foaf/0.1/",
)


def quads() -> list[ox.Quad]:
    data, inferred = ox.NamedNode(graph_iri("data/evil.ttl")), ox.NamedNode(INFERRED_GRAPH)
    idn = base_iri() + "id/"
    body, term, person = (ox.NamedNode(idn + p) for p in ("body/evil", "body/evil-2020", "person/evil"))
    mandate, role, source = (ox.NamedNode(idn + p) for p in ("mandate/evil--evil--chair", "role/chair", "source/evil"))
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def lit(text, lang=None):
        return ox.Literal(text, language=lang) if lang else ox.Literal(text)

    triples = [
        (body, a, ox.NamedNode(kp() + "Body")),
        (body, ox.NamedNode(SKOS + "prefLabel"), lit(PAYLOAD, "fi")),
        (term, a, ox.NamedNode(kp() + "BodyTerm")),
        (term, ox.NamedNode(kp() + "termOf"), body),
        (term, ox.NamedNode(SKOS + "prefLabel"), lit(SVG_PAYLOAD, "fi")),
        (
            term,
            ox.NamedNode("http://schema.org/startDate"),
            ox.Literal("2020-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        ),
        (person, a, ox.NamedNode(kp() + "Person")),
        (person, ox.NamedNode(FOAF + "name"), lit(SVG_PAYLOAD)),
        (mandate, a, ox.NamedNode(kp() + "Mandate")),
        (mandate, ox.NamedNode(ORG + "member"), person),
        (mandate, ox.NamedNode(ORG + "organization"), term),
        (mandate, ox.NamedNode(ORG + "role"), role),
        (
            mandate,
            ox.NamedNode("http://schema.org/startDate"),
            ox.Literal("2020-01-16", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ),
        (mandate, ox.NamedNode("http://purl.org/dc/terms/source"), source),
        (source, a, ox.NamedNode(kp() + "SourceDocument")),
        (source, ox.NamedNode("http://purl.org/dc/terms/title"), lit(PAYLOAD, "fi")),
        (source, ox.NamedNode("http://schema.org/url"), ox.NamedNode("https://example.org/a?b=1&c=2")),
        (role, ox.NamedNode(SKOS + "prefLabel"), lit("chair", "en")),
    ]
    derived = [
        (body, ox.NamedNode(RDFS + "label"), lit(PAYLOAD, "fi")),
        (term, ox.NamedNode(RDFS + "label"), lit(SVG_PAYLOAD, "fi")),
        (person, ox.NamedNode(RDFS + "label"), lit(SVG_PAYLOAD)),
        (source, ox.NamedNode(RDFS + "label"), lit(PAYLOAD, "fi")),
        (mandate, a, ox.NamedNode(ORG + "Membership")),
    ]
    return [ox.Quad(*t, data) for t in triples] + [ox.Quad(*t, inferred) for t in derived]


@pytest.fixture(scope="module")
def client():
    from server import create_app

    store = ox.Store()
    store.extend(quads())
    return create_app(GraphStore(store)).test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/id/body/evil",
        "/id/body/evil-2020",
        "/id/person/evil",
        "/id/mandate/evil--evil--chair",
        "/id/source/evil",
        "/id/",
        "/",
        "/id/body/",
        "/id/person/",
        "/id/source/",
        "/graph/data/evil.ttl",
    ],
)
def test_markup_in_data_is_escaped(client, path):
    html = client.get(path).get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "alert(" in html  # the text itself is shown
    assert "&lt;script&gt;" in html or "&lt;/text&gt;&lt;script&gt;" in html


def test_timeline_svg_stays_well_formed(client):
    html = client.get("/id/body/evil").get_data(as_text=True)
    texts = []
    for start in [m.start() for m in re.finditer('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"', html)]:
        svg = ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])  # every timeline parses
        texts += ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert any("</text><script>" in t for t in texts), "the payload is text inside an SVG (the term's timeline)"


def test_attribute_values_are_escaped(client):
    html = client.get("/id/source/evil").get_data(as_text=True)
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
