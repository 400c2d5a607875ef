"""Accessibility of the resource pages in a real browser: axe-core run in the system Chromium (Playwright for Python,
no browser download), over a real server, in Finnish, Swedish and English: no serious or critical violation on a
body page (its terms unfolded), a person page, a city page, a publication page and the composition view.

Skipped when Chromium, Playwright or ``node_modules/axe-core`` (``npm ci``) is missing.
"""

from __future__ import annotations

import json

import pytest
from playwright_browser import BROWSER, browser  # noqa: F401  (the fixture)
from paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.is_file() else ""


pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install -y chromium)"),
    pytest.mark.skipif(not AXE.is_file(), reason="npm ci has not been run (node_modules/axe-core missing)"),
]

PAGES = {
    "body": "/id/body/kaupunkipolitiikan-yhteistyoryhma",
    "person": "/id/person/mari-vaattovaara",
    "city": "/id/city/helsinki",
    "publication": "/id/publication/kaupunki-politiikassa",
    "composition": "/id/body/kaupunkipolitiikan-yhteistyoryhma?date=2021-01-01",
}


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab for the pages below, each opened in it in turn (a page names its language in its URL)."""
    # the pages' policy allows no script at all; the test's own injected axe-core is let through
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def violations(tab, url: str | None, content: str = "") -> list[dict]:
    """axe-core's violations on the page at ``url`` (or of the HTML ``content``), every <details> opened."""
    tab.goto(url or "about:blank", wait_until="load")  # a navigation: a new window, no script of the last page
    if not url:
        tab.set_content(content)
    assert tab.evaluate("typeof axe") == "undefined", "a new document, without the previous page's axe-core"
    tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    tab.add_script_tag(content=AXE_SOURCE)
    result = tab.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return result["violations"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_or_critical_violation(pages_server, tab, kind, lang):
    path = PAGES[kind]
    url = f"{pages_server}{path}{'&' if '?' in path else '?'}lang={lang}"
    found = violations(tab, url)
    assert all("id" in v and "impact" in v for v in found), "axe-core answered with its violations"
    serious = [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)


def test_axe_finds_what_it_should(tab):
    """The check can fail: an unnamed image and an unlabelled field are violations axe-core reports."""
    found = violations(
        tab,
        None,
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>',
    )
    assert {"image-alt", "label"} <= {v["id"] for v in found if v["impact"] in ("serious", "critical")}
