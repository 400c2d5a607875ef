"""The cooperation group across government terms (facts pack, beyond the seeds), asked the way a researcher
would: standard vocabularies only (W3C ORG, FOAF, DCTERMS, SKOS, PROV, schema.org), never the kp: namespace.
The example queries of queries/examples/ are run too, so they stay in step with the data."""

from __future__ import annotations


from tests.data.test_interop import q
from paths import ROOT

EXAMPLES = ROOT / "queries" / "examples"
BODY = "https://w3id.org/kaupunkipolitiikka/id/body/kaupunkipolitiikan-yhteistyoryhma"

TERMS = (
    """?term dcterms:isPartOf <%s> ; schema:startDate ?termStart .
           BIND(SUBSTR(STR(?termStart), 1, 4) AS ?year)"""
    % BODY
)


def chairs(select) -> dict[str, set[str]]:
    rows = select(
        q(f"""SELECT ?year ?name WHERE {{ {TERMS}
        ?m a org:Membership ; org:organization ?term ; org:member/foaf:name ?name ;
           org:role/skos:prefLabel "chair"@en ; dcterms:source ?source . }}""")
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["year"], set()).add(r["name"])
    return out


def test_every_term_of_the_group_is_there_with_its_appointing_act(select):
    rows = select(
        q(f"""SELECT ?year ?date WHERE {{ {TERMS}
        ?term org:resultedFrom ?act . ?act a org:ChangeEvent ; dcterms:date ?date ; dcterms:source ?s }}""")
    )
    assert {(r["year"], r["date"]) for r in rows} == {
        ("1996", "1996"),
        ("2011", "2011-11-03"),
        ("2016", "2016-05-12"),
        ("2020", "2020-01-16"),
        ("2023", "2023-10"),
    }


def test_chair_of_each_term(select):
    by_year = chairs(select)
    assert by_year["2011"] == {"Jyri Häkämies"}
    assert by_year["2020"] == {"Mika Lintilä"}
    assert by_year["2023"] == {"Anna-Kaisa Ikonen"}
    # three sources, three chairs: each claim kept (see the conflict test)
    assert by_year["2016"] == {"Olli Rehn", "Mika Lintilä", "Kimmo Tiilikainen"}
    assert "1996" not in by_year  # the source names no chair


def test_chair_start_dates_keep_source_precision(select):
    rows = select(
        q(f"""SELECT ?year ?name (DATATYPE(?start) AS ?dt) WHERE {{ {TERMS}
        ?m org:organization ?term ; org:member/foaf:name ?name ; org:role/skos:prefLabel "chair"@en ;
           schema:startDate ?start }}""")
    )
    types = {(r["year"], r["name"]): r["dt"].rsplit("#", 1)[1] for r in rows}
    assert types[("2011", "Jyri Häkämies")] == "date"
    assert types[("2023", "Anna-Kaisa Ikonen")] == "gYearMonth"
    assert ("2016", "Mika Lintilä") not in types  # the undated page version gives no start


def test_terms_are_tied_to_government_terms(select):
    rows = select(
        q(f"""SELECT ?year ?government ?start ?end ?level WHERE {{ {TERMS}
        ?term org:linkedTo ?g . ?g a schema:GovernmentOrganization ; schema:startDate ?start ;
           skos:prefLabel ?government ; dcterms:source ?s . FILTER(LANG(?government) = "fi")
        OPTIONAL {{ ?g schema:endDate ?end }} }}""")
    )
    by_year = {r["year"]: r for r in rows}
    assert by_year["1996"]["government"] == "pääministeri Paavo Lipposen I hallitus"
    assert by_year["2011"]["government"] == "pääministeri Jyrki Kataisen hallitus"
    assert by_year["2016"]["end"] == "2019-06-06"
    assert (by_year["2020"]["start"], by_year["2020"]["end"]) == ("2019-12-10", "2023-06-20")
    assert by_year["2023"]["government"] == "pääministeri Petteri Orpon hallitus" and "end" not in by_year["2023"]


