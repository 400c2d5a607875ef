"""The system Chromium driven by Playwright for Python (the `test` extra), for the pages' browser tests.

Import ``BROWSER`` for a skip condition and the ``browser`` fixture (module scope) into a test module; the module
is skipped when Playwright is not installed. No browser is downloaded: Playwright launches Debian's chromium.
"""

from __future__ import annotations

import pytest
from paths import BROWSER

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (test extra)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()
