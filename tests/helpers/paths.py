"""Where the tests find the repository, their own fixture folders and the shared material (``../shared``).

The one place that knows the layout: test modules sit in subfolders mirroring the package, so a path computed
from a test module's own ``__file__`` would depend on its depth.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from server.ui import ASSETS, YASGUI_PACKAGE

#: The repository's root (the checkout).
ROOT = Path(__file__).resolve().parents[2]
#: The tests folder: fixture folders (``shapes/``, ``cases/``, ``bad_input/``) and the shared helper modules.
TESTS = ROOT / "tests"
#: The shared, read-only material beside the checkout (facts pack, standards suites, seeds).
SHARED = ROOT.parent / "shared"
#: YASGUI's built files in ``node_modules`` (``npm ci``), where the query UI serves them from (:mod:`server.ui`).
YASGUI = ROOT / "node_modules" / YASGUI_PACKAGE
#: Whether ``npm ci`` has been run: the query UI serves YASGUI only when all of its files are there.
YASGUI_BUILT = all((YASGUI / name).is_file() for name in ASSETS)
#: The system's headless Chromium (Debian's ``chromium``), or None.
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
