"""SVG timelines: a body's members per term and role, a person's mandates.

Pure layout and drawing: the caller passes groups of rows (see
:func:`kgraph.site.timeline.Row`), dates as the sources give them (``2020``,
``2020-01`` or ``2020-01-16``), and gets one self-contained, accessible SVG
element back (no script, no external style; every text escaped). The element is a ``figure`` (not ``img``, whose
content is presentational: its rows are links to the mandates), named by its title and description.

A bar runs from the first day its start covers to the last day its end
covers; a bar without an end runs to the right edge, drawn lighter with a
dashed outline ("end not known"); a date at which a source only attests a
mandate is a diamond. A row with no date of its own is drawn over its
group's period, hatched, so that a term's members show across the term
while the table next to it keeps what the source says; a row that has only
an end (or only a start) and belongs to a term with a period (``frame_start``,
``frame_end``) borrows the missing bound from the term, also hatched. The axis
covers every date drawn, the terms' periods included.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

#: Fill colours, each at least 4.5:1 against white (WCAG non-text contrast needs 3:1).
PALETTE = ("#1b4f8a", "#b3411a", "#2d6a2e", "#6b3fa0", "#7a5200", "#0f6466", "#a3245b", "#4d4d4d")

WIDTH = 960
LABEL_WIDTH = 250
LABEL_CHARS = 34  # the longest row label drawn whole in LABEL_WIDTH
RIGHT_PAD = 20
AXIS_HEIGHT = 30
GROUP_HEIGHT = 24
ROW_HEIGHT = 20
BAR_HEIGHT = 12
LEGEND_ROW = 20
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Span:
    """A date at the precision of its source: the first and last day it covers."""

    text: str
    first: date
    last: date


def date_parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date at the precision its source gives (xsd:gYear, gYearMonth, date, or the date
    part of a dateTime), month and day None where it says nothing; None for anything else.

    The one reading of such dates: the timeline and the pages' date formatting both use it.
    """
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()  # the year is always there
    return int(year), int(month) if month else None, int(day) if day else None


