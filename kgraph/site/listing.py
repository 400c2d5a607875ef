"""The resources of the graph by kind, in the order people look for them.

A *kind* is the path segment under which an IRI is minted (``<base>id/person/…``, ``<base>id/city/…``; see
:mod:`kgraph.namespaces`): each kind has a listing page, ``id/<kind>/``, whose rows are grouped by asserted class
and put in alphabetical order by :mod:`kgraph.site.collation` (persons by family name, then given names). The
"all resources" index groups every resource by class, the researcher's classes first (persons, bodies, cities,
agreements, publications) and the vocabularies (SKOS concepts) and provenance records (PROV) last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import INFERRED_GRAPH, PROV, SKOS, kp, minted_prefix
from . import collation
from .describe import Node, Resolver

#: The classes the index and the listings show first, in this order (local names in the ontology).
FIRST = ("Person", "Body", "BodyTerm", "City", "Municipality", "Agreement", "Publication")
#: Namespaces whose classes come last: vocabularies and provenance records.
LAST = (str(SKOS), str(PROV))
#: What a kind may be named: one path segment of lowercase letters, digits and hyphens.
KIND = re.compile(r"[a-z0-9][a-z0-9-]*")


def class_rank(iri: str) -> tuple[int, str]:
    """Where a class comes in the index: :data:`FIRST` in order, other classes, then :data:`LAST`, untyped last."""
    ns = str(kp())
    if iri.startswith(ns) and iri[len(ns) :] in FIRST:
        return FIRST.index(iri[len(ns) :]), iri
    if not iri:
        return 30, iri
    return (20 if iri.startswith(LAST) else 10), iri


#: The kinds the landing page lists first, in this order (the rest follow by title).
FIRST_KINDS = ("person", "body", "city", "org", "programme", "publication", "source")


def kind_rank(kind: str) -> int:
    return FIRST_KINDS.index(kind) if kind in FIRST_KINDS else len(FIRST_KINDS)


def kind_of(iri: str) -> str | None:
    """The kind of a minted IRI (``person`` for ``<base>id/person/x``), None for one that has none."""
    rest = iri[len(minted_prefix()) :] if iri.startswith(minted_prefix()) else ""
    kind, slash, _slug = rest.partition("/")
    return kind if slash and KIND.fullmatch(kind) else None


def kinds(found: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, int]:
    """How many resources each kind has, among ``found`` (as :func:`kgraph.site.describe.resources` lists them)."""
    counts: dict[str, int] = {}
    for iri, _types in found:
        kind = kind_of(iri)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items()))


def sort_key(kind: str, label: Callable[[Node], str]) -> Callable[[Node], tuple]:
    """The order of the rows of a kind: persons by family name then given names, the rest by their label."""
    if kind == "person":
        return lambda node: (collation.person_key(label(node)), node.value)
    return lambda node: (collation.key(label(node)), node.value)


@dataclass(frozen=True)
class Group:
    """The resources of one class in a listing."""

    cls: Node  # the class ("" value: resources without an asserted class)
    members: tuple[Node, ...]


def grouped(store, found: Iterable[tuple[str, tuple[str, ...]]]) -> list[Group]:
    """Resources grouped by their asserted class, the groups in :func:`class_rank` order (rows unsorted)."""
    classes: dict[str, list[str]] = {}
    for iri, types in found:
        for cls in types or ("",):
            classes.setdefault(cls, []).append(iri)
    terms = [ox.NamedNode(i) for i in set(classes) | {r for rs in classes.values() for r in rs} if i]
    nodes = Resolver(store).nodes(terms)
    none = Node("", "literal")
    return [
        Group(nodes.get(ox.NamedNode(c), none) if c else none, tuple(nodes[ox.NamedNode(r)] for r in classes[c]))
        for c in sorted(classes, key=class_rank)
    ]


def ordered(groups: list[Group], kind: str, label: Callable[[Node], str]) -> list[Group]:
    """``groups`` with their rows in the order of ``kind`` (see :func:`sort_key`), read with ``label``."""
    key = sort_key(kind, label)
    return [Group(g.cls, tuple(sorted(g.members, key=key))) for g in groups]


def kind_triples(store, kind: str) -> list[ox.Triple]:
    """A listing as RDF: the asserted types and the labels of the resources of ``kind``."""
    prefix = minted_prefix() + kind + "/"
    result = store.query(
        f"""CONSTRUCT {{ ?s a ?type . ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }} WHERE {{
        GRAPH ?g {{ ?s a ?type }} FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?s), "{prefix}"))
        OPTIONAL {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"""
    )
    return sorted(set(result), key=str)
