"""The temporal model (docs/modelling.md, "The temporal model"): dated cases written from the sources, the
single-holder guarantee over every day a mandate starts or ends, and the build rules on a graph of their own."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pyoxigraph as ox
import pytest
import yaml

from kgraph.query.composition import CompositionError, body_iri, composition, parse_day, render
from kgraph.namespaces import base_iri
from paths import TESTS

CASES = yaml.safe_load((TESTS / "cases" / "in-force.yaml").read_text(encoding="utf-8"))
ID = base_iri() + "id/"
PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX kp: <https://w3id.org/kaupunkipolitiikka/ontology#>
PREFIX schema: <http://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_the_cases_cover_what_the_issue_asks():
    assert len(CASES) >= 30
    assert len({c["body"] for c in CASES}) >= 6
    roles = {(c["body"], c["role"]) for c in CASES}
    assert {
        ("org/suomen-kuntaliitto", "toimitusjohtaja"),
        ("org/kuntaliiton-hallitus", "chair"),
        ("metropolipolitiikan-yhteistyoryhma", "chair"),
    } <= roles
    years = {c["date"].year for c in CASES}
    assert min(years) <= 1996 and max(years) >= 2025
    assert all(c["source"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['date']}-{c['body']}-{c['role']}")
def test_in_force_on_a_day(store, case):
    seats = composition(store, case["body"], case["date"])
    holders = sorted(slug(s.member) for s in seats if slug(s.role) == case["role"])
    assert holders == sorted(case["holders"]), case["source"]


# ---------------------------------------------------------------- no two undisputed holders


def offices(store, query: str):
    """(office, mandate, first day, last day or None, disputed) for every single-holder mandate ``query`` dates."""
    rows = store.query(query if query.lstrip().startswith("PREFIX") else PREFIXES + query)
    for r in rows:
        office = (r["org"].value, r["role"].value, r["seat"].value if r["seat"] else "")
        until = date.fromisoformat(r["until"].value) if r["until"] else None
        yield office, r["m"].value, date.fromisoformat(r["since"].value), until, bool(r["disputed"].value == "true")


BOUNDS = """SELECT ?m ?org ?role ?seat ?since ?until ?disputed WHERE {
  ?m a org:Membership ; org:organization ?org ; org:role ?role ; kp:inForceFrom ?since .
  ?role a kp:SingleHolderRole .
  OPTIONAL { ?m kp:onBehalfOf ?seat } OPTIONAL { ?m kp:inForceUntil ?until }
  BIND(EXISTS { ?m dcterms:isReferencedBy ?conflict } AS ?disputed) }"""
# The same question written with schema:startDate / schema:endDate only (days; a month or a year is a type
# error, and the row drops out, as in any researcher's query).
PLAIN = """SELECT ?m ?org ?role ?seat ?since ?until ?disputed WHERE {
  ?m a org:Membership ; org:organization ?org ; org:role ?role ; schema:startDate ?since .
  ?role a kp:SingleHolderRole . FILTER(DATATYPE(?since) = xsd:date)
  OPTIONAL { ?m kp:onBehalfOf ?seat }
  OPTIONAL { ?m schema:endDate ?until FILTER(DATATYPE(?until) = xsd:date) }
  BIND(EXISTS { ?m dcterms:isReferencedBy ?conflict } AS ?disputed) }"""


def clashes(mandates) -> list[tuple[str, str, list[str]]]:
    """(day, organisation, holders) wherever an office has two undisputed holders, over every day a mandate
    starts or ends (and the days either side)."""
    days = set()
    for _, _, since, until, _ in mandates:
        days |= {since, since - timedelta(days=1)} | ({until, until + timedelta(days=1)} if until else set())
    found = []
    for day in sorted(days):
        holders = defaultdict(list)
        for office, m, since, until, disputed in mandates:
            if since <= day and (until is None or until >= day) and not disputed:
                holders[office].append(slug(m))
        found += [(day.isoformat(), office[0], names) for office, names in holders.items() if len(names) > 1]
    return found


@pytest.mark.parametrize("query", [BOUNDS, PLAIN], ids=["bounds", "schema-dates"])
def test_no_single_holder_office_has_two_undisputed_holders_on_any_day(store, query):
    mandates = list(offices(store, query))
    assert len(mandates) >= 10
    assert not clashes(mandates)


def test_the_clash_check_finds_a_clash():
    day = date(2020, 1, 1)
    office = ("org", "chair", "")
    assert clashes([(office, "a", day, None, False), (office, "b", day, None, False)]) != []
    assert clashes([(office, "a", day, None, False), (office, "b", day, None, True)]) == []


def test_disputed_holders_on_one_day_point_to_their_conflict(store):
    seats = composition(store, "kaupunkipolitiikan-yhteistyoryhma", date(2016, 5, 12))
    rehn = [s for s in seats if slug(s.member) == "olli-rehn"]
    assert rehn and rehn[0].conflicts == (ID + "conflict/puheenjohtaja-2016",)


# ---------------------------------------------------------------- what the standard view says about dates


def test_stated_dates_keep_their_precision_and_derived_ones_say_how(select):
    rows = select(
        PREFIXES
        + """SELECT ?end ?rule ?from WHERE {
        ?m org:member/foaf:name "Mika Lintilä" ; org:organization/dcterms:identifier "TEM070:00/2019" ;
           schema:endDate ?end ; kp:derivedEndDate ?end ; kp:endRule ?rule ; prov:wasDerivedFrom ?from }"""
    )
    assert rows == [
        {
            "end": "2023-06-20",
            "rule": ID + "date-rule/ends-with-term",
            "from": ID + "body/kaupunkipolitiikan-yhteistyoryhma-2020",
        }
    ]
    rows = select(
        PREFIXES
        + """SELECT ?end ?rule ?from WHERE {
        ?t dcterms:identifier "TEM070:00/2019" ; schema:endDate ?end ; kp:endRule ?rule ;
           prov:wasDerivedFrom ?from }"""
    )
    assert rows == [
        {
            "end": "2023-06-20",
            "rule": ID + "date-rule/term-ends-with-cabinet",
            "from": ID + "org/paaministeri-sanna-marinin-hallitus",
        }
    ]
    # a stated end is never overridden, and a stated date carries no derivation marker
    rows = select(
        PREFIXES
        + """SELECT ?end ?rule WHERE { ?m org:member/foaf:name "Jari Koskinen" ;
        org:role/skos:prefLabel "toimitusjohtaja"@fi ; schema:endDate ?end OPTIONAL { ?m kp:endRule ?rule } }"""
    )
    assert rows == [{"end": "2019-02"}]


def test_no_start_is_ever_derived_and_attested_mandates_are_not_in_force_from_their_term(select):
    assert select(PREFIXES + "SELECT ?m WHERE { ?m kp:derivedStartDate ?d }") == []
    # the 2016 secretariat member is only attested in 2016: not in force before the end of that year
    rows = select(
        PREFIXES
        + """SELECT ?since WHERE { ?m org:member/foaf:name "Kauko Aronen" ;
        org:organization/schema:startDate "2016-05-12"^^xsd:date ; kp:inForceFrom ?since }"""
    )
    assert rows == [{"since": "2016-12-31"}]


def test_bounds_of_a_month_and_a_year(select):
    rows = select(
        PREFIXES
        + """SELECT ?since WHERE {
        ?t dcterms:identifier "TEM075:00/2023" ; kp:inForceFrom ?since }"""
    )
    assert rows == [{"since": "2023-10-31"}]
    rows = select(
        PREFIXES
        + """SELECT ?since ?until WHERE { ?m org:member/foaf:name "Jari Koskinen" ;
        org:role/skos:prefLabel "toimitusjohtaja"@fi ; kp:inForceFrom ?since ; kp:inForceUntil ?until }"""
    )
    assert rows == [{"since": "2016-05-12", "until": "2019-02-01"}]


def test_the_obvious_query_may_name_its_variable_from(select):
    rows = select(
        PREFIXES
        + """SELECT ?who WHERE {
        ?m a org:Membership ; org:member/foaf:name ?who ; org:role/skos:prefLabel "chair"@en ;
           org:organization/dcterms:identifier "TEM070:00/2019" ; kp:inForceFrom ?from .
        OPTIONAL { ?m kp:inForceUntil ?until }
        FILTER(?from <= "2021-01-01"^^xsd:date && (!BOUND(?until) || ?until >= "2021-01-01"^^xsd:date)) }"""
    )
    assert rows == [{"who": "Mika Lintilä"}]


def test_terms_are_chained_in_order(select):
    rows = select(
        PREFIXES
        + """SELECT ?term ?previous WHERE {
        ?t dcterms:isPartOf ?body ; org:resultedFrom/org:originalOrganization ?p .
        ?body skos:prefLabel "Kaupunkipolitiikan yhteistyöryhmä"@fi .
        BIND(STRAFTER(STR(?t), "yhteistyoryhma-") AS ?term)
        BIND(STRAFTER(STR(?p), "yhteistyoryhma-") AS ?previous) }"""
    )
    assert sorted((r["term"], r["previous"]) for r in rows) == [
        ("2011", "1996"),
        ("2016", "2011"),
        ("2020", "2016"),
        ("2023", "2020"),
    ]
    assert select(
        PREFIXES
        + """SELECT ?p WHERE { ?p org:changedBy ?act .
        ?act org:resultingOrganization/dcterms:identifier "TEM075:00/2023" }"""
    ) == [{"p": ID + "body/kaupunkipolitiikan-yhteistyoryhma-2020"}]


# ---------------------------------------------------------------- the rules on a graph of their own

RULE_DATA = """
@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix role: <https://w3id.org/kaupunkipolitiikka/id/role/> . @prefix : <https://example.org/> .
:c1 schema:endDate "2027-04-30"^^xsd:date .
:t1 a kp:BodyTerm ; kp:termOf :b ; org:resultedFrom :a1 ; schema:startDate "2024-02"^^xsd:gYearMonth ;
    kp:endCondition "hallituskauden loppuun"@fi ; kp:duringCabinet :c1 .
