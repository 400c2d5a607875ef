"""``kgraph validate --against build|URL``: a contribution checked together with the project's graph.

The contributions point at resources of the bundled data (data/people.ttl: person:minna-karhunen,
kporg:suomen-kuntaliitto, source:kuntaliitto-tiedote-2021-kaupunkipoliittinen-toimintaohjelma); the expected
results are read off the files and the shapes by hand. The URL form runs against the repository's graph served
as ``kgraph serve`` serves it (a real HTTP endpoint on this machine).
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from endpoint_fixtures import free_port, real_endpoint  # noqa: F401
from kgraph.cli import main

PREFIXES = """@prefix kp:      <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix mandate: <https://w3id.org/kaupunkipolitiikka/id/mandate/> .
@prefix person:  <https://w3id.org/kaupunkipolitiikka/id/person/> .
@prefix kporg:   <https://w3id.org/kaupunkipolitiikka/id/org/> .
@prefix role:    <https://w3id.org/kaupunkipolitiikka/id/role/> .
@prefix source:  <https://w3id.org/kaupunkipolitiikka/id/source/> .
"""
#: A new mandate of existing resources (line 12: the mandate; 13 member, 14 organisation, 17 source).
GOOD = (
    PREFIXES
    + """
mandate:suomen-kuntaliitto--minna-karhunen--toimitusjohtaja-test a kp:Mandate ;
    org:member person:minna-karhunen ;
    org:organization kporg:suomen-kuntaliitto ;
    org:role role:toimitusjohtaja ;
    kp:attestedIn "2021"^^xsd:gYear ;
    dcterms:source source:kuntaliitto-tiedote-2021-kaupunkipoliittinen-toimintaohjelma .
"""
)
#: A mandate with no source and a misspelt person (line 12: the mandate; 13: the member).
BAD = (
    PREFIXES
    + """
mandate:suomen-kuntaliitto--minna-karhunen--test a kp:Mandate ;
    org:member person:minna-karhusen ;
    org:organization kporg:suomen-kuntaliitto ;
    org:role role:toimitusjohtaja ;
    kp:attestedIn "2021"^^xsd:gYear .
"""
)
#: A name variant added to an existing person (line 12), who alone would lack a name, a source and a mandate.
ADDITION = PREFIXES + '\nperson:minna-karhunen a kp:Person ;\n    skos:altLabel "M. Karhunen" .\n'

MANDATE = "https://w3id.org/kaupunkipolitiikka/shapes#MandateShape"
UNDESCRIBED = "https://w3id.org/kaupunkipolitiikka/checks#undescribed-minted-iri"
BAD_EXPECTED = sorted(
    [
        (12, MANDATE, "http://purl.org/dc/terms/source"),
        (13, MANDATE, "http://www.w3.org/ns/org#member"),
        (13, UNDESCRIBED, "http://www.w3.org/ns/org#member"),
    ]
)


def _results(tmp_path: Path, text: str, *against: str, capsys) -> tuple[int, list[tuple], str]:
    path = tmp_path / "contribution.ttl"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(["validate", str(path), "--format", "json", "-o", str(out), *against])
    report = json.loads(out.read_text(encoding="utf-8"))
    found = sorted((r["line"], r["shape"], r["path"]) for r in report["results"])
    assert {r["file"] for r in report["results"]} <= {str(path)}  # every place is the contribution's
    return code, found, capsys.readouterr().err


def test_alone_the_references_to_existing_resources_do_not_resolve(tmp_path, capsys):
    code, found, _ = _results(tmp_path, GOOD, capsys=capsys)
    org, source = "http://www.w3.org/ns/org#", "http://purl.org/dc/terms/source"
    assert code == 1
    assert found == sorted(
        [(13, MANDATE, org + "member"), (13, UNDESCRIBED, org + "member")]
        + [(14, MANDATE, org + "organization"), (14, UNDESCRIBED, org + "organization")]
        + [(17, MANDATE, source), (17, UNDESCRIBED, source)]
    )


@pytest.fixture(params=["build", "url"])
def against(request, store) -> list[str]:
    if request.param == "build":
        return ["--against", "build"]
    return ["--against", request.getfixturevalue("real_endpoint") + "/sparql"]


def test_against_the_graph_a_good_contribution_conforms(tmp_path, capsys, against):
    assert _results(tmp_path, GOOD, *against, capsys=capsys)[:2] == (0, [])


def test_against_the_graph_only_the_contributions_own_problems_are_reported(tmp_path, capsys, against):
    code, found, err = _results(tmp_path, BAD, *against, capsys=capsys)
    assert (code, found, err) == (1, BAD_EXPECTED, "")


def test_a_statement_added_to_an_existing_resource_is_checked_with_what_the_project_says(tmp_path, capsys, against):
    assert _results(tmp_path, ADDITION, capsys=capsys)[0] == 1  # alone: no name, no source, no mandate
    assert _results(tmp_path, ADDITION, *against, capsys=capsys)[:2] == (0, [])


def test_the_context_is_a_small_part_of_the_graph(store):
    from rdflib import Graph

    from kgraph.validation.against import fetch_context

    asked: list[str] = []

    def query(text: str):
        asked.append(text)
        return store.query(text)

    context = fetch_context(query, Graph().parse(data=BAD, format="turtle"))
    assert len(asked) == 1 and asked[0].lstrip().startswith("CONSTRUCT")
    assert 0 < len(context) < len(store) / 10


def test_an_endpoint_that_cannot_be_reached_is_one_error_line_and_a_junit_failure(tmp_path, capsys):
    path = tmp_path / "contribution.ttl"
    path.write_text(GOOD, encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/sparql"
    out = tmp_path / "junit.xml"
    code = main(["validate", str(path), "--against", url, "--timeout", "5", "--format", "junit", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and url in err
    failure = ET.fromstring(out.read_text(encoding="utf-8")).find("testsuite/testcase/failure")
    assert failure is not None and url in ET.tostring(failure, encoding="unicode")


def test_against_names_build_or_a_url(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["validate", "--against", "production"])
    assert stopped.value.code == 2
    assert "name build or the URL of a SPARQL endpoint" in capsys.readouterr().err


def test_a_name_that_is_no_iri_never_reaches_the_context_query():
    """A contribution's file is anyone's: a JSON-LD ``@id`` such as ``http://x> } ...`` could otherwise end the IRI
    reference and run another query against the project's graph."""
    from rdflib import URIRef

    from kgraph.validation.against import context_query

    hostile = URIRef("http://example.org/a> ?s ?p ?o } } SELECT * { ?s ?p ?o")
    text = context_query([URIRef("http://example.org/ok"), hostile], ["http://example.org/g>"])
    assert "VALUES ?x { <http://example.org/ok> }" in text
    assert "SELECT" not in text and "example.org/g" not in text
