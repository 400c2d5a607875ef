"""Where the tests find the repository, their own fixture folders and the shared material (``../shared``).

The one place that knows the layout: test modules sit in subfolders mirroring the package, so a path computed
from a test module's own ``__file__`` would depend on its depth.
"""

from __future__ import annotations

from pathlib import Path

#: The repository's root (the checkout).
ROOT = Path(__file__).resolve().parents[2]
#: The tests folder: fixture folders (``shapes/``, ``cases/``, ``bad_input/``) and the shared helper modules.
TESTS = ROOT / "tests"
#: The shared, read-only material beside the checkout (facts pack, standards suites, seeds).
SHARED = ROOT.parent / "shared"