:t0 a kp:BodyTerm ; kp:termOf :b ; org:resultedFrom :a0 ; schema:startDate "2019"^^xsd:gYear .
:m1 a kp:Mandate ; org:organization :t1 ; org:member :p1 ; org:role role:chair ;
    schema:startDate "2024-02-01"^^xsd:date .
:m2 a kp:Mandate ; org:organization :t1 ; org:member :p2 ; org:role role:chair ;
    schema:startDate "2025-03-15"^^xsd:date .
:m3 a kp:Mandate ; org:organization :t1 ; org:member :p3 ; org:role role:chair ; schema:startDate "2026"^^xsd:gYear .
:j1 a kp:Mandate ; org:organization :city ; org:member :p4 ; org:role role:kaupunginjohtaja ;
    schema:startDate "2010-06"^^xsd:gYearMonth .
:j2 a kp:Mandate ; org:organization :city ; org:member :p5 ; org:role role:kaupunginjohtaja ;
    schema:startDate "2017-06-01"^^xsd:date .
"""


def test_the_rules_apply_to_any_new_data_file():
    from kgraph.inference.rules import derive
    from kgraph.config import Layout
    from kgraph.io.load import rdf_files

    store = ox.Store()
    data = ox.NamedNode("urn:test:data")
    store.load(RULE_DATA.encode(), format=ox.RdfFormat.TURTLE, to_graph=data)
    graphs = [data]
    for i, path in enumerate(rdf_files([Layout().ontology])):
        g = ox.NamedNode(f"urn:test:ontology:{i}")
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=g)
        graphs.append(g)
    derived = {(s.value, p.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], o.value) for s, p, o in derive(store, graphs)}
    ex = "https://example.org/"
    expected = {
        (ex + "t1", "derivedEndDate", "2027-04-30"),  # rule 1, from the cabinet
        (ex + "m1", "derivedEndDate", "2025-03-14"),  # rule 2, the day before the successor
        (ex + "m2", "derivedEndDate", "2026"),  # rule 2, the successor's year
        (ex + "m3", "derivedEndDate", "2027-04-30"),  # rule 3, with its term
        (ex + "j1", "derivedEndDate", "2017-05-31"),  # rule 2 outside a body term
        (ex + "m2", "succeeds", ex + "m1"),
        (ex + "m3", "succeeds", ex + "m2"),
        (ex + "j2", "succeeds", ex + "j1"),
        (ex + "a1", "originalOrganization", ex + "t0"),  # term succession
        (ex + "t1", "inForceFrom", "2024-02-29"),
        (ex + "t1", "inForceUntil", "2027-04-30"),
        (ex + "m2", "inForceFrom", "2025-03-15"),
        (ex + "m2", "inForceUntil", "2026-01-01"),
        (ex + "m3", "inForceFrom", "2026-12-31"),
        (ex + "j1", "inForceFrom", "2010-06-30"),
        (ex + "j2", "inForceFrom", "2017-06-01"),
    }
    assert expected <= derived, sorted(expected - derived)
    assert not any(s == ex + "j2" and p in ("derivedEndDate", "inForceUntil") for s, p, _ in derived)
    assert not any(p == "derivedStartDate" for _, p, _ in derived)
    assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode("urn:kgraph:rules:scratch")))


# ---------------------------------------------------------------- the command


def test_composition_command_formats(store, capsys):
    from kgraph.cli import main

    assert main(["composition", "org/suomen-kuntaliitto", "--on", "2018-01-01", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "role,member,on_behalf_of,start,end,disputed,mandate"
    assert any(line.startswith("toimitusjohtaja,Jari Koskinen,,,2019-02,,") for line in out)
    seats = composition(store, "metropolipolitiikan-yhteistyoryhma", date(2020, 11, 5), lang="sv")
    assert {"ordförande", "vice ordförande"} <= {s.role_label for s in seats}
    assert "puheenjohtaja" not in {s.role_label for s in seats}
    assert '"member_name": "Krista Mikkonen"' in render(seats, "json")
    table = render(seats, "table").splitlines()
    assert table[0].split() == ["role", "member", "on_behalf_of", "start", "end", "disputed"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["composition", "kaupunkipolitiikan-yhteistyoryhma", "--on", "2021-02-30"], "not a date: '2021-02-30'"),
        (["composition", "bad body", "--on", "2021-01-01"], "not a body"),
    ],
)
def test_composition_command_bad_input(store, capsys, argv, message):
    from kgraph.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_body_and_day_parsing():
    assert body_iri("kuntaliiton-kaupunkipoliittinen-tyoryhma") == ID + "body/kuntaliiton-kaupunkipoliittinen-tyoryhma"
    assert body_iri("org/suomen-kuntaliitto") == ID + "org/suomen-kuntaliitto"
    assert parse_day("2019-03-01") == date(2019, 3, 1)
    with pytest.raises(CompositionError):
        body_iri("x> } DROP ALL { <y")
