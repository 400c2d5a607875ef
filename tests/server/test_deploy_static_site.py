"""``deploy/nginx/static-site.conf``: Debian's nginx serves the published static site (no ``kgraph serve``) so
that every IRI dereferences by content negotiation, over a sample of resources of every class on loopback."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
import requests
from deploy_fixtures import NGINX, nginx_running, site_config
from endpoint_fixtures import free_port

from kgraph.namespaces import base_iri
from kgraph.site.describe import resources

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="needs Debian's nginx (apt-get install nginx-light; .ci/run installs it)"
)

#: Accept header -> (file suffix, the Content-Type nginx must send)
FORMATS = {
    "text/turtle": (".ttl", "text/turtle"),
    "application/ld+json": (".jsonld", "application/ld+json"),
    "application/n-triples": (".nt", "application/n-triples"),
    "application/rdf+xml": (".rdf", "application/rdf+xml"),
    "text/html": (".fi.html", "text/html"),
    # what browsers send, and what curl sends
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": (".fi.html", "text/html"),
    "*/*": (".fi.html", "text/html"),
    "text/turtle;q=1.0, application/rdf+xml;q=0.5": (".ttl", "text/turtle"),
}


@pytest.fixture(scope="module")
def static_site(package, tmp_path_factory) -> Iterator[str]:
    prefix = tmp_path_factory.mktemp("nginx-static")
    port = free_port()
    site = site_config(
        "nginx/static-site.conf",
        {"listen 80;": f"listen 127.0.0.1:{port};", "root /srv/kgraph/data/site;": f"root {package / 'site'};"},
    )
    with nginx_running(prefix, site, port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def sample(store) -> list[str]:
    """Up to three resources of every class (their paths under the base IRI), first by IRI."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for iri, types in resources(store):
        for cls in types:
            by_class[cls].append(iri)
    paths = {iri[len(base_iri()) :] for iris in by_class.values() for iri in sorted(iris)[:3]}
    assert len(by_class) > 10 and any(p.startswith("id/person/") for p in paths)
    return sorted(paths)


def get(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers=headers, timeout=20, allow_redirects=False)


def test_every_iri_of_the_sample_dereferences_in_every_format(static_site, package, sample):
    for path in sample:
        for accept, (suffix, media) in FORMATS.items():
            r = get(f"{static_site}/{path}", Accept=accept)
            assert r.status_code == 200, (path, accept, r.status_code)
            assert r.headers["Content-Type"].split(";")[0] == media, (path, accept)
            assert r.content == (package / "site" / f"{path}{suffix}").read_bytes(), (path, accept)
            assert set(r.headers["Vary"].replace(" ", "").split(",")) >= {"Accept", "Accept-Language"}


def test_the_language_of_the_pages(static_site, package):
    path = "id/city/vaasa"
    page = {lang: (package / "site" / f"{path}.{lang}.html").read_bytes() for lang in ("fi", "sv", "en")}
    assert len(set(page.values())) == 3
    html = "text/html"
    assert get(f"{static_site}/{path}", Accept=html, **{"Accept-Language": "sv-FI,sv;q=0.9"}).content == page["sv"]
    assert get(f"{static_site}/{path}", Accept=html, **{"Accept-Language": "en-GB, en;q=0.8"}).content == page["en"]
    assert get(f"{static_site}/{path}", Accept=html, **{"Accept-Language": "de-DE, sv;q=0.5"}).content == page["sv"]
    assert get(f"{static_site}/{path}", Accept=html, **{"Accept-Language": "de"}).content == page["fi"]
    assert get(f"{static_site}/{path}?lang=en", Accept=html, **{"Accept-Language": "sv"}).content == page["en"]
    cookie = {"Cookie": "kgraph_lang=sv", "Accept-Language": "en"}
    assert get(f"{static_site}/{path}", Accept=html, **cookie).content == page["sv"]
    assert get(f"{static_site}/{path}?lang=fi", Accept=html, **cookie).content == page["fi"]
    # the RDF is the same whatever the language
    ttl = (package / "site" / f"{path}.ttl").read_bytes()
    assert get(f"{static_site}/{path}", Accept="text/turtle", **{"Accept-Language": "sv"}).content == ttl


def test_files_by_their_own_names_the_front_page_and_the_ontology(static_site, package):
    site = package / "site"
    for name, media in (
        ("id/city/vaasa.ttl", "text/turtle"),
        ("id/city/vaasa.sv.html", "text/html"),
        ("static/pages/style.css", "text/css"),
        ("ontology.jsonld", "application/ld+json"),
    ):
        r = get(f"{static_site}/{name}", Accept="text/html")
        assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == media, name
        assert r.content == (site / name).read_bytes(), name
    front = get(f"{static_site}/", Accept="text/html", **{"Accept-Language": "en"})
    assert front.status_code == 200 and front.content == (site / "index.en.html").read_bytes()
    onto = get(f"{static_site}/ontology", Accept="text/turtle")
    assert onto.status_code == 200 and onto.content == (site / "ontology.ttl").read_bytes()
    page = get(f"{static_site}/id/city/vaasa", Accept="text/html")
    assert "charset=utf-8" in page.headers["Content-Type"] and page.headers.get("ETag")
    again = get(f"{static_site}/id/city/vaasa", Accept="text/html", **{"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_iris_and_unacceptable_formats(static_site):
    assert get(f"{static_site}/id/city/atlantis", Accept="text/turtle").status_code == 404
    assert get(f"{static_site}/id/city/atlantis", Accept="text/html").status_code == 404
    refused = get(f"{static_site}/id/city/vaasa", Accept="image/png")
    assert refused.status_code == 406 and "Accept" in refused.headers["Vary"]
    assert get(f"{static_site}/id/city/vaasa", Accept="application/pdf").status_code == 406
