"""Dereferenceable IRIs over real HTTP: every kind of resource in HTML and in each RDF format.

A waitress server on loopback (fixture ``pages_server``) serves the built
graph. For each kind of resource the richest example in the data is fetched
as HTML (three languages) and as Turtle, N-Triples, JSON-LD and RDF/XML, by
``Accept``, by ``?format=`` and by suffix; the pages' own links are followed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from jsonld_local import parse_compact
from kgraph.namespaces import base_iri
from kgraph.namespaces import kp, ontology_iri

KP_CLASSES = [
    "Person",
    "Organisation",
    "Government",
    "Ministry",
    "Association",
    "University",
    "City",
    "Body",
    "BodyTerm",
    "Team",
    "Unit",
    "Secretariat",
    "Network",
    "Cabinet",
    "Mandate",
    "Appointment",
    "Programme",
    "Project",
    "Strategy",
    "Agreement",
    "Publication",
    "SourceDocument",
    "Conflict",
]
OTHER_CLASSES = {
    "Role": "http://www.w3.org/ns/org#Role",
    "Concept": "http://www.w3.org/2004/02/skos/core#Concept",
    "ConceptScheme": "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "QualifiedAssociation": "http://www.w3.org/ns/prov#Association",
}
KINDS = KP_CLASSES + list(OTHER_CLASSES)
RDF_TYPES = {
    "ttl": ("text/turtle", "turtle"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "json-ld"),
    "rdf": ("application/rdf+xml", "xml"),
}
TIMEOUT = 30


class Links(HTMLParser):
    """hrefs, srcs, ids, the html lang and whether a script or an external stylesheet appears."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.lang, self.scripts = [], set(), None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "script" and a.get("type") != "application/ld+json":  # a JSON-LD block is data, never run
            self.scripts.append(a)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


