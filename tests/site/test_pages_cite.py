"""Pages researchers cite, over a real server and in the static site: "cite this" (text, BibTeX, CSL-JSON), the
publications of persons and organisations, terms told apart by period and register number, timelines whose axes
cover the data, the body page's layout, and the embedded schema.org JSON-LD.

Expected publications, periods and names are written by hand from data/*.ttl (the file is named at each).
"""

from __future__ import annotations

import html as htmllib
import json
import re
from datetime import datetime, timezone

import pytest
import requests

BASE = "https://w3id.org/kaupunkipolitiikka/"
BODY = "/id/body/kaupunkipolitiikan-yhteistyoryhma"
HELSINKI = "/id/city/helsinki"
VAATTOVAARA = "/id/person/mari-vaattovaara"
BOOK = "/id/publication/kaupunki-politiikassa"

#: The item properties of the CSL schema (citation-style-language/schema, schemas/input/csl-data.json) that a
#: citation of ours may use, with the JSON types the schema allows them; "additionalProperties": false there.
CSL_FIELDS = {
    "id": (str, int),
    "type": (str,),
    "title": (str,),
    "container-title": (str,),
    "publisher": (str,),
    "version": (str,),
    "URL": (str,),
    "note": (str,),
    "language": (str,),
    "accessed": (dict,),
    "issued": (dict,),
}
CSL_TYPES = {"dataset", "webpage", "entry", "document"}  # among the schema's enum


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def built(store) -> str:
    return store.manifest["built"][:10]


def version(store) -> str:
    return f"{store.manifest['kgraph']}+{built(store).replace('-', '')}"


def get(url: str, **params) -> requests.Response:
    r = requests.get(url, params=params, timeout=30)
    r.raise_for_status()
    return r


def text_of(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, ident: str) -> str:
    start = page.index(f'id="{ident}"')
    end = page.find("<section", start)
    return page[start : end if end > 0 else len(page)]


