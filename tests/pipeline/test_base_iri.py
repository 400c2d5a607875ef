"""``KGRAPH_BASE_IRI``: a build under another base holds the same graph as under the default one.

Every stage gets the base injected (the loaders rebase minted IRIs and ``sh:namespace`` declarations,
rules, checks and statistics rebase the IRIs of their SPARQL), so the triple counts, the validation
results and ``kgraph stats`` agree with the default base once the base is mapped back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.namespaces import CANONICAL_BASE
from paths import ROOT

FACTS = ROOT.parent / "shared" / "facts"
OTHER = "https://kaupunkipolitiikka.example.org/graph/"


def kgraph(*args: str, base: str | None, build: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KGRAPH_BASE_IRI"}
    env.update({"KGRAPH_BUILD_DIR": str(build), "PYTHONPATH": str(ROOT)})
    if base is not None:
        env["KGRAPH_BASE_IRI"] = base
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def canonical(text: str) -> str:
    """A run's output with the other base mapped back to the canonical one."""
    return text.replace(OTHER, CANONICAL_BASE)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, build_dir):
    """For each base: the build manifest, ``kgraph stats --json`` and ``kgraph validate --format json``.
    Under the default base, the run's build (``build_dir``, made by ``kgraph build`` with no base set)."""
    assert "KGRAPH_BASE_IRI" not in os.environ, "the run's build is the default base's"
    found = {}
    for name, base in (("default", None), ("other", OTHER)):
        build = build_dir if base is None else tmp_path_factory.mktemp(f"build-{name}")
        built = kgraph("build", "--quiet", base=base, build=build)  # the default's: found up to date
        assert built.returncode == 0, built.stderr
        facts = ["--facts", str(FACTS)] if FACTS.is_dir() else []
        stats = kgraph("stats", "--json", *facts, base=base, build=build)
        assert stats.returncode == 0, stats.stderr
        checked = kgraph("validate", "--format", "json", base=base, build=build)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        found[name] = {"manifest": manifest, "stats": stats.stdout, "validate": checked.stdout}
    return found


def test_the_other_base_is_what_the_graph_holds(runs):
    stats = json.loads(runs["other"]["stats"])
    assert any(c.startswith(OTHER + "ontology#") for c in stats["classes"]), sorted(stats["classes"])[:5]
    assert not any(c.startswith(CANONICAL_BASE) for c in stats["classes"])


def test_same_triple_counts(runs):
    default, other = runs["default"]["manifest"], runs["other"]["manifest"]
    assert default["triples"]["inferred"] > 0
    assert other["triples"] == default["triples"]
    assert other["graphs"] == default["graphs"]  # graph names stay canonical: they name files, not resources


def test_same_validation_results(runs):
    default, other = runs["default"]["manifest"], runs["other"]["manifest"]
    assert other["validation"] == default["validation"]
    assert json.loads(canonical(runs["other"]["validate"])) == json.loads(runs["default"]["validate"])


def test_same_statistics(runs):
    default, other = json.loads(runs["default"]["stats"]), json.loads(canonical(runs["other"]["stats"]))
    assert default["classes"] and default["confidence"]
    if "coverage" in default:
        assert default["coverage"] == other["coverage"]
    assert other == default
