"""A body's page shows who sat in it on a day (?date=D), in Finnish, Swedish and English, over a real server."""

from __future__ import annotations

import re

import pytest
import requests

BODY = "/id/body/kaupunkipolitiikan-yhteistyoryhma"


def rows(html: str) -> list[str]:
    table = html.split('class="mandates composition-table"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", r).strip() for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]]


def test_without_a_day_the_page_leads_with_todays_composition_and_offers_the_form(pages_server):
    from datetime import datetime, timezone

    today = datetime.now(timezone.utc).date()
    html = requests.get(pages_server + BODY, params={"lang": "fi"}, timeout=30).text
    assert 'name="date"' in html and "Kokoonpano tiettynä päivänä" not in html
    assert f"Nykyinen kokoonpano ({today.day}.{today.month}.{today.year})" in html
    assert html.index('id="composition"') < html.index('id="properties"'), "the composition comes first"
    found = rows(html)
    # data/cooperation-group.ttl: the 2023 term (from 2023-10, no end) has chair Anna-Kaisa Ikonen and vice-chair
    # Tomas Häyry (on behalf of Vaasa); the 2020 term ended 2023-06-20 (Mika Lintilä its chair); Katja Palonen's
    # contact-person mandate has no dates, so no source puts it in force
    assert any(r.startswith("puheenjohtaja") and "Anna-Kaisa Ikonen" in r for r in found)
    assert any(r.startswith("varapuheenjohtaja") and "Tomas Häyry" in r and "Vaasa" in r for r in found)
    assert not any("Mika Lintilä" in r or "Katja Palonen" in r for r in found)


@pytest.mark.parametrize(
    "lang, heading, chair",
    [
        ("fi", "Kokoonpano 1.1.2021", "puheenjohtaja"),
        ("sv", "Sammansättning 1.1.2021", "ordförande"),
        ("en", "Composition on 1 January 2021", "chair"),
    ],
)
def test_composition_on_a_day_in_each_language(pages_server, lang, heading, chair):
    r = requests.get(pages_server + BODY, params={"date": "2021-01-01", "lang": lang}, timeout=30)
    assert r.status_code == 200
    assert heading in r.text, re.findall(r'<h2 id="composition">(.*?)</h2>', r.text)
    found = rows(r.text)
    assert any(row.startswith(chair) and "Mika Lintilä" in row for row in found)
    assert len([row for row in found if "Mika Lintilä" in row or "Pekka Timonen" in row]) == 2
    assert not any("Krista Mikkonen" in row or "Jyri Häkämies" in row for row in found)
    assert len(found) == 9  # the 2020 term's chair, vice-chair and seven members (the cases' sources)


def test_a_disputed_holder_is_shown_as_disputed(pages_server):
    r = requests.get(pages_server + BODY, params={"date": "2016-05-12", "lang": "en"}, timeout=30)
    rehn = [row for row in rows(r.text) if "Olli Rehn" in row]
    assert rehn and "sources disagree" in rehn[0]
    assert 'href="/id/conflict/puheenjohtaja-2016' in r.text


def test_no_holder_known_on_a_day(pages_server):
    r = requests.get(pages_server + BODY, params={"date": "2015-01-01", "lang": "en"}, timeout=30)
    assert "The sources do not say who held the mandates on 1 January 2015." in r.text


def test_a_bad_day_is_a_clear_error(pages_server):
    r = requests.get(pages_server + BODY, params={"date": "2021-02-30<script>", "lang": "fi"}, timeout=30)
    assert r.status_code == 400
    assert "ei ole päivämäärä" in r.text and "<script>" not in r.text


def test_a_mandate_without_a_known_end_says_so_and_when_a_source_last_showed_it(pages_server):
    html = requests.get(pages_server + "/id/city/helsinki", params={"lang": "en", "date": "2026-12-01"}, timeout=30)
    found = rows(html.text)
    # data/people-history.ttl: Jussi Pajunen's city-manager mandate is only attested, on 3.11.2011;
    # data/city-leaders.ttl: Juhana Vartiainen mayor from 2021, attested 12.8.2021 and 25.11.2021, no end stated
    pajunen = next(r for r in found if "Jussi Pajunen" in r)
    assert "attested 3 November 2011" in pajunen and "(end not known)" in pajunen
    vartiainen = next(r for r in found if "Juhana Vartiainen" in r)
    assert "2021 –" in vartiainen and "(last shown by a source 25 November 2021; end not known)" in vartiainen
    assert "presumed to continue" in html.text and "certainly" not in html.text.split('id="composition"')[1][:2000]
