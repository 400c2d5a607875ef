"""Synthetic data for benchmarks: the size asked for, the same files for the same seed, and data that
conforms to the shapes and passes the quality checks, so that a benchmark measures a real build."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kgraph.validation.checks import check_data
from kgraph.synth import generate, slug
from kgraph.validation.validate import validate
from validate_fixtures import kgraph

KP = "https://w3id.org/kaupunkipolitiikka/ontology#"


def test_generate_returns_count_and_files_and_is_deterministic(tmp_path):
    count, files = generate(3000, tmp_path / "a", seed=5)
    again, files_again = generate(3000, tmp_path / "b", seed=5)
    assert 3000 <= count < 3600 and count == again
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in files_again]
    parsed = sum(1 for f in files for _ in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
    assert parsed == count, "the count is the number of triples written"
    other, _ = generate(3000, tmp_path / "c", seed=6)
    assert (tmp_path / "c" / "synth-0001.ttl").read_bytes() != files[0].read_bytes() or other != count


def test_large_outputs_are_split_into_files(tmp_path):
    _count, files = generate(4000, tmp_path, seed=1, per_file=1000)
    assert len(files) >= 3 and all(f.name.startswith("synth-") for f in files)


def test_it_has_every_kind_of_resource_and_conforms(tmp_path):
    _count, files = generate(2500, tmp_path, seed=2)
    data = Graph()
    for f in files:
        data.parse(f, format="turtle")
    kinds = {str(o).removeprefix(KP) for o in data.objects(predicate=None) if str(o).startswith(KP)}
    assert {
        "Person",
        "Body",
        "BodyTerm",
        "Mandate",
        "City",
        "Publication",
        "SourceDocument",
        "Appointment",
        "Ministry",
    } <= kinds
    report = validate(data)
    assert report.results == [], [f"{r.severity} {r.source_shape} {r.path}: {r.message}" for r in report.results]
    assert check_data(data) == []


def test_slug_follows_the_iri_rule():
    assert slug("Työ- ja elinkeinoministeriö") == "tyo-ja-elinkeinoministerio"
    assert slug("  Åland & Söder  ") == "aland-soder"


def test_synth_command(tmp_path):
    out = kgraph("synth", "--triples", "1000", str(tmp_path / "synth"), "--seed", "3")
    assert out.returncode == 0, out.stderr
    assert "triples in 1 file(s)" in out.stdout and (tmp_path / "synth" / "synth-0001.ttl").exists()
