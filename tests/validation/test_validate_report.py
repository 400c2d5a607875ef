"""``kgraph validate`` as CI runs it: a violation injected into a copy of a data file is reported
with that file and line in every format, and each exit code means what the README says."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import SH

from kgraph.namespaces import validation
from validate_fixtures import EXAMPLES, INJECTED, break_source, data_files, kgraph, make_repo

DCTERMS = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A repository whose data has one injected violation: (root, environment, file shown, line)."""
    root = make_repo(tmp_path_factory.mktemp("repo"), {f.name: f for f in data_files()})
    for path in sorted((root / "data").glob("*.ttl")):
        line = break_source(path)
        if line is not None:
            env = {"KGRAPH_ROOT": str(root), "KGRAPH_BUILD_DIR": str(root / "build")}
            return root, env, f"data/{path.name}", line
    pytest.skip("no data file states a dcterms:source")


def run(broken, *args):
    root, env, _shown, _line = broken
    return kgraph("validate", *args, cwd=root, env=env)


def test_text_names_file_and_line_grouped_by_file(broken):
    _root, _env, shown, line = broken
    out = run(broken)
    assert out.returncode == 1, out.stdout + out.stderr
    hit = next(row for row in out.stdout.splitlines() if INJECTED in row)
    assert hit.strip().startswith(f"{shown}:{line}: VIOLATION") and "dcterms:source" in hit
    assert f"\n{shown}\n" in "\n" + out.stdout, "results are grouped under a file header"
    assert "\033[" not in out.stdout, "no colour when not on a terminal"
    assert out.stdout.rstrip().endswith("warning(s)")


