"""Public text is public (issue 12, item 6) and the corrections of the source audit (item 7).

Pages are fetched from a real server (fixture ``pages_server``) and rendered as the static site renders
them; the corrections are read from the built graph in standard terms, each against the source it
comes from (the stored copy of the page, the seed or the facts pack).
"""

from __future__ import annotations

import html
from collections import defaultdict

import pyoxigraph as ox
import pytest
import requests

from kgraph.validation.checks import load_checks, run_check
from kgraph.namespaces import base_iri
from kgraph.site.notes import for_reader
from kgraph.site.render import Page, Renderer, StaticLinks
from tests.data.test_interop import PREFIXES as STANDARD, q


def kq(body: str) -> str:
    """A query that may also name the ontology's own terms (kp:), for checks of the data itself."""
    return STANDARD + f"PREFIX kp: <{base_iri()}ontology#>\n" + body


TIMEOUT = 30
LANGS = ("fi", "sv", "en")


def local(iri: str) -> str:
    return "/" + iri[len(base_iri()) :]


def page_text(url: str, lang: str) -> str:
    r = requests.get(url, params={"lang": lang}, timeout=TIMEOUT)
    assert r.status_code == 200 and r.headers["Content-Language"] == lang
    return html.unescape(r.text)


def notes_by_resource(select, prop: str) -> dict[str, set[tuple[str, str]]]:
    found = defaultdict(set)
    for row in select(q(f"""SELECT ?s ?n (LANG(?n) AS ?lang) WHERE {{ ?s {prop} ?n FILTER(isIRI(?s)) }}""")):
        found[row["s"]].add((row["n"], row.get("lang", "")))
    return found


# ---------------------------------------------------------------- which notes a reader sees


def test_a_reader_sees_notes_in_the_page_language_else_all_marked():
    notes = [("Allekirjoitettu 2012.", "fi"), ("Signed in 2012.", "en")]
    assert for_reader(notes, "fi") == [("Allekirjoitettu 2012.", "fi", False)]
    assert for_reader(notes, "en") == [("Signed in 2012.", "en", False)]
    assert for_reader(notes, "sv") == [("Allekirjoitettu 2012.", "fi", True)]  # one language, the next best
    assert for_reader([("Signed.", "en"), ("Undertecknat.", "sv")], "fi") == [("Signed.", "en", True)]
    assert for_reader([("Two", "en"), ("One", "en")], "fi") == [("One", "en", True), ("Two", "en", True)]
    assert for_reader([("Anna", "")], "sv") == [("Anna", "", False)]
    assert for_reader([("en-GB note", "en-GB")], "en") == [("en-GB note", "en-GB", False)]
    assert for_reader([], "fi") == []


def test_editorial_notes_are_kept_in_the_data(select):
    editorial = notes_by_resource(select, "skos:editorialNote")
    assert len(editorial) >= 50
    # the machine-readable forms keep them for maintainers
    assert any("facts pack" in text for texts in editorial.values() for text, _ in texts)


def test_pages_in_every_language_show_no_editorial_note(pages_server, select):
    editorial = notes_by_resource(select, "skos:editorialNote")
    for iri, texts in sorted(editorial.items()):
        for lang in LANGS:
            text = page_text(pages_server + local(iri), lang)
            for note, _ in texts:
                assert note not in text, f"editorial note of {iri} shown on the {lang} page: {note[:60]}"


def test_pages_cite_sources_without_their_editorial_notes(pages_server, select):
    """A source's editorial note is not shown where the source is cited either (e.g. on a mandate's page)."""
    rows = select(q("""SELECT ?m ?e WHERE { ?m a org:Membership ; dcterms:source ?s . ?s skos:editorialNote ?e }"""))
    assert rows
    cited = defaultdict(set)
    for row in rows:
        cited[row["m"]].add(row["e"])
    for iri, texts in sorted(cited.items())[:15]:
        for lang in LANGS:
            text = page_text(pages_server + local(iri), lang)
            assert not [t for t in texts if t in text], f"{iri} ({lang})"


