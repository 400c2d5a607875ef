"""One test per seed text: its facts are in the graph (people, titles, dates, cities, authors).

Queries use the standard view only, so they also prove the facts are reachable
the way a researcher would look for them.
"""

from __future__ import annotations

from tests.data.test_interop import q

# The seed files: a seed fact is one whose source document is the seed's file
# (kp:sourceFile, a dcterms:identifier in the standard view). The address alone
# would not do: the 2016 and 2020 versions of the seed-001 page share it.
SEED_FILES = {
    "000": "000_25e004aa0bb28202.txt",
    "001": "001_6384e731ee050a99.txt",
    "002": "002_7490dacf7c62acea.txt",
    "003": "003_32d68678c45414ac.txt",
    "004": "004_7d2a6d934cb8f838.txt",
}
SEED_URLS = {
    "000": "https://www.kuntaliitto.fi/yhdyskunnat-ja-ymparisto/kaupunkikehittaminen",
    "001": "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma",
    "002": "https://www.kuntaliitto.fi/tiedotteet/2021/kuntaliitolle-ensimmainen-kaupunkipoliittinen-toimintaohjelma",
    "003": "https://tem.fi/hankesivu?tunnus=TEM070:00/2019",
    "004": "https://www.kestavakaupunki.fi/fi-FI/OHJELMA",
}


def mandates_from(select, seed: str) -> set[tuple[str, str, str]]:
    """(member name, role fi label, organisation fi label) of mandates sourced from a seed."""
    rows = select(
        q(f"""SELECT ?member ?role ?org WHERE {{
        ?m a org:Membership ; dcterms:source/dcterms:identifier "{SEED_FILES[seed]}" ;
           org:member/rdfs:label ?member ; org:role/skos:prefLabel ?role ; org:organization/skos:prefLabel ?org .
        FILTER(LANG(?role) = "fi" && LANG(?org) = "fi" && (LANG(?member) = "fi" || LANG(?member) = "")) }}""")
    )
    return {(r["member"], r["role"], r["org"]) for r in rows}


def test_seed_000_kuntaliitto_city_team(select):
    assert (
        "Henrik Lönnqvist",
        "kaupunkikehityspäällikkö",
        "Asiakkuudet, verkostot ja kv-asiat -yksikkö",
    ) in mandates_from(select, "000")
    rows = select(
        q(f"""SELECT ?team ?parent WHERE {{ ?t skos:prefLabel ?team ;
        dcterms:source/dcterms:identifier "{SEED_FILES["000"]}" ; org:subOrganizationOf/skos:prefLabel ?parent .
        FILTER(LANG(?team)="fi" && LANG(?parent)="fi") }}""")
    )
    assert ("Kaupunkitiimi", "Suomen Kuntaliitto") in {(r["team"], r["parent"]) for r in rows}
    tasks = select(q("""SELECT ?task WHERE { ?m org:member/foaf:name "Henrik Lönnqvist" ; skos:note ?task }"""))
    assert {"Uuden kaupunkitiedon tuottaminen"} <= {r["task"] for r in tasks}
    assert select(
        q(f"""SELECT ?x WHERE {{ ?x skos:prefLabel "MAL-verkosto"@fi ;
        dcterms:source/dcterms:identifier "{SEED_FILES["000"]}" }}""")
    )
    project = select(
        q("""SELECT ?partner WHERE {
        ?p a foaf:Project ; skos:prefLabel "Kaupunkiseutusuunnittelun uudet mallit"@fi ;
        dcterms:contributor/skos:prefLabel ?partner FILTER(LANG(?partner)="fi") }""")
    )
    assert {"Suomen Kuntaliitto", "MAL-verkosto", "ympäristöministeriö"} <= {r["partner"] for r in project}


def test_seed_001_cooperation_group_2023(select):
    mandates = mandates_from(select, "001")
    assert ("Anna-Kaisa Ikonen", "puheenjohtaja", "Kaupunkipolitiikan yhteistyöryhmä") in mandates
    assert ("Tomas Häyry", "varapuheenjohtaja", "Kaupunkipolitiikan yhteistyöryhmä") in mandates
    assert ("Anna-Kaisa Ikonen", "kunta- ja alueministeri", "valtioneuvosto") in mandates
    assert ("Tomas Häyry", "kaupunginjohtaja", "Vaasa") in mandates
    cities = {m[0] for m in mandates if m[1] == "edustettuna oleva organisaatio"}
    assert len(cities - {"Suomen Kuntaliitto", "Kuntaliitto"}) == 23
    contacts = {m[0] for m in mandates if m[1] == "yhteyshenkilö"}
    assert contacts == {"Katja Palonen", "Olli Voutilainen"}
    end = select(
        q("""SELECT ?c WHERE { ?t dcterms:identifier "TEM075:00/2023" ; skos:note ?c .
        FILTER(CONTAINS(?c, "Orpon")) }""")
    )
    assert end


