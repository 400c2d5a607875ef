"""The standard-vocabulary contract (docs/interop.md): every query here uses only
W3C ORG, FOAF, DCTERMS, SKOS, PROV, schema.org, RDFS and XSD terms, never the
project's own namespace, and must find the seed facts."""

from __future__ import annotations

import re

import pytest
from paths import ROOT

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
INTEROP_DIR = ROOT / "queries" / "interop"


def q(body: str) -> str:
    assert "kaupunkipolitiikka/ontology" not in body and "kp:" not in body
    return PREFIXES + body


def test_person_has_name_and_label(select):
    rows = select(q("""SELECT ?name ?label WHERE { ?p a foaf:Person ; foaf:name ?name ; rdfs:label ?label }"""))
    names = {r["name"] for r in rows}
    assert {
        "Anna-Kaisa Ikonen",
        "Tomas Häyry",
        "Minna Karhunen",
        "Henrik Lönnqvist",
        "José Valanta",
        "Mari Vaattovaara",
        "Olli Seuri",
        "Katja Palonen",
        "Olli Voutilainen",
    } <= names
    assert all(r["label"] for r in rows)


def test_organisations_have_finnish_preflabel_and_label(select):
    rows = select(
        q("""SELECT ?o ?fi WHERE { ?o a org:Organization ; skos:prefLabel ?fi ; rdfs:label ?l .
                      FILTER(LANG(?fi) = "fi") }""")
    )
    labels = {r["fi"] for r in rows}
    assert {
        "Suomen Kuntaliitto",
        "Kaupunkitiimi",
        "työ- ja elinkeinoministeriö",
        "ympäristöministeriö",
        "MAL-verkosto",
        "Kaupunkipolitiikan yhteistyöryhmä",
        "Helsinki",
    } <= labels
    orgs = select(q("SELECT DISTINCT ?o WHERE { ?o a org:Organization }"))
    with_fi = {r["o"] for r in rows}
    assert {r["o"] for r in orgs} <= with_fi, "every organisation has a @fi prefLabel"


def test_formal_organisations(select):
    rows = select(q("""SELECT ?l WHERE { ?o a org:FormalOrganization ; skos:prefLabel ?l FILTER(LANG(?l)="fi") }"""))
    labels = {r["l"] for r in rows}
    assert {"Suomen Kuntaliitto", "työ- ja elinkeinoministeriö", "ympäristöministeriö", "Vaasa", "Kajaani"} <= labels


def test_part_of_between_bodies_both_directions(select):
    rows = select(
        q("""SELECT ?part WHERE {
        ?kl skos:prefLabel "Suomen Kuntaliitto"@fi ; org:hasSubOrganization ?p .
        ?p org:subOrganizationOf ?kl ; skos:prefLabel ?part }""")
    )
    assert "Kaupunkitiimi" in {r["part"] for r in rows}


def test_term_identifier_appointment_and_succession(select):
    rows = select(
        q("""SELECT ?date ?prev_id WHERE {
        ?term a org:Organization ; dcterms:identifier "TEM075:00/2023" ; org:resultedFrom ?event .
        ?event a org:ChangeEvent ; dcterms:date ?date ; org:originalOrganization ?prev .
        ?prev dcterms:identifier ?prev_id }""")
    )
    assert rows == [{"date": "2023-10", "prev_id": "TEM070:00/2019"}]
    rows = select(
        q("""SELECT ?date ?who WHERE {
        ?term dcterms:identifier "TEM070:00/2019" ; org:resultedFrom ?e .
        ?e dcterms:date ?date ; prov:qualifiedAssociation/prov:agent/skos:prefLabel ?who .
        FILTER(LANG(?who)="fi") }""")
    )
    assert {r["date"] for r in rows} == {"2020-01-16"}
    assert {"työ- ja elinkeinoministeriö", "valtioneuvosto"} == {r["who"] for r in rows}