def test_each_page_shows_notes_in_its_language_and_swedish_ones_the_finnish_marked(pages_server, select):
    public = notes_by_resource(select, "skos:note")
    # only notes stated as skos:note, not the values of its sub-properties (kp:task, kp:endCondition …)
    other = {
        (r["s"], r["n"])
        for r in select(
            q("""SELECT ?s ?n WHERE { ?s skos:note ?n ; ?p ?n
        FILTER(?p NOT IN (skos:note, rdfs:label)) }""")
        )
    }
    public = {iri: {(t, lang) for t, lang in texts if (iri, t) not in other} for iri, texts in public.items()}
    both = {
        iri: texts for iri, texts in public.items() if "/id/" in iri and {lang for _, lang in texts} == {"fi", "en"}
    }
    assert len(both) >= 100
    for iri, texts in sorted(both.items())[::7]:
        pages = {lang: page_text(pages_server + local(iri), lang) for lang in LANGS}
        for note, lang in texts:
            shown = pages["fi" if lang == "fi" else "en"]
            assert f"{note}</span>" in shown, f"{iri}: {note[:50]} missing"
            after = shown[shown.index(note) + len(note) :][:60]
            assert "lang-marker" not in after, f"{iri}: a note in the page's language is marked"
            if lang == "fi":
                assert f'{note}</span> <span class="lang-marker">(på finska)</span>' in pages["sv"], iri
            else:
                assert f"{note}</span>" not in pages["fi"] and f"{note}</span>" not in pages["sv"], iri


def test_a_note_in_the_page_language_hides_the_other_languages(pages_server, select):
    """Henrik Lönnqvist's post has its tasks as Finnish notes only: the Finnish page shows them unmarked."""
    iri = (
        base_iri() + "id/mandate/kuntaliitto-asiakkuudet-verkostot-ja-kv-asiat--henrik-lonnqvist"
        "--kaupunkikehityspaallikko"
    )
    fi = page_text(pages_server + local(iri), "fi")
    assert "Uuden kaupunkitiedon tuottaminen" in fi
    assert 'Uuden kaupunkitiedon tuottaminen</span> <span class="lang-marker">' not in fi
    sv = page_text(pages_server + local(iri), "sv")
    assert 'Uuden kaupunkitiedon tuottaminen</span> <span class="lang-marker">(på finska)' in sv


def test_the_static_site_shows_no_editorial_note(store, select):
    editorial = notes_by_resource(select, "skos:editorialNote")
    renderer = Renderer(store)
    for iri, texts in sorted(editorial.items())[:25]:
        path = iri[len(base_iri()) :]
        for lang in LANGS:
            page = html.unescape(renderer.resource(iri, Page(lang, StaticLinks(lang, path))))
            assert not [t for t, _ in texts if t in page], f"{iri} ({lang})"


# ---------------------------------------------------------------- the quality checks of the audit

PREFIXES = """\
@prefix kp:      <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id:      <https://w3id.org/kaupunkipolitiikka/id/> .
"""
ID = "https://w3id.org/kaupunkipolitiikka/id/"


def findings_of(name: str, turtle: str) -> list:
    check = next(c for c in load_checks() if c.path.name == f"{name}-violation.rq")
    store, graph = ox.Store(), ox.NamedNode("urn:test")
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(PREFIXES + turtle, format=ox.RdfFormat.TURTLE)
    )
    return run_check(check, store, [graph])