def test_seed_001_publications(select):
    rows = select(
        q(f"""SELECT ?title ?issued (GROUP_CONCAT(?name; separator="|") AS ?authors) WHERE {{
        ?d a foaf:Document ; dcterms:title ?title ; dcterms:source/dcterms:identifier "{SEED_FILES["001"]}" .
        OPTIONAL {{ ?d dcterms:issued ?issued }}
        OPTIONAL {{ ?d dcterms:creator/foaf:name ?name }} }} GROUP BY ?title ?issued""")
    )
    pubs = {r["title"]: (r.get("issued"), set(filter(None, r.get("authors", "").split("|")))) for r in rows}
    assert pubs["Kaupungit politiikassa? Kolme teesiä ja seitsemän askelta tulevaisuuteen"] == (
        "2020-09-03",
        {"Mari Vaattovaara", "Anssi Joutsiniemi", "Markku Wilenius", "Jenni Airaksinen"},
    )
    assert pubs["Vastinekirjoitus Kaupungit politiikassa? -sparrauspaperiin"][0] == "2020-11-25"
    assert pubs["Kaupunkipolitiikan uusi alku?"][0] == "2022-06-01"
    # The page prefixes each title with its genre ("Kaupunkipolitiikan sparrauspaperi:", "Selvitys:",
    # "Kumppanuuskirjanen:"); the title is what follows, the genre is an alternative label.
    assert "Kaupungit ja valtio yhteisten tehtävien ratkojina" in pubs
    genres = ("Kumppanuuskirjanen:", "Selvitys:", "Kaupunkipolitiikan sparrauspaperi:")
    assert not [t for t in pubs if t.startswith(genres)]
    assert select(
        q("""SELECT ?d WHERE { ?d dcterms:title "Kaupungit ja valtio yhteisten tehtävien ratkojina"@fi ;
        skos:altLabel "Kumppanuuskirjanen"@fi }""")
    )
    affiliations = mandates_from(select, "001")
    assert ("Olli Seuri", "tutkijatohtori", "Tampereen yliopisto") in affiliations
    assert ("Martti Häkkänen", "professori", "Turun yliopisto") in affiliations


def test_seed_002_action_programme_and_people(select):
    mandates = mandates_from(select, "002")
    assert {
        ("Minna Karhunen", "toimitusjohtaja", "Suomen Kuntaliitto"),
        ("José Valanta", "yhteysjohtaja", "Suomen Kuntaliitto"),
        ("Henrik Lönnqvist", "kaupunkikehityspäällikkö", "Suomen Kuntaliitto"),
    } <= mandates
    rows = select(
        q(f"""SELECT ?start ?end WHERE {{
        ?d a foaf:Document ; dcterms:source/dcterms:identifier "{SEED_FILES["002"]}" ;
        schema:startDate ?start ; schema:endDate ?end }}""")
    )
    assert {"start": "2021", "end": "2023"} in rows
    assert select(q("""SELECT ?p WHERE { ?p foaf:name "José Valanta" ; skos:altLabel "Jose Valanta" }"""))


def test_seed_003_cooperation_group_2020(select):
    rows = select(
        q("""SELECT ?type ?board WHERE { ?t dcterms:identifier "TEM070:00/2019" ;
        org:classification/skos:prefLabel ?type ; org:linkedTo/skos:prefLabel ?board .
        FILTER(LANG(?type)="fi" && LANG(?board)="fi") }""")
    )
    assert {"type": "neuvottelukunta", "board": "alueiden uudistumisen neuvottelukunta"} in rows
    tasks = select(q("""SELECT ?task WHERE { ?t dcterms:identifier "TEM070:00/2019" ; skos:note ?task }"""))
    assert len([r for r in tasks if r["task"][0].islower()]) >= 8
    strategy = select(
        q("""SELECT ?s WHERE { ?s a foaf:Project ; skos:prefLabel "kansallinen kaupunkistrategia"@fi ;
        dcterms:contributor/dcterms:identifier "TEM070:00/2019" }""")
    )
    assert strategy


def test_seed_004_sustainable_city_programme(select):
    rows = select(
        q(f"""SELECT ?theme WHERE {{
        ?p a foaf:Project ; dcterms:source/dcterms:identifier "{SEED_FILES["004"]}" ;
        dcterms:subject/skos:prefLabel ?theme FILTER(LANG(?theme)="fi") }}""")
    )
    assert {r["theme"] for r in rows} == {"vähähiilisyys", "älykkyys", "terveellisyys", "sosiaalinen kestävyys"}
    rows = select(
        q(f"""SELECT ?issued ?modified WHERE {{ ?s schema:url <{SEED_URLS["004"]}> ;
        dcterms:issued ?issued ; dcterms:modified ?modified }}""")
    )
    assert rows == [{"issued": "2018-12-07", "modified": "2019-07-18"}]