def test_cities_codes_and_names(select):
    rows = select(
        q("""SELECT ?code ?fi ?sv WHERE { ?c a org:FormalOrganization ; org:identifier ?code ;
        skos:prefLabel ?fi , ?sv . FILTER(LANG(?fi)="fi" && LANG(?sv)="sv") }""")
    )
    by_code = {r["code"]: (r["fi"], r["sv"]) for r in rows}
    seed = {
        "091",
        "049",
        "837",
        "092",
        "564",
        "853",
        "179",
        "398",
        "297",
        "609",
        "286",
        "167",
        "405",
        "905",
        "109",
        "743",
        "698",
        "491",
        "285",
        "734",
        "638",
        "272",
        "205",
    }
    assert seed <= set(by_code), seed - set(by_code)
    assert by_code["091"] == ("Helsinki", "Helsingfors")
    assert by_code["905"] == ("Vaasa", "Vasa")
    assert all(re.fullmatch(r"\d{3}", c) for c in by_code)


def test_wikidata_links_only_where_verified(select):
    rows = select(q("""SELECT ?code ?wd WHERE { ?c org:identifier ?code ; skos:exactMatch ?wd }"""))
    assert {r["code"] for r in rows} <= {"091", "049", "837", "092", "853", "297", "905", "109"}


def test_chair_of_tem075_through_membership_role(select):
    rows = select(
        q("""SELECT ?name ?start ?source WHERE {
        ?body dcterms:identifier "TEM075:00/2023" .
        ?m a org:Membership ; org:organization ?body ; org:member ?p ; org:role ?role ;
           dcterms:source ?source .
        ?role a org:Role ; skos:prefLabel "puheenjohtaja"@fi , "chair"@en .
        ?p foaf:name ?name .
        OPTIONAL { ?m schema:startDate ?start } }""")
    )
    assert [(r["name"], r["start"]) for r in rows] == [("Anna-Kaisa Ikonen", "2023-10")]


