"""The front pages over real HTTP: the landing page ``/``, the listings ``/id/<kind>/``, the named graphs ``/graph/…``.

A waitress server on loopback (fixture ``pages_server``) serves the built graph. The expected numbers are read
from the data files themselves with rdflib (not from the store the pages query); the expected orders are the
names written in ``data/*.ttl`` (``people.ttl``, ``people-history.ttl``, ``cities.ttl``…), put in Finnish
alphabetical order by hand.
"""

from __future__ import annotations

import re

import pytest
from paths import ROOT
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from kgraph.namespaces import CANONICAL_BASE
from kgraph.site import collation
from tests.site.test_pages import get, parse_html

KP = CANONICAL_BASE + "ontology#"
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
#: The graph the tests dereference: data/cities.ttl (23 cities with their names and codes).
CITIES = "/graph/data/cities.ttl"


@pytest.fixture(scope="module")
def files() -> dict[str, Graph]:
    """Every file the build reads, parsed on its own: ``data/x.ttl`` -> graph."""
    paths = sorted(ROOT.glob("data/*.ttl")) + sorted(ROOT.glob("ontology/**/*.ttl"))
    return {p.relative_to(ROOT).as_posix(): Graph().parse(p, format="turtle") for p in paths}


def typed(files: dict[str, Graph], local_name: str) -> int:
    """How many resources the data files type with ``kp:<local_name>``."""
    return len({s for g in files.values() for s in g.subjects(RDF.type, URIRef(KP + local_name))})


def rows(html: str) -> list[str]:
    """The names on a listing page, in the order shown (every group in turn)."""
    found = []
    for section in re.findall(r'<ol class="resources listing">(.*?)</ol>', html, re.S):
        found += re.findall(r'<li><a href="[^"]+">(?:<span lang="[a-z]+">)?([^<]+)<', section)
    return found


def in_order(names: list[str], *expected: str) -> bool:
    positions = [names.index(n) for n in expected]
    return positions == sorted(positions)


# ---------------------------------------------------------------- the landing page


def test_landing_page_counts_what_the_data_files_hold(pages_server, files):
    r = get(pages_server + "/", Accept=HTML)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    numbers = {label: int(n) for n, label in re.findall(r'<span class="number">(\d+)</span> ([^<]+)<', r.text)}
    assert numbers.pop("pääteltyä kolmikkoa") > 0  # the inferred triples: what the reasoner derives
    assert numbers == {
        "henkilöä": typed(files, "Person"),
        "toimielintä": typed(files, "Body"),
        "tehtävää": typed(files, "Mandate"),
        "kaupunkia": typed(files, "City"),
        "sopimusta": typed(files, "Agreement"),
        "julkaisua": typed(files, "Publication"),
        "lähdeasiakirjaa": typed(files, "SourceDocument"),
        "lähteistä luettua kolmikkoa": sum(len(g) for g in files.values()),
    }
    assert typed(files, "Person") > 100 and typed(files, "City") >= 20  # the counts are of real data


def test_landing_page_shows_the_bodies_in_force_today_and_links_the_ways_in(pages_server):
    r = get(pages_server + "/?lang=en", Accept=HTML)
    page = parse_html(r.text)
    assert page.lang == "en" and r.headers["Content-Language"] == "en"
    for path in ("/search", "/query", "/sparql", "/ontology", "/id/", "/graph/", "/.well-known/void"):
        assert path in page.links, path
    # data/cooperation-group.ttl: the 2023 term, appointed from October 2023 with no end, chaired by
    # Anna-Kaisa Ikonen with Tomas Häyry as vice-chair.
    body = r.text[r.text.index('href="/id/body/kaupunkipolitiikan-yhteistyoryhma"') :]
    body = body[: body.index("</article>")]
    assert 'href="/id/body/kaupunkipolitiikan-yhteistyoryhma?date=' in body
    assert '<a href="/id/person/anna-kaisa-ikonen">Anna-Kaisa Ikonen</a>' in body
    assert '<a href="/id/person/tomas-hayry">Tomas Häyry</a>' in body
    assert '<a href="/id/city/helsinki">Helsinki</a>' in body  # a represented city
    assert "kgraph " in r.text and "violations" in r.text  # the build's record
    lists = r.text[r.text.index('id="kinds"') :]  # the researcher's kinds first, then the rest by title
    assert lists.index('"/id/person/"') < lists.index('"/id/body/"') < lists.index('"/id/appointment/"')
    assert lists.index('"/id/appointment/"') < lists.index('"/id/role/"') < lists.index('"/id/theme/"')


