"""Helpers for the validation, build and inference tests (not fixtures of conftest.py, which others own).

A repository of the test's own: a copy of this checkout's ontology, shapes and queries with chosen data;
a way to break one statement of a file; the command line as a subprocess; and the repository graph
(``data/`` when the lead has written it, else the valid shape examples) for differential tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from paths import ROOT

EXAMPLES = ROOT / "tests" / "shapes" / "valid"
INVALID = ROOT / "tests" / "shapes" / "invalid"
#: ``<indent>[subject] dcterms:source <object>`` - the object is replaced by a literal to break a statement.
SOURCE_LINE = re.compile(r"^(?P<head>\s*(?:\S+\s+)?dcterms:source\s+)(?P<object>[^\s,;]+)", re.MULTILINE)
INJECTED = "injected literal, not a source document"


def make_repo(target: Path, data: dict[str, str | Path] | None = None) -> Path:
    """A repository at ``target``: this checkout's ontology, shapes and queries, and ``data``
    (file name -> Turtle text or a file to copy) in ``data/``."""
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "data").mkdir(parents=True)
    for name, content in (data or {}).items():
        if isinstance(content, Path):
            shutil.copyfile(content, target / "data" / name)
        else:
            (target / "data" / name).write_text(content, encoding="utf-8")
    return target


def data_files() -> list[Path]:
    """The repository's data files, or the valid shape examples while there are none yet."""
    return sorted((ROOT / "data").glob("*.ttl")) or example_files()


def example_files() -> list[Path]:
    """Valid shape examples that can share one graph (each is self-contained; blank-node-free ones)."""
    return sorted(EXAMPLES.glob("*.ttl"))


def break_source(
    path: Path, predicate: str = "dcterms:source", occurrence: int = 0, value: str = INJECTED
) -> int | None:
    """Replace the object of the ``occurrence``-th ``predicate`` statement of ``path`` (written one per line,
    as ``[subject] predicate object``) by the literal ``value``; return its line (None when there is no such
    statement)."""
    pattern = (
        SOURCE_LINE
        if predicate == "dcterms:source"
        else re.compile(rf"^(?P<head>\s*(?:\S+\s+)?{re.escape(predicate)}\s+)(?P<object>[^\s,;]+)", re.MULTILINE)
    )
    text = path.read_text(encoding="utf-8")
    matches = list(pattern.finditer(text))
    if len(matches) <= occurrence:
        return None
    match = matches[occurrence]
    path.write_text(text[: match.start("object")] + f'"{value}"' + text[match.end("object") :], encoding="utf-8")
    return text.count("\n", 0, match.start("object")) + 1


def kgraph(
    *args: str, cwd: Path = ROOT, env: dict | None = None, module: str = "kgraph", timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``python -m <module> ARGS`` as a user would."""
    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=timeout
    )


def repo_env(root: Path) -> dict[str, str]:
    """The environment that points the tools at the repository ``root`` and its own build folder."""
    return {"KGRAPH_ROOT": str(root), "KGRAPH_BUILD_DIR": str(root / "build")}
