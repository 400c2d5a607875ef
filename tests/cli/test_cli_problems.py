"""Every problem in every report format, at a positive and right place, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph

from endpoint_fixtures import free_port
from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.io.load import parse_file
from kgraph.namespaces import SH, validation
from paths import ROOT

BAD = ROOT / "tests" / "bad_input"
BAD_FILES = sorted(p for p in BAD.iterdir() if p.is_file() and p.name != "README.md")
BAD_SHAPES = sorted((BAD / "shapes").glob("*.ttl"))
FORMATS = ("text", "json", "junit", "github", "turtle")
#: Where each bad input's problem is, read off the files by hand: (line, column); None: the whole file.
WHERE = {
    "doctype.rdf": (2, 19),
    "empty-variable.ttl": (2, 11),
    "ill-typed-date.ttl": (3, 11),
    "missing-final-dot.ttl": (2, 15),
    "missing-object.nt": (2, 47),
    "not-utf8.ttl": (2, 15),
    "notes.txt": None,
    "pom.xml": None,
    "remote-context.jsonld": None,
    "unbound-prefix.ttl": (1, 1),
}


def test_every_bad_input_has_its_place_written_down():
    assert sorted(WHERE) == [p.name for p in BAD_FILES]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("bad", BAD_FILES, ids=lambda p: p.name)
def test_bad_input_is_a_located_result_in_every_format(bad, fmt, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    bad = bad.relative_to(ROOT)  # as a user in the repository names it, and as every message shows it
    out = tmp_path / "report"
    out.write_text("a stale report of an earlier run\n")
    code = main(["validate", str(bad), "--format", fmt, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(f"error: {bad}")
    text = out.read_text(encoding="utf-8")
    assert "stale" not in text and text.endswith("\n")
    where = WHERE[bad.name]
    place = f"{bad}:{where[0]}:{where[1]}" if where else str(bad)
    assert err.startswith(f"error: {place}: ")
    if fmt == "github":
        props = f"file={bad}" + (f",line={where[0]},col={where[1]}" if where else "")
        assert text.startswith(f"::error {props},"), text
    elif fmt == "junit":
        suites = ET.fromstring(text)
        assert suites.get("failures") == "1"
        assert suites.find("testsuite").get("name") == str(bad)
    elif fmt == "json":
        report = json.loads(text)
        assert report["conforms"] is False and report["violations"] == 1
        assert report["results"][0]["file"] == str(bad)
        assert report["results"][0]["line"] == (where[0] if where else None)
    elif fmt == "turtle":
        graph = Graph().parse(data=text, format="turtle")
        kpv = validation()
        (result,) = graph.subjects(SH.sourceShape, kpv.InputError)
        found = tuple(graph.value(result, p) for p in (kpv.line, kpv.column))
        assert tuple(n if n is None else n.toPython() for n in found) == (where or (None, None))
    else:
        assert place in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("shapes", BAD_SHAPES, ids=lambda p: p.name)
def test_unusable_shapes_are_a_result_in_every_format(shapes, fmt, tmp_path, capsys):
    out = tmp_path / "report"
    code = main(
        ["validate", str(ROOT / "data" / "cities.ttl"), "--shapes", str(shapes), "--format", fmt, "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith("error: the shapes could not be used: ")
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        (result,) = json.loads(text)["results"]
        assert result["shape"] == str(validation().ShapesError) and result["focus"] == str(shapes)
    elif fmt == "github":
        assert text.startswith("::error title=")
    elif fmt == "junit":
        assert ET.fromstring(text).get("failures") == "1"
    else:
        assert "the shapes could not be used" in text


def test_junit_is_written_when_the_run_stops_at_a_syntax_error(tmp_path, capsys):
    out = tmp_path / "sub" / "kgraph-junit.xml"
    assert main(["validate", str(BAD / "missing-final-dot.ttl"), "--format", "junit", "-o", str(out)]) == 2
    assert ET.fromstring(out.read_text()).find("testsuite/testcase/failure") is not None
    assert [p.name for p in out.parent.iterdir()] == ["kgraph-junit.xml"]  # no temporary file left


#: The invalid shape examples whose literal is outside its datatype's XSD lexical space, read off the files by
#: hand: the project's validation refuses them as input (exit 2) before any shape is run.
ILL_TYPED_EXAMPLES = {
    "AgreementShape--schema_endDate--two-digit-year.ttl": "'23': not a valid xsd:gYear",
    "BodyTermShape--schema_endDate--month-13.ttl": "'2023-13': not a valid xsd:gYearMonth",
    "MandateShape--schema_endDate--ill-formed-day.ttl": "'2019-02-30': not a valid xsd:date",
    "ProgrammeShape--schema_endDate--two-digit-year.ttl": "'23': not a valid xsd:gYear",
    "ProjectShape--schema_endDate--two-digit-year.ttl": "'23': not a valid xsd:gYear",
    "StrategyShape--schema_endDate--two-digit-year.ttl": "'23': not a valid xsd:gYear",
}
INVALID_EXAMPLES = sorted((ROOT / "tests" / "shapes" / "invalid").glob("*.ttl"))


def test_the_ill_typed_examples_are_exactly_those_refused_as_input():
    # whatever this process imported and ran before (owlrl swaps rdflib's converters while it infers)
    refused = {}
    for path in INVALID_EXAMPLES:
        try:
            parse_file(path)
        except InputError as err:
            refused[path.name] = str(err).split("ill-typed literal ", 1)[-1]
    assert refused == ILL_TYPED_EXAMPLES


def test_turtle_report_names_the_shape_of_every_result(tmp_path, capsys):
    invalid = [p for p in INVALID_EXAMPLES if p.name not in ILL_TYPED_EXAMPLES]
    out = tmp_path / "report.ttl"
    assert main(["validate", *map(str, invalid), "--format", "turtle", "-o", str(out)]) == 1
    graph = Graph().parse(out, format="turtle")
    shapes = list(graph.objects(None, SH.sourceShape))
    assert shapes
    empty = [s for s in shapes if isinstance(s, BNode) and next(graph.predicate_objects(s), None) is None]
    assert empty == []
    assert "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------------ error locations, over generated Turtle

_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_OBJECT = st.one_of(_NAME.map(lambda n: f"ex:{n}"), _NAME.map(lambda n: f'"{n}"'), st.integers(0, 999).map(str))
_STATEMENT = st.tuples(st.integers(0, 4), _NAME, _NAME, _OBJECT).map(
    lambda t: f"{' ' * t[0]}ex:{t[1]} ex:{t[2]} {t[3]}"
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    statements=st.lists(_STATEMENT, min_size=1, max_size=12),
    data=st.data(),
    kind=st.sampled_from(["extra term", "missing dot at the end", "empty variable"]),
)
def test_error_location_is_where_the_error_was_put(statements, data, kind, tmp_path):
    lines = ["@prefix ex: <http://example.org/> ."] + [s + " ." for s in statements]
    if kind == "missing dot at the end":
        lines[-1] = lines[-1][: -len(" .")]
        line, column = len(lines), len(lines[-1]) + 1
    else:
        at = data.draw(st.integers(1, len(lines) - 1), label="line")
        stem = lines[at][: -len(" .")] + " "
        token = "ex:extra" if kind == "extra term" else "?"
        lines[at] = stem + token + " ."
        line, column = at + 1, len(stem) + 1
    path = tmp_path / "generated.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert (caught.value.line, caught.value.column) == (line, column), "\n".join(lines)


# ------------------------------------------------------------------ no traceback from any subcommand


def _kgraph(*args: str, build_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )


def _every_bad_call(tmp_path: Path) -> list[tuple[str, ...]]:
    (tmp_path / "afile").write_text("x\n")
    bad = [str(p) for p in BAD_FILES]
    invalid = [str(p) for p in sorted((ROOT / "tests" / "shapes" / "invalid").glob("*.ttl"))]
    calls: list[tuple[str, ...]] = [("validate", *invalid, "--format", fmt) for fmt in FORMATS]
    # as plain SHACL an ill-typed literal is data for the shapes to judge (sh:datatype), not a bad input
    unusable_as_shapes = [p for p in bad if not p.endswith("ill-typed-date.ttl")] + [str(p) for p in BAD_SHAPES]
    calls += [("validate", "--shapes", path, str(ROOT / "data")) for path in unusable_as_shapes]
    calls += [("validate", path, "--against", "build") for path in bad]
    unreachable = f"http://127.0.0.1:{free_port()}/sparql"
    calls += [
        ("validate", invalid[0], "--against", unreachable, "--timeout", "5"),
        ("validate", invalid[0], "--against", "ftp://example.org/sparql"),
        ("validate", invalid[0], "--against", "build", "--timeout", "soon"),
    ]
    calls += [("query", path) for path in bad]
    calls += [
        ("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle"),
        ("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"),
        ("query", "DELETE WHERE { ?s ?p ?o }"),
        ("query", "SELECT ?x WHERE {"),
        ("query", str(tmp_path / "missing.rq")),
        ("composition", "no-such-body", "--on", "2023-13-01"),
        ("stats", "--json", "surplus"),
        ("serve", "--public-url", "not a url"),
        ("serve", "--max-memory", "lots"),
        ("publish", str(tmp_path / "afile")),
        ("push", "--flavour", "nonsense"),
        ("synth", "--triples", "x"),
        ("build", "--no-such-option"),
        ("no-such-command",),
    ]
    return calls


def test_no_subcommand_prints_a_traceback_on_bad_input(tmp_path, build_dir, store):
    # ``store``: the graph is built before the processes below read it side by side (one per CPU at a time)
    calls = _every_bad_call(tmp_path)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = list(pool.map(lambda call: _kgraph(*call, build_dir=build_dir), calls))
    failures = [
        (call, run.returncode, run.stderr[-300:])
        for call, run in zip(calls, runs)
        if "Traceback" in run.stderr or run.returncode not in (1, 2)
    ]
    assert failures == []