@pytest.mark.parametrize(
    "name, bad, good",
    [
        (
            "source-cites-itself",
            "<https://w3id.org/kaupunkipolitiikka/id/a> a kp:SourceDocument ; "
            "dcterms:source <https://w3id.org/kaupunkipolitiikka/id/a> .",
            "<https://w3id.org/kaupunkipolitiikka/id/a> a kp:SourceDocument . "
            "<https://w3id.org/kaupunkipolitiikka/id/m> dcterms:source <https://w3id.org/kaupunkipolitiikka/id/a> .",
        ),
        (
            "body-without-classification",
            "<https://w3id.org/kaupunkipolitiikka/id/a> a kp:Body .",
            "<https://w3id.org/kaupunkipolitiikka/id/a> a kp:Body ; "
            "org:classification <https://w3id.org/kaupunkipolitiikka/id/body-type/hallitus> .",
        ),
        (
            "post-on-behalf-of-own-organisation",
            """<https://w3id.org/kaupunkipolitiikka/id/a>
            org:organization <https://w3id.org/kaupunkipolitiikka/id/unit> ;
            kp:onBehalfOf <https://w3id.org/kaupunkipolitiikka/id/kl> .
        <https://w3id.org/kaupunkipolitiikka/id/unit>
            org:subOrganizationOf <https://w3id.org/kaupunkipolitiikka/id/kl> .""",
            """<https://w3id.org/kaupunkipolitiikka/id/a>
            org:organization <https://w3id.org/kaupunkipolitiikka/id/body> ;
            kp:onBehalfOf <https://w3id.org/kaupunkipolitiikka/id/kl> .
        <https://w3id.org/kaupunkipolitiikka/id/body> a kp:Body .
        <https://w3id.org/kaupunkipolitiikka/id/b> org:organization <https://w3id.org/kaupunkipolitiikka/id/unit> ;
            kp:onBehalfOf <https://w3id.org/kaupunkipolitiikka/id/city> .""",
        ),
        (
            "editorial-phrasing-in-public-note",
            "<https://w3id.org/kaupunkipolitiikka/id/a> "
            'skos:note "The pack gives no page title; the title is read from the page address."@en .',
            """<https://w3id.org/kaupunkipolitiikka/id/a> skos:note "The page gives no publication date."@en ;
            skos:editorialNote "The pack gives no page title; the title is read from the page address."@en .""",
        ),
    ],
)
def test_each_audit_check_finds_its_problem_and_only_that(name, bad, good):
    found = findings_of(name, bad)
    assert len(found) == 1 and str(found[0].focus) == ID + "a" and "{?" not in str(found[0].messages[0])
    assert findings_of(name, good) == []


