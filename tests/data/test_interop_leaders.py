"""City leadership over time, the C21 network and the full compositions of the metropolitan policy group and
Kuntaliitto's board (issue 14), asked with standard vocabularies only (W3C ORG, FOAF, DCTERMS, SKOS, PROV,
schema.org), never the kp: namespace. Expected values are the sources' (see the data files' notes)."""

from __future__ import annotations

from tests.data.test_interop import q

LEADER_ROLES = 'FILTER(LANG(?role) = "fi" && (CONTAINS(?role, "kaupunginjohtaja") || STR(?role) = "pormestari"))'


def leaders_with_day_dates(select, city: str, day: str) -> set[str]:
    """Leaders of a city whose start and end, given as days, put them in office on ``day``."""
    rows = select(
        q(f"""SELECT DISTINCT ?name WHERE {{
        ?city a org:FormalOrganization ; skos:prefLabel "{city}"@fi .
        ?m a org:Membership ; org:organization ?city ; org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ;
           schema:startDate ?start ; dcterms:source ?s .
        {LEADER_ROLES}
        OPTIONAL {{ ?m schema:endDate ?end }}
        FILTER(DATATYPE(?start) = xsd:date && ?start <= "{day}"^^xsd:date)
        FILTER(!BOUND(?end) || (DATATYPE(?end) = xsd:date && ?end >= "{day}"^^xsd:date)) }}""")
    )
    return {r["name"] for r in rows}


def test_every_city_has_a_sourced_leader(select):
    rows = select(
        q(f"""SELECT ?city (COUNT(DISTINCT ?who) AS ?n) WHERE {{
        ?c a org:FormalOrganization ; org:identifier ?code ; skos:prefLabel ?city FILTER(LANG(?city) = "fi")
        ?m a org:Membership ; org:organization ?c ; org:member ?who ; org:role/skos:prefLabel ?role ;
           dcterms:source ?s . {LEADER_ROLES} }} GROUP BY ?city""")
    )
    counts = {r["city"]: int(r["n"]) for r in rows}
    assert len(counts) == 23, sorted(counts)
    assert counts["Kajaani"] >= 2  # Jari Tolonen and his substitute Joni Partanen


def test_who_led_a_city_on_a_day(select):
    assert leaders_with_day_dates(select, "Vantaa", "2023-10-01") == {"Pekka Timonen"}
    assert leaders_with_day_dates(select, "Kotka", "2020-01-01") == {"Esa Sirviö"}
    # Ritva Viljanen's start is a year and Soile Lahti's a month: neither is certain on a given day
    assert leaders_with_day_dates(select, "Vantaa", "2023-08-15") == set()
    assert leaders_with_day_dates(select, "Kuopio", "2023-08-15") == set()


def test_dates_keep_the_sources_precision(select):
    rows = select(
        q("""SELECT ?name ?p (DATATYPE(?d) AS ?dt) WHERE {
        VALUES ?p { schema:startDate schema:endDate }
        ?m a org:Membership ; org:member/foaf:name ?name ; org:organization/skos:prefLabel "Lahti"@fi ; ?p ?d }""")
    )
    types = {(r["name"], r["p"].rsplit("/", 1)[1]): r["dt"].rsplit("#", 1)[1] for r in rows}
    assert types[("Pekka Timonen", "startDate")] == "gYear"  # "vuosina 2018–2023"
    assert types[("Pekka Timonen", "endDate")] == "gYear"


def test_attestations_are_dates_of_the_mandate(select):
    rows = select(
        q("""SELECT ?name (STR(?d) AS ?day) WHERE {
        ?m a org:Membership ; org:member/foaf:name ?name ; org:organization/skos:prefLabel "Oulu"@fi ;
           dcterms:date ?d }""")
    )
    seen = {(r["name"], r["day"]) for r in rows}
    assert {("Päivi Laajala", "2019-04"), ("Päivi Laajala", "2022-12-12"), ("Seppo Määttä", "2023-02")} <= seen


def test_c21_is_a_network_founded_in_2017(select):
    rows = select(
        q("""SELECT ?start ?type WHERE {
        ?n a org:Organization ; skos:prefLabel "C21-verkosto"@fi ; schema:startDate ?start ;
           org:classification/skos:prefLabel ?type ; dcterms:source ?s . FILTER(LANG(?type) = "fi") }""")
    )
    assert {(r["start"], r["type"]) for r in rows} == {("2017", "verkosto")}


def test_c21_members_on_the_2021_roster_date(select):
    rows = select(
        q("""SELECT DISTINCT ?name ?city WHERE {
        ?n skos:prefLabel "C21-verkosto"@fi .
        ?m a org:Membership ; org:organization ?n ; org:member/foaf:name ?name ; org:role/skos:prefLabel "member"@en ;
           prov:actedOnBehalfOf/skos:prefLabel ?city ; dcterms:date "2021-08-12"^^xsd:date ; dcterms:source ?s .
        FILTER(LANG(?city) = "fi") }""")
    )
    by_city = {r["city"]: r["name"] for r in rows}
    assert len(rows) == 21 and len(by_city) == 21
    assert by_city["Vantaa"] == "Ritva Viljanen" and by_city["Lahti"] == "Pekka Timonen"
    assert by_city["Rovaniemi"] == "Ulla-Kirsikka Vainio"