def test_json(broken):
    _root, _env, shown, line = broken
    out = run(broken, "--format", "json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["conforms"] is False and report["violations"] >= 1
    hit = next(r for r in report["results"] if r["value"] == INJECTED)
    assert (hit["file"], hit["line"], hit["path"]) == (shown, line, str(DCTERMS.source))
    assert hit["severity"] == "Violation" and hit["message"]


def test_junit(broken):
    _root, _env, shown, line = broken
    out = run(broken, "--format", "junit")
    assert out.returncode == 1
    suites = ElementTree.fromstring(out.stdout)
    suite = next(s for s in suites if s.get("name") == shown)
    case = next(c for c in suite if c.get("name").startswith(f"{shown}:{line} "))
    assert case.find("failure").get("type") == "Violation"
    assert int(suites.get("failures")) >= 1


def test_github_annotations(broken):
    _root, _env, shown, line = broken
    out = run(broken, "--format", "github")
    assert out.returncode == 1
    hit = next(row for row in out.stdout.splitlines() if INJECTED in row)
    assert hit.startswith(f"::error file={shown},line={line},title=")


def test_turtle_is_the_shacl_report_graph_with_locations(broken, tmp_path):
    _root, _env, shown, line = broken
    target = tmp_path / "report.ttl"
    out = run(broken, "--format", "turtle", "--output", str(target))
    assert out.returncode == 1 and out.stdout == ""
    graph = Graph().parse(target, format="turtle")
    assert (None, SH.conforms, Literal(False)) in graph
    result = graph.value(predicate=SH.value, object=Literal(INJECTED), any=False)
    assert graph.value(result, SH.resultPath) == DCTERMS.source
    where = (graph.value(result, validation().file), graph.value(result, validation().line))
    assert where == (Literal(shown), Literal(line))


# ---------------------------------------------------------------- exit codes


def test_exit_0_when_the_data_conforms(tmp_path):
    out = kgraph("validate", str(EXAMPLES / "body.ttl"), env={"KGRAPH_BUILD_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "conforms: 0 violation(s)" in out.stdout


def test_warnings_fail_only_with_strict(tmp_path):
    person = tmp_path / "person.ttl"
    person.write_text(
        (EXAMPLES.parent / "invalid" / "PersonShape--dcterms_source--missing.ttl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    env = {"KGRAPH_BUILD_DIR": str(tmp_path / "build")}
    lenient = kgraph("validate", str(person), "--no-checks", env=env)
    strict = kgraph("validate", str(person), "--no-checks", "--strict", env=env)
    assert "WARNING" in lenient.stdout
    assert (lenient.returncode, strict.returncode) == (0, 1), lenient.stdout


def test_exit_2_for_a_syntax_error_with_file_line_and_column(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    out = kgraph("validate", str(bad), env={"KGRAPH_BUILD_DIR": str(tmp_path / "build")})
    assert out.returncode == 2
    assert "broken.ttl:2:" in out.stderr


def test_exit_2_for_shapes_that_are_not_valid_shacl(tmp_path):
    root = make_repo(tmp_path / "repo")
    (root / "shapes" / "zz-broken.ttl").write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://example.org/S> a sh:NodeShape ; sh:minCount "many" .\n',
        encoding="utf-8",
    )
    out = kgraph(
        "validate",
        str(EXAMPLES / "body.ttl"),
        cwd=root,
        env={"KGRAPH_ROOT": str(root), "KGRAPH_BUILD_DIR": str(root / "build")},
    )
    assert out.returncode == 2, out.stdout + out.stderr
    assert "not valid SHACL" in out.stderr


def test_exit_2_for_a_missing_file(tmp_path):
    out = kgraph("validate", str(tmp_path / "nothing.ttl"), env={"KGRAPH_BUILD_DIR": str(tmp_path)})
    assert out.returncode == 2 and "no such file" in out.stderr


# ---------------------------------------------------------------- every data file, every format (in process)


def _sourced_files() -> list:
    return [f for f in data_files() if "dcterms:source" in f.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory):
    """One build folder, so that the shapes pass SHACL-SHACL once for all the files below."""
    return tmp_path_factory.mktemp("shared-build")


@pytest.fixture(scope="module")
def one_repo(tmp_path_factory):
    """One copy of the repository for all the files below: each test breaks one data file of it and puts the file
    back, so the ontology and the shapes (the same files with the same bytes) are read once for all of them."""
    return make_repo(tmp_path_factory.mktemp("one-repo") / "repo", {f.name: f for f in data_files()})


@pytest.mark.parametrize("name", [f.name for f in _sourced_files()])
def test_a_violation_injected_into_any_data_file_is_located_in_every_format(name, one_repo, shared_build, monkeypatch):
    from kgraph.config import Layout
    from kgraph.validation.report import render
    from kgraph.validation.validate import validate_files

    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(shared_build))
    shown = f"data/{name}"
    target = one_repo / "data" / name
    original = target.read_bytes()
    try:
        # dcterms:source must be a source document, except on source documents: break schema:url there.
        for predicate, occurrence in [("dcterms:source", 0), ("schema:url", 0), ("schema:url", 1)]:
            target.write_bytes(original)  # each attempt breaks the file as the repository has it
            line = break_source(target, predicate, occurrence)
            report = validate_files([one_repo / "data"], layout=Layout(one_repo), checks=False)
            hit = next((r for r in report.results if str(r.value) == INJECTED), None)
            if hit is not None:
                break
    finally:
        target.write_bytes(original)  # the next file's test finds the repository whole
    assert hit is not None, "no injected value was reported"
    assert (hit.where.path, hit.where.line) == (shown, line)

    text = render(report, "text")
    assert any(row.strip().startswith(f"{shown}:{line}: VIOLATION") and INJECTED in row for row in text.splitlines())
    as_json = next(r for r in json.loads(render(report, "json"))["results"] if r["value"] == INJECTED)
    assert (as_json["file"], as_json["line"]) == (shown, line)
    assert any(
        row.startswith(f"::error file={shown},line={line},") and INJECTED in row
        for row in render(report, "github").splitlines()
    )
    junit = ElementTree.fromstring(render(report, "junit"))
    assert any(case.get("name").startswith(f"{shown}:{line} ") for case in junit.iter("testcase"))
    graph = Graph().parse(data=render(report, "turtle"), format="turtle")
    located = {
        (graph.value(node, validation().file), graph.value(node, validation().line))
        for node in graph.subjects(SH.value, Literal(INJECTED))
    }
    assert located == {(Literal(shown), Literal(line))}
