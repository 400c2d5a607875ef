"""The label search, through a real HTTP server (``kgraph serve``'s granian serving; see endpoint_fixtures).

Two servers: one over a small graph written here, whose ranking and scores are worked out by hand below
from the formula in :mod:`kgraph.site.search` (score = 25 × (rank + query length / label length × weight));
one over the repository's built graph, whose expected hits were read from ``data/*.ttl`` before the search
was run (``data/cities.ttl``: ``city:vaasa`` is "Vaasa"@fi, "Vasa"@sv, ``city:turku`` "Åbo"@sv,
``city:hameenlinna`` "Hämeenlinna"@fi, "Tavastehus"@sv; ``data/city-leaders.ttl``: ``person:seppo-maatta``
is foaf:name "Seppo Määttä"; ``data/people.ttl``: ``person:anna-kaisa-ikonen`` is foaf:name
"Anna-Kaisa Ikonen", ``person:jose-valanta`` "José Valanta" with the alias "Jose Valanta";
``data/organisations.ttl``: ``kporg:tyo-ja-elinkeinoministerio`` has the alias "TEM"@fi;
``ontology/kp.ttl``: kp:City ⊑ kp:Municipality).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests

from endpoint_fixtures import granian_serving, real_endpoint  # noqa: F401
from kgraph.namespaces import INFERRED_GRAPH, base_iri, graph_iri, kp

ID = base_iri() + "id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
PAYLOAD = '<script>alert("x")</script>'


def small_quads() -> list[ox.Quad]:
    data = ox.NamedNode(graph_iri("data/search.ttl"))

    def quad(s: str, p: str, o, graph: str = "") -> ox.Quad:
        return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(graph) if graph else data)

    def lit(text: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(text, language=lang) if lang else ox.Literal(text)

    types = {"city/a": "City", "org/b": "Organisation", "person/c": "Person", "org/d": "Organisation"}
    quads = [quad(ID + s, RDF_TYPE, ox.NamedNode(kp() + t)) for s, t in types.items()]
    quads += [quad(ID + "org/e", RDF_TYPE, ox.NamedNode(kp() + "Organisation"))]
    quads += [
        quad(ID + "city/a", SKOS + "prefLabel", lit("Vaasa", "fi")),
        quad(ID + "city/a", SKOS + "prefLabel", lit("Vasa", "sv")),
        quad(ID + "org/b", SKOS + "prefLabel", lit("Vaasan kaupunki", "fi")),
        quad(ID + "person/c", FOAF_NAME, lit("Kalle Vaasanen")),
        quad(ID + "org/d", SKOS + "prefLabel", lit("Pohjanvaasa", "fi")),
        quad(ID + "org/e", SKOS + "prefLabel", lit("Seudun kehitys", "fi")),
        quad(ID + "org/e", SKOS + "altLabel", lit("VAASA", "fi")),
        quad(ID + "org/evil", SKOS + "prefLabel", lit(PAYLOAD, "en")),
        # inferred: a label composed at build time is not searched
        quad(ID + "mandate/x", "http://www.w3.org/2000/01/rdf-schema#label", lit("Vaasa ghost", "fi"), INFERRED_GRAPH),
        # no page: an IRI outside the base is not returned
        quad("http://example.org/elsewhere", SKOS + "prefLabel", lit("Vaasa", "fi")),
        # the ontology's class labels, for the type shown with each hit
        quad(
            kp() + "City",
            "http://www.w3.org/2000/01/rdf-schema#label",
            lit("kaupunki", "fi"),
            graph_iri("ontology/kp.ttl"),
        ),
        quad(
            kp() + "City",
            "http://www.w3.org/2000/01/rdf-schema#label",
            lit("city", "en"),
            graph_iri("ontology/kp.ttl"),
        ),
    ]
    return quads


@pytest.fixture(scope="module")
def small() -> str:
    with granian_serving(small_quads()) as url:
        yield url


def get_json(url: str, **params) -> dict:
    response = requests.get(url + "/search", params={**params, "format": "json"}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


# ---------------------------------------------------------------- ranking, on the small graph


def test_ranking_exact_then_alias_then_prefix_then_word_then_substring(small):
    answer = get_json(small, q="vaasa")
    found = [(h["id"].removeprefix(ID), h["score"], h["match"]["rank"], h["match"]["type"]) for h in answer["search"]]
    assert found == [
        ("city/a", 100.0, "exact", "label"),  # 25 × (3 + 5/5)
        ("org/e", 97.5, "exact", "alias"),  # 25 × (3 + 5/5 × 0.9)
        ("org/b", 58.3, "prefix", "label"),  # 25 × (2 + 5/15)
        ("person/c", 33.9, "word", "label"),  # 25 × (1 + 5/14)
        ("org/d", 11.4, "substring", "label"),  # 25 × (0 + 5/11)
    ]
    assert answer["searchinfo"] == {"search": "vaasa", "language": "fi", "type": []}
    assert "search-continue" not in answer and answer["success"] == 1


def test_a_hit_has_the_iri_label_type_and_match(small):
    first = get_json(small, q="VASA", lang="sv")["search"][0]
    assert first == {
        "id": ID + "city/a",
        "concepturi": ID + "city/a",
        "url": small + "/id/city/a",
        "label": "Vasa",
        "language": "sv",
        "description": "kaupunki",  # kp:City has no Swedish label in this graph: the Finnish one
        "type": kp() + "City",
        "score": 100.0,
        "match": {"type": "label", "language": "sv", "text": "Vasa", "rank": "exact"},
    }
    assert get_json(small, q="vasa", lang="en")["search"][0]["description"] == "city"


def test_inferred_labels_and_resources_without_a_page_are_not_searched(small):
    ids = [h["id"] for h in get_json(small, q="vaasa ghost")["search"]]
    assert ids == []
    assert "http://example.org/elsewhere" not in [h["id"] for h in get_json(small, q="vaasa")["search"]]


def test_short_queries_match_starts_only(small):
    # "va" starts Vaasa, Vasa, Vaasan kaupunki and the word Vaasanen; in "Pohjanvaasa" it is inside a word
    ids = {h["id"].removeprefix(ID) for h in get_json(small, q="va")["search"]}
    assert ids == {"city/a", "org/b", "person/c", "org/e"}


def test_paging_with_limit_and_continue(small):
    first = get_json(small, q="vaasa", limit="2")
    assert [h["id"].removeprefix(ID) for h in first["search"]] == ["city/a", "org/e"]
    assert first["search-continue"] == 2
    second = get_json(small, q="vaasa", limit="2", **{"continue": "2"})
    assert [h["id"].removeprefix(ID) for h in second["search"]] == ["org/b", "person/c"]
    last = get_json(small, q="vaasa", limit="2", **{"continue": "4"})
    assert [h["id"].removeprefix(ID) for h in last["search"]] == ["org/d"] and "search-continue" not in last


def test_html_paging_and_switch_keep_the_type_and_limit(small):
    body = requests.get(small + "/search", params={"q": "va", "type": "Organisation", "limit": "1"}, timeout=30).text
    assert body.count('<td><a href="/id/') == 1
    assert 'href="/search?q=va&amp;type=Organisation&amp;limit=1&amp;continue=1&amp;lang=fi" rel="next"' in body
    assert 'href="/search?q=va&amp;type=Organisation&amp;limit=1&amp;lang=sv"' in body
    assert 'href="/search?q=va&amp;type=Organisation&amp;limit=1&amp;format=json&amp;lang=fi"' in body


def test_type_filter(small):
    assert [h["id"].removeprefix(ID) for h in get_json(small, q="vaasa", type="kp:Person")["search"]] == ["person/c"]
    assert [h["id"].removeprefix(ID) for h in get_json(small, q="vaasa", type="Person")["search"]] == ["person/c"]
    full = get_json(small, q="vaasa", type=kp() + "City")
    assert [h["id"].removeprefix(ID) for h in full["search"]] == ["city/a"]
    assert full["searchinfo"]["type"] == [kp() + "City"]


def test_html_escapes_the_query_and_the_labels(small):
    response = requests.get(small + "/search", params={"q": PAYLOAD}, timeout=30)
    assert response.status_code == 200
    body = response.text
    assert "<script>" not in body
    assert "&lt;script&gt;" in body  # the query in the heading and the box, the label in the hits
    assert 'href="/id/org/evil"' in body


# ---------------------------------------------------------------- bad and odd requests


@pytest.mark.parametrize(
    "params, code",
    [
        ({"q": "x" * 201}, "too_long"),
        ({"q": ""}, "no_query"),
        ({"q": "vaasa", "limit": "0"}, "bad_limit"),
        ({"q": "vaasa", "limit": "51"}, "bad_limit"),
        ({"q": "vaasa", "limit": "ten"}, "bad_limit"),
        ({"q": "vaasa", "continue": "-1"}, "bad_offset"),
        ({"q": "vaasa", "type": "nope:Thing"}, "bad_type"),
    ],
)
def test_bad_requests_are_400_with_one_line(small, params, code):
    response = requests.get(small + "/search", params={**params, "format": "json", "lang": "en"}, timeout=30)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert "\n" not in error["info"] and error["info"]


def test_over_long_query_in_html_is_400_in_the_readers_language(small):
    response = requests.get(small + "/search", params={"q": "<b>" * 100, "lang": "sv"}, timeout=30)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Sökningen är för lång: högst 200 tecken." in response.text
    assert "<b>" not in response.text


def test_empty_and_punctuation_queries(small):
    empty = requests.get(small + "/search", timeout=30)
    assert empty.status_code == 200 and 'name="q"' in empty.text and "search-results" not in empty.text
    assert get_json(small, q="!!! ---")["search"] == []
    assert get_json(small, q="\x00\x1b")["search"] == []


def test_negotiation(small):
    as_json = requests.get(small + "/search", params={"q": "vaasa"}, headers={"Accept": "application/json"}, timeout=30)
    assert as_json.headers["Content-Type"].startswith("application/json") and as_json.json()["search"]
    assert as_json.headers["Access-Control-Allow-Origin"] == "*"  # an autocomplete on another site may call it
    browser = requests.get(
        small + "/search", params={"q": "vaasa"}, headers={"Accept": "text/html,application/json;q=0.9"}, timeout=30
    )
    assert browser.headers["Content-Type"].startswith("text/html")
    forced = requests.get(small + "/search", params={"q": "vaasa", "format": "json"}, headers={"Accept": "text/html"})
    assert forced.headers["Content-Type"].startswith("application/json")


# ---------------------------------------------------------------- the repository's graph


@pytest.mark.parametrize(
    "query, expected, text, lang",
    [
        ("vasa", "city/vaasa", "Vasa", "sv"),
        ("Vaasa", "city/vaasa", "Vaasa", "fi"),
        ("abo", "city/turku", "Åbo", "sv"),
        ("TAVASTEHUS", "city/hameenlinna", "Tavastehus", "sv"),
        ("hameenlinna", "city/hameenlinna", "Hämeenlinna", "fi"),
        ("HÄMEENLINNA", "city/hameenlinna", "Hämeenlinna", "fi"),
        ("maatta", "person/seppo-maatta", "Seppo Määttä", None),
        ("Määttä", "person/seppo-maatta", "Seppo Määttä", None),
        ("ikonen", "person/anna-kaisa-ikonen", "Anna-Kaisa Ikonen", None),
        ("anna kaisa", "person/anna-kaisa-ikonen", "Anna-Kaisa Ikonen", None),
        ("jose valanta", "person/jose-valanta", "José Valanta", None),
        ("tem", "org/tyo-ja-elinkeinoministerio", "TEM", "fi"),
    ],
)
def test_the_data_is_found(real_endpoint, query, expected, text, lang):
    first = get_json(real_endpoint, q=query)["search"][0]
    assert first["id"] == ID + expected
    assert (first["match"]["text"], first["match"]["language"]) == (text, lang)


def test_the_data_by_type(real_endpoint):
    hits = get_json(real_endpoint, q="va", type="kp:Municipality", limit="50")["search"]
    ids = {h["id"].removeprefix(ID) for h in hits}
    assert {"city/vaasa", "city/vantaa"} <= ids  # cities are municipalities (kp:City ⊑ kp:Municipality)
    assert not [i for i in ids if not i.startswith("city/")]
    persons = get_json(real_endpoint, q="vaasa", type="kp:Person")["search"]
    assert "city/vaasa" not in {h["id"].removeprefix(ID) for h in persons}


def test_html_page_in_swedish_and_the_box_on_every_page(real_endpoint):
    response = requests.get(real_endpoint + "/search", params={"q": "vasa", "lang": "sv"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Language"] == "sv"
    body = response.text
    assert '<html lang="sv">' in body and "Sökresultat för vasa" in body
    assert '<a href="/id/city/vaasa">Vasa</a>' in body
    assert 'href="/search?q=vasa&amp;lang=fi"' in body  # the language switch keeps the query
    page = requests.get(real_endpoint + "/id/city/vaasa", params={"lang": "en"}, timeout=30).text
    assert '<form class="search" role="search" method="get" action="/search">' in page
    assert "Search by name" in page


# ---------------------------------------------------------------- the box on the static site


@pytest.mark.parametrize(
    "sparql, action",
    [
        ("https://sparql.example.org/sparql", "https://sparql.example.org/search"),
        ("https://example.org/kg/sparql", "https://example.org/kg/search"),
        ("https://example.org/query", None),  # not kgraph serve's layout: no box
        (None, None),  # no endpoint: no box
    ],
)
def test_static_pages_point_the_box_at_the_endpoint(sparql, action):
    from kgraph.site.render import Page, Renderer, StaticLinks

    html = Renderer(None).not_found(Page("fi", StaticLinks("fi", "id/x", sparql=sparql)), ID + "x")
    if action is None:
        assert 'role="search"' not in html
    else:
        assert f'<form class="search" role="search" method="get" action="{action}">' in html
        assert '<input type="hidden" name="lang" value="fi">' in html


# ---------------------------------------------------------------- the normal form


@pytest.mark.parametrize(
    "text, form",
    [
        ("Hämeenlinna", "hameenlinna"),
        ("ÅBO", "abo"),
        ("Anna-Kaisa  Ikonen!", "anna kaisa ikonen"),
        ("José", "jose"),
        ("Øresund", "oresund"),
        ("Straße", "strasse"),
        ("ﬁnland", "finland"),  # a ligature, decomposed by NFKD
        ("työ- ja elinkeinoministeriö", "tyo ja elinkeinoministerio"),
        ("<b>&amp;</b>", "b amp b"),
        ("\x00\t\n", ""),
    ],
)
def test_normal_form(text, form):
    from kgraph.site.search import normalise

    assert normalise(text) == form