def test_c21_cities_are_members_of_the_network(select):
    rows = select(
        q("""SELECT DISTINCT ?city WHERE {
        ?n skos:prefLabel "C21-verkosto"@fi ; org:hasMember ?c . ?c a org:FormalOrganization ; skos:prefLabel ?city .
        FILTER(LANG(?city) = "fi") }""")
    )
    cities = {r["city"] for r in rows}
    assert len(cities) == 21 and "Kokkola" not in cities and "Kajaani" not in cities


def test_a_stale_roster_is_a_recorded_dispute(select):
    rows = select(
        q("""SELECT ?name WHERE {
        ?c dcterms:relation ?claim ; rdfs:label "conflict: Vantaa's city manager on the C21 page of 2020"@en ;
           skos:note ?what . FILTER NOT EXISTS { ?c dcterms:source ?x }
        ?claim org:member/foaf:name ?name ; dcterms:source ?s }""")
    )
    assert {r["name"] for r in rows} == {"Kari Nenonen", "Ritva Viljanen"}


def test_metropolitan_group_full_composition(select):
    rows = select(
        q("""SELECT ?name ?role WHERE {
        ?term dcterms:isPartOf/skos:prefLabel "Metropolipolitiikan yhteistyöryhmä"@fi .
        ?m a org:Membership ; org:organization ?term ; org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ;
           schema:startDate "2020-11-05"^^xsd:date ; dcterms:source ?s . FILTER(LANG(?role) = "en") }""")
    )
    named = {(r["name"], r["role"]) for r in rows}
    assert named == {
        ("Krista Mikkonen", "chair"),
        ("Sirpa Paatero", "vice-chair"),
        ("Jan Vapaavuori", "vice-chair"),
    } | {
        (n, "member")
        for n in (
            "Tuula Haatainen",
            "Mika Lintilä",
            "Timo Harakka",
            "Li Andersson",
            "Annika Saarikko",
            "Anna-Maja Henriksson",
            "Jukka Mäkelä",
            "Ritva Viljanen",
            "Christoffer Masar",
            "Harri Lipasti",
        )
    }


def test_kuuma_seat_holders_in_turn(select):
    rows = select(
        q("""SELECT ?name (STR(?start) AS ?since) (STR(?end) AS ?until) WHERE {
        ?m a org:Membership ; org:member/foaf:name ?name ; prov:actedOnBehalfOf/skos:prefLabel "Kuuma-seutu"@fi ;
           schema:startDate ?start ; dcterms:source ?s . OPTIONAL { ?m schema:endDate ?end } }""")
    )
    assert {(r["name"], r["since"], r.get("until")) for r in rows} == {
        ("Harri Lipasti", "2020-11-05", "2020-12-31"),
        ("Jyrki Mattila", "2021", "2021"),
        ("Kirsi Rontu", "2022", "2022"),
        ("Tarmo Aarnio", "2023-01-01", None),
    }


def test_kuntaliitto_board_and_delegation_chairs(select):
    rows = select(
        q("""SELECT ?organ ?name ?role (STR(?start) AS ?since) WHERE {
        ?o org:subOrganizationOf/skos:prefLabel "Suomen Kuntaliitto"@fi ; skos:prefLabel ?organ .
        FILTER(LANG(?organ) = "fi")
        ?m a org:Membership ; org:organization ?o ; org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ;
           schema:startDate ?start ; dcterms:source ?s .
        FILTER(LANG(?role) = "en" && STR(?role) IN ("chair", "first vice-chair", "second vice-chair")) }""")
    )
    got = {(r["organ"], r["name"], r["role"], r["since"]) for r in rows}
    assert {
        ("Kuntaliiton hallitus", "Sirpa Paatero", "chair", "2015-05-22"),
        ("Kuntaliiton hallitus", "Ilmari Nurminen", "chair", "2025-12-04"),
        ("Kuntaliiton hallitus", "Henrik Vuornos", "first vice-chair", "2025-12-04"),
        ("Kuntaliiton hallitus", "Petri Honkonen", "second vice-chair", "2025-12-04"),
        ("Kuntaliiton valtuuskunta", "Timo Elo", "chair", "2025-12-04"),
        ("Kuntaliiton valtuuskunta", "Joona Räsänen", "first vice-chair", "2018-02-22"),
    } <= got


def test_the_cities_dispute_has_a_third_dated_claim(select):
    rows = select(
        q("""SELECT ?claim (STR(?date) AS ?d) WHERE {
        ?c dcterms:relation ?claim ;
           rdfs:label "conflict: number of cities in the 2020 urban policy cooperation group"@en .
        ?claim dcterms:source ?s . OPTIONAL { ?claim dcterms:date ?date } }""")
    )
    assert len({r["claim"] for r in rows}) == 3
    assert "2019-08-19" in {r.get("d") for r in rows}
