"""The composition of a body shown on its page: who sits in it today, or on the day ``?date=D`` asks about.

A body's page leads with its composition in force on the day of the request (the server) or of the build (the
static site, which says so and offers no form). The rows come from :func:`kgraph.query.composition.composition`
(the temporal model's in-force bounds); this module only turns them into what ``templates/composition.html``
shows, in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..query.composition import CompositionError, Seat, composition, parse_day


@dataclass
class CompositionView:
    day: str = ""  # the day asked about (ISO), "" when the page was opened without ?date=
    seats: list[Seat] = field(default_factory=list)
    error: str = ""  # the UI key of what was wrong with ?date=
    current: bool = False  # the day is today's (the server) or the build's (the static site), not one asked for
    interactive: bool = True  # the page can ask for another day (the server's form; not the static site)

    @staticmethod
    def node(iri: str) -> "Linked":
        """A node the page helpers can link (our IRIs that have a page)."""
        return Linked(iri)


@dataclass(frozen=True)
class Linked:
    """An IRI of ours with a page, as the page helpers' link policy reads it."""

    value: str
    kind: str = "iri"
    described: bool = True
    labels: tuple = ()

    @property
    def is_iri(self) -> bool:
        return True

    @property
    def is_literal(self) -> bool:
        return False


def view(
    store, iri: str, on: str | None, lang: str, has_members: bool, today: date, *, interactive: bool = True
) -> CompositionView | None:
    """The view for the page of ``iri`` on the day ``on`` asks about, else on ``today``; None when the resource
    has no mandates to compose."""
    if not has_members:
        return None
    if on is None:
        seats = composition(store, iri, today, lang=lang)
        return CompositionView(day=today.isoformat(), seats=seats, current=True, interactive=interactive)
    try:
        day = parse_day(on)
    except CompositionError:
        return CompositionView(day=on[:40], error="composition_bad_date")
    return CompositionView(day=day.isoformat(), seats=composition(store, iri, day, lang=lang))


def is_day(text: str) -> bool:
    """True when ``?date=`` names a day (else the page answers 400 with the view's message)."""
    try:
        parse_day(text)
    except CompositionError:
        return False
    return True
