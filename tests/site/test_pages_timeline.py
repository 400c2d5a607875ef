"""The SVG timeline (kgraph.site.timeline): dates at source precision, layout and accessibility."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from kgraph.site import timeline
from kgraph.site.timeline import Group, Row, Texts, parse

SVG = "{http://www.w3.org/2000/svg}"
TEXTS = Texts(
    title="Members",
    description="3 rows",
    open_end="end not known",
    undated="term dates",
    legend={"chair": "chair", "member": "member"},
)


@pytest.mark.parametrize(
    "value, first, last",
    [
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2023-10", date(2023, 10, 1), date(2023, 10, 31)),
        ("2020-01-16", date(2020, 1, 16), date(2020, 1, 16)),
        ("2020-01-16T10:00:00", date(2020, 1, 16), date(2020, 1, 16)),
    ],
)
def test_a_date_covers_what_its_precision_says(value, first, last):
    span = parse(value)
    assert (span.first, span.last, span.text) == (first, last, value)


@pytest.mark.parametrize("value", [None, "", "soon", "2020-13", "2021-02-30"])
def test_what_is_not_a_date_is_none(value):
    assert parse(value) is None


def svg_of(groups) -> ET.Element:
    return ET.fromstring(timeline.render(groups, TEXTS, ident="t1"))


def term(rows, start="2020-01-16", end=None):
    return Group("Group 2020", tuple(rows), start=parse(start), end=parse(end), href="/id/body/x-2020")


def test_bars_diamonds_and_accessible_names():
    svg = svg_of(
        [
            term(
                [
                    Row(
                        "Chair", "chair", start=parse("2020-01-16"), end=parse("2023"), href="/id/mandate/a", title="a"
                    ),
                    Row("Open", "member", start=parse("2020-03")),
                    Row("Attested", "member", attested=(parse("2021"),)),
                ]
            )
        ]
    )
    assert svg.get("role") == "figure" and svg.get("aria-labelledby") == "t1-title t1-desc"
    assert svg.find(f"{SVG}title").text == "Members" and svg.find(f"{SVG}desc").text == "3 rows"
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "tl-bar"]
    assert len(bars) == 2
    closed, open_ = bars
    assert "stroke-dasharray" not in closed.attrib and open_.get("stroke-dasharray")
    assert len([p for p in svg.iter(f"{SVG}path") if p.get("class") == "tl-attested"]) == 1
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert "/id/mandate/a" in links and "/id/body/x-2020" in links
    tooltips = [t.text for t in svg.iter(f"{SVG}title")]
    assert any(t and "end not known" in t for t in tooltips)
    years = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert years[0] == "2020" and int(years[-1]) >= 2023


def test_bars_are_placed_in_time_order():
    svg = svg_of(
        [
            term(
                [
                    Row("Early", "chair", start=parse("2020"), end=parse("2020")),
                    Row("Late", "chair", start=parse("2022"), end=parse("2022")),
                ]
            )
        ]
    )
    early, late = [float(r.get("x")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "tl-bar"]
    assert early < late


def test_an_open_bar_stops_where_the_next_term_starts():
    first = term([Row("Open", "chair", start=parse("2020-01-16"))], start="2020-01-16")
    second = Group(
        "Group 2023", (Row("Next", "chair", start=parse("2023-10"), end=parse("2024")),), start=parse("2023-10")
    )
    svg = svg_of([first, second])
    open_bar, next_bar = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "tl-bar"]
    assert float(open_bar.get("x")) + float(open_bar.get("width")) == pytest.approx(float(next_bar.get("x")), abs=0.2)


def test_an_undated_row_is_drawn_hatched_over_its_group():
    svg = svg_of([term([Row("No dates", "member")], start="2020", end="2021")])
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "tl-bar")
    assert bar.get("fill") == "url(#t1-hatch)"


def test_no_dates_no_svg():
    assert timeline.render([Group("g", (Row("x", "member"),))], TEXTS) == ""
    assert timeline.render([], TEXTS) == ""


def test_text_is_escaped():
    svg = timeline.render([term([Row('<b>"x"</b> & y', "chair", start=parse("2020"), title="<i>")])], TEXTS)
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&amp; y" in svg
    ET.fromstring(svg)


def test_legend_names_every_category_with_a_distinct_colour():
    svg = svg_of(
        [
            term(
                [
                    Row("a", "chair", start=parse("2020")),
                    Row("b", "member", start=parse("2020")),
                    Row("c", "other", start=parse("2020")),
                ]
            )
        ]
    )
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "tl-legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["chair", "member", "other"]
    assert len({r.get("fill") for r in legend.iter(f"{SVG}rect")}) == 3


def test_a_mandate_with_one_end_borrows_the_other_from_its_term():
    texts = Texts("Bodies", "1 row", "end not known", "no dates", framed="from the term")
    term = dict(frame_start=parse("2016-05-12"), frame_end=parse("2019-06-06"))
    svg = ET.fromstring(
        timeline.render(
            [Group("City", rows=(Row("Group 2016–2019", "member", end=parse("2019-06-06"), **term),))], texts
        )
    )
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "tl-bar")
    years = [int(t.text) for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert years[0] == 2016, "the axis covers the term, not only the mandate's end"
    assert float(bar.get("width")) > 200 and bar.get("fill", "").startswith("url(#"), "drawn over the term, hatched"
    assert "from the term" in svg.find(f".//{SVG}g[@class='tl-row']").find(f".//{SVG}title").text
