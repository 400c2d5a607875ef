"""Quality checks (queries/checks/*-violation.rq): each finds what it is for and nothing in clean data,
and their results are reported like shape results, with file and line."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kgraph.namespaces import checks
from kgraph.validation.checks import QualityCheck, check_data, load_checks, run_check
from kgraph.config import Layout
from kgraph.errors import KgraphError
from validate_fixtures import EXAMPLES, kgraph, make_repo, repo_env

PREFIXES = """\
@prefix kp:      <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix person:  <https://w3id.org/kaupunkipolitiikka/id/person/> .
"""
ID = "https://w3id.org/kaupunkipolitiikka/id/person/"
KP = "https://w3id.org/kaupunkipolitiikka/ontology#"


def findings_of(name: str, turtle: str) -> list:
    check = next(c for c in load_checks() if c.path.name == f"{name}-violation.rq")
    store = ox.Store()
    graph = ox.NamedNode("urn:test")
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in ox.parse(PREFIXES + turtle, format=ox.RdfFormat.TURTLE)
    )
    return run_check(check, store, [graph])


def test_every_check_file_is_read():
    names = {c.path.name for c in load_checks()}
    assert names == {
        "no-merged-minted-iris-violation.rq",
        "person-without-role-violation.rq",
        "undescribed-minted-iri-violation.rq",
        "unlabelled-ontology-term-violation.rq",
        "source-cites-itself-violation.rq",
        "body-without-classification-violation.rq",
        "post-on-behalf-of-own-organisation-violation.rq",
        "editorial-phrasing-in-public-note-violation.rq",
    }
    assert all(c.iri.startswith(checks()) and c.title for c in load_checks())


@pytest.mark.parametrize(
    "name, bad, good",
    [
        (
            "no-merged-minted-iris",
            "person:a owl:sameAs person:b . person:a foaf:name 'A' . person:b foaf:name 'B' .",
            "person:a owl:sameAs <http://www.wikidata.org/entity/Q1> .",
        ),
        (
            "person-without-role",
            "person:a a kp:Person .",
            "person:a a kp:Person . [] org:member person:a . person:b a kp:Person . [] dcterms:creator person:b .",
        ),
        (
            "undescribed-minted-iri",
            "person:a org:memberOf person:nobody . person:a a kp:Person .",
            "person:a org:memberOf person:b . person:b a kp:Person . person:a a kp:Person .",
        ),
        (
            "unlabelled-ontology-term",
            "kp:Thing a owl:Class ; rdfs:label 'asia'@fi .",
            "kp:Thing a owl:Class ; rdfs:label 'asia'@fi , 'thing'@en .",
        ),
    ],
)
def test_each_check_finds_its_problem_and_only_that(name, bad, good):
    found = findings_of(name, bad)
    assert len(found) == 1 and found[0].messages and "{?" not in str(found[0].messages[0])
    assert found[0].focus in (URIRef(ID + "a"), URIRef(KP + "Thing"))
    assert findings_of(name, good) == []


def test_a_check_must_select_this(tmp_path):
    bad = tmp_path / "bad-violation.rq"
    bad.write_text("# Check: nothing\nSELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode("urn:g")))
    with pytest.raises(KgraphError, match="select \\?this"):
        run_check(QualityCheck.read(bad), store, [ox.NamedNode("urn:g")])


def test_the_repository_ontology_passes_the_checks():
    """The ontology labels every term in Finnish and English and refers only to described IRIs."""
    assert check_data(Graph(), Layout()) == []


def test_check_results_are_reported_with_file_and_line(tmp_path):
    root = make_repo(tmp_path / "repo")
    data = root / "data" / "extra.ttl"
    data.write_text(EXAMPLES.joinpath("person.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    out = kgraph("validate", "--format", "json", str(data), cwd=root, env=repo_env(root))
    assert out.returncode == 1, out.stdout + out.stderr
    results = [r for r in json.loads(out.stdout)["results"] if r["shape"] == checks() + "person-without-role"]
    assert {r["focus"] for r in results} == {ID + "jose-valanta", ID + "mari-vaattovaara"}
    lines = {r["focus"]: r["line"] for r in results}
    text = data.read_text(encoding="utf-8").splitlines()
    assert text[lines[ID + "jose-valanta"] - 1].startswith("person:jose-valanta a kp:Person")
    assert all(r["file"] == "data/extra.ttl" for r in results)
    skipped = kgraph("validate", "--no-checks", str(data), cwd=root, env=repo_env(root))
    assert skipped.returncode == 0, skipped.stdout