def test_cities_of_each_term(select):
    rows = select(
        q(f"""SELECT ?year ?code WHERE {{ {TERMS}
        ?m a org:Membership ; org:organization ?term ; dcterms:source ?s .
        {{ ?m org:member ?c }} UNION {{ ?m prov:actedOnBehalfOf ?c }}
        ?c org:identifier ?code }}""")
    )
    cities: dict[str, set[str]] = {}
    for r in rows:
        cities.setdefault(r["year"], set()).add(r["code"])
    assert len(cities["2023"]) == 23
    assert len(cities["2016"]) == 14 and "109" not in cities["2016"]  # Hämeenlinna joined later
    # 22 listed cities plus Lahti through its city manager, the vice-chair
    assert len(cities["2020"]) == 23 and "398" in cities["2020"]
    assert {"091", "049", "092", "837", "853", "564", "905", "734"} <= cities["2011"]
    listed_2020 = select(
        q(f"""SELECT ?code WHERE {{ {TERMS} FILTER(?year = "2020")
        ?m org:organization ?term ; org:member ?c ; org:role/skos:prefLabel "represented organisation"@en .
        ?c org:identifier ?code }}""")
    )
    assert len(listed_2020) == 22 and "398" not in {r["code"] for r in listed_2020}


def test_members_keep_titles_and_organisations(select):
    rows = select(
        q("""SELECT ?title ?org ?when WHERE {
        ?p foaf:name "Päivi Laajala" . ?m org:member ?p ; org:role/skos:prefLabel ?title ;
           org:organization/skos:prefLabel ?org ; dcterms:date ?when .
        FILTER(LANG(?title) = "fi" && LANG(?org) = "fi") }""")
    )
    assert ("ylijohtaja", "valtiovarainministeriö", "2011-11-03") in {(r["title"], r["org"], r["when"]) for r in rows}
    behalf = select(
        q(f"""SELECT ?org WHERE {{ {TERMS} FILTER(?year = "2020")
        ?m org:organization ?term ; org:member/foaf:name "Minna Karhunen" ; prov:actedOnBehalfOf/skos:prefLabel ?org .
        FILTER(LANG(?org) = "fi") }}""")
    )
    assert [r["org"] for r in behalf] == ["Suomen Kuntaliitto"]


def test_conflicts_with_both_sources(select):
    rows = select(
        q("""SELECT ?conflict ?claim ?url WHERE {
        ?conflict dcterms:relation ?claim ; skos:note ?note . FILTER(LANG(?note) = "en")
        FILTER NOT EXISTS { ?conflict dcterms:source ?own }
        ?claim dcterms:source/schema:url ?url }""")
    )
    urls: dict[str, set[str]] = {}
    for r in rows:
        urls.setdefault(r["conflict"].rsplit("/", 1)[1], set()).add(r["url"])
    assert {"asettaja-2020", "puheenjohtaja-2016", "varapuheenjohtaja-2020", "kaupunkien-maara-2020"} <= set(urls)
    assert all(len(u) >= 2 for u in urls.values()), urls
    assert (
        "https://www.kommunforbundet.fi/aktuellt/2016/den-nationella-stadspolitiken-samordnas"
        in urls["puheenjohtaja-2016"]
    )
    assert "https://tem.fi/blogi/-/blogs/mista-puhutaan-kun-puhutaan-kumppanuudesta-" in urls["kaupunkien-maara-2020"]
    # each claim of the vice-chair conflict is a mandate with a source of its own
    claims = select(
        q("""SELECT ?name WHERE { ?c dcterms:relation ?m . ?m org:member/foaf:name ?name ;
        org:role/skos:prefLabel "vice-chair"@en . FILTER(STRENDS(STR(?c), "/varapuheenjohtaja-2020")) }""")
    )
    assert {r["name"] for r in claims} == {"Krista Mikkonen", "Maria Ohisalo"}


def test_example_queries_use_standard_vocabularies_and_answer(select):
    # Every example is written with standard terms only; what each returns is in tests/data/test_examples_expected.py.
    paths = sorted(EXAMPLES.glob("*.rq"))
    assert len(paths) >= 6
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# title: ") and "\n# description: " in text, path.name
        assert "kaupunkipolitiikka/ontology" not in text and "kp:" not in text, path.name
        assert select(text), f"{path.name} returns no rows"
