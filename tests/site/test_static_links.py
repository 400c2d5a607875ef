"""The static site's relative links: computed from the names alone, they agree with ``posixpath.relpath``."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from kgraph.site.render import StaticLinks, relative_path

NAME = st.sampled_from(["id", "person", "body", "x.fi.html", "index.sv.html", "static", "pages", "a", "b"])
FOLDER = st.lists(NAME, max_size=4).map("/".join)
TARGET = st.tuples(st.integers(0, 2), st.lists(NAME, min_size=1, max_size=4)).map(
    lambda t: "/".join([".."] * t[0] + t[1])
)


@given(target=TARGET, start=FOLDER)
def test_the_same_as_relpath(target, start):
    assert relative_path(target, start) == posixpath.relpath(target, start or ".")


def test_links_of_a_page_in_a_folder():
    links = StaticLinks("sv", "id/person/anna", downloads={"void.ttl": "../void.ttl"})
    assert links.page("id/person/mari") == "mari.sv.html"
    assert links.page("id/body/kpyr", "k2020") == "../body/kpyr.sv.html#k2020"
    assert links.home() == "../../index.sv.html"
    assert links.asset("pages.css") == "../../static/pages/pages.css"
    assert links.downloads == {"void.ttl": "../../../void.ttl"}
    assert StaticLinks("fi", "").page("id/") == "id/index.fi.html"
    assert StaticLinks("fi", "id/").page("id/") == "index.fi.html"