def test_start_dates_keep_source_precision(select):
    rows = select(
        q("""SELECT (DATATYPE(?start) AS ?dt) WHERE {
        ?m org:member/foaf:name "Tomas Häyry" ; org:organization/dcterms:identifier "TEM075:00/2023" ;
           schema:startDate ?start }""")
    )
    assert rows == [{"dt": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]


def test_shortcuts_from_mandates(ask, select):
    assert ask(
        q("""ASK { ?p foaf:name "Anna-Kaisa Ikonen" ; org:headOf ?b .
        ?b dcterms:identifier "TEM075:00/2023" }""")
    )
    assert ask(q("""ASK { ?p foaf:name "Tomas Häyry" ; org:memberOf ?b . ?b dcterms:identifier "TEM075:00/2023" }"""))
    rows = select(
        q("""SELECT DISTINCT ?code WHERE { ?b dcterms:identifier "TEM075:00/2023" ; org:hasMember ?c .
                      ?c org:identifier ?code }""")
    )
    assert len(rows) == 23


def test_cities_of_2023_term_as_memberships(select):
    rows = select(
        q("""SELECT DISTINCT ?city WHERE {
        ?m a org:Membership ; org:organization/dcterms:identifier "TEM075:00/2023" ;
           org:member ?c ; dcterms:source ?s .
        ?c org:identifier ?code ; skos:prefLabel ?city FILTER(LANG(?city)="fi") }""")
    )
    assert len(rows) == 23 and "Kajaani" in {r["city"] for r in rows}


def test_publication_with_authors_issued_publisher_source(select):
    rows = select(
        q("""SELECT ?author ?issued WHERE {
        ?d a foaf:Document ; dcterms:title "Kaupunkipolitiikan uusi alku?"@fi ; dcterms:issued ?issued ;
           dcterms:creator ?a ; dcterms:source ?s . ?a a foaf:Person ; foaf:name ?author }""")
    )
    assert {r["author"] for r in rows} == {"Mari Vaattovaara", "Anssi Joutsiniemi", "Martti Häkkänen", "Olli Seuri"}
    assert {r["issued"] for r in rows} == {"2022-06-01"}


def test_every_publication_has_fi_title_and_source(select):
    # A source document is the object of dcterms:source (the contract's table); it is where facts come
    # from and cites nothing itself. Every other document with authors or a date has a source.
    rows = select(
        q("""SELECT ?d WHERE { ?d a foaf:Document . FILTER NOT EXISTS { ?d dcterms:source ?s }
        FILTER NOT EXISTS { ?cited dcterms:source ?d }
        FILTER EXISTS { ?d dcterms:creator|dcterms:issued ?x } }""")
    )
    assert rows == []
    assert select(q("""SELECT ?d WHERE { ?d a foaf:Document ; dcterms:source ?d }""")) == []


def test_programme(select):
    rows = select(
        q("""SELECT ?start ?end ?coordinator WHERE {
        ?p a foaf:Project ; skos:prefLabel "Kestävä kaupunki -ohjelma"@fi ;
           schema:startDate ?start ; schema:endDate ?end ; dcterms:contributor/skos:prefLabel ?coordinator }""")
    )
    assert ("2019", "2023", "ympäristöministeriö") in {(r["start"], r["end"], r["coordinator"]) for r in rows}


def test_sources_have_url_and_title(select):
    rows = select(
        q("""SELECT DISTINCT ?s ?url ?title WHERE { ?x dcterms:source ?s .
        OPTIONAL { ?s schema:url ?url } OPTIONAL { ?s dcterms:title ?title } }""")
    )
    assert rows and all("url" in r and "title" in r for r in rows)
    urls = {r["url"] for r in rows}
    assert "https://tem.fi/hankesivu?tunnus=TEM070:00/2019" in urls


def test_conflicting_claims_both_kept(select):
    rows = select(
        q("""SELECT ?who ?source WHERE {
        ?term dcterms:identifier "TEM070:00/2019" ; org:resultedFrom ?e .
        ?e prov:qualifiedAssociation ?a . ?a prov:agent/skos:prefLabel ?who ; dcterms:source ?source .
        FILTER(LANG(?who)="fi") }""")
    )
    assert len({r["source"] for r in rows}) == 2
    assert {"työ- ja elinkeinoministeriö", "valtioneuvosto"} == {r["who"] for r in rows}


def test_every_resource_has_finnish_label(select):
    rows = select(
        q("""SELECT DISTINCT ?s WHERE { ?s ?p ?o .
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/kaupunkipolitiikka/id/"))
        FILTER NOT EXISTS { ?s rdfs:label ?l FILTER(LANG(?l) = "fi" || LANG(?l) = "") } }""")
    )
    assert rows == []


@pytest.mark.parametrize("path", sorted(INTEROP_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_documented_interop_queries_answer(path, select):
    text = path.read_text(encoding="utf-8")
    assert "kaupunkipolitiikka/ontology" not in text
    assert select(text), f"{path.name} found nothing"


# ---------------------------------------------------------------- time, succession, membership kinds, conflicts
# (docs/interop.md, "Time, succession, membership kinds and conflicts": one test per numbered sentence)


def test_contract_T1_starts_only_as_stated(select):
    rows = select(
        q("""SELECT ?dt WHERE { ?m a org:Membership ; org:member/foaf:name "Anna-Kaisa Ikonen" ;
        org:organization/dcterms:identifier "TEM075:00/2023" ; schema:startDate ?s BIND(DATATYPE(?s) AS ?dt) }""")
    )
    assert rows == [{"dt": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]
    # the 2020 cities are listed by undated page versions: no start, not even the term's
    assert (
        select(
            q("""SELECT ?s WHERE { ?m org:member/skos:prefLabel "Kajaani"@fi ;
        org:organization/dcterms:identifier "TEM070:00/2019" ; schema:startDate ?s }""")
        )
        == []
    )


def test_contract_T2_derived_ends_say_how(select):
    rows = select(
        q("""SELECT ?end ?rule ?from WHERE { ?m org:member/foaf:name "Jyri Häkämies" ;
        org:role/skos:prefLabel "chair"@en ; schema:endDate ?end ; dcterms:provenance ?r ; prov:wasDerivedFrom ?from .
        ?r a skos:Concept ; skos:prefLabel ?rule FILTER(LANG(?rule) = "en")
        FILTER EXISTS { ?r skos:definition ?def } }""")
    )
    assert rows == [
        {
            "end": "2014-06-24",
            "rule": "the mandate ends with its term",
            "from": "https://w3id.org/kaupunkipolitiikka/id/body/kaupunkipolitiikan-yhteistyoryhma-2011",
        }
    ]
    stated = select(
        q("""SELECT ?end ?r WHERE { ?m org:organization/skos:prefLabel
        "Seutukaupunkiohjelman toimeenpanon valmisteluryhmä"@fi ; org:role/skos:prefLabel "chair"@en ;
        schema:endDate ?end OPTIONAL { ?m dcterms:provenance ?r } OPTIONAL { ?m prov:wasDerivedFrom ?f } }""")
    )
    assert stated == [{"end": "2020-06-30"}]


def test_contract_T3_terms_end_with_their_government_and_mandates_with_their_term(select):
    rows = select(
        q("""SELECT ?end ?gov WHERE { ?t dcterms:identifier "TEM070:00/2019" ; schema:endDate ?end ;
        prov:wasDerivedFrom/skos:prefLabel ?gov FILTER(LANG(?gov) = "fi") }""")
    )
    assert rows == [{"end": "2023-06-20", "gov": "pääministeri Sanna Marinin hallitus"}]
    rows = select(
        q("""SELECT DISTINCT ?end WHERE { ?m org:organization/dcterms:identifier "TEM070:00/2019" ;
        org:role/skos:prefLabel "member"@en ; schema:endDate ?end }""")
    )
    assert rows == [{"end": "2023-06-20"}]


def test_contract_T4_day_bounds(select):
    rows = select(
        q("""SELECT ?d WHERE { ?m a org:Membership ; org:member/foaf:name "Anna-Kaisa Ikonen" ;
        org:organization/dcterms:identifier "TEM075:00/2023" ; schema:validFrom ?d
        FILTER(DATATYPE(?d) = xsd:date) }""")
    )
    assert rows == [{"d": "2023-10-31"}]
    rows = select(
        q("""SELECT ?from ?until WHERE { ?m a org:Membership ; org:member/foaf:name "Jari Koskinen" ;
        org:role/skos:prefLabel "chief executive officer"@en ;
        schema:validFrom ?from ; schema:validThrough ?until }""")
    )
    assert rows == [{"from": "2016-05-12", "until": "2019-02-01"}]
    # the bounds are not attestations: dcterms:date of a mandate stays what the sources attest
    assert (
        select(
            q("""SELECT ?d WHERE { ?m org:member/foaf:name "Anna-Kaisa Ikonen" ;
        org:organization/dcterms:identifier "TEM075:00/2023" ; dcterms:date ?d }""")
        )
        == []
    )
    # the obvious query with schema:startDate / schema:endDate, on days
    rows = select(
        q("""SELECT ?who WHERE { ?m a org:Membership ; org:member/foaf:name ?who ;
        org:role/skos:prefLabel "chair"@en ; schema:startDate ?s . OPTIONAL { ?m schema:endDate ?e }
        FILTER(?s <= "2013-01-01"^^xsd:date && (!BOUND(?e) || ?e >= "2013-01-01"^^xsd:date)) }""")
    )
    assert rows == [{"who": "Jyri Häkämies"}]


def test_contract_T5_one_holder_per_office_and_day(store):
    from tests.inference.test_time import clashes, offices

    mandates = list(
        offices(
            store,
            q("""SELECT ?m ?org ?role ?seat ?since ?until ?disputed WHERE {
        ?m a org:Membership ; org:organization ?org ; org:role ?role ; schema:startDate ?since .
        ?role skos:prefLabel ?en
        FILTER(LANG(?en) = "en" && STR(?en) IN ("chair", "vice-chair", "chief executive officer",
                                                "city manager", "mayor"))
        FILTER(DATATYPE(?since) = xsd:date)
        OPTIONAL { ?m prov:actedOnBehalfOf ?seat }
        OPTIONAL { ?m schema:endDate ?until FILTER(DATATYPE(?until) = xsd:date) }
        BIND(EXISTS { ?m dcterms:isReferencedBy ?c } AS ?disputed) }"""),
        )
    )
    assert len(mandates) >= 10 and not clashes(mandates)


def test_contract_T6_terms_chained(select):
    rows = select(
        q("""SELECT ?prev ?next WHERE { ?p org:changedBy ?e . ?e a org:ChangeEvent ;
        org:originalOrganization ?p ; org:resultingOrganization ?n .
        ?p dcterms:isPartOf/skos:prefLabel "Kaupunkipolitiikan yhteistyöryhmä"@fi ; schema:startDate ?prev .
        ?n schema:startDate ?next }""")
    )
    assert sorted((r["prev"], r["next"]) for r in rows) == [
        ("1996", "2011-11-03"),
        ("2011-11-03", "2016-05-12"),
        ("2016-05-12", "2020-01-16"),
        ("2020-01-16", "2023-10"),
    ]


def test_contract_T7_successive_holders(select):
    rows = select(
        q("""SELECT ?later ?earlier WHERE { ?a dcterms:replaces ?b . ?b dcterms:isReplacedBy ?a .
        ?a org:member/foaf:name ?later . ?b org:member/foaf:name ?earlier }""")
    )
    assert {"later": "Minna Karhunen", "earlier": "Jari Koskinen"} in rows
    assert {"later": "Joona Räsänen", "earlier": "Sirpa Paatero"} in rows


def test_contract_T8_contacts_and_secretariat_are_not_members(select, ask):
    assert not ask(
        q("""ASK { ?p foaf:name "Katja Palonen" ; org:memberOf ?b .
        ?b dcterms:identifier "TEM075:00/2023" }""")
    )
    assert not ask(q("""ASK { ?b dcterms:identifier "TEM075:00/2023" ; org:hasMember/foaf:name "Olli Voutilainen" }"""))
    assert not ask(
        q("""ASK { ?p foaf:name "Kauko Aronen" ; org:memberOf ?t .
        ?t dcterms:isPartOf/skos:prefLabel "Kaupunkipolitiikan yhteistyöryhmä"@fi }""")
    )
    assert ask(
        q("""ASK { ?m a org:Membership ; org:member/foaf:name "Katja Palonen" ;
        org:role/skos:prefLabel "contact person"@en ; org:organization/dcterms:identifier "TEM075:00/2023" }""")
    )
    assert ask(
        q("""ASK { ?p foaf:name "Katja Palonen" ; dcterms:relation ?b .
        ?b dcterms:identifier "TEM075:00/2023" }""")
    )


def test_contract_T9_disputed_authority_not_plain(ask):
    assert not ask(q("""ASK { ?t dcterms:identifier "TEM070:00/2019" ; org:resultedFrom/prov:wasAssociatedWith ?a }"""))
    assert ask(
        q("""ASK { ?t dcterms:identifier "TEM070:00/2019" ; org:resultedFrom/prov:qualifiedAssociation ?q .
        ?q prov:agent ?a ; dcterms:source ?s ; dcterms:isReferencedBy ?c }""")
    )


def test_contract_T10_claims_point_to_their_conflict_and_feed_no_shortcut(select, ask):
    rows = select(
        q("""SELECT DISTINCT ?c WHERE { ?m org:member/foaf:name "Olli Rehn" ; dcterms:isReferencedBy ?c .
        ?c a prov:Entity ; skos:note ?note ; dcterms:relation ?m . FILTER NOT EXISTS { ?c dcterms:source ?s } }""")
    )
    assert rows == [{"c": "https://w3id.org/kaupunkipolitiikka/id/conflict/puheenjohtaja-2016"}]
    assert not ask(
        q("""ASK { ?p foaf:name "Olli Rehn" ; org:headOf|org:memberOf|schema:memberOf ?b .
        ?b schema:startDate "2016-05-12"^^xsd:date }""")
    )
    assert ask(q("""ASK { ?p foaf:name "Mika Lintilä" ; org:headOf ?b . ?b dcterms:identifier "TEM070:00/2019" }"""))
