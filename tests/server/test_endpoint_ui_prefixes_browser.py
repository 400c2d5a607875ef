"""The query editor in a real (headless) browser knows the endpoint's predeclared prefixes.

A query using ``kp:`` and ``org:`` without declaring them gets no error mark in YASQE's gutter; one using
``dbo:`` (not predeclared) gets one. Skipped when Chromium is not installed or ``npm install`` has not been run.
"""

from __future__ import annotations

import subprocess
from urllib.parse import quote

import pytest
from paths import BROWSER, YASGUI_BUILT
from endpoint_fixtures import serving, tiny_store  # noqa: F401

PREDECLARED = "SELECT ?body ?member WHERE {\n  ?body a kp:Body ; org:hasMember ?member .\n}"
UNDECLARED = "SELECT ?city WHERE {\n  ?city a dbo:City .\n}"


def active_editor(url: str, query: str) -> str:
    """The DOM of the active tab's panel (YASGUI opens a query in the URL in a tab of its own, and so does the
    page's script: the one shown is the page's)."""
    dom = subprocess.run(
        [
            BROWSER or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=8000",
            "--dump-dom",
            f"{url}/sparql?query={quote(query)}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    start = dom.find('class="tabPanel active"')
    assert start >= 0, "YASGUI shows a tab"
    end = dom.find('class="tabPanel', start + 1)
    return dom[start : end if end > 0 else len(dom)]


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install -y chromium)")
@pytest.mark.skipif(
    not YASGUI_BUILT,
    reason="npm install has not been run (node_modules/@zazuko/yasgui missing)",
)
def test_the_editor_marks_only_undeclared_prefixes(tiny_store):
    from server import create_app

    with serving(create_app(tiny_store)) as url:
        predeclared, undeclared = active_editor(url, PREDECLARED), active_editor(url, UNDECLARED)
    assert "CodeMirror" in predeclared and "kp:Body" in predeclared, "the query is open in the editor"
    assert "parseErrorIcon" not in predeclared, "kp: and org: are predeclared"
    assert "parseErrorIcon" in undeclared, "dbo: is not"