def parse(value: str | None) -> Span | None:
    """``2020`` covers the year, ``2020-01`` the month, ``2020-01-16`` the day; else (or before year 1) None."""
    parts = date_parts(value)
    if parts is None or value is None:  # date_parts(None) is None
        return None
    year, month, day = parts
    try:
        if day and month:  # the pattern has no day without a month
            d = date(year, month, day)
            return Span(value, d, d)
        if month:
            return Span(value, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        return Span(value, date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None


@dataclass(frozen=True)
class Row:
    """One line of a timeline: a mandate (or any period) of one member."""

    label: str
    category: str
    start: Span | None = None
    end: Span | None = None
    attested: tuple[Span, ...] = ()
    href: str | None = None
    title: str = ""  # the tooltip: who, which role, when, from which source
    frame_start: Span | None = None  # the period of the term the mandate belongs to, where the row lacks its own
    frame_end: Span | None = None

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end or self.attested)


@dataclass(frozen=True)
class Group:
    """Rows under one heading (a term of a body, an organisation); its period is drawn as a band."""

    label: str
    rows: tuple[Row, ...]
    start: Span | None = None
    end: Span | None = None
    href: str | None = None


@dataclass
class Texts:
    """The words a timeline needs, in the reader's language."""

    title: str
    description: str
    open_end: str
    undated: str
    framed: str = ""  # a bar that borrows its term's start or end
    legend: dict[str, str] = field(default_factory=dict)  # category -> label, in legend order


def _days(groups: list[Group]) -> list[date]:
    days = []
    for g in groups:
        for span in (g.start, g.end):
            if span:
                days += [span.first, span.last]
        for r in g.rows:
            for span in (r.start, r.end, r.frame_start, r.frame_end, *r.attested):
                if span:
                    days += [span.first, span.last]
    return days


def has_dates(groups: list[Group]) -> bool:
    return bool(_days(groups))


class _Scale:
    def __init__(self, groups: list[Group]):
        days = _days(groups)
        opens = [r.start.first for g in groups for r in g.rows if r.start and not r.end]
        opens += [g.start.first for g in groups if g.start and not g.end]
        last = max(days + [d + timedelta(days=365) for d in opens])
        self.y0, self.y1 = min(days).year, last.year + 1
        self.origin = date(self.y0, 1, 1).toordinal()
        self.length = date(self.y1, 1, 1).toordinal() - self.origin
        self.right = date(self.y1, 1, 1)

    def x(self, day: date) -> float:
        plot = WIDTH - LABEL_WIDTH - RIGHT_PAD
        return round(LABEL_WIDTH + (day.toordinal() - self.origin) / self.length * plot, 1)

    def ticks(self) -> list[int]:
        years = self.y1 - self.y0
        step = 1 if years <= 12 else 2 if years <= 24 else 5
        return [y for y in range(self.y0, self.y1 + 1) if (y - self.y0) % step == 0 or y == self.y1]


def _attr(value: str) -> str:
    return escape(value, quote=True)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """A row label cut to ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(href: str | None, inner: str) -> str:
    return f'<a href="{_attr(href)}">{inner}</a>' if href else inner


def _bar(
    scale: _Scale, row: Row, group: Group, y: float, colour: str, texts: Texts, hatch: str, open_until: date
) -> str:
    parts = []
    start = row.start or row.frame_start or (group.start if not row.dated else None)
    end = row.end or (row.frame_end if row.start or row.end else None) or (group.end if not row.dated else None)
    # a bar drawn (in part) over its term's or group's period rather than the row's own dates is hatched
    hatched = (
        not row.dated or (start is not row.start and start is not None) or (end is not row.end and end is not None)
    )
    if start or end:
        if end:
            x0 = scale.x(start.first if start else end.first)
            x1 = scale.x(end.last + timedelta(days=1))
        elif start:
            x0 = scale.x(start.first)
            x1 = scale.x(max(open_until, start.last + timedelta(days=1)))
        width = max(x1 - x0, 3.0)
        if hatched:
            style = f'fill="url(#{_attr(hatch)})" stroke="{colour}" stroke-width="1.5"'
        elif end:
            style = f'fill="{colour}"'
        else:
            style = f'fill="{colour}" fill-opacity="0.55" stroke="{colour}" stroke-dasharray="4 3"'
        parts.append(
            f'<rect class="tl-bar" x="{x0}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" '
            f'width="{round(width, 1)}" height="{BAR_HEIGHT}" rx="2" {style}/>'
        )
    for span in row.attested:
        cx, cy, r = scale.x(span.first + (span.last - span.first) / 2), y + ROW_HEIGHT / 2, 6
        parts.append(
            f'<path class="tl-attested" d="M{cx} {cy - r}L{cx + r} {cy}L{cx} {cy + r}L{cx - r} {cy}Z" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
        )
    tooltip = row.title + ("" if row.end or not row.start else f" ({texts.open_end})")
    tooltip += f" ({texts.undated if not row.dated else texts.framed})" if hatched else ""
    label = (
        f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT / 2 + 4}" text-anchor="end" '
        f'fill="{TEXT}">{escape(shorten(row.label))}</text>'
    )
    inner = f"<title>{escape(tooltip)}</title>{label}{''.join(parts)}"
    return f'<g class="tl-row">{_link(row.href, inner)}</g>'


def _open_until(group: Group, later: list[Group], scale: _Scale) -> date:
    """Where bars without an end stop: the group's end, else the start of the next group that starts
    after this one (the next term of a body), else the right edge."""
    if group.end:
        return group.end.last + timedelta(days=1)
    starts = [g.start.first for g in later if g.start and (not group.start or g.start.first > group.start.last)]
    return min(starts) if starts else scale.right


def render(groups: list[Group], texts: Texts, *, ident: str = "timeline") -> str:
    """The SVG element for ``groups``; an empty string when nothing in them is dated."""
    groups = [g for g in groups if g.rows]
    if not has_dates(groups):
        return ""
    scale = _Scale(groups)
    categories = list(texts.legend) + sorted({r.category for g in groups for r in g.rows} - set(texts.legend))
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    hatch = f"{ident}-hatch"
    bands, body, y = [], [], AXIS_HEIGHT
    for number, g in enumerate(groups):
        top = y
        y += GROUP_HEIGHT
        until = _open_until(g, groups[number + 1 :], scale)
        rows = [
            _bar(scale, r, g, y + i * ROW_HEIGHT, colours[r.category], texts, hatch, until)
            for i, r in enumerate(g.rows)
        ]
        y += len(g.rows) * ROW_HEIGHT
        if g.start:
            x0 = scale.x(g.start.first)
            x1 = scale.x(until)
            bands.append(
                f'<rect class="tl-band" x="{x0}" y="{top}" width="{round(max(x1 - x0, 2), 1)}" '
                f'height="{y - top}" fill="#e8eef6"/>'
            )
        heading = _link(
            g.href,
            f'<text x="4" y="{top + 16}" font-weight="bold" fill="{TEXT}">{escape(shorten(g.label, 90))}</text>',
        )
        rule = f'<line x1="0" x2="{WIDTH}" y1="{top}" y2="{top}" stroke="#c8ced6"/>'
        body.append(f'<g class="tl-group">{rule}{heading}{"".join(rows)}</g>')
    plot_bottom = y
    axis = []
    for year in scale.ticks():
        x = scale.x(date(year, 1, 1))
        axis.append(
            f'<line x1="{x}" x2="{x}" y1="{AXIS_HEIGHT - 6}" y2="{plot_bottom}" stroke="#c8ced6" '
            f'stroke-width="1"/><text x="{x}" y="{AXIS_HEIGHT - 10}" text-anchor="middle" '
            f'fill="{TEXT}">{year}</text>'
        )
    legend, lx, ly = [], LABEL_WIDTH, plot_bottom + 18
    for category in categories:
        text = texts.legend.get(category, category)
        advance = 28 + 7 * len(text)
        if lx + advance > WIDTH - RIGHT_PAD and lx > LABEL_WIDTH:
            lx, ly = LABEL_WIDTH, ly + LEGEND_ROW
        legend.append(
            f'<rect x="{lx}" y="{ly - 10}" width="14" height="10" fill="{colours[category]}"/>'
            f'<text x="{lx + 20}" y="{ly}" fill="{TEXT}">{escape(text)}</text>'
        )
        lx += advance
    height = ly + 12
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" id="{_attr(ident)}" role="figure" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" font-family="sans-serif" '
        f'font-size="12" aria-labelledby="{_attr(title_id)} {_attr(desc_id)}">'
        f'<title id="{_attr(title_id)}">{escape(texts.title)}</title>'
        f'<desc id="{_attr(desc_id)}">{escape(texts.description)}</desc>'
        f'<defs><pattern id="{_attr(hatch)}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#4d4d4d" stroke-width="2"/></pattern></defs>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        f'<g class="tl-bands">{"".join(bands)}</g><g class="tl-axis">{"".join(axis)}</g>{"".join(body)}'
        f'<g class="tl-legend">{"".join(legend)}</g></svg>'
    )
