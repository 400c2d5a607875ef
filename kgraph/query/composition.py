"""Who sat in a body on a given day: the "in force on D" query of the temporal model, as rows.

A mandate is in force on D when the sources put it in force that day: its ``kp:inForceFrom`` is on or
before D and its ``kp:inForceUntil``, if any, on or after D (the bounds the build derives, see
``docs/modelling.md``, "The temporal model"). Without a ``kp:inForceUntil`` no end is known and the mandate is
presumed to continue; each seat then says when a source last showed it (``last_attested``).
The body is an enduring body (its terms count), a single term, or any organisation (a board, an association's
job titles). Used by ``kgraph composition``, the body pages' ``?date=`` view and the dated cases of
``tests/inference/test_time.py``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from ..namespaces import base_iri
from ..errors import KgraphError
from .results import bindings

FORMATS = ("table", "csv", "json")

_QUERY = """
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX kp:     <https://w3id.org/kaupunkipolitiikka/ontology#>
PREFIX foaf:   <http://xmlns.com/foaf/0.1/>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
SELECT ?mandate ?member ?memberName ?role ?roleLabel ?organisation ?behalf ?behalfLabel ?start ?end ?derivedEnd
       ?lastSeen ?conflict
WHERE {
  VALUES (?body ?day) { (<BODY> "DAY"^^xsd:date) }
  ?organisation kp:termOf? ?body .
  ?mandate a kp:Mandate ; org:organization ?organisation ; org:member ?member ; org:role ?role ;
           kp:inForceFrom ?from .
  FILTER(?from <= ?day)
  OPTIONAL { ?mandate kp:inForceUntil ?until }
  FILTER(!BOUND(?until) || ?until >= ?day)
  OPTIONAL { ?member foaf:name ?name }
  OPTIONAL { ?member skos:prefLabel ?memberLabel FILTER(LANG(?memberLabel) = "LANG") }
  OPTIONAL { ?member skos:prefLabel ?memberFi FILTER(LANG(?memberFi) = "fi") }
  BIND(COALESCE(?name, ?memberLabel, ?memberFi, STR(?member)) AS ?memberName)
  OPTIONAL { ?role skos:prefLabel ?roleLang FILTER(LANG(?roleLang) = "LANG") }
  OPTIONAL { ?role skos:prefLabel ?roleFi FILTER(LANG(?roleFi) = "fi") }
  BIND(COALESCE(?roleLang, ?roleFi) AS ?roleLabel)
  OPTIONAL {
    ?mandate kp:onBehalfOf ?behalf .
    OPTIONAL { ?behalf skos:prefLabel ?behalfLang FILTER(LANG(?behalfLang) = "LANG") }
    OPTIONAL { ?behalf skos:prefLabel ?behalfFi FILTER(LANG(?behalfFi) = "fi") }
    BIND(COALESCE(?behalfLang, ?behalfFi) AS ?behalfLabel)
  }
  OPTIONAL { ?mandate schema:startDate ?start }
  OPTIONAL { ?mandate schema:endDate ?end }
  OPTIONAL { ?mandate kp:derivedEndDate ?derivedEnd }
  OPTIONAL { SELECT ?mandate (MAX(STR(?seen)) AS ?lastSeen) WHERE { ?mandate kp:attestedIn ?seen } GROUP BY ?mandate }
  OPTIONAL { ?conflict kp:claim ?mandate }
}
"""


class CompositionError(KgraphError):
    """A body or a date that cannot be asked about (one line, for the CLI and the pages)."""


@dataclass(frozen=True)
class Seat:
    """One mandate in force on the day asked about."""

    mandate: str
    member: str
    member_name: str
    role: str
    role_label: str
    organisation: str
    start: str = ""
    end: str = ""
    end_derived: bool = False
    last_attested: str = ""  # the latest day (at its precision) a source shows the mandate held, if any
    on_behalf_of: str = ""
    on_behalf_of_label: str = ""
    conflicts: tuple[str, ...] = field(default=())

    @property
    def disputed(self) -> bool:
        return bool(self.conflicts)

    @property
    def open_ended(self) -> bool:
        """No end is stated or derived: the mandate is presumed to continue until a source says otherwise."""
        return not self.end


def body_iri(body: str) -> str:
    """The IRI of ``body``: a full IRI, ``kind/slug`` (``org/suomen-kuntaliitto``) or a body's slug."""
    body = body.strip()
    if body.startswith(("http://", "https://")):
        return body
    if not body or any(c in body for c in '<>"{} \\'):
        raise CompositionError(f"not a body: {body!r} (give its IRI, kind/slug or the slug of a body)")
    return f"{base_iri()}id/{body if '/' in body else 'body/' + body}"


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CompositionError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def composition(store, body: str, on: date, *, lang: str = "fi") -> list[Seat]:
    """The mandates of ``body`` (its terms included) in force on ``on``, ordered by role and name."""
    iri = body_iri(body)
    if any(c in iri for c in '<>"{} \\') or lang not in ("fi", "sv", "en"):
        raise CompositionError(f"not a body: {body!r}")
    text = _QUERY.replace("BODY", iri).replace("DAY", on.isoformat()).replace('"LANG"', f'"{lang}"')
    seats: dict[str, dict] = {}
    for found in bindings(store.query(text), lambda term: term.value):
        value = {name: found.get(name, "") for name in _VARIABLES}
        seat = seats.setdefault(value["mandate"], {**value, "conflicts": set()})
        if value["conflict"]:
            seat["conflicts"].add(value["conflict"])
    result = [
        Seat(
            mandate=s["mandate"],
            member=s["member"],
            member_name=s["memberName"],
            role=s["role"],
            role_label=s["roleLabel"],
            organisation=s["organisation"],
            start=s["start"],
            end=s["end"],
            end_derived=bool(s["derivedEnd"]) and s["derivedEnd"] == s["end"],
            last_attested=s["lastSeen"],
            on_behalf_of=s["behalf"],
            on_behalf_of_label=s["behalfLabel"],
            conflicts=tuple(sorted(s["conflicts"])),
        )
        for s in seats.values()
    ]
    return sorted(result, key=lambda s: (_ROLE_ORDER.get(s.role.rsplit("/", 1)[-1], 9), s.role_label, s.member_name))


_VARIABLES = (
    "mandate",
    "member",
    "memberName",
    "role",
    "roleLabel",
    "organisation",
    "behalf",
    "behalfLabel",
    "start",
    "end",
    "derivedEnd",
    "lastSeen",
    "conflict",
)
_ROLE_ORDER = {"chair": 0, "vice-chair": 1, "member": 2, "deputy-member": 3}
_COLUMNS = ("role", "member", "on_behalf_of", "start", "end", "disputed", "mandate")


def _cells(seat: Seat) -> dict[str, str]:
    return {
        "role": seat.role_label,
        "member": seat.member_name,
        "on_behalf_of": seat.on_behalf_of_label,
        "start": seat.start,
        "end": seat.end + (" (derived)" if seat.end_derived else ""),
        "disputed": " ".join(seat.conflicts),
        "mandate": seat.mandate,
    }


def render(seats: list[Seat], fmt: str = "table") -> str:
    """``seats`` as a text table, CSV (one header line) or JSON (a list of objects)."""
    if fmt == "json":
        return (
            json.dumps([{**asdict(s), "conflicts": list(s.conflicts)} for s in seats], ensure_ascii=False, indent=2)
            + "\n"
        )
    rows = [_cells(s) for s in seats]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt != "table":
        raise CompositionError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    columns = _COLUMNS[:-1]
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns).rstrip() for r in rows]
    return "\n".join(lines) + "\n"
