"""The front pages of the static site written by ``kgraph publish``: the same landing page, listings and named
graphs as the server, as files (``index.html``, ``id/person/index.fi.html``, ``graph/data/cities.ttl``…).

The expected numbers and orders are those of :mod:`test_front_pages`, read from the data files by hand.
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kgraph.namespaces import CANONICAL_BASE
from tests.site.test_front_pages import KP, files, rows, typed  # noqa: F401 (files: the fixture of the data files)
from tests.site.test_pages import parse_html


def read(package, path: str) -> str:
    return (package / "site" / path).read_text(encoding="utf-8")


def test_the_landing_page_is_the_sites_index(package, files):  # noqa: F811
    assert read(package, "index.html") == read(package, "index.fi.html")
    for lang, heading in (("fi", "Toimielimet ja niiden kokoonpano"), ("sv", "Organen och"), ("en", "The bodies")):
        html = read(package, f"index.{lang}.html")
        page = parse_html(html)
        assert page.lang == lang and heading in html
        assert {f"id/index.{lang}.html", f"graph/index.{lang}.html", f"ontology.{lang}.html"} <= set(page.links)
        assert f"id/person/index.{lang}.html" in page.links and "../catalogue.ttl" in page.links
    numbers = dict(re.findall(r'<span class="number">(\d+)</span> ([^<]+)<', read(package, "index.fi.html")))
    assert numbers[str(typed(files, "Person"))] == "henkilöä" and numbers[str(typed(files, "City"))] == "kaupunkia"
    # data/cooperation-group.ttl: the 2023 term, chaired by Anna-Kaisa Ikonen (no dated view in the static site)
    assert 'href="id/person/anna-kaisa-ikonen.fi.html">Anna-Kaisa Ikonen</a>' in read(package, "index.fi.html")


def test_listings_as_files_in_each_language(package):
    persons = rows(read(package, "id/person/index.fi.html"))
    assert persons[:3] == ["Tarmo Aarnio", "Jenni Airaksinen", "Olavi Ala-Nissilä"]
    assert read(package, "id/person/index.html") == read(package, "id/person/index.fi.html")
    swedish = rows(read(package, "id/city/index.sv.html"))
    assert swedish[:3] == ["Björneborg", "Borgå", "Esbo"]
    assert parse_html(read(package, "id/body/index.en.html")).lang == "en"
    graph = Graph().parse(package / "site" / "id" / "city" / "index.ttl", format="turtle")
    assert (URIRef(CANONICAL_BASE + "id/city/helsinki"), RDF.type, URIRef(KP + "City")) in graph
    everything = read(package, "id/index.en.html")  # All resources, persons first
    assert everything.index('href="../ontology.en.html#Person"') < everything.index('href="../ontology.en.html#City"')


def test_named_graph_files(package, files):  # noqa: F811
    cities = files["data/cities.ttl"]
    assert isomorphic(Graph().parse(package / "site" / "graph" / "data" / "cities.ttl", format="turtle"), cities)
    assert isomorphic(Graph().parse(package / "site" / "graph" / "data" / "cities.ttl.nt", format="nt"), cities)
    for lang, title in (("fi", "Nimetty graafi"), ("sv", "Namngiven graf"), ("en", "Named graph")):
        html = read(package, f"graph/data/cities.ttl.{lang}.html")
        assert f"<h1>{title} data/cities.ttl</h1>" in html and f"<dd>{len(cities)}</dd>" in html
        assert "cities.ttl.ttl" in parse_html(html).links
    assert "data/cities.ttl.fi.html" in parse_html(read(package, "graph/index.fi.html")).links
