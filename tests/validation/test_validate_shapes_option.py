"""``kgraph validate DATA --shapes SHAPES``: plain SHACL against the given shapes alone, in every report format.

One run as a user would (a real subprocess); the formats in-process through :func:`kgraph.cli.main`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from kgraph.cli import main
from paths import ROOT

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "a thing has a name"@en ] ;
  sh:property [ sh:path ex:note ; sh:maxLength 5 ; sh:severity sh:Warning ] .
ex:OrganisationShape a sh:NodeShape ; sh:targetClass kp:Organisation ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""
# ex:m is a kp:Ministry, a subclass of kp:Organisation only in the project's ontology, which --shapes leaves out.
DATA = """@prefix ex: <http://example.org/> . @prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> .
ex:ok a ex:Thing ; ex:name "ok" .
ex:nameless a ex:Thing ;
  ex:note "far too long" .
ex:m a kp:Ministry .
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(tmp_path / "build"))
    shapes, data, good = tmp_path / "shapes.ttl", tmp_path / "data.ttl", tmp_path / "good.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    good.write_text('@prefix ex: <http://example.org/> . ex:ok a ex:Thing ; ex:name "ok" .\n', encoding="utf-8")
    return data, shapes, good


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_text(files, capsys):
    data, shapes, _good = files
    code, out, _err = run(capsys, data, "--shapes", shapes)
    assert code == 1
    assert "data.ttl:3: VIOLATION" in out and "a thing has a name" in out
    assert "data.ttl:4: WARNING" in out
    assert "ex:m" not in out and "ministry" not in out.lower()  # no ontology: kp:Ministry is not kp:Organisation
    assert out.rstrip().endswith("does not conform: 1 violation(s), 1 warning(s)")


def test_json(files, capsys):
    data, shapes, _good = files
    code, out, _err = run(capsys, data, "--shapes", shapes, "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False
    assert sorted((r["severity"], r["focus"], r["line"]) for r in report["results"]) == [
        ("Violation", "http://example.org/nameless", 3),
        ("Warning", "http://example.org/nameless", 4),
    ]


def test_a_warning_alone_fails_as_in_shacl(files, capsys, tmp_path):
    data, shapes, _good = files
    warned = tmp_path / "warned.ttl"
    warned.write_text(
        '@prefix ex: <http://example.org/> . ex:t a ex:Thing ; ex:name "t" ; ex:note "too long" .\n', encoding="utf-8"
    )
    code, out, _err = run(capsys, warned, "--shapes", shapes, "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    assert code == 1
    assert graph.value(next(graph.subjects(RDF.type, SH.ValidationReport)), SH.conforms) == Literal(False)
    assert len(list(graph.subjects(RDF.type, SH.ValidationResult))) == 1


def test_turtle(files, capsys):
    data, shapes, _good = files
    code, out, _err = run(capsys, data, "--shapes", shapes, "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    severities = sorted(str(graph.value(r, SH.resultSeverity)) for r in graph.subjects(RDF.type, SH.ValidationResult))
    assert code == 1 and severities == [str(SH.Violation), str(SH.Warning)]


def test_junit(files, capsys):
    data, shapes, _good = files
    code, out, _err = run(capsys, data, "--shapes", shapes, "--format", "junit")
    root = ET.fromstring(out)
    assert code == 1 and root.get("tests") == "2" and root.get("failures") == "2"


def test_github(files, capsys):
    data, shapes, _good = files
    code, out, _err = run(capsys, data, "--shapes", shapes, "--format", "github")
    lines = out.splitlines()
    assert code == 1
    assert any(line.startswith("::error file=") and ",line=3," in line for line in lines)
    assert any(line.startswith("::warning file=") and ",line=4," in line for line in lines)


def test_conforming_data_exits_0(files, capsys):
    _data, shapes, good = files
    code, out, _err = run(capsys, good, "--shapes", shapes)
    assert code == 0 and out.rstrip().endswith("conforms: 0 violation(s), 0 warning(s)")


def test_bad_shapes_exit_2_with_file_and_line(files, capsys, tmp_path):
    data, _shapes, _good = files
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nex:S a sh:NodeShape .\n", encoding="utf-8")
    code, _out, err = run(capsys, data, "--shapes", broken)
    assert code == 2 and "broken.ttl:2" in err and "Traceback" not in err


def test_shapes_a_processor_cannot_use_exit_2(files, capsys, tmp_path):
    data, _shapes, _good = files
    minus = tmp_path / "minus.ttl"
    minus.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ex:name ?n } }" ] .
""",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, data, "--shapes", minus)
    assert code == 2 and "MINUS" in err


def test_as_a_user_runs_it(files):
    data, shapes, _good = files
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(data.parent / "build"))
    done = subprocess.run(
        [sys.executable, "-m", "kgraph", "validate", str(data), "--shapes", str(shapes), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert len(json.loads(done.stdout)["results"]) == 2
