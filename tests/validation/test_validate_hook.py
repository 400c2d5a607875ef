"""Third-party data: ``kgraph validate their.ttl`` from anywhere, the pre-commit hook's entry point as
.pre-commit-hooks.yaml declares it, and the composite action that wraps it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from kgraph.validation import hook
from kgraph.config import Layout
from validate_fixtures import EXAMPLES, ROOT, kgraph

THEIRS = """\
@prefix kp:      <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<https://example.org/people/aino> a kp:Person ;
    foaf:name "Aino" ;
    dcterms:source "a literal where a source document belongs" .
"""


def hook_entry() -> list[str]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = re.search(r"^\s*entry:\s*(.+)$", text, re.MULTILINE).group(1).strip()
    assert re.search(r"^-?\s*id:\s*kgraph-validate\s*$", text, re.MULTILINE)
    assert re.search(r"^\s*language:\s*python\s*$", text, re.MULTILINE)
    words = shlex.split(entry)
    assert words[0] == "python"
    return [sys.executable, *words[1:]]


def test_third_party_file_is_validated_against_our_shapes_from_any_folder(tmp_path):
    theirs = tmp_path / "their.ttl"
    theirs.write_text(THEIRS, encoding="utf-8")
    out = kgraph("validate", "their.ttl", cwd=tmp_path, env={"KGRAPH_BUILD_DIR": str(tmp_path / "build")})
    assert out.returncode == 1, out.stdout + out.stderr
    assert any(row.strip().startswith("their.ttl:7: VIOLATION") for row in out.stdout.splitlines()), out.stdout


def test_the_pre_commit_hook_entry_point(tmp_path):
    theirs = tmp_path / "their.ttl"
    theirs.write_text(THEIRS, encoding="utf-8")
    good = tmp_path / "good.ttl"
    good.write_text((EXAMPLES / "body.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    env = {"KGRAPH_BUILD_DIR": str(tmp_path / "build"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}

    def run(*files):
        return subprocess.run(
            [*hook_entry(), *files],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    failed = run("their.ttl")
    assert failed.returncode == 1 and "their.ttl:7:" in failed.stdout, failed.stdout + failed.stderr
    passed = run("good.ttl")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    annotated = run("their.ttl", "--format", "github")
    assert "::error file=their.ttl,line=7," in annotated.stdout


def test_the_hook_finds_the_shapes_next_to_its_environment(tmp_path, monkeypatch):
    """pre-commit installs the hook into <clone>/py_env-*: the clone holds ontology/ and shapes/."""
    clone = tmp_path / "clone"
    (clone / "ontology").mkdir(parents=True)
    (clone / "shapes").mkdir()
    monkeypatch.delenv("KGRAPH_ROOT", raising=False)
    monkeypatch.setattr(hook, "Layout", lambda: Layout(tmp_path / "site-packages"))
    assert hook.find_root(clone / "py_env-python3.11") == clone
    monkeypatch.setenv("KGRAPH_ROOT", str(ROOT))
    assert hook.find_root(clone / "py_env-python3.11") is None


def test_the_action_runs_the_hook_with_annotations():
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "using: composite" in action
    assert "python -m kgraph.validation.hook" in action and "--format github" in action and "--format junit" in action
    assert "KGRAPH_ROOT: ${{ github.action_path }}" in action
