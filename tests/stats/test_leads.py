"""``kgraph stats`` reports the leads of the facts pack (leads.md): every address is cited by a source
document or excluded with a reason (kgraph.stats.leads, data/leads-exclusions.yaml)."""

from __future__ import annotations


import pytest

from kgraph.stats import leads
from kgraph.stats.coverage import NOT_YET
from paths import ROOT

SHARED_LEADS = ROOT.parent / "shared" / "facts" / "leads.md"

TINY = """# Leads

Intro with https://example.org/not-a-lead in running text.

### D.1 Bodies

| URL | Facts held | Rel. |
|---|---|---|
| https://a.example/x ; https://www.b.example/y/ | facts https://c.example/in-the-facts-cell | H |
| http://d.example/page(60796) and https://e.example/en (2020 version) | facts | M |

### D.2 More

| URL | Facts | Rel. |
|---|---|---|
| https://vnk.example/fi (en: https://vnk.example/en) | facts | H |
"""


@pytest.fixture()
def tiny(tmp_path):
    path = tmp_path / "leads.md"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_addresses_are_read_from_the_first_cell_with_their_section(tiny):
    got = [(lead.section, lead.url) for lead in leads.read_leads(tiny)]
    assert got == [
        ("D.1", "https://a.example/x"),
        ("D.1", "https://www.b.example/y/"),
        ("D.1", "http://d.example/page(60796)"),
        ("D.1", "https://e.example/en"),
        ("D.2", "https://vnk.example/fi"),
        ("D.2", "https://vnk.example/en"),
    ]


def test_cited_excluded_and_not_yet(tiny):
    cited = {"https://a.example/x", "https://b.example/y", "https://d.example/page(60796)"}
    exclusions = {"https://e.example/en": "only an English copy", "https://gone.example/": "no longer a lead"}
    result = leads.coverage(leads.read_leads(tiny), cited, exclusions)
    assert result["addresses"] == 6 and result["in_graph"] == 3
    reasons = {x["url"]: x["reason"] for x in result["left_out"]}
    assert reasons == {
        "https://e.example/en": "only an English copy",
        "https://vnk.example/fi": NOT_YET,
        "https://vnk.example/en": NOT_YET,
    }
    assert result["stale_exclusions"] == ["https://gone.example/"]
    text = leads.render({"leads_file": str(tiny), "absent": False, **result})
    assert "3 of 6 addresses cited" in text and "D.2  https://vnk.example/fi  not yet modelled" in text
    assert "https://gone.example/" in text


def test_missing_leads_file_is_reported_not_raised(tmp_path, store):
    result = leads.compute(store, tmp_path)
    assert result["absent"] and "listing skipped" in leads.render(result)


MINE = ("D.3", "D.4", "D.5")
#: The D.1 rows this file's exclusions answer for: the thematic partnerships, the growth cities' network
#: and the six-city alliance's secretariat.
MINE_D1 = (
    "hyvinkaa.fi",
    "temaattiset-kumppanuudet",
    "mdi.fi/referenssit/keskisuurten",
    "hameenlinna.fi",
    "kokkola.fi",
    "hel-2023-010779",
)


def test_leads_of_agreements_programmes_and_publications_are_cited_or_excluded(store):
    if not SHARED_LEADS.is_file():
        pytest.skip("no facts pack next to the repository")
    result = leads.compute(store, SHARED_LEADS.parent)
    open_leads = [
        x
        for x in result["left_out"]
        if x["reason"] == NOT_YET
        and (x["section"] in MINE or (x["section"] == "D.1" and any(m in x["url"] for m in MINE_D1)))
    ]
    assert not open_leads, open_leads
    assert not result["stale_exclusions"], result["stale_exclusions"]
    table = leads.read_exclusions(leads.exclusions_file())
    assert all(len(reason) > 20 for reason in table.values())
