"""The three languages in a real browser: a body page, a person page, the ontology and the query UI.

Headless Chromium (the system's ``/usr/bin/chromium``, driven by Playwright) opens each page with ``?lang=`` in
a fresh profile, checks what a reader of that language sees and takes a screenshot of the first screen into the
test's temporary folder (the paths are printed; with ``KGRAPH_SCREENSHOTS`` naming a folder they are copied
there). Skipped where Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright_browser import BROWSER, browser  # noqa: F401  (the fixture)
from paths import ROOT, YASGUI_BUILT  # without YASGUI the query page has a plain form
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.site import i18n

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install -y chromium)")

PAGES = {
    "body": "/id/body/kaupunkipolitiikan-yhteistyoryhma",
    "person": "/id/person/anna-kaisa-ikonen",
    "ontology": "/ontology",
    "query": "/sparql",
}
LANGS = ("fi", "sv", "en")


def class_labels() -> dict[str, dict[str, str]]:
    """The ontology's class labels by language, read from ``ontology/kp.ttl`` (not from the pages' code)."""
    graph = Graph().parse(ROOT / "ontology" / "kp.ttl", format="turtle")
    return {
        str(c): {o.language: str(o) for o in graph.objects(c, RDFS.label)} for c in graph.subjects(RDF.type, OWL.Class)
    }


#: Finnish class labels that differ from the class's Swedish and English ones ("toimielin", "henkilö", …).
FINNISH_ONLY = sorted(
    {
        labels["fi"].lower()
        for labels in class_labels().values()
        if labels["fi"].lower() not in {labels.get("sv", "").lower(), labels.get("en", "").lower()}
    }
)

#: Each element's own text (its text nodes, not its children's), except the query editor's text and the timelines'
#: (SVG labels, which carry no language of their own).
OWN_TEXTS = """() => [...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('script, style, svg, .CodeMirror'))
  .map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim().toLowerCase())
  .filter(t => t)"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def open_page(browser, url: str, shot: Path | None = None) -> dict:
    """What the browser shows at ``url``: language, header, headings, own texts, markers; a screenshot if asked."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})  # a fresh profile: no cookie
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        if "/sparql" in url and YASGUI_BUILT:
            page.wait_for_selector(".yasgui .CodeMirror", state="attached", timeout=30_000)  # built after load
        seen = page.evaluate(
            """(ownTexts) => ({
              lang: document.documentElement.lang,
              title: document.querySelector('header.site .site-title').textContent.trim(),
              nav: [...document.querySelectorAll('header.site nav a, header.site nav [aria-current]')]
                     .map(a => a.textContent.trim()),
              h1: document.querySelector('main h1').textContent.trim(),
              kind: (document.querySelector('main .kind') || {textContent: ''}).textContent.trim(),
              markers: [...document.querySelectorAll('main .lang-marker')].map(m => m.textContent.trim()),
              texts: eval(ownTexts)(),
              yasgui: !!document.querySelector('.yasgui'),
            })""",
            OWN_TEXTS,
        )
        if shot is not None:
            page.screenshot(path=str(shot))
            print(f"screenshot: {shot}")
            if os.environ.get("KGRAPH_SCREENSHOTS"):
                shutil.copy(shot, Path(os.environ["KGRAPH_SCREENSHOTS"]) / shot.name)
    finally:
        context.close()
    return seen


def looks_like_a_page(png: Path) -> None:
    from PIL import Image

    image = Image.open(png).convert("L")
    assert image.size == (1280, 1400)
    lo, hi = image.getextrema()
    assert hi - lo > 100, f"{png.name} is blank"


@pytest.fixture(scope="module")
def seen_pages(pages_server, browser, shots) -> dict[tuple[str, str], dict]:
    """Each page of :data:`PAGES` in each language, opened once (with its screenshot) for the tests below."""
    return {
        (kind, lang): open_page(browser, f"{pages_server}{path}?lang={lang}", shots / f"{kind}-{lang}.png")
        for kind, path in PAGES.items()
        for lang in LANGS
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_each_page_in_each_language(seen_pages, shots, kind, lang):
    seen = seen_pages[kind, lang]
    looks_like_a_page(shots / f"{kind}-{lang}.png")
    assert seen["lang"] == lang
    assert seen["title"] == i18n.t("site_title", lang)
    names = [i18n.NATIVE_NAMES[other] for other in LANGS]
    assert seen["nav"][:3] == [i18n.t(k, lang) for k in ("nav_index", "nav_ontology", "nav_sparql")]
    assert seen["nav"][-3:] == names, "the language switch, each language named in itself"
    if lang != "fi":
        found = sorted(set(FINNISH_ONLY) & set(seen["texts"]))
        assert not found, f"Finnish class labels on the {lang} {kind} page: {found}"
    if kind == "body":
        assert seen["kind"] == {"fi": "toimielin", "sv": "organ", "en": "body"}[lang]
        expected = {"fi": "Kaupunkipolitiikan yhteistyöryhmä", "sv": "stadspolitiska samarbetsgruppen"}
        assert seen["h1"] == expected.get(lang, "Urban Policy Committee")
    if kind == "person":
        assert seen["kind"] == {"fi": "henkilö", "sv": "person", "en": "person"}[lang]
    if kind == "ontology":
        assert seen["h1"] == {"fi": "Kaupunkipolitiikan ontologia", "sv": "Stadspolitikens ontologi"}.get(
            lang, "Finnish urban policy ontology"
        )
        assert {"fi": "toimielin", "sv": "organ", "en": "body"}[lang] in seen["texts"]
    if kind == "query":
        assert seen["h1"] == {"fi": "SPARQL-kysely", "sv": "SPARQL-fråga", "en": "SPARQL query"}[lang]
        if YASGUI_BUILT:
            assert seen["yasgui"], "YASGUI started under the shared header"


@pytest.mark.parametrize("lang", LANGS)
def test_the_query_ui_has_the_pages_header(seen_pages, lang):
    body, query = seen_pages["body", lang], seen_pages["query", lang]
    assert (query["title"], query["nav"]) == (body["title"], body["nav"])


def test_a_label_only_in_finnish_is_marked_on_swedish_and_english_pages(pages_server, browser):
    url = f"{pages_server}/id/body/alueiden-uudistumisen-neuvottelukunta"
    assert open_page(browser, f"{url}?lang=fi")["h1"] == "alueiden uudistumisen neuvottelukunta"
    for lang, marker in (("sv", "(på finska)"), ("en", "(in Finnish)")):
        seen = open_page(browser, f"{url}?lang={lang}")
        assert seen["h1"] == f"alueiden uudistumisen neuvottelukunta {marker}" and marker in seen["markers"]
