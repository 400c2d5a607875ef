"""The command line, run as a user would: a real subprocess, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from paths import ROOT


def kgraph(*args: str, build_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )


def test_validate_repository_data_conforms(build_dir):
    run = kgraph("validate", build_dir=build_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 violation(s)" in run.stdout


def test_validate_reports_violations_with_exit_1(tmp_path, build_dir):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        """@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
<https://w3id.org/kaupunkipolitiikka/id/mandate/x> a kp:Mandate ;
    org:organization <https://w3id.org/kaupunkipolitiikka/id/org/nowhere> .
""",
        encoding="utf-8",
    )
    run = kgraph("validate", str(bad), build_dir=build_dir)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "VIOLATION" in run.stdout and "MandateShape" in run.stdout


def test_validate_syntax_error_exit_2_names_file_and_line(tmp_path, build_dir):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n", encoding="utf-8")
    run = kgraph("validate", str(bad), build_dir=build_dir)
    assert run.returncode == 2
    assert "broken.ttl:1" in run.stderr


def test_query_formats(build_dir):
    query = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?id WHERE { ?t dcterms:identifier ?id } ORDER BY ?id"
    table = kgraph("query", query, build_dir=build_dir)
    assert table.returncode == 0, table.stderr
    assert "TEM075:00/2023" in table.stdout and "TEM070:00/2019" in table.stdout
    as_json = kgraph("query", query, "--format", "json", build_dir=build_dir)
    ids = [b["id"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert "TEM075:00/2023" in ids
    as_csv = kgraph("query", query, "--format", "csv", build_dir=build_dir)
    assert as_csv.stdout.splitlines()[0].strip() == "id"


def test_query_from_file(tmp_path, build_dir):
    f = tmp_path / "ask.rq"
    f.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    run = kgraph("query", str(f), build_dir=build_dir)
    assert run.returncode == 0 and run.stdout.strip() == "true"


def test_invalid_query_exit_2_with_parser_message(build_dir):
    run = kgraph("query", "SELECT WHERE {", build_dir=build_dir)
    assert run.returncode == 2
    assert "invalid query" in run.stderr


def test_stats(build_dir):
    run = kgraph("stats", "--json", build_dir=build_dir)
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    kp = "https://w3id.org/kaupunkipolitiikka/ontology#"
    assert stats["classes"][kp + "City"] >= 23  # the 23 seed cities and cities named as parties (Imatra)
    assert stats["classes"][kp + "Mandate"] > 30
    assert any(v["url"] == "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma" for v in stats["sources"].values())
