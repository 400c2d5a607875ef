"""Which files ``kgraph validate`` reads: RDF suffixes, no hidden or ignored folders, the current folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.errors import InputError
from kgraph.io.load import rdf_files
from file_trees import names, rdf_tree
from paths import ROOT


def test_walk_reads_rdf_suffixes_without_hidden_or_ignored_folders(tmp_path):
    rdf_tree(tmp_path)
    assert names(rdf_files([tmp_path]), tmp_path) == ["a.ttl", "b.nt", "sub/c.ttl"]


def test_walk_in_a_git_repository_asks_git(tmp_path):
    rdf_tree(tmp_path)
    (tmp_path / ".gitignore").write_text("sub/\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert names(rdf_files([tmp_path]), tmp_path) == ["a.ttl", "b.nt", "build/e.ttl"]


def test_a_folder_named_though_git_ignores_it_is_read(tmp_path):
    rdf_tree(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert names(rdf_files([tmp_path / "build"]), tmp_path) == ["build/e.ttl"]


def test_extensions_option(tmp_path, capsys):
    from kgraph.cli import main

    rdf_tree(tmp_path)
    (tmp_path / "a.ttl").write_text("this is not Turtle\n")
    assert main(["validate", str(tmp_path), "--extensions", ".nt", "--no-checks"]) == 0
    assert "conforms" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["validate", str(tmp_path), "--extensions", ","])
    assert "name at least one extension" in capsys.readouterr().err


def test_negated_gitignore_rule_takes_a_file_back(tmp_path):
    rdf_tree(tmp_path)
    (tmp_path / ".gitignore").write_text("*.nt\n!b.nt\nsub\n")
    assert names(rdf_files([tmp_path]), tmp_path) == ["a.ttl", "b.nt", "build/e.ttl"]


def test_chosen_suffixes(tmp_path):
    rdf_tree(tmp_path)
    assert names(rdf_files([tmp_path], suffixes=[".nt"]), tmp_path) == ["b.nt"]


def test_xml_read_only_when_named(tmp_path):
    rdf_tree(tmp_path)
    assert names(rdf_files([tmp_path / "keep.xml"]), tmp_path) == ["keep.xml"]


def test_non_rdf_file_named_is_a_one_line_error(tmp_path):
    rdf_tree(tmp_path)
    with pytest.raises(InputError, match=r"x\.txt: not an RDF file: RDF files end in .*\.ttl"):
        rdf_files([tmp_path / "x.txt"])


def _validate(*args: str, cwd: Path, build_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "validate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_no_paths_validates_the_current_folder_outside_the_repository(tmp_path, build_dir):
    (tmp_path / "bad.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    (tmp_path / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>\n")
    run = _validate(cwd=tmp_path, build_dir=build_dir)
    assert run.returncode == 2, run.stderr
    assert "bad.ttl:2:" in run.stderr
    assert "pom.xml" not in run.stderr + run.stdout


def test_explicit_non_rdf_file_cli(tmp_path, build_dir):
    (tmp_path / "notes.txt").write_text("hello\n")
    run = _validate("notes.txt", cwd=tmp_path, build_dir=build_dir)
    assert run.returncode == 2
    known = ".jsonld, .n3, .nq, .nt, .owl, .rdf, .trig, .ttl, .xml"
    assert run.stderr.strip().splitlines() == [f"error: notes.txt: not an RDF file: RDF files end in {known}"]
