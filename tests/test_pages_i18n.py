"""The user interface languages (kgraph.site.i18n): choice of language, labels, dates, completeness."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgraph.site import i18n

TEMPLATES = Path(__file__).resolve().parent.parent / "kgraph" / "site" / "templates"


@pytest.mark.parametrize("header, expected", [
    (None, "fi"), ("", "fi"), ("sv", "sv"), ("sv-FI,sv;q=0.9", "sv"), ("en-GB,en;q=0.8,fi;q=0.5", "en"),
    ("de-DE,de;q=0.9,en;q=0.8", "en"), ("de", "fi"), ("fi;q=0.2,sv;q=0.9", "sv"), ("en;q=0,sv;q=0.1", "sv"),
    ("*", "fi"), ("en;q=oops,sv", "sv"),
])
def test_accept_language(header, expected):
    assert i18n.negotiate(header) == expected


def test_explicit_choice_then_remembered_then_header():
    assert i18n.negotiate("en", explicit="sv", remembered="fi") == "sv"
    assert i18n.negotiate("en", explicit="xx", remembered="fi") == "fi"
    assert i18n.negotiate("en", explicit=None, remembered="de") == "en"


def test_label_choice_prefers_the_reader_then_names_then_finnish():
    values = [("Helsingfors", "sv"), ("Helsinki", "fi"), ("Helsinki city", "en")]
    assert i18n.pick(values, "sv") == ("Helsingfors", "sv")
    assert i18n.pick(values, "en") == ("Helsinki city", "en")
    assert i18n.pick([("Anna", ""), ("Anna fi", "fi")], "sv") == ("Anna", "")
    assert i18n.pick([("vain suomeksi", "fi")], "en") == ("vain suomeksi", "fi")
    assert i18n.pick([], "fi") is None


@pytest.mark.parametrize("value, lang, expected", [
    ("2020-01-16", "fi", "16.1.2020"), ("2020-01-16", "sv", "16.1.2020"), ("2020-01-16", "en", "16 January 2020"),
    ("2023-10", "fi", "lokakuu 2023"), ("2023-10", "sv", "oktober 2023"), ("2023-10", "en", "October 2023"),
    ("2019", "en", "2019"), ("not a date", "fi", "not a date"),
])
def test_dates_keep_their_precision(value, lang, expected):
    assert i18n.format_date(value, lang) == expected


def test_every_string_exists_in_every_language():
    assert not i18n.missing_translations()


def test_templates_use_only_known_strings():
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""page\.t\(\s*["']([a-z_]+)["']""", template.read_text(encoding="utf-8")))
    assert used and not used - set(i18n.STRINGS), sorted(used - set(i18n.STRINGS))
