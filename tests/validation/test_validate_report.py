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


#: How a file is broken, tried in turn: dcterms:source must be a source document, except on source documents,
#: whose schema:url is broken instead.
ATTEMPTS = [("dcterms:source", 0), ("schema:url", 0), ("schema:url", 1)]


def _value(shown: str) -> str:
    """The literal injected into the file ``shown``: two files may break the same subject's statement, and
    the graph holds a triple once, so each file's literal is its own."""
    return f"{INJECTED} ({shown})"


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """One copy of the repository with one statement broken in every sourced data file, validated in process:
    (report, {file shown: line of its broken statement}, {format: the report rendered in it}).

    The files are broken together, so one validation (two for a file whose first kind of break finds
    nothing) locates all of them; each file's test below reads its own result among the others."""
    from kgraph.config import Layout
    from kgraph.validation.report import render
    from kgraph.validation.validate import validate_files

    repo = make_repo(tmp_path_factory.mktemp("one-repo") / "repo", {f.name: f for f in data_files()})
    originals = {f"data/{f.name}": (repo / "data" / f.name).read_bytes() for f in _sourced_files()}
    pending, located = dict(originals), {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KGRAPH_BUILD_DIR", str(tmp_path_factory.mktemp("shared-build")))
        for predicate, occurrence in ATTEMPTS:
            tried = {}
            for shown, original in pending.items():
                (repo / shown).write_bytes(original)  # each attempt breaks the file as the repository has it
                tried[shown] = break_source(repo / shown, predicate, occurrence, _value(shown))
            report = validate_files([repo / "data"], layout=Layout(repo), checks=False)
            reported = {str(r.value) for r in report.results}
            for shown in list(pending):
                if _value(shown) in reported:
                    located[shown] = tried[shown]
                    del pending[shown]
            if not pending:
                break
    return report, located, {fmt: render(report, fmt) for fmt in ("text", "json", "github", "junit", "turtle")}


def test_every_injected_value_is_reported_where_it_was_injected(injected):
    report, located, _rendered = injected
    assert set(located) == {f"data/{f.name}" for f in _sourced_files()}, "a file whose broken statement was not found"
    hits = {(str(r.value), r.where.path, r.where.line) for r in report.results if str(r.value).startswith(INJECTED)}
    assert hits == {(_value(shown), shown, line) for shown, line in located.items()}


@pytest.mark.parametrize("name", [f.name for f in _sourced_files()])
def test_a_violation_injected_into_any_data_file_is_located_in_every_format(name, injected):
    report, located, rendered = injected
    shown = f"data/{name}"
    assert shown in located, "no injected value was reported"
    line, value = located[shown], _value(shown)
    assert {(r.where.path, r.where.line) for r in report.results if str(r.value) == value} == {(shown, line)}

    text = rendered["text"]
    assert any(row.strip().startswith(f"{shown}:{line}: VIOLATION") and value in row for row in text.splitlines())
    as_json = [r for r in json.loads(rendered["json"])["results"] if r["value"] == value]
    assert as_json and {(r["file"], r["line"]) for r in as_json} == {(shown, line)}
    assert any(
        row.startswith(f"::error file={shown},line={line},") and value in row for row in rendered["github"].splitlines()
    )
    junit = ElementTree.fromstring(rendered["junit"])
    assert any(case.get("name").startswith(f"{shown}:{line} ") for case in junit.iter("testcase"))
    graph = Graph().parse(data=rendered["turtle"], format="turtle")
    found = {
        (graph.value(node, validation().file), graph.value(node, validation().line))
        for node in graph.subjects(SH.value, Literal(value))
    }
    assert found == {(Literal(shown), Literal(line))}
