"""The query UI in a real (headless) browser: YASGUI starts from node_modules and opens the first example.

Skipped when Chromium is not installed or ``npm install`` has not been run.
"""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from endpoint_fixtures import serving, tiny_store  # noqa: F401
from paths import BROWSER, YASGUI_BUILT


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install -y chromium)")
@pytest.mark.skipif(
    not YASGUI_BUILT,
    reason="npm install has not been run (node_modules/@zazuko/yasgui missing)",
)
def test_yasgui_starts_with_the_first_example(tiny_store):
    from server import create_app
    from server.examples import examples

    first = examples()[0]
    with serving(create_app(tiny_store)) as url:
        dom = subprocess.run(
            [
                BROWSER,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--virtual-time-budget=5000",
                "--dump-dom",
                url + "/sparql",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    assert 'class="yasgui' in dom, "YASGUI built its interface"
    assert "CodeMirror" in dom, "the query editor is there"
    active = re.search(r'class="tab active"><a role="tab"[^>]*><span>([^<]*)</span>', dom)
    assert active and html.unescape(active.group(1)) == first.title, "the first example is open in the active tab"
