"""The user interface languages (kgraph.site.i18n; the choice by Accept-Language in server.negotiate).

Choice of language, labels, dates; completeness is tests/site/test_translations.py.
"""

from __future__ import annotations


import pytest

from kgraph.site import i18n
from server import negotiate
from paths import ROOT

TEMPLATES = ROOT / "kgraph" / "site" / "templates"


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, "fi"),
        ("", "fi"),
        ("sv", "sv"),
        ("sv-FI,sv;q=0.9", "sv"),
        ("en-GB,en;q=0.8,fi;q=0.5", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "en"),
        ("de", "fi"),
        ("fi;q=0.2,sv;q=0.9", "sv"),
        ("en;q=0,sv;q=0.1", "sv"),
        ("*", "fi"),
        ("en;q=oops,sv", "sv"),
    ],
)
def test_accept_language(header, expected):
    assert negotiate.language(header, i18n.LANGUAGES, i18n.DEFAULT) == expected


def test_explicit_choice_then_remembered_then_header():
    def choose(header, **kwargs):
        return negotiate.language(header, i18n.LANGUAGES, i18n.DEFAULT, **kwargs)

    assert choose("en", explicit="sv", remembered="fi") == "sv"
    assert choose("en", explicit="xx", remembered="fi") == "fi"
    assert choose("en", explicit=None, remembered="de") == "en"


def test_label_choice_prefers_the_reader_then_names_then_finnish():
    values = [("Helsingfors", "sv"), ("Helsinki", "fi"), ("Helsinki city", "en")]
    assert i18n.pick(values, "sv") == ("Helsingfors", "sv")
    assert i18n.pick(values, "en") == ("Helsinki city", "en")
    assert i18n.pick([("Anna", ""), ("Anna fi", "fi")], "sv") == ("Anna", "")
    assert i18n.pick([("vain suomeksi", "fi")], "en") == ("vain suomeksi", "fi")
    assert i18n.pick([], "fi") is None


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        ("2020-01-16", "fi", "16.1.2020"),
        ("2020-01-16", "sv", "16.1.2020"),
        ("2020-01-16", "en", "16 January 2020"),
        ("2023-10", "fi", "lokakuu 2023"),
        ("2023-10", "sv", "oktober 2023"),
        ("2023-10", "en", "October 2023"),
        ("2019", "en", "2019"),
        ("not a date", "fi", "not a date"),
    ],
)
def test_dates_keep_their_precision(value, lang, expected):
    assert i18n.format_date(value, lang) == expected


@pytest.mark.parametrize(
    "value, days, shown",
    [
        ("2020", ("2020-01-01", "2020-12-31"), "2020"),
        ("2020-02", ("2020-02-01", "2020-02-29"), "helmikuu 2020"),
        ("2020-01-16", ("2020-01-16", "2020-01-16"), "16.1.2020"),
        ("2020-01-16T09:30:00+02:00", ("2020-01-16", "2020-01-16"), "16.1.2020"),  # a dateTime: its date
        ("-0044", None, "-0044"),  # before year 1: written as given, not on a timeline
        ("16.1.2020", None, "16.1.2020"),  # not an XSD date: left as it is
    ],
)
def test_pages_and_timelines_read_a_date_alike(value, days, shown):
    """One reading of a source's date: the page text and the timeline bar agree on what it covers."""
    from kgraph.site import timeline

    span = timeline.parse(value)
    assert (None if span is None else (span.first.isoformat(), span.last.isoformat())) == days
    assert i18n.format_date(value, "fi") == shown
