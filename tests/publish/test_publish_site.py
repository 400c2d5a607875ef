"""The static site of the data package works offline: every link resolves to a file in the package."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kgraph.site import i18n
from kgraph.namespaces import base_iri
from kgraph.site.describe import resources


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.lang, self.tags = [], set(), None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append(a[key])


@pytest.fixture(scope="module")
def pages(package) -> dict[Path, Page]:
    parsed = {}
    for path in sorted((package / "site").rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path.resolve()] = page
    return parsed


@pytest.mark.large  # every link of every page of the full site
def test_every_local_link_and_fragment_resolves_offline(package, pages):
    root = package.resolve()
    # the package's files by their normalised path: a link is checked against this set, not by a stat() of each
    files = {os.path.normpath(p) for p in map(str, root.rglob("*")) if os.path.isfile(p)}
    ids = {str(path): page.ids for path, page in pages.items()}
    broken, checked = [], 0
    for path, page in pages.items():
        here, shown = os.path.dirname(path), path.relative_to(root)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # the public web (sources, vocabularies, the public endpoint)
            checked += 1
            target = os.path.normpath(os.path.join(here, unquote(parts.path))) if parts.path else str(path)
            if target not in files or not target.startswith(f"{root}{os.sep}"):
                broken.append(f"{shown}: {link}")
            elif parts.fragment and target.endswith(".html") and parts.fragment not in ids[target]:
                broken.append(f"{shown}: {link} (no such fragment)")
            if link.startswith("/"):
                broken.append(f"{shown}: {link} (absolute path)")
    assert checked > 0
    assert not broken, f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken[:20])


def test_every_resource_has_a_page_in_every_language_and_its_rdf(package, store):
    site = package / "site"
    for iri, _types in resources(store):
        path = iri[len(base_iri()) :]
        for lang in i18n.LANGUAGES:
            assert (site / f"{path}.{lang}.html").is_file(), f"{path}.{lang}.html"
        for suffix in ("ttl", "nt", "jsonld", "rdf"):
            assert (site / f"{path}.{suffix}").is_file(), f"{path}.{suffix}"


def test_pages_declare_their_language_and_load_nothing_from_elsewhere(pages):
    for path, page in pages.items():
        parts = path.name.split(".")  # x.fi.html, cities.ttl.sv.html; index.html is in the default language
        lang = parts[-2] if len(parts) >= 3 and parts[-2] in i18n.LANGUAGES else i18n.DEFAULT
        assert page.lang == lang, path.name
        for tag, attrs in page.tags:
            is_data = tag == "script" and attrs.get("type") == "application/ld+json"  # schema.org, never run
            assert tag != "script" or is_data, f"{path.name}: pages have no scripts"
            if tag in ("link", "img") and (attrs.get("href") or attrs.get("src") or "").startswith("http"):
                assert attrs.get("rel") != "stylesheet", f"{path.name}: external stylesheet"
                assert tag != "img", f"{path.name}: external image"


def test_the_index_links_the_downloads(package, pages):
    index = pages[(package / "site" / "index.en.html").resolve()]
    assert "../catalogue.ttl" in index.links and "../SHA256SUMS" in index.links
    assert any(link.startswith("../dumps/") for link in index.links)


def test_the_site_publishes_the_json_ld_context_its_files_name(package):
    from jsonld_local import parse_compact
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kgraph.query import jsonld_context

    site = package / "site"
    assert (site / "context.jsonld").read_bytes() == jsonld_context.document()
    compact = parse_compact((site / "id" / "city" / "helsinki.jsonld").read_bytes())  # names <base>context.jsonld
    assert isomorphic(compact, Graph().parse(site / "id" / "city" / "helsinki.nt", format="nt"))