def test_landing_page_sends_rdf_clients_to_the_dataset_description(pages_server):
    r = get(pages_server + "/", Accept="text/turtle")
    assert r.status_code == 303 and r.headers["Location"].endswith("/.well-known/void")
    void = get(pages_server + "/.well-known/void", Accept="text/turtle")
    assert void.status_code == 200 and "void:Dataset" in void.text
    assert get(pages_server + "/", Accept="image/png").status_code == 406


def test_landing_page_in_each_language(pages_server):
    titles = {"fi": "Kaupunkipolitiikan tietoverkko", "sv": "Stadspolitikens kunskapsgraf", "en": "Finnish urban"}
    for lang, title in titles.items():
        r = get(pages_server + "/", Accept=HTML, **{"Accept-Language": f"{lang};q=1, fi;q=0.1"})
        assert parse_html(r.text).lang == lang and f"<h1>{title}" in r.text
    chosen = get(pages_server + "/?lang=sv", Accept=HTML)
    remembered = get(pages_server + "/", Accept=HTML, Cookie=f"kgraph_lang={chosen.cookies['kgraph_lang']}")
    assert parse_html(remembered.text).lang == "sv"
    assert "Organen och deras sammansättning" in remembered.text


# ---------------------------------------------------------------- the listings


def test_persons_by_family_name_in_finnish_order(pages_server):
    names = rows(get(pages_server + "/id/person/", Accept=HTML).text)
    assert names[:3] == ["Tarmo Aarnio", "Jenni Airaksinen", "Olavi Ala-Nissilä"]
    assert in_order(names, "Li Andersson", "Markku Andersson", "Heikki Aurasmaa", "Santtu von Bruun", "Piia Elo")
    assert in_order(names, "Jyrki Hurmeranta", "Martti Häkkänen", "Jyri Häkämies", "Tomas Häyry", "Anna-Kaisa Ikonen")
    assert in_order(names, "Johan Kvarnström", "Markus Kühn", "Niko Kyynäräinen", "Päivi Laajala")  # ü as y


def test_cities_by_name_in_each_language(pages_server, files):
    finnish = rows(get(pages_server + "/id/city/?lang=fi", Accept=HTML).text)
    minted = {s for g in files.values() for s in g.subjects(RDF.type) if "/id/city/" in str(s)}
    assert len(finnish) == len(minted)
    assert finnish[:3] == ["Espoo", "Helsinki", "Hämeenlinna"] and finnish[-1] == "Äänekoski"  # cities, then
    swedish = rows(get(pages_server + "/id/city/?lang=sv", Accept=HTML).text)  # the other municipalities
    assert swedish[:3] == ["Björneborg", "Borgå", "Esbo"] and in_order(swedish, "Villmanstrand", "Åbo", "Asikkala")
    english = get(pages_server + "/id/city/?lang=en", Accept=HTML)
    assert parse_html(english.text).lang == "en" and "<h1>Municipalities and cities</h1>" in english.text


def test_bodies_listing_links_each_body(pages_server, files):
    page = get(pages_server + "/id/body/", Accept=HTML).text
    bodies = {s for g in files.values() for s in g.subjects(RDF.type, URIRef(KP + "Body"))}
    listed = [str(b)[len(CANONICAL_BASE) - 1 :] for b in bodies if "/id/body/" in str(b)]
    assert listed and all(f'href="{path}"' in page for path in listed)
    assert "Kaupunkipolitiikan yhteistyöryhmä" in rows(page)