def json_ld(page: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1, "one schema.org block"
    return json.loads(found[0])


# ---------------------------------------------------------------- cite this


def test_cite_this_names_the_iri_the_build_and_today(pages_server, store):
    page = get(pages_server + HELSINKI, lang="en").text
    cite = text_of(section(page, "cite"))
    assert f"{BASE}id/city/helsinki" in cite
    assert f"version {version(store)}" in cite
    now = datetime.now(timezone.utc).date()
    months = "January February March April May June July August September October November December".split()
    assert f"Accessed {now.day} {months[now.month - 1]} {now.year}" in cite
    assert 'href="/id/city/helsinki.bib"' in page and 'href="/id/city/helsinki.csl.json"' in page


def test_bibtex_by_suffix_and_by_accept(pages_server, store):
    by_suffix = get(pages_server + HELSINKI + ".bib", lang="fi")
    assert by_suffix.headers["Content-Type"].startswith("application/x-bibtex")
    by_accept = requests.get(pages_server + HELSINKI, headers={"Accept": "application/x-bibtex"}, timeout=30)
    assert by_accept.status_code == 200 and by_accept.headers["Content-Type"].startswith("application/x-bibtex")
    for body in (by_suffix.text, by_accept.text):
        assert body.startswith("@misc{kp-city-helsinki,\n")
        assert "  title = {{Helsinki}},\n" in body  # data/cities.ttl: skos:prefLabel "Helsinki"@fi
        assert f"  url = {{{BASE}id/city/helsinki}},\n" in body
        assert f"  urldate = {{{today()}}},\n" in body
        assert f"  version = {{{version(store)}}},\n" in body
        assert body.count("{") == body.count("}")


def test_csl_json_by_suffix_and_by_accept_follows_the_schema(pages_server, store):
    by_suffix = get(pages_server + VAATTOVAARA + ".csl.json", lang="en")
    media = "application/vnd.citationstyles.csl+json"
    assert by_suffix.headers["Content-Type"].startswith(media)
    by_accept = requests.get(pages_server + VAATTOVAARA, headers={"Accept": media}, timeout=30)
    assert by_accept.headers["Content-Type"].startswith(media)
    for items in (by_suffix.json(), by_accept.json()):
        assert isinstance(items, list) and len(items) == 1
        item = items[0]
        assert {"id", "type"} <= set(item) and item["type"] in CSL_TYPES
        for key, value in item.items():
            assert key in CSL_FIELDS and isinstance(value, CSL_FIELDS[key]), key
        for key in ("accessed", "issued"):
            parts = item[key]["date-parts"]
            assert set(item[key]) == {"date-parts"} and len(parts) == 1 and 1 <= len(parts[0]) <= 3
        assert item["title"] == "Mari Vaattovaara"  # data/publications.ttl's author, foaf:name
        assert item["URL"] == f"{BASE}id/person/mari-vaattovaara"
        assert item["version"] == version(store)
        assert item["accessed"] == {"date-parts": [[int(p) for p in today().split("-")]]}


def test_citations_of_what_the_graph_does_not_hold_are_not_found(pages_server):
    assert requests.get(pages_server + "/id/person/nobody.bib", timeout=30).status_code == 404
    assert requests.get(pages_server + "/id/person/nobody.csl.json", timeout=30).status_code == 404


# ---------------------------------------------------------------- publications


def publication_rows(page: str) -> list[str]:
    table = section(page, "publications").split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [text_of(r) for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_a_person_page_lists_the_publications_newest_first(pages_server):
    rows = publication_rows(get(pages_server + VAATTOVAARA, lang="en").text)
    # data/publications.ttl and publications-more.ttl: dcterms:creator person:mari-vaattovaara of three
    assert rows == [
        "Kaupunkipolitiikan uusi alku? report 1 June 2022 author",
        "Kaupunki politiikassa – Yhteiskunta, ihminen ja ihana kaupunki book 2021 author",
        "Kaupungit politiikassa? Kolme teesiä ja seitsemän askelta tulevaisuuteen discussion paper 3 September 2020 "
        "author",
    ]


def test_an_editor_is_listed_as_editor(pages_server):
    rows = publication_rows(get(pages_server + "/id/person/eero-holstila", lang="fi").text)
    # data/publications-more.ttl: kp:editor person:eero-holstila; the press release gives no year
    assert rows == ["Kaupunkipolitiikan uusi aika kirja ei päivämäärää toimittaja"]


def test_an_organisation_page_lists_what_it_published(pages_server):
    rows = publication_rows(get(pages_server + "/id/org/suomen-kuntaliitto", lang="en").text)
    # data/publications.ttl, publications-more.ttl: dcterms:publisher kporg:suomen-kuntaliitto of two
    assert [r.split(" ")[0] for r in rows] == ["Kaupunkipoliittinen", "Suurten"]
    assert rows[0].endswith("2021 publisher") and rows[1].endswith("2009 publisher")


# ---------------------------------------------------------------- terms and timelines


def test_a_city_tells_the_terms_apart_and_its_timeline_covers_them(pages_server):
    page = get(pages_server + HELSINKI, lang="en").text
    bodies = section(page, "bodies_of_city")
    # data/cooperation-group*.ttl: Helsinki is represented in the 2016 (2016-05-12 – 2019-06-06), 2020
    # (2020-01-16 – 2023-06-20, TEM070:00/2019) and 2023 (from 2023-10, TEM075:00/2023) terms
    table = text_of(bodies.split("<table", 1)[1])
    assert "Kaupunkipolitiikan yhteistyöryhmä 2016–2019" in table
    assert "Kaupunkipolitiikan yhteistyöryhmä 2020–2023 (TEM070:00/2019)" in table
    assert "Urban Policy Committee 2023– (TEM075:00/2023)" in table
    svg = bodies.split("<svg", 1)[1].split("</svg>", 1)[0]
    years = [int(y) for y in re.findall(r'text-anchor="middle" fill="#1a1a1a">(\d{4})</text>', svg)]
    assert years[0] <= 2016 and years[-1] >= 2024, years
    labels = [htmllib.unescape(t) for t in re.findall(r'text-anchor="end" fill="#1a1a1a">([^<]*)</text>', svg)]
    assert any(label.endswith(" 2016–2019") for label in labels), labels
    assert any(label.endswith(" 2020–2023") for label in labels), labels
    # the 2016 and 2020 mandates have only an end: their bars span the term (hatched), not a 3-pixel stub
    for row in re.findall(r'<g class="tl-row">(.*?)</g>', svg, re.S):
        if "2016–2019" in row or "2020–2023" in row:
            width = float(re.search(r'class="tl-bar"[^>]* width="([\d.]+)"', row).group(1))
            assert width > 100 and "url(#" in row, row


def test_the_body_page_leads_with_the_composition_and_folds_each_term(pages_server):
    page = get(pages_server + BODY, lang="fi").text
    order = [page.index(f'id="{i}"') for i in ("composition", "properties", "members", "cite")]
    assert order == sorted(order)
    # data/cooperation-group*.ttl: members are recorded for the 2011, 2016, 2020 and 2023 terms (none for 1996)
    summaries = [text_of(s) for s in re.findall(r'<details class="term"[^>]*>\s*<summary>(.*?)</summary>', page, re.S)]
    assert summaries == [
        "Kaupunkipolitiikan yhteistyöryhmä 2011–2014",
        "Kaupunkipolitiikan yhteistyöryhmä 2016–2019",
        "Kaupunkipolitiikan yhteistyöryhmä 2020–2023 (TEM070:00/2019)",
        "Kaupunkipolitiikan yhteistyöryhmä 2023– (TEM075:00/2023)",
    ]
    history = section(page, "members")
    outside = re.sub(r'<details class="term".*?</details>', "", history, flags=re.S)
    assert "<table" not in outside, "the members' tables are inside the folded terms only"
    overview = outside.split("<svg", 1)[1]
    assert overview.count('class="tl-row"') == 5, "one bar per term, 1996 included"
    assert 'href="#term-kaupunkipolitiikan-yhteistyoryhma-2020"' in overview


# ---------------------------------------------------------------- schema.org


@pytest.mark.parametrize(
    "path, types",
    [
        (VAATTOVAARA, ["Person"]),
        (HELSINKI, ["GovernmentOrganization"]),
        (BODY, ["Organization"]),
        (BOOK, ["Book"]),
        ("/id/publication/suurten-kaupunkien-tulevaisuus", ["Report"]),
    ],
)
def test_each_page_embeds_schema_org(pages_server, path, types):
    data = json_ld(get(pages_server + path, lang="en").text)
    assert data["@context"] == "https://schema.org" and data["@id"] == BASE + path[1:]
    assert data["@type"] == types


def test_schema_org_of_a_book_names_its_authors_and_publisher(pages_server):
    data = json_ld(get(pages_server + BOOK, lang="fi").text)
    # data/publications-more.ttl: four dcterms:creator, dcterms:issued 2021, dcterms:publisher kporg:vastapaino
    authors = sorted(a["@id"].rsplit("/", 1)[-1] for a in data["author"])
    assert authors == ["anssi-joutsiniemi", "jenni-airaksinen", "mari-vaattovaara", "markku-wilenius"]
    assert data["datePublished"] == "2021"
    assert data["publisher"]["@id"] == BASE + "id/org/vastapaino"
    assert "editorialNote" not in json.dumps(data)


def test_schema_org_of_a_city_says_where_it_sits_and_its_wikidata_item(pages_server):
    data = json_ld(get(pages_server + HELSINKI, lang="sv").text)
    assert data["sameAs"]["@id"] == "http://www.wikidata.org/entity/Q1757"  # data/cities.ttl skos:exactMatch
    assert {"@value": "Helsingfors", "@language": "sv"} in data["name"]
    assert BASE + "id/org/c21" in {m["@id"] for m in data["memberOf"]}


def test_json_in_a_script_cannot_end_it():
    from kgraph.site.structured import script_json

    text = script_json({"name": "</script><script>alert(1)</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script><!-- & -->"}


# ---------------------------------------------------------------- the static site


def test_the_static_site_cites_the_build_day_as_its_publication(package, store):
    site = package / "site"
    page = (site / "id/city/helsinki.en.html").read_text(encoding="utf-8")
    cite = text_of(section(page, "cite"))
    day = datetime.fromisoformat(built(store)).date()
    months = "January February March April May June July August September October November December".split()
    assert f"Published {day.day} {months[day.month - 1]} {day.year}" in cite
    assert "not your day of access" in cite
    assert 'href="helsinki.bib"' in page and 'href="helsinki.csl.json"' in page
    bib = (site / "id/city/helsinki.bib").read_text(encoding="utf-8")
    assert f"  urldate = {{{built(store)}}},\n" in bib and "julkaistu" in bib
    items = json.loads((site / "id/city/helsinki.csl.json").read_text(encoding="utf-8"))
    assert items[0]["accessed"] == items[0]["issued"] == {"date-parts": [[day.year, day.month, day.day]]}


def test_the_static_body_page_shows_the_composition_of_the_build_day_without_a_form(package, store):
    page = (package / "site/id/body/kaupunkipolitiikan-yhteistyoryhma.sv.html").read_text(encoding="utf-8")
    day = datetime.fromisoformat(built(store)).date()
    assert f"Sammansättningen på webbplatsens publiceringsdag {day.day}.{day.month}.{day.year}" in page
    assert "composition-form" not in page and 'class="mandates composition-table"' in page
    assert page.count('<details class="term"') == 4
