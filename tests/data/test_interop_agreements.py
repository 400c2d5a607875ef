"""The standard view of agreements, programmes' participants, networks and municipalities
(docs/interop.md, rows "Agreement", "Programme / project participants", "Network" and "Municipality
beyond the seed cities"). Every query uses only W3C ORG, FOAF, DCTERMS, SKOS, PROV, schema.org, RDFS and
XSD terms. Expected values are written from the cited sources (data/sources-agreements.ttl)."""

from __future__ import annotations

import csv
import io

from tests.data.test_interop import q
from paths import ROOT

EXAMPLES = ROOT / "queries" / "examples"


def labels_of_projects_naming(select, code: str) -> set[str]:
    rows = select(
        q(f"""SELECT DISTINCT ?name WHERE {{
        ?city org:identifier "{code}" .
        ?x a foaf:Project ; dcterms:contributor ?city ; skos:prefLabel ?name FILTER(LANG(?name) = "fi") }}""")
    )
    return {r["name"] for r in rows}


def test_parties_of_agreements_are_contributors(select):
    # Imatra (153): a party of the ecosystem agreements ("Lappeenranta incl. Imatra", tem.fi/en), of the
    # Lappeenranta-Imatra agreement (its section 1) and of the growth agreements of 2016
    # ("Villmanstrand-Imatra", tem.fi/sv 9.6.2016).
    assert labels_of_projects_naming(select, "153") == {
        "ekosysteemisopimukset",
        "Innovaatiotoiminnan ekosysteemisopimus Lappeenrannan-Imatran kaupunkiseudun ja valtion välillä 2021-2027",
        "kasvusopimukset 2016–2018",
    }


def test_ecosystem_agreements_have_eighteen_cities_and_the_state(select):
    rows = select(
        q("""SELECT ?code WHERE {
        ?a skos:prefLabel "ekosysteemisopimukset"@fi ; dcterms:contributor ?c . ?c org:identifier ?code }""")
    )
    # The 18 cities of tem.fi/en plus Imatra and Sotkamo, which the page names with Lappeenranta and Kajaani.
    assert len({r["code"] for r in rows}) == 20
    state = select(
        q("""SELECT ?l WHERE { ?a skos:prefLabel "ekosysteemisopimukset"@fi ; dcterms:contributor ?s .
        ?s a org:FormalOrganization ; skos:prefLabel ?l FILTER(LANG(?l) = "fi")
        FILTER NOT EXISTS { ?s org:identifier ?x } }""")
    )
    assert {r["l"] for r in state} == {"valtioneuvosto"}


def test_signing_day_and_validity(select):
    rows = select(
        q("""SELECT ?signed ?accepted ?start ?end WHERE {
        ?a skos:prefLabel "ekosysteemisopimukset"@fi ; dcterms:date ?signed ; dcterms:dateAccepted ?accepted ;
           schema:startDate ?start ; schema:endDate ?end }""")
    )
    # biotalous.fi 9.2.2021: signed on Tuesday 9 February, valid until 31.12.2027.
    assert rows == [{"signed": "2021-02-09", "accepted": "2021-02-09", "start": "2021", "end": "2027-12-31"}]


def test_disputed_signing_date_is_kept_as_two_sourced_claims(select):
    rows = select(
        q("""SELECT ?date WHERE {
        ?a skos:prefLabel "MAL-sopimukset 2020–2031 (Helsingin, Tampereen, Turun ja Oulun kaupunkiseudut)"@fi .
        OPTIONAL { ?a dcterms:date ?date } }""")
    )
    assert rows == [{}] or rows == [{"date": None}], "a disputed signing date is not asserted"
    claims = select(
        q("""SELECT ?claim ?url WHERE {
        ?a skos:prefLabel "MAL-sopimukset 2020–2031 (Helsingin, Tampereen, Turun ja Oulun kaupunkiseudut)"@fi .
        ?conflict dcterms:relation ?claim . ?claim dcterms:relation ?a ; dcterms:source/schema:url ?url }""")
    )
    urls = {r["url"] for r in claims}
    assert urls == {
        "https://ym.fi/en/agreements-on-land-use-housing-and-transport",
        "https://maankaytto.fi/wp/index.php/2021/05/24/mal-sopimukset-laajenevat-jyvaskylan-kuopion-ja-lahden-kaupunkiseuduille/",
    }
    assert len({r["claim"] for r in claims}) == 2


def test_municipalities_of_an_urban_region_are_parties_where_a_source_lists_them(select):
    rows = select(
        q("""SELECT ?code WHERE {
        ?a skos:prefLabel "MAL-sopimukset 2020–2031 (Helsingin, Tampereen, Turun ja Oulun kaupunkiseudut)"@fi ;
           dcterms:contributor ?m . ?m org:identifier ?code }""")
    )
    # hel.fi: the fourteen municipalities of the Helsinki region (codes from Yle's geodata).
    assert {r["code"] for r in rows} == {
        "049",
        "091",
        "106",
        "186",
        "235",
        "245",
        "257",
        "505",
        "543",
        "611",
        "753",
        "858",
        "092",
        "927",
    }


