"""UI strings of the people-facing features, one catalogue module per feature.

Each module here defines ``STRINGS``: a mapping of key to ``{"fi": …, "sv": …,
"en": …}``. :mod:`kgraph.site.i18n` merges them with its core strings; a key
defined twice is an error at import time, so two features never silently
overwrite each other's words.
"""

from __future__ import annotations

import importlib
import pkgutil


def catalogues() -> dict[str, dict[str, dict[str, str]]]:
    """Every feature catalogue in this package, by module name."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[info.name] = module.STRINGS
    return found