def test_listings_as_rdf_and_unknown_kinds(pages_server):
    r = get(pages_server + "/id/city/", Accept="text/turtle")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(CANONICAL_BASE + "id/city/helsinki"), RDF.type, URIRef(KP + "City")) in graph
    assert get(pages_server + "/id/person/?format=nt").headers["Content-Type"].startswith("application/n-triples")
    assert get(pages_server + "/id/person/", Accept="image/png").status_code == 406
    missing = get(pages_server + "/id/no-such-kind/?lang=en", Accept=HTML)
    assert missing.status_code == 404 and parse_html(missing.text).lang == "en"
    scheme = get(pages_server + "/id/role", Accept=HTML)  # the concept scheme itself, not the listing of roles
    assert scheme.status_code == 200 and '<ol class="resources listing">' not in scheme.text
    assert '<ol class="resources listing">' in get(pages_server + "/id/role/", Accept=HTML).text


def test_all_resources_lists_the_researchers_classes_first(pages_server):
    html = get(pages_server + "/id/", Accept=HTML).text
    heads = re.findall(r'<h2 id="kind-\d+">(.*?)</h2>', html, re.S)
    classes = [re.search(r'href="([^"]+)"', h).group(1) if "href" in h else h for h in heads]
    first = [f"/ontology#{name}" for name in ("Person", "Body", "BodyTerm", "City", "Municipality", "Agreement")]
    assert classes[: len(first) + 1] == first + ["/ontology#Publication"]
    last = [c for c in classes if "skos/core#" in c or "prov#" in c]
    assert last and classes[-len(last) :] == last, classes


# ---------------------------------------------------------------- the named graphs


def test_named_graph_page_in_each_language(pages_server, files):
    graph = files["data/cities.ttl"]
    titles = {"fi": "Nimetty graafi", "sv": "Namngiven graf", "en": "Named graph"}
    for lang, title in titles.items():
        r = get(pages_server + f"{CITIES}?lang={lang}", Accept=HTML)
        assert r.status_code == 200 and parse_html(r.text).lang == lang
        assert f"<h1>{title} data/cities.ttl</h1>" in r.text
        assert f"<dd>{len(graph)}</dd>" in r.text  # how many triples the file holds
        page = parse_html(r.text)
        for source in set(graph.objects(None, DCTERMS.source)):
            assert "/" + str(source)[len(CANONICAL_BASE) :] in page.links, source
        assert f"{CITIES}.ttl" in page.links and f"{CITIES}.nt" in page.links  # the downloads
    assert "/graph/data/cities.ttl" in parse_html(get(pages_server + "/graph/", Accept=HTML).text).links


def test_named_graph_content_by_negotiation_and_suffix(pages_server, files):
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        r = get(pages_server + CITIES, Accept=accept)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
        assert isomorphic(Graph().parse(data=r.text, format=fmt), files["data/cities.ttl"])
    by_suffix = get(pages_server + CITIES + ".nt")
    assert isomorphic(Graph().parse(data=by_suffix.text, format="nt"), files["data/cities.ttl"])
    inferred = get(pages_server + "/graph/inferred?lang=en", Accept=HTML)
    assert inferred.status_code == 200 and "OWL 2 RL" in inferred.text
    assert get(pages_server + "/graph/data/no-such-file.ttl", Accept=HTML).status_code == 404


def test_finnish_collation():
    assert sorted(["Öja", "Åbo", "Ähtäri", "Zeta", "éa", "Espoo"], key=collation.key) == [
        "éa",
        "Espoo",
        "Zeta",
        "Åbo",
        "Ähtäri",
        "Öja",
    ]
    assert collation.person_key("Hokkanen, Olli") == collation.person_key("Olli Hokkanen")
    assert sorted(["Virve Hokkanen", "Hokkanen, Olli", "Santtu von Bruun"], key=collation.person_key) == [
        "Santtu von Bruun",
        "Hokkanen, Olli",
        "Virve Hokkanen",
    ]