def turtle(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


@pytest.mark.parametrize(
    "note",
    [
        "Named chair in an undated article that the pack dates to 2025 by inference; no date is recorded here.",
        "facts-pack record: cg11-m02",
        "The Finnish name is the pack's rendering of the Swedish page title.",
        "A book of 261 pages; the publication-type vocabulary has no book.",
        "Later page versions name successive chairs; they are kept as separate mandates without invented dates.",
        "The graph keeps the 22 listed cities as represented organisations.",
    ],
)
def test_compilation_talk_is_recognised(note):
    assert findings_of("editorial-phrasing-in-public-note", f"id:a skos:note {turtle(note)} .")


@pytest.mark.parametrize(
    "note",
    [
        "The sources disagree on the chair (conflict puheenjohtaja-2016).",
        "Undated page of Kuntaliitto's Swedish site; the only copy found is cut off after Stina Mattila.",
        "The start and end dates of the government's term are standard knowledge, not taken from the cited source.",
        "Kuntaliiton sisäisen kaupunkipolitiikkatyön koordinaatio",
    ],
)
def test_researchers_notes_are_not_flagged(note):
    assert findings_of("editorial-phrasing-in-public-note", f"id:a skos:note {turtle(note)} .") == []


# ---------------------------------------------------------------- the corrections, in standard terms


def test_no_source_document_cites_itself(select):
    assert select(q("SELECT ?d WHERE { ?d dcterms:source ?d }")) == []


def test_every_body_and_term_has_a_body_type(select):
    rows = select(
        kq("""SELECT ?b WHERE { { ?b a kp:Body } UNION { ?b a kp:BodyTerm }
        FILTER NOT EXISTS { ?b org:classification ?t } }""")
    )
    assert rows == []
    types = {
        r["b"].rsplit("/", 1)[1]: r["t"]
        for r in select(
            q("""SELECT ?b ?t WHERE {
        ?b org:classification/skos:prefLabel ?t FILTER(LANG(?t) = "fi") }""")
        )
    }
    assert types["kuntaliiton-hallitus"] == "hallitus"  # "Kuntaliiton hallitus"
    assert types["kestava-kaupunki-ohjelman-ohjausryhma-2021"] == "ohjausryhmä"  # the register's 'Ohjausryhmä'
    assert types["kuuden-suurimman-kaupungin-ja-valtion-valinen-strateginen-allianssikumppanuus"] == "kumppanuus"


def test_the_2021_book_is_typed_as_a_book(select):
    rows = select(
        q("""SELECT ?type WHERE {
        ?d dcterms:title "Kaupunki politiikassa – Yhteiskunta, ihminen ja ihana kaupunki"@fi ;
        dcterms:type/skos:prefLabel ?type FILTER(LANG(?type) = "en") }""")
    )
    assert rows == [{"type": "book"}]
    assert not select(
        q("""SELECT ?n WHERE { ?d a foaf:Document ; skos:note ?n
        FILTER(CONTAINS(?n, "vocabulary has no book")) }""")
    )


def test_karhunen_became_ceo_on_1_march_2019(select):
    """Kommuntorget, 23.2.2019: "Den första mars tar hon över ledarskapet på Finlands Kommunförbund"."""
    rows = select(
        q("""SELECT ?start ?src WHERE { ?m org:member/foaf:name "Minna Karhunen" ;
        org:organization/skos:prefLabel "Suomen Kuntaliitto"@fi ; org:role/skos:prefLabel "toimitusjohtaja"@fi ;
        schema:startDate ?start ; dcterms:source ?s . ?s schema:url ?src }""")
    )
    assert {r["start"] for r in rows} == {"2019-03-01"}
    assert "https://kommuntorget.fi/namn-och-nytt/karhunen-kanner-kommunen/" in {r["src"] for r in rows}
    source = select(
        q("""SELECT ?title ?issued WHERE {
        ?s schema:url <https://kommuntorget.fi/namn-och-nytt/karhunen-kanner-kommunen/> ;
           dcterms:title ?title ; dcterms:issued ?issued }""")
    )
    assert source == [{"title": "Karhunen känner kommunen", "issued": "2019-02-23"}]


def test_rasanen_was_elected_board_chair_on_29_november_2019(select):
    """kuntaliitto.fi, "Kahdeksan kysymystä Kuntaliiton hallituksen puheenjohtajalle": "valittiin 29.11."."""
    rows = select(
        q("""SELECT ?start WHERE { ?m org:member/foaf:name "Joona Räsänen" ;
        org:organization/skos:prefLabel "Kuntaliiton hallitus"@fi ; org:role/skos:prefLabel "puheenjohtaja"@fi ;
        schema:startDate ?start ; dcterms:source/schema:url
    <https://www.kuntaliitto.fi/ajankohtaista/2019/kahdeksan-kysymysta-kuntaliiton-hallituksen-puheenjohtajalle> }""")
    )
    assert rows == [{"start": "2019-11-29"}]


def test_a_post_in_kuntaliittos_own_unit_is_not_on_its_behalf(select):
    rows = select(
        q("""SELECT ?m ?behalf WHERE { ?m org:member/foaf:name "Henrik Lönnqvist" ;
        org:organization ?o . OPTIONAL { ?m prov:actedOnBehalfOf ?behalf } }""")
    )
    assert len(rows) == 2 and not [r for r in rows if "behalf" in r]


@pytest.mark.parametrize(
    "url, title",
    [
        (
            "https://valtioneuvosto.fi/paatokset/paatos?decisionId=0900908f806e896f",
            "Metropolipolitiikan yhteistyöryhmän asettaminen",
        ),
        (
            "https://paatokset.hel.fi/fi/asia/hel-2021-001723?paatos=fe298aec-dba5-4528-9d9d-38323429b180",
            "Nimeämispyyntö, Kestävä kaupunki -ohjelman ohjausryhmä, Ympäristöministeriö",
        ),
        ("https://ym.fi/metropolipolitiikka", "Metropolipolitiikan yhteistyöryhmä"),
        ("https://ym.fi/sv/metropolpolitiken", "Samarbetsgruppen för metropolpolitiken"),
        (
            "https://tem.fi/sv/-/kaupunkipolitiikan-yhteistyoryhma-on-asetettu",
            "Stadspolitiska samarbetsgruppen har tillsatts",
        ),
    ],
)
def test_source_documents_carry_the_title_of_the_stored_page(select, url, title):
    assert select(q(f"SELECT ?t WHERE {{ ?s schema:url <{url}> ; dcterms:title ?t }}")) == [{"t": title}]


def test_a_title_that_cannot_be_found_says_so_in_an_editorial_note(select):
    rows = select(
        q("""SELECT ?t ?e WHERE { ?s schema:url <https://yle.fi/uutiset/3-10518705?origin=rss> ;
        dcterms:title ?t ; skos:editorialNote ?e }""")
    )
    assert rows and all("no headline" in r["e"] for r in rows)


def test_people_merged_across_sources_say_on_what_grounds(select):
    """A person whose records come from sources that share none, i.e. merged by name, carries an editorial
    note saying so, or naming the source that makes them one person."""
    rows = select(
        q("""SELECT ?p ?rec ?src WHERE { ?p a foaf:Person .
        { ?rec org:member ?p } UNION { ?rec dcterms:creator ?p } ?rec dcterms:source ?src }""")
    )
    records = defaultdict(lambda: defaultdict(set))
    for r in rows:
        records[r["p"]][r["rec"]].add(r["src"])
    noted = {r["p"] for r in select(q("SELECT ?p WHERE { ?p a foaf:Person ; skos:editorialNote ?e }"))}
    by_source_alone = {}
    for person, recs in records.items():
        groups: list[set[str]] = []
        for sources in recs.values():
            joined = [g for g in groups if g & sources]
            groups = [g for g in groups if g not in joined] + [set(sources).union(*joined)]
        by_source_alone[person] = len(groups) > 1
    merged = {p for p, flag in by_source_alone.items() if flag}
    named_by_title = {
        "anna-kaisa-ikonen",
        "kimmo-tiilikainen",
        "minna-karhunen",
        "olli-voutilainen",
        "henrik-lonnqvist",
        "virve-hokkanen",
    }  # the sources name them with the same post
    missing = {p.rsplit("/", 1)[1] for p in merged - noted} - named_by_title
    assert not missing, sorted(missing)
    for slug in ("paivi-laajala", "ritva-viljanen", "sirpa-paatero"):
        sources = select(q(f"""SELECT ?u WHERE {{ <{base_iri()}id/person/{slug}> dcterms:source/schema:url ?u }}"""))
        assert len(sources) >= 3, slug  # the identity source besides the two that name the roles


def test_no_public_note_talks_about_compilation(select):
    rows = select(
        q("""SELECT ?s ?n WHERE { ?s skos:note|rdfs:comment ?n FILTER(isIRI(?s))
        FILTER(REGEX(STR(?n), "the pack|facts-pack|read from the (page )?address|vocabulary has no", "i")) }""")
    )
    assert [r for r in rows if "/id/" in r["s"]] == []


def test_each_page_shows_the_notes_of_its_own_language(pages_server):
    """The 2016 term's notes are written in Finnish and English: each page shows its own, Swedish the Finnish ones
    marked as Finnish."""
    url = pages_server + "/id/body/kaupunkipolitiikan-yhteistyoryhma-2016"
    fi_note = "Lähteet ovat ristiriidassa puheenjohtajasta (ristiriita puheenjohtaja-2016)."
    en_note = "The sources disagree on the chair (conflict puheenjohtaja-2016)."
    fi, sv, en = (page_text(url, lang) for lang in LANGS)
    assert fi_note in fi and en_note not in fi and f'{fi_note}</span> <span class="lang-marker">' not in fi
    assert en_note in en and fi_note not in en
    assert f'{fi_note}</span> <span class="lang-marker">(på finska)</span>' in sv and en_note not in sv


def test_the_contract_row_on_notes(select):
    """docs/interop.md, row "Notes": researchers' notes are skos:note in Finnish (and English or Swedish where
    written); editorial notes are skos:editorialNote, and a query for skos:note does not return them."""
    editorial = {(r["s"], r["e"]) for r in select(q("SELECT ?s ?e WHERE { ?s skos:editorialNote ?e }"))}
    public = {(r["s"], r["n"]) for r in select(q("SELECT ?s ?n WHERE { ?s skos:note ?n }"))}
    assert editorial and not editorial & public
    langs = {r["l"] for r in select(q("SELECT DISTINCT (LANG(?n) AS ?l) WHERE { ?s skos:note ?n }"))}
    assert {"fi", "en"} <= langs <= {"fi", "sv", "en"}
    with_fi = select(q("""SELECT DISTINCT ?s WHERE { ?s skos:note ?n FILTER(LANG(?n) = "fi") }"""))
    assert len(with_fi) >= 70  # the audited files give every public note but those of source documents in Finnish