def test_programme_participants(select):
    rows = select(
        q("""SELECT ?code WHERE {
        ?p skos:prefLabel "Innovatiiviset kaupungit (INKA) -ohjelma"@fi ; dcterms:contributor ?c .
        ?c org:identifier ?code }""")
    )
    # mdi.fi/en 26.8.2014: five lead cities and six named partner cities (the capital region is a group).
    assert {r["code"] for r in rows} == {"167", "179", "564", "837", "905", "297", "398", "405", "609", "743", "853"}
    project = select(
        q("""SELECT ?id ?coordinator WHERE {
        ?p dcterms:identifier "A70202" ; dcterms:identifier ?id ; schema:startDate ?s ; schema:endDate ?e ;
           dcterms:contributor ?c .
        ?c org:identifier "564" ; skos:prefLabel ?coordinator FILTER(LANG(?coordinator) = "fi") }""")
    )
    assert project == [{"id": "A70202", "coordinator": "Oulu"}]


def test_themes_are_subjects(select):
    rows = select(
        q("""SELECT ?t WHERE {
        ?a skos:prefLabel "ekosysteemisopimukset"@fi ; dcterms:subject/skos:prefLabel ?t
        FILTER(LANG(?t) = "fi") }""")
    )
    assert {r["t"] for r in rows} == {"vähähiilisyys", "digitaalinen teknologia", "hyvinvointi ja terveys"}


def test_network_members_are_memberships(select):
    rows = select(
        q("""SELECT ?code ?year WHERE {
        ?n skos:prefLabel "kasvukaupunkien verkosto"@fi .
        ?m a org:Membership ; org:organization ?n ; org:member ?c ; dcterms:source ?s .
        ?c org:identifier ?code . OPTIONAL { ?m schema:startDate ?year } }""")
    )
    # MDI: Pori, Kouvola, Joensuu, Lappeenranta, Hämeenlinna, Vaasa, Seinäjoki, Rovaniemi, Mikkeli, Porvoo,
    # Salo, Kotka, Kokkola, Hyvinkää, Kajaani.
    assert {r["code"] for r in rows} == {
        "609",
        "286",
        "167",
        "405",
        "109",
        "905",
        "743",
        "698",
        "491",
        "638",
        "734",
        "285",
        "272",
        "106",
        "205",
    }
    members = select(q("""SELECT ?c WHERE { ?n skos:prefLabel "kasvukaupunkien verkosto"@fi ; org:hasMember ?c }"""))
    assert len({r["c"] for r in members}) == 15


def test_partnership_cities_are_represented_organisations(select):
    rows = select(
        q("""SELECT ?city WHERE {
        ?b skos:prefLabel "elinvoimakumppanuus"@fi .
        ?m a org:Membership ; org:organization ?b ; org:member ?c .
        ?c skos:prefLabel ?city FILTER(LANG(?city) = "fi") }""")
    )
    assert {r["city"] for r in rows} == {"Jyväskylä", "Kuopio", "Lahti"}


def test_municipality_beyond_the_seed_cities(select):
    rows = select(
        q("""SELECT ?sv WHERE { ?m a org:FormalOrganization ; org:identifier "235" ;
        skos:prefLabel "Kauniainen"@fi , ?sv FILTER(LANG(?sv) = "sv") }""")
    )
    assert rows == [{"sv": "Grankulla"}]


def test_wikidata_links_only_where_corroborated(select):
    rows = select(q("""SELECT ?code ?wd WHERE { ?c org:identifier ?code ; skos:exactMatch ?wd }"""))
    links = {r["code"]: r["wd"] for r in rows}
    assert links["853"] == "http://www.wikidata.org/entity/Q38511"
    assert links["297"] == "http://www.wikidata.org/entity/Q162279"
    assert links["905"] == "http://www.wikidata.org/entity/Q125080"
    assert links["109"] == "http://www.wikidata.org/entity/Q202158"
    for contradicted_or_unverified in ("285", "564", "272", "734"):  # Kotka, Oulu, Kokkola, Salo
        assert contradicted_or_unverified not in links


def test_example_agreements_and_programmes_of_a_city_gives_its_expected_answer(select):
    query = (EXAMPLES / "30-agreements-and-programmes-of-a-city.rq").read_text(encoding="utf-8")
    expected = [
        line
        for line in (EXAMPLES / "30-agreements-and-programmes-of-a-city.expected.csv")
        .read_text(encoding="utf-8")
        .splitlines()
        if not line.startswith("#")
    ]
    header, *rows = list(csv.reader(io.StringIO("\n".join(expected))))
    got = [[r.get(v) or "" for v in header] for r in select(query)]
    assert got == rows