def parse_html(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def class_iri(kind: str) -> str:
    return OTHER_CLASSES.get(kind) or kp() + kind


def example(store, kind: str) -> str | None:
    """The minted resource of a kind with the most links to it (the richest page), or None."""
    result = store.query(f"""SELECT ?s (COUNT(?x) AS ?n) WHERE {{
        ?s a <{class_iri(kind)}> FILTER(STRSTARTS(STR(?s), "{base_iri()}id/"))
        OPTIONAL {{ ?x ?p ?s }} }} GROUP BY ?s ORDER BY DESC(?n) STR(?s) LIMIT 1""")
    rows = list(result)
    return rows[0]["s"].value if rows else None


def local(iri: str) -> str:
    assert iri.startswith(base_iri()), iri
    return "/" + iri[len(base_iri()) :]


@pytest.fixture(params=KINDS)
def resource(request, store) -> str:
    iri = example(store, request.param)
    if iri is None:
        pytest.skip(f"no {request.param} in the data yet")
    return iri


def get(url: str, **headers) -> requests.Response:
    return requests.get(url, headers=headers, timeout=TIMEOUT, allow_redirects=False)


def labels(store, iri: str) -> set[str]:
    return {
        row["l"].value
        for row in store.query(f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    }


# ---------------------------------------------------------------- each kind, each format


def test_html_page(pages_server, store, resource):
    r = get(pages_server + local(resource), Accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    page = parse_html(r.text)
    assert page.lang == "fi" and r.headers["Content-Language"] == "fi"
    h1 = re.search(r"<h1>(.*?)</h1>", r.text, re.S).group(1)
    names = labels(store, resource) or {resource.rsplit("/", 1)[1]}  # unlabelled: the slug
    assert any(name in h1 for name in names), f"no label of {resource} in <h1>: {h1}"
    assert resource in r.text  # the IRI is shown
    assert 'id="sources"' in r.text and 'id="properties"' in r.text
    assert not page.scripts, "pages run no script"
    minted_links = [h for h in page.links if h.startswith(base_iri() + "id/")]
    assert not minted_links, f"links to minted IRIs must point to this host: {minted_links[:3]}"
    for suffix in RDF_TYPES:
        assert f'href="{local(resource)}.{suffix}"' in r.text, f"no link to the {suffix} form"


@pytest.mark.parametrize("suffix", sorted(RDF_TYPES))
def test_rdf_by_accept_format_and_suffix(pages_server, resource, suffix):
    media, parser = RDF_TYPES[suffix]
    url = pages_server + local(resource)
    for response in (get(url, Accept=media), get(url + f"?format={suffix}"), get(url + f".{suffix}")):
        assert response.status_code == 200, response.url
        assert response.headers["Content-Type"].startswith(media)
        if suffix == "jsonld":  # compact, naming the published context: read with the context passed locally
            graph = parse_compact(response.content)
        else:
            graph = Graph().parse(data=response.content, format=parser)
        subject = URIRef(resource)
        assert (subject, None, None) in graph, f"{response.url}: no statement about {resource}"
        assert any(graph.objects(subject, RDF.type)) or resource.endswith("/role"), "types are included"
    assert "Accept" in get(url, Accept=media).headers.get("Vary", "")


def test_description_holds_labels_and_incoming_links(pages_server, store, resource):
    graph = Graph().parse(data=get(pages_server + local(resource) + ".nt").content, format="nt")
    subject = URIRef(resource)
    own = {o for o in graph.objects(subject, None) if isinstance(o, URIRef)}
    labelled = {s for s in graph.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None)}
    linked_with_labels = {
        o.value
        for o in (
            row["o"]
            for row in store.query(
                f"SELECT DISTINCT ?o WHERE {{ <{resource}> ?p ?o . "
                "?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
            )
        )
    }
    assert {URIRef(i) for i in linked_with_labels} <= labelled | {subject}
    assert own, "the description has outgoing links"
    incoming = {
        row["s"].value for row in store.query(f"SELECT DISTINCT ?s WHERE {{ ?s ?p <{resource}> FILTER(isIRI(?s)) }}")
    }
    assert {URIRef(i) for i in incoming} <= set(graph.subjects(None, subject))


_seen: dict[str, int] = {}


def test_links_on_the_page_resolve(pages_server, resource):
    page = parse_html(get(pages_server + local(resource)).text)
    for href in page.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if target not in _seen:
            _seen[target] = requests.get(pages_server + target, timeout=TIMEOUT).status_code
        if parts.path == "/sparql":  # the endpoint answers a GET without a query with 400, not 404
            assert _seen[target] != 404, "the SPARQL endpoint is served"
            continue
        assert _seen[target] == 200, f"{href} on {resource} answers {_seen[target]}"


# ---------------------------------------------------------------- languages


def test_language_from_accept_language_switch_and_cookie(pages_server, store):
    iri = example(store, "Person") or example(store, "SourceDocument")
    if iri is None:
        pytest.skip("no resources in the data yet")
    url = pages_server + local(iri)
    assert parse_html(get(url, **{"Accept-Language": "sv-FI,sv;q=0.9,en;q=0.5"}).text).lang == "sv"
    assert parse_html(get(url, **{"Accept-Language": "de, en;q=0.5"}).text).lang == "en"
    assert parse_html(get(url, **{"Accept-Language": "de"}).text).lang == "fi"
    session = requests.Session()
    switched = session.get(url + "?lang=en", headers={"Accept-Language": "fi"}, timeout=TIMEOUT)
    assert parse_html(switched.text).lang == "en" and "kgraph_lang" in switched.cookies
    remembered = session.get(url, headers={"Accept-Language": "fi"}, timeout=TIMEOUT)
    assert parse_html(remembered.text).lang == "en"
    vary = switched.headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary
    for lang in ("fi", "sv", "en"):
        assert f'hreflang="{lang}"' in get(url + "?lang=fi").text or lang == "fi"


# ---------------------------------------------------------------- errors


def test_unknown_iri_is_404_and_unacceptable_type_is_406(pages_server):
    r = get(pages_server + "/id/person/no-such-person-anywhere", Accept="text/html")
    assert r.status_code == 404 and "no-such-person-anywhere" in r.text
    assert get(pages_server + "/id/person/no-such-person-anywhere.ttl").status_code == 404
    assert get(pages_server + "/id/person/no-such-person-anywhere", Accept="text/turtle").status_code == 404
    assert get(pages_server + "/ontology", Accept="image/png").status_code == 406


# ---------------------------------------------------------------- kinds with their own sections


def mandate_count(store, where: str) -> int:
    return int(
        list(
            store.query(
                f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <http://www.w3.org/ns/org#Membership> . {where} }}"
            )
        )[0]["n"].value
    )


def test_body_page_lists_members_per_term_and_role_with_a_timeline(pages_server, store):
    body = next(
        (
            row["b"].value
            for row in store.query(f"""SELECT ?b (COUNT(?m) AS ?n) WHERE {{
        ?t <{kp()}termOf> ?b . ?m <http://www.w3.org/ns/org#organization> ?t }} GROUP BY ?b ORDER BY DESC(?n)""")
        ),
        None,
    )
    if body is None:
        pytest.skip("no body with members in the data yet")
    html = get(pages_server + local(body) + "?lang=en").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"' in html
    assert 'id="members"' in html
    terms = [row["t"].value for row in store.query(f"SELECT ?t WHERE {{ ?t <{kp()}termOf> <{body}> }}")]
    rows_per_term = {t: mandate_count(store, f"?m <http://www.w3.org/ns/org#organization> <{t}>") for t in terms}
    for term, count in rows_per_term.items():
        if count:
            assert f'href="{local(term)}"' in html, f"term {term} is not listed"
    member_rows = len(re.findall(r'<g class="tl-row">', html))
    # every mandate on its term's timeline (or the body's), and one bar per term on the timeline of the terms
    assert member_rows == sum(rows_per_term.values()) + len(terms) + mandate_count(
        store, f"?m <http://www.w3.org/ns/org#organization> <{body}>"
    )
    for row in store.query(f"""SELECT DISTINCT ?role WHERE {{ ?t <{kp()}termOf> <{body}> .
            ?m <http://www.w3.org/ns/org#organization> ?t ; <http://www.w3.org/ns/org#role> ?role }}"""):
        assert f'href="{local(row["role"].value)}"' in html, "each role heads its list"


def test_person_page_shows_mandates_over_time(pages_server, store):
    person = next(
        (
            row["p"].value
            for row in store.query(f"""SELECT ?p (COUNT(?m) AS ?n) WHERE {{
        ?p a <{kp()}Person> . ?m <http://www.w3.org/ns/org#member> ?p }} GROUP BY ?p ORDER BY DESC(?n) LIMIT 1""")
        ),
        None,
    )
    if person is None:
        pytest.skip("no person with mandates in the data yet")
    html = get(pages_server + local(person)).text
    count = mandate_count(store, f"?m <http://www.w3.org/ns/org#member> <{person}>")
    section = html.split('id="mandates"', 1)[1].split("</section>", 1)[0]
    assert section.count("<tr>") == count + 1  # header row + one per mandate
    dated = mandate_count(
        store,
        f"?m <http://www.w3.org/ns/org#member> <{person}> "
        "{ ?m <http://schema.org/startDate>|<http://schema.org/endDate>|"
        f"<{kp()}attestedIn> ?d }}",
    )
    assert ('class="timeline"' in section) == bool(dated)


def test_city_page_shows_the_bodies_it_sits_in(pages_server, store):
    city = next(
        (
            row["c"].value
            for row in store.query(f"""SELECT ?c (COUNT(?m) AS ?n) WHERE {{
        ?c a <{kp()}City> . ?m <http://www.w3.org/ns/org#member> ?c }} GROUP BY ?c ORDER BY DESC(?n) LIMIT 1""")
        ),
        None,
    )
    if city is None:
        pytest.skip("no city sitting in a body in the data yet")
    html = get(pages_server + local(city) + "?lang=sv").text
    section = html.split('id="bodies_of_city"', 1)[1].split("</section>", 1)[0]
    for row in store.query(
        f"SELECT ?o WHERE {{ ?m <http://www.w3.org/ns/org#member> <{city}> ; "
        "<http://www.w3.org/ns/org#organization> ?o }"
    ):
        assert f'href="{local(row["o"].value)}"' in section


# ---------------------------------------------------------------- ontology, shapes, index


def test_ontology_page_documents_every_class_and_property_and_links_the_shapes(pages_server, store):
    r = get(pages_server + "/ontology", Accept="text/html")
    assert r.status_code == 200
    page = parse_html(r.text)
    terms = {
        row["t"].value
        for row in store.query(f"""SELECT ?t WHERE {{
        VALUES ?k {{ <{OWL.Class}> <{OWL.ObjectProperty}> <{OWL.DatatypeProperty}> <{OWL.AnnotationProperty}> }}
        ?t a ?k FILTER(STRSTARTS(STR(?t), "{kp()}")) }}""")
    }
    assert terms
    missing = {t for t in terms if t.rsplit("#", 1)[1] not in page.ids}
    assert not missing, f"undocumented terms: {sorted(missing)}"
    shape_links = [h for h in page.links if h.startswith("/shapes/")]
    assert "/shapes/catalogue.ttl" in shape_links and len(shape_links) >= 5
    for href in shape_links:
        shapes = get(pages_server + href)
        assert shapes.status_code == 200 and shapes.headers["Content-Type"].startswith("text/turtle")
        Graph().parse(data=shapes.text, format="turtle")
    assert 'href="#shape-PersonShape"' in r.text or 'id="shape-PersonShape"' in r.text


def test_ontology_and_shapes_as_rdf(pages_server):
    graph = Graph().parse(data=get(pages_server + "/ontology", Accept="text/turtle").text, format="turtle")
    assert (URIRef(ontology_iri()), RDF.type, OWL.Ontology) in graph
    assert (URIRef(kp() + "Person"), RDF.type, OWL.Class) in graph
    assert get(pages_server + "/ontology.jsonld").headers["Content-Type"].startswith("application/ld+json")
    assert get(pages_server + "/shapes", Accept="text/html").status_code == 303
    shapes = get(pages_server + "/shapes", Accept="text/turtle")
    assert shapes.status_code == 200 and "CatalogShape" in shapes.text


def test_index_lists_every_resource(pages_server, store):
    html = get(pages_server + "/id/").text
    subjects = {
        row["s"].value
        for row in store.query(f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{base_iri()}id/")) }}')
    }
    linked = {h for h in parse_html(html).links}
    missing = {s for s in subjects if local(s) not in linked}
    assert not missing, f"not on the index: {sorted(missing)[:5]}"
