"""``kgraph stats``: counts per class, source and confidence, and the coverage listing of the facts pack
(records not in the graph, each with the reason it is left out)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.stats import coverage
from paths import ROOT

SHARED_FACTS = ROOT.parent / "shared" / "facts"

TINY = {
    "bodies.yaml": """
bodies:
  - {id: body-a, type: body, name_fi: A, source: "https://example.org/a", confidence: stated-in-source}
  - {id: body-b, type: body, name_fi: B, source: "https://example.org/b", confidence: inferred}
memberships:
  - {id: m-1, type: membership, person: X, body: body-a, source: "https://example.org/a", confidence: stated-in-source}
  - {id: m-2, type: membership-list, body: body-a, members: ["Y, Z"], confidence: stated-in-source}
  - {id: m-3, type: membership, person: W, body: body-a, source: "https://example.org/a", confidence: stated-in-source}
  - {id: e-1, type: event, name_fi: Markkinat, confidence: stated-in-source}
  - {id: s-1, type: statement, confidence: standard-knowledge}
  - "a string, not a record"
gaps:
  - "no id here"
single:
  id: not-a-list
""",
    "cities.yaml": """
cities:
  - id: city-001
    type: city
    confidence: {name_sv: stated-in-source, region: standard-knowledge}
""",
    "notes.txt": "not yaml, ignored",
}


@pytest.fixture
def tiny(tmp_path) -> Path:
    for name, text in TINY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_records_are_read_from_lists_of_mappings_with_ids(tiny):
    records = coverage.read_records(tiny)
    assert [r.key for r in records] == [
        "bodies.yaml#body-a",
        "bodies.yaml#body-b",
        "bodies.yaml#m-1",
        "bodies.yaml#m-2",
        "bodies.yaml#m-3",
        "bodies.yaml#e-1",
        "bodies.yaml#s-1",
        "cities.yaml#city-001",
    ]
    assert records[-1].confidence == "per-field"


def test_coverage_lists_what_is_left_out_and_why(tiny):
    records = coverage.read_records(tiny)
    in_graph = {
        "bodies.yaml#body-a",
        "bodies.yaml#m-1",
        "cities.yaml#city-001",
        "bodies.yaml#no-such-record",
        "cities.yaml",
    }
    exclusions = {"bodies.yaml#m-3": "list truncated in the stored copy"}
    result = coverage.coverage(records, in_graph, exclusions)
    assert (result["records"], result["in_graph"]) == (8, 3)
    reasons = {x["record"]: x["reason"] for x in result["left_out"]}
    assert reasons == {
        "bodies.yaml#body-b": coverage.CONFIDENCE_REASONS["inferred"],
        "bodies.yaml#m-2": coverage.NOT_MODELLED_TYPES["membership-list"],
        "bodies.yaml#m-3": "list truncated in the stored copy",
        "bodies.yaml#e-1": coverage.NOT_MODELLED_TYPES["event"],
        "bodies.yaml#s-1": coverage.CONFIDENCE_REASONS["standard-knowledge"],
    }
    assert sum(result["by_reason"].values()) == 5
    assert result["unknown"] == ["bodies.yaml#no-such-record"]
    text = coverage.render({"facts_dir": str(tiny), "absent": False, **result})
    assert "3 of 8 records in the graph, 5 left out" in text
    assert "bodies.yaml#m-3  [membership, stated-in-source]  list truncated in the stored copy" in text
    assert "bodies.yaml#no-such-record" in text


def test_a_record_without_a_known_reason_is_not_yet_modelled(tiny):
    records = [r for r in coverage.read_records(tiny) if r.id == "m-3"]
    assert coverage.coverage(records, set(), {})["left_out"][0]["reason"] == coverage.NOT_YET


def test_absent_pack_is_reported_not_fatal(store, tmp_path):
    result = coverage.compute(store, tmp_path / "missing")
    assert result["absent"] is True
    assert "not found" in coverage.render(result) and "skipped" in coverage.render(result)


def test_stats_on_the_real_graph_with_a_tiny_pack(store, tiny):
    from kgraph.stats import stats

    data = stats.compute(store, facts_dir=tiny)
    kp = "https://w3id.org/kaupunkipolitiikka/ontology#"
    assert data["classes"][kp + "Cabinet"] >= 4 and data["classes"][kp + "Conflict"] >= 4
    conf = "https://w3id.org/kaupunkipolitiikka/id/confidence/"
    assert data["confidence"][conf + "standard-knowledge"] >= 4
    assert data["confidence"][conf + "stated-in-source"] > 100
    assert data["coverage"]["records"] == 8 and data["coverage"]["in_graph"] == 0
    rendered = stats.render(data)
    assert "Resources per confidence" in rendered and "0 of 8 records in the graph" in rendered


def test_every_exclusion_names_a_record_of_the_pack_and_is_not_in_the_graph(store):
    if not SHARED_FACTS.is_dir():
        pytest.skip("no facts pack next to the repository")
    table = coverage.read_exclusions(coverage.exclusions_file())
    keys = {r.key for r in coverage.read_records(SHARED_FACTS)}
    assert set(table) <= keys, set(table) - keys
    in_graph = coverage.graph_records(store)
    assert not set(table) & in_graph, set(table) & in_graph
    assert all(len(reason) > 10 for reason in table.values())


def test_real_pack_memberships_bodies_cities_publications_are_covered_or_explained(store):
    """Every stated-in-source membership, body, city and publication record is in the graph or has a reason."""
    if not SHARED_FACTS.is_dir():
        pytest.skip("no facts pack next to the repository")
    result = coverage.compute(store, SHARED_FACTS)
    kinds = {"membership", "body", "city", "publication"}
    unexplained = [
        x["record"]
        for x in result["left_out"]
        if x["type"] in kinds and x["confidence"] == "stated-in-source" and x["reason"] == coverage.NOT_YET
    ]
    assert unexplained == []
    assert result["unknown"] == []


def test_cli_stats_with_facts_option(build_dir, tiny):
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
    run = subprocess.run(
        [sys.executable, "-m", "kgraph", "stats", "--json", "--facts", str(tiny)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["coverage"]["records"] == 8
    missing = subprocess.run(
        [sys.executable, "-m", "kgraph", "stats", "--facts", str(tiny / "nope")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert missing.returncode == 0 and "coverage listing skipped" in missing.stdout
