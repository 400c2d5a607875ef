"""``kgraph build`` on a small repository of its own: the output, the manifest, the cache, atomic writes,
the refusal of data that does not conform, and the progress display."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.pipeline.build import GRAPH_FILE, MANIFEST_FILE, BuildError, build
from kgraph.config import Layout
from kgraph.namespaces import graph_iri, INFERRED_GRAPH
from kgraph.pipeline.progress import Progress
from kgraph.synth import generate
from validate_fixtures import INJECTED, break_source, kgraph, make_repo, repo_env


@pytest.fixture()
def repo(tmp_path, monkeypatch) -> Layout:
    root = make_repo(tmp_path / "repo")
    generate(1500, root / "data", seed=7)
    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(root / "build"))
    monkeypatch.delenv("KGRAPH_BASE_IRI", raising=False)
    return Layout(root)


def graphs_of(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def test_build_writes_one_graph_per_file_plus_the_inferred_graph(repo):
    result = build(repo)
    assert not result.cached and result.graph_file == repo.build / GRAPH_FILE
    counts = graphs_of(result.graph_file)
    data = {graph_iri(f"data/{p.name}") for p in (repo.data).glob("*.ttl")}
    assert data <= set(counts) and INFERRED_GRAPH in counts
    assert graph_iri("ontology/kp.ttl") in counts
    assert counts == result.manifest["graphs"]


def test_manifest_has_hashes_counts_and_timings(repo):
    result = build(repo)
    manifest = json.loads((repo.build / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest == result.manifest
    assert all(len(h) == 64 for k, h in manifest["inputs"].items() if not k.startswith("@"))
    assert {"data/synth-0001.ttl", "ontology/kp.ttl", "queries/rules/labels.rq"} <= set(manifest["inputs"])
    assert any(k.startswith("shapes/") for k in manifest["inputs"])
    assert any(k.startswith("queries/checks/") for k in manifest["inputs"])
    assert manifest["triples"]["asserted"] > 1500 and manifest["triples"]["inferred"] > 0
    assert {"load", "validate", "rules", "infer", "validate_result", "checks", "write", "total"} <= set(
        manifest["timings"]
    )
    assert manifest["validation"]["violations"] == 0


def test_unchanged_inputs_reuse_the_cache_and_a_change_rebuilds(repo):
    first = build(repo)
    again = build(repo)
    assert again.cached and again.manifest == first.manifest
    forced = build(repo, force=True)
    assert not forced.cached
    data = next(repo.data.glob("*.ttl"))
    data.write_text(data.read_text(encoding="utf-8") + "\n# a comment changes the hash\n", encoding="utf-8")
    assert not build(repo).cached


def test_data_that_does_not_conform_is_refused_and_nothing_is_written(repo):
    good = build(repo)
    before = good.graph_file.read_bytes()
    data = sorted(repo.data.glob("*.ttl"))[0]
    line = break_source(data)
    with pytest.raises(BuildError) as info:
        build(repo)
    assert info.value.stage == "asserted"
    hit = next(r for r in info.value.report.results if str(r.value) == INJECTED)
    assert (hit.where.path, hit.where.line) == (f"data/{data.name}", line)
    assert good.graph_file.read_bytes() == before, "a failed build leaves the previous output alone"
    assert sorted(p.name for p in repo.build.iterdir() if not p.name.startswith(".")) == [GRAPH_FILE, MANIFEST_FILE]


def test_progress_reports_each_step():
    stream = io.StringIO()
    progress = Progress(stream, live=False)
    with progress.step("loading"):
        pass
    with pytest.raises(RuntimeError), progress.step("inferring"):
        raise RuntimeError("boom")
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("  loading: done in") and lines[1].startswith("  inferring: failed in")


def test_build_command_exit_codes(repo):
    env = repo_env(repo.root)
    ok = kgraph("build", cwd=repo.root, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "built in" in ok.stdout and "reading the shapes and the ontology: done" in ok.stderr
    cached = kgraph("build", "--quiet", cwd=repo.root, env=env)
    assert cached.returncode == 0 and "up to date (cached)" in cached.stdout and cached.stderr == ""
    break_source(sorted(repo.data.glob("*.ttl"))[0])
    bad = kgraph("build", "--quiet", cwd=repo.root, env=env)
    assert bad.returncode == 1 and INJECTED in bad.stderr


def test_a_syntax_error_names_file_line_and_column(repo):
    from kgraph.errors import InputError

    (repo.data / "broken.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(repo)
    assert (info.value.path, info.value.line) == ("data/broken.ttl", 2) and info.value.column
