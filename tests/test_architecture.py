"""The package's dependency rules (docs/architecture.md), checked on the source with :mod:`ast`.

- nothing in ``kgraph`` imports ``server`` (the web shell sits on top of the core, never below it), except
  the command line's ``serve`` command (:data:`SERVES`), inside its function, so that importing the
  command line never imports Flask;
- a module imports only modules of its own subpackage or of a lower layer (:data:`LAYERS`); the entry
  points (:data:`ENTRY_POINTS`) may import anything in ``kgraph``;
- no module imports a private name (``_x``) of another module, or reaches one through a module;
- the import graph of ``kgraph`` has no cycle, counting imports inside functions too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from paths import ROOT


#: Layers from the bottom up: a module may import its own group and any group of a lower layer.
LAYERS: list[set[str]] = [
    {"kgraph.config", "kgraph.errors", "kgraph.namespaces", "kgraph.version"},
    {"kgraph.io"},
    {"kgraph.query"},
    {"kgraph.inference"},
    {"kgraph.validation"},
    {"kgraph.pipeline"},
    {"kgraph.remote", "kgraph.site", "kgraph.stats"},
    {"kgraph.publish"},
    {"kgraph.synth"},
]
#: Modules that wire the layers together for a user: the command line and the pre-commit hook.
ENTRY_POINTS = {"kgraph", "kgraph.__main__", "kgraph.cli", "kgraph.validation.hook"}
#: The one place of kgraph that may start the web shell: ``kgraph serve``, within a function.
SERVES = {"kgraph.cli"}


@dataclass(frozen=True)
class Problem:
    module: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.message}"


def modules(root: Path, packages: tuple[str, ...] = ("kgraph", "server")) -> dict[str, Path]:
    """Dotted module name -> source file, for every module of ``packages`` under ``root``."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def group_of(module: str) -> str:
    """The layer group a module belongs to: its subpackage, or the module itself at the top of kgraph."""
    parts = module.split(".")
    return ".".join(parts[:2])


def layer_of(module: str) -> int | None:
    group = group_of(module)
    for number, groups in enumerate(LAYERS):
        if group in groups:
            return number
    return None


@dataclass(frozen=True)
class Import:
    target: str  # the imported module
    names: tuple[str, ...]  # names taken from it (from-imports), else ()
    line: int
    local: bool = False  # inside a function


def imports_of(module: str, path: Path, known: dict[str, Path]) -> tuple[list[Import], ast.Module]:
    """Every import in the file (also inside functions), with relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    local = {
        id(inner)
        for fn in ast.walk(tree)
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        for inner in ast.walk(fn)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, (), node.lineno, id(node) in local) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            plain = []
            for alias in node.names:
                if f"{source}.{alias.name}" in known:  # a submodule: `from . import x`
                    found.append(Import(f"{source}.{alias.name}", (), node.lineno, id(node) in local))
                else:
                    plain.append(alias.name)
            if plain or source not in known:
                found.append(Import(source, tuple(plain), node.lineno, id(node) in local))
    return found, tree


def module_aliases(tree: ast.Module, module: str, path: Path, known: dict[str, Path]) -> dict[str, str]:
    """Local names bound to modules of the tree (``from . import checks as quality`` -> quality)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def check(root: Path) -> list[Problem]:
    """Every breach of the rules in the module docstring, for the tree under ``root``."""
    known = modules(root)
    problems: list[Problem] = []
    graph: dict[str, set[str]] = {m: set() for m in known if m.startswith("kgraph")}
    for module, path in known.items():
        found, tree = imports_of(module, path, known)
        own = module.split(".")[0]
        for imp in found:
            top = imp.target.split(".")[0]
            if top not in ("kgraph", "server"):
                continue
            if own == "kgraph" and top == "server" and not (module in SERVES and imp.local):
                problems.append(Problem(module, imp.line, f"imports the web layer ({imp.target})"))
            private = [n for n in imp.names if n.startswith("_") and not n.startswith("__")]
            if private and imp.target != module:
                problems.append(Problem(module, imp.line, f"imports private {', '.join(private)} of {imp.target}"))
            if own != "kgraph" or top != "kgraph":
                continue
            if imp.target in known and imp.target != module:
                graph[module].add(imp.target)
            if module in ENTRY_POINTS or group_of(imp.target) == group_of(module):
                continue
            mine, theirs = layer_of(module), layer_of(imp.target)
            if imp.target == "kgraph":
                problems.append(Problem(module, imp.line, "imports the package root (kgraph/__init__.py)"))
            elif mine is None or theirs is None:
                problems.append(Problem(module, imp.line, f"{imp.target} or {module} has no layer"))
            elif theirs >= mine:
                problems.append(Problem(module, imp.line, f"imports {imp.target}, which is not in a lower layer"))
        aliases = module_aliases(tree, module, path, known)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                problems.append(Problem(module, node.lineno, f"uses private {node.attr} of {aliases[node.value.id]}"))
    problems += [Problem(cycle[0], 0, "import cycle: " + " -> ".join(cycle)) for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules that import each other (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_keeps_its_dependency_rules():
    problems = check(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_every_subpackage_has_a_layer():
    groups = {group_of(m) for m in modules(ROOT, ("kgraph",))} - ENTRY_POINTS
    assert groups <= set().union(*LAYERS), sorted(groups - set().union(*LAYERS))


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


BASE = {
    "kgraph/__init__.py": "",
    "kgraph/config.py": "",
    "kgraph/errors.py": "",
    "server/__init__.py": "",
    "kgraph/io/__init__.py": "",
    "kgraph/io/load.py": "from ..errors import *\n",
    "kgraph/query/__init__.py": "",
    "kgraph/query/store.py": "from ..io.load import parse\n",
    "kgraph/site/__init__.py": "",
    "kgraph/site/render.py": "from ..query import store\n",
}


def test_a_clean_synthetic_tree_passes(tmp_path):
    assert check(_tree(tmp_path, BASE)) == []
    serve = dict(BASE, **{"kgraph/cli.py": "def serve():\n    from server import pages\n"})
    assert check(_tree(tmp_path, serve)) == []  # the serve command, inside its function


@pytest.mark.parametrize(
    "module, source, expected",
    [
        ("kgraph/site/render.py", "def page():\n    from server import pages\n", "imports the web layer (server)"),
        ("kgraph/cli.py", "from server import pages\n", "imports the web layer (server)"),
        (
            "kgraph/io/load.py",
            "from ..query.store import GraphStore\n",
            "imports kgraph.query.store, which is not in a lower layer",
        ),
        (
            "kgraph/query/store.py",
            "from kgraph.site import render\n",
            "imports kgraph.site.render, which is not in a lower layer",
        ),
        ("kgraph/site/render.py", "from ..io.load import _display\n", "imports private _display of kgraph.io.load"),
        (
            "kgraph/site/render.py",
            "from ..io import load\nload._display('x')\n",
            "uses private _display of kgraph.io.load",
        ),
        ("kgraph/io/load.py", "from .. import __version__\n", "imports the package root"),
        ("kgraph/query/store.py", "from . import pool\n", "import cycle: kgraph.query.pool -> kgraph.query.store"),
    ],
)
def test_a_forbidden_import_is_found(tmp_path, module, source, expected):
    files = dict(BASE, **{module: source, "kgraph/query/pool.py": "from .store import GraphStore\n"})
    problems = [str(p) for p in check(_tree(tmp_path, files))]
    assert any(expected in p for p in problems), problems
