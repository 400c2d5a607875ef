"""Where the project's files are: the repository's folders and the build folder.

Everything here can be overridden by environment variables so that a
deployment, a test or a third-party repository can point the tools at
other files (``KGRAPH_ROOT``, ``KGRAPH_BUILD_DIR``). The IRIs the project
mints, and the base they are served under, are in :mod:`kgraph.namespaces`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: The checkout this package sits in, when it runs from one.
CHECKOUT = Path(__file__).resolve().parent.parent
#: The copy of ontology/, shapes/, queries/ and data/ that an installed wheel carries (see setup.py).
PACKAGE_DATA = Path(__file__).resolve().parent / "_data"


def is_repository(folder: Path) -> bool:
    return (folder / "ontology").is_dir() and (folder / "shapes").is_dir()


def _default_root() -> Path:
    """``KGRAPH_ROOT``; else the checkout the package runs from; else the files the installed package carries."""
    env = os.environ.get("KGRAPH_ROOT")
    if env:
        return Path(env).resolve()
    if is_repository(CHECKOUT) or not is_repository(PACKAGE_DATA):
        return CHECKOUT
    return PACKAGE_DATA


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


@dataclass(frozen=True)
class Layout:
    """The folders of a kgraph repository."""

    root: Path = field(default_factory=_default_root)

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def rules(self) -> Path:
        return self.queries / "rules"

    @property
    def checks(self) -> Path:
        return self.queries / "checks"

    @property
    def examples(self) -> Path:
        return self.queries / "examples"

    @property
    def build(self) -> Path:
        """``KGRAPH_BUILD_DIR``; else ``build/`` in the repository, or a user cache folder for the installed files."""
        env = os.environ.get("KGRAPH_BUILD_DIR")
        if env:
            return Path(env)
        if self.root == PACKAGE_DATA:  # never write into site-packages
            return _cache_home() / "kgraph" / "build"
        return self.root / "build"
