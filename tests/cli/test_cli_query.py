"""``kgraph query`` as a user runs it: formats that fit the result, updates refused, pipes closed early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

SELECT = "SELECT ?s WHERE { ?s a kp:Organisation } ORDER BY ?s LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?s a kp:Organisation } WHERE { ?s a kp:Organisation } LIMIT 3"


def _query(*args: str, build_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "query", *args], capture_output=True, cwd=ROOT, env=env, timeout=300
    )


@pytest.mark.parametrize(
    ("text", "fmt", "kind"),
    [
        (SELECT, "turtle", "rows or a boolean"),
        (SELECT, "ntriples", "rows or a boolean"),
        ("ASK { ?s ?p ?o }", "turtle", "rows or a boolean"),
        (CONSTRUCT, "csv", "a graph"),
        (CONSTRUCT, "tsv", "a graph"),
        (CONSTRUCT, "xml", "a graph"),
    ],
)
def test_a_format_that_cannot_hold_the_result_is_one_line_and_exit_2(text, fmt, kind, build_dir):
    run = _query(text, "--format", fmt, build_dir=build_dir)
    assert run.returncode == 2
    assert run.stdout == b""
    (line,) = run.stderr.decode().splitlines()
    assert line.startswith(f"error: --format {fmt} cannot hold {kind}")


def test_json_of_a_graph_is_compact_json_ld(build_dir):
    run = _query(CONSTRUCT, "--format", "json", build_dir=build_dir)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["@context"] == "https://w3id.org/kaupunkipolitiikka/context.jsonld"
    nodes = document["@graph"]
    assert len(nodes) == 3
    assert all(n["@type"] == "Organisation" for n in nodes)  # the context's term for kp:Organisation
    assert all(n["@id"].startswith("https://w3id.org/kaupunkipolitiikka/id/") for n in nodes)


def test_turtle_of_a_graph_declares_the_prefixes_it_uses(build_dir):
    run = _query(CONSTRUCT, "--format", "turtle", build_dir=build_dir)
    assert run.returncode == 0, run.stderr
    prefixes = [line for line in run.stdout.decode().splitlines() if line.startswith("@prefix")]
    assert prefixes == ["@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> ."]
    assert run.stdout.decode().count(" a kp:Organisation") == 3


@pytest.mark.parametrize(("text", "fmt"), [(SELECT, "json"), (SELECT, "xml"), ("ASK { ?s ?p ?o }", "json")])
def test_json_and_xml_end_with_a_newline(text, fmt, build_dir):
    run = _query(text, "--format", fmt, build_dir=build_dir)
    assert run.returncode == 0, run.stderr
    assert run.stdout.endswith(b"\n") and not run.stdout.endswith(b"\n\n")


@pytest.mark.parametrize("text", ["DELETE WHERE { ?s ?p ?o }", "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"])
def test_updates_are_named_as_updates(text, build_dir):
    run = _query(text, build_dir=build_dir)
    assert run.returncode == 2
    assert run.stderr.decode().splitlines() == [
        "error: updates are not accepted: kgraph query runs SELECT, ASK, CONSTRUCT or DESCRIBE"
    ]


def test_a_closed_pipe_ends_the_query_quietly(build_dir):
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir), PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "kgraph", "query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "csv"]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10) == b"s,p,o\r\nhtt"
        proc.stdout.close()  # as `| head` does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=300) == 0
    assert err == ""


def test_a_syntax_error_is_one_line_with_line_and_column(build_dir):
    run = _query("SELECT * WHERE {\n  ?s a dbo:City .\n}", build_dir=build_dir)
    assert run.returncode == 2
    assert run.stderr.decode() == "error: invalid query: prefix `dbo:` is not declared (line 2, column 8)\n"
