"""What the landing page (``/``) says about the graph: its counts, the bodies as they sit today, the build.

Everything is read from the store when the page is made (at serve time on the server, at publish time for the
static site): the number of resources of each of the researcher's classes, inferred types counted (a city is a
municipality); the triples of the build (asserted, one count per file, and inferred); each body with its
composition on the day (:func:`kgraph.query.composition.composition`, the temporal model's in-force bounds);
the build's record (``build/manifest.json``: version, time, validation) and the newest source documents by the
date the source gives. The build keeps no history of earlier builds, so the page shows none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..namespaces import INFERRED_GRAPH, kp
from ..query.composition import Seat, composition
from . import collation
from .describe import Node, Resolver, rows

#: (UI key, class local name, listing kind) of the counts, in the order the page shows them.
COUNTED = (
    ("count_persons", "Person", "person"),
    ("count_bodies", "Body", "body"),
    ("count_mandates", "Mandate", "mandate"),
    ("count_cities", "City", "city"),
    ("count_agreements", "Agreement", "programme"),
    ("count_publications", "Publication", "publication"),
    ("count_sources", "SourceDocument", "source"),
)
#: How many of the newest source documents the page lists.
NEWEST = 5


@dataclass(frozen=True)
class Count:
    key: str  # the UI string of what is counted
    number: int
    kind: str | None  # the listing page that lists them (``id/<kind>/``)


def counts(store) -> list[Count]:
    """The resources of each counted class, and the triples (asserted and inferred) of the build."""
    ns = kp()
    values = " ".join(f"<{ns}{name}>" for _key, name, _kind in COUNTED)
    found = rows(
        store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }} GROUP BY ?c"
    )
    number = {r["c"].value[len(ns) :]: int(r["n"].value) for r in found}
    result = [Count(key, number.get(name, 0), kind) for key, name, kind in COUNTED]
    sizes = rows(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    inferred = sum(int(r["n"].value) for r in sizes if r["g"].value == INFERRED_GRAPH)
    asserted = sum(int(r["n"].value) for r in sizes) - inferred
    return result + [Count("count_triples", asserted, None), Count("count_inferred", inferred, None)]


@dataclass(frozen=True)
class BodyToday:
    """A body with the mandates in force on the day, grouped by role (role label, seats)."""

    body: Node
    roles: tuple[tuple[str, tuple[Seat, ...]], ...]

    @property
    def seats(self) -> int:
        return sum(len(seats) for _role, seats in self.roles)


def bodies_on(store, day: date, lang: str) -> list[BodyToday]:
    """Every body (``kp:Body``) with its composition on ``day``, in alphabetical order of the name in ``lang``."""
    found = rows(store, f"SELECT DISTINCT ?b WHERE {{ ?b a <{kp()}Body> FILTER(isIRI(?b)) }}")
    nodes = Resolver(store).nodes([r["b"] for r in found])
    result = []
    for term, body in nodes.items():
        roles: dict[str, list[Seat]] = {}
        for seat in composition(store, term.value, day, lang=lang):  # ordered by role, then name
            roles.setdefault(seat.role_label or seat.role, []).append(seat)
        result.append(BodyToday(body, tuple((role, tuple(seats)) for role, seats in roles.items())))
    return result


def by_name(bodies: list[BodyToday], label) -> list[BodyToday]:
    """``bodies`` in alphabetical order of ``label`` (the name a page shows)."""
    return sorted(bodies, key=lambda b: (collation.key(label(b.body)), b.body.value))


@dataclass(frozen=True)
class Build:
    """The record the build keeps of itself (``build/manifest.json``)."""

    version: str
    built: str  # ISO time, "" when unknown
    violations: int | None
    warnings: int | None


def build_record(store) -> Build:
    manifest = getattr(store, "manifest", None) or {}
    result = manifest.get("validation") or {}
    return Build(
        version=str(manifest.get("kgraph") or ""),
        built=str(manifest.get("built") or ""),
        violations=result.get("violations"),
        warnings=result.get("warnings"),
    )


@dataclass(frozen=True)
class Dated:
    """A source document with the date it gives for itself (update, else issue)."""

    node: Node
    day: str


def newest_sources(store, limit: int = NEWEST) -> list[Dated]:
    """The source documents with the latest dates of issue or update, newest first."""
    found = rows(
        store,
        f"""SELECT ?s (MAX(STR(?d)) AS ?day) WHERE {{
        ?s a kp:SourceDocument . {{ ?s dcterms:issued ?d }} UNION {{ ?s kp:updated ?d }} }}
        GROUP BY ?s ORDER BY DESC(?day) ?s LIMIT {int(limit)}""",
    )
    nodes = Resolver(store).nodes([r["s"] for r in found])
    return [Dated(nodes[r["s"]], r["day"].value) for r in found]
