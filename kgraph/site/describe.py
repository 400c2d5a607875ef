"""What the graph says about one resource, read from the built store.

A :class:`Description` is the concise bounded description of a minted
resource as people read it: its own statements (asserted and inferred), the
labels of what it links to, the links that point to it, and the source
documents its claims come from. :func:`cbd_triples` gives the same
description as RDF for the machine formats. Mandates are read per member,
per organisation (a body with all of its terms) and per represented
organisation, each with its own sources, for the members lists and the
timelines.

Every function takes a :class:`kgraph.query.store.GraphStore`; nothing re-parses
Turtle. IRIs are those of the store, i.e. under :func:`kgraph.namespaces.base_iri`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ..namespaces import (
    DCTERMS,
    INFERRED_GRAPH,
    ORG,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    is_minted,
    kp,
    minted_prefix,
)
from ..query.results import bindings, graph_style
from ..query.worker import write_graph

RDF_TYPE = str(RDF.type)

Labels = tuple[tuple[str, str], ...]  # (text, language tag or "")


def _prologue() -> str:
    return (
        f"PREFIX kp: <{kp()}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <{SKOS}>\nPREFIX dcterms: <{DCTERMS}>\n"
        f"PREFIX org: <{ORG}>\nPREFIX schema: <{SCHEMA}>\nPREFIX owl: <{OWL}>\n"
    )


def _iri(value: str) -> str:
    """An IRI written into a query; refuses what could break out of ``<…>``."""
    if any(c in value for c in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _values(iris: Iterable[str]) -> str:
    return " ".join(_iri(i) for i in sorted(set(iris)))


def rows(store, query: str, **options) -> list[dict]:
    """SELECT rows as {variable: pyoxigraph term} (unbound variables left out); ``options`` go to
    :meth:`GraphStore.query` (e.g. ``default_graph_uris``)."""
    return bindings(store.query(_prologue() + query, **options))


# ---------------------------------------------------------------- nodes and labels


@dataclass(frozen=True)
class Node:
    """An RDF term as a page shows it."""

    value: str
    kind: str  # "iri", "bnode" or "literal"
    lang: str = ""
    datatype: str = ""
    labels: Labels = ()
    described: bool = False  # the graph has statements about it, so it has a page

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    @property
    def is_date(self) -> bool:
        return self.datatype in (XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime")


def node_of(term, labels: dict[str, Labels] | None = None, described: set[str] | None = None) -> Node:
    """A pyoxigraph term as a :class:`Node`, with the labels and page flag found for it."""
    if isinstance(term, ox.NamedNode):
        return Node(
            term.value, "iri", labels=(labels or {}).get(term.value, ()), described=term.value in (described or ())
        )
    if isinstance(term, ox.BlankNode):
        return Node(term.value, "bnode")
    datatype = term.datatype.value if term.datatype else ""
    if datatype in (XSD + "string", RDF + "langString"):
        datatype = ""
    return Node(term.value, "literal", lang=term.language or "", datatype=datatype)


def labels_of(store, iris: Iterable[str]) -> dict[str, Labels]:
    """rdfs:label values (every label property entails it) of each IRI."""
    iris = {i for i in iris if i}
    if not iris:
        return {}
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows(store, f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {_values(iris)} }} ?s rdfs:label ?l }}"):
        found[row["s"].value].add((row["l"].value, row["l"].language or ""))
    return {k: tuple(sorted(v)) for k, v in found.items()}


def described_among(store, iris: Iterable[str]) -> set[str]:
    """The minted IRIs among ``iris`` that the graph holds statements about."""
    iris = {i for i in iris if is_minted(i)}
    if not iris:
        return set()
    query = f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {_values(iris)} }} ?s ?p ?o }}"
    return {row["s"].value for row in rows(store, query)}


class Resolver:
    """Turns terms into :class:`Node` s, looking labels and pages up in one query each."""

    def __init__(self, store):
        self.store = store

    def nodes(self, terms: Iterable) -> dict:
        terms = list(terms)
        iris = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        labels = labels_of(self.store, iris)
        described = described_among(self.store, iris)
        return {t: node_of(t, labels, described) for t in terms}


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """A source document as cited on a page."""

    node: Node
    url: str | None = None
    issued: str | None = None
    updated: str | None = None
    publisher: Node | None = None
    notes: Labels = ()


def sources_of(store, iris: Iterable[str]) -> dict[str, Source]:
    """The source documents ``iris`` with address, dates, publisher and version note."""
    iris = set(iris)
    if not iris:
        return {}
    found = rows(
        store,
        f"""SELECT ?s ?url ?issued ?updated ?publisher ?note WHERE {{
        VALUES ?s {{ {_values(iris)} }}
        OPTIONAL {{ ?s schema:url ?url }} OPTIONAL {{ ?s dcterms:issued ?issued }}
        OPTIONAL {{ ?s kp:updated ?updated }} OPTIONAL {{ ?s dcterms:publisher ?publisher }}
        OPTIONAL {{ ?s skos:note ?note }} }}""",
    )
    resolved = Resolver(store).nodes({r[k] for r in found for k in ("s", "publisher") if k in r})
    result: dict[str, Source] = {}
    for row in found:
        iri = row["s"].value
        previous = result.get(iri)
        notes = set(previous.notes if previous else ())
        if "note" in row:
            notes.add((row["note"].value, row["note"].language or ""))
        result[iri] = Source(
            node=resolved[row["s"]],
            url=row["url"].value if "url" in row else (previous.url if previous else None),
            issued=row["issued"].value if "issued" in row else (previous.issued if previous else None),
            updated=row["updated"].value if "updated" in row else (previous.updated if previous else None),
            publisher=resolved[row["publisher"]] if "publisher" in row else (previous.publisher if previous else None),
            notes=tuple(sorted(notes)),
        )
    return result


# ---------------------------------------------------------------- the description


@dataclass(frozen=True)
class Statement:
    predicate: Node
    object: Node
    inferred: bool


@dataclass
class Description:
    """The concise bounded description of one resource, ready to show."""

    node: Node
    types: list[Node] = field(default_factory=list)
    inferred_types: list[Node] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    incoming: list[tuple[Node, Node]] = field(default_factory=list)  # (subject, predicate)
    sources: list[Source] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.types or self.statements or self.incoming)

    @property
    def type_iris(self) -> set[str]:
        return {t.value for t in self.types + self.inferred_types}

    def values(self, predicate: str) -> list[Node]:
        return [s.object for s in self.statements if s.predicate.value == predicate]

    def grouped(self, inferred: bool) -> list[tuple[Node, list[Node]]]:
        """Statements other than rdf:type grouped by predicate, in a stable order."""
        groups: dict[str, tuple[Node, list[Node]]] = {}
        for s in self.statements:
            if s.inferred == inferred and s.predicate.value != RDF_TYPE:
                groups.setdefault(s.predicate.value, (s.predicate, []))[1].append(s.object)
        return [groups[k] for k in sorted(groups)]


def describe(store, iri: str) -> Description:
    """Everything a page shows about ``iri``: statements, types, incoming links, sources."""
    out = rows(store, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {_iri(iri)} ?p ?o }} }}")
    inc = rows(store, f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {_iri(iri)} }} FILTER(isIRI(?s)) }}")
    terms = {r["p"] for r in out + inc} | {r["o"] for r in out} | {r["s"] for r in inc} | {ox.NamedNode(iri)}
    nodes = Resolver(store).nodes(terms)

    asserted: dict[tuple, bool] = {}
    graphs = set()
    for r in out:
        key = (r["p"], r["o"])
        inferred = r["g"].value == INFERRED_GRAPH
        asserted[key] = asserted.get(key, True) and inferred  # True only while every copy is inferred
        if not inferred:
            graphs.add(r["g"].value)
    statements = [Statement(nodes[p], nodes[o], inferred) for (p, o), inferred in asserted.items()]
    statements.sort(key=lambda s: (s.predicate.value, s.object.kind, s.object.lang, s.object.value))

    types = sorted(
        (s.object for s in statements if s.predicate.value == RDF_TYPE and not s.inferred), key=lambda n: n.value
    )
    inferred_types = sorted(
        (s.object for s in statements if s.predicate.value == RDF_TYPE and s.inferred), key=lambda n: n.value
    )
    incoming = sorted(
        {(nodes[r["s"]], nodes[r["p"]]) for r in inc if r["g"].value != INFERRED_GRAPH},
        key=lambda x: (x[1].value, x[0].value),
    )
    cited = [s.object.value for s in statements if s.predicate.value == DCTERMS + "source" and s.object.is_iri]
    found = sources_of(store, cited)
    return Description(
        node=nodes[ox.NamedNode(iri)],
        types=types,
        inferred_types=inferred_types,
        statements=statements,
        incoming=incoming,
        sources=[found[c] for c in sorted(set(cited)) if c in found],
        graphs=sorted(graphs),
    )


def cbd_triples(store, iri: str) -> list[ox.Triple]:
    """The description as RDF: own triples, labels of linked resources, incoming links
    with their subjects' labels, and the triples of blank nodes it links to."""
    i = _iri(iri)
    result = store.query(
        _prologue()
        + f"""CONSTRUCT {{
        {i} ?p ?o . ?o rdfs:label ?ol . ?s ?q {i} . ?s rdfs:label ?sl . ?b ?bp ?bo .
    }} WHERE {{
        {{ {i} ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
        UNION {{ ?s ?q {i} FILTER(isIRI(?s)) OPTIONAL {{ ?s rdfs:label ?sl }} }}
        UNION {{ {i} ?p0 ?b FILTER(isBlank(?b)) ?b ?bp ?bo }}
    }}"""
    )
    return sorted(set(result), key=str)


def graph_triples(store, graph: str) -> list[ox.Triple]:
    """The triples of one named graph (e.g. the ontology file)."""
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
    return sorted(set(result), key=str)


# ---------------------------------------------------------------- mandates, terms and listings


@dataclass(frozen=True)
class Mandate:
    """One mandate (org:Membership) with everything a members list or a timeline shows."""

    node: Node
    member: Node
    organisation: Node
    role: Node
    body: Node | None  # the body when the organisation is one of its terms
    start: str | None
    end: str | None
    attested: tuple[str, ...]
    on_behalf_of: tuple[Node, ...]
    sources: tuple[Source, ...]


_MANDATE_FILTERS = {
    "member": "?m org:member {iri} .",
    "organisation": "{{ ?m org:organization {iri} }} UNION {{ ?m org:organization ?o0 . ?o0 kp:termOf {iri} }}",
    "behalf": "?m kp:onBehalfOf {iri} .",
}


def mandates(store, iri: str, by: str) -> list[Mandate]:
    """Mandates of ``iri`` as ``member``, in it as ``organisation`` (a body with all its terms),
    or on its ``behalf``; ordered by start, then role and member."""
    where = _MANDATE_FILTERS[by].format(iri=_iri(iri))
    found = rows(
        store,
        f"""SELECT ?m ?member ?org ?role ?body ?start ?end ?attested ?behalf ?src WHERE {{
        {where}
        ?m a org:Membership ; org:member ?member ; org:organization ?org ; org:role ?role .
        OPTIONAL {{ ?org kp:termOf ?body }}
        OPTIONAL {{ ?m schema:startDate ?start }} OPTIONAL {{ ?m schema:endDate ?end }}
        OPTIONAL {{ ?m kp:attestedIn ?attested }} OPTIONAL {{ ?m kp:onBehalfOf ?behalf }}
        OPTIONAL {{ ?m dcterms:source ?src }} }}""",
    )
    nodes = Resolver(store).nodes(
        {r[k] for r in found for k in ("m", "member", "org", "role", "body", "behalf") if k in r}
    )
    sources = sources_of(store, {r["src"].value for r in found if "src" in r})
    merged: dict[str, dict] = {}
    for r in found:
        m = merged.setdefault(r["m"].value, {"row": r, "attested": set(), "behalf": set(), "src": set()})
        for key, var in (("attested", "attested"), ("behalf", "behalf"), ("src", "src")):
            if var in r:
                m[key].add(r[var])
    result = []
    for m in merged.values():
        r = m["row"]
        result.append(
            Mandate(
                node=nodes[r["m"]],
                member=nodes[r["member"]],
                organisation=nodes[r["org"]],
                role=nodes[r["role"]],
                body=nodes[r["body"]] if "body" in r else None,
                start=r["start"].value if "start" in r else None,
                end=r["end"].value if "end" in r else None,
                attested=tuple(sorted(a.value for a in m["attested"])),
                on_behalf_of=tuple(sorted((nodes[b] for b in m["behalf"]), key=lambda n: n.value)),
                sources=tuple(sources[s.value] for s in sorted(m["src"], key=lambda s: s.value) if s.value in sources),
            )
        )
    result.sort(key=lambda x: (x.start or (x.attested[0] if x.attested else "9999"), x.role.value, x.member.value))
    return result


@dataclass(frozen=True)
class BodyTerm:
    """One appointed term of a body."""

    node: Node
    identifier: str | None
    start: str | None  # the term's start, else the date of its appointing act
    end: str | None
    end_condition: Labels
    sources: tuple[Source, ...]


def terms_of(store, body: str) -> list[BodyTerm]:
    """The appointed terms of a body, oldest first."""
    found = rows(
        store,
        f"""SELECT ?t ?id ?start ?set ?end ?cond ?src WHERE {{
        ?t kp:termOf {_iri(body)} .
        OPTIONAL {{ ?t dcterms:identifier ?id }} OPTIONAL {{ ?t schema:startDate ?start }}
        OPTIONAL {{ ?t org:resultedFrom/dcterms:date ?set }} OPTIONAL {{ ?t schema:endDate ?end }}
        OPTIONAL {{ ?t kp:endCondition ?cond }} OPTIONAL {{ ?t dcterms:source ?src }} }}""",
    )
    nodes = Resolver(store).nodes({r["t"] for r in found})
    sources = sources_of(store, {r["src"].value for r in found if "src" in r})
    grouped: dict = defaultdict(list)
    for r in found:
        grouped[r["t"]].append(r)
    terms = []
    for term, rs in grouped.items():
        first = lambda var: min((r[var].value for r in rs if var in r), default=None)  # noqa: E731
        terms.append(
            BodyTerm(
                node=nodes[term],
                identifier=first("id"),
                start=first("start") or first("set"),
                end=first("end"),
                end_condition=tuple(sorted({(r["cond"].value, r["cond"].language or "") for r in rs if "cond" in r})),
                sources=tuple(sources[s] for s in sorted({r["src"].value for r in rs if "src" in r}) if s in sources),
            )
        )
    terms.sort(key=lambda t: (t.start or "9999", t.node.value))
    return terms


def term_period(term: BodyTerm) -> str:
    """The years of a term as its name shows them: ``2016–2019``, ``2023–`` (no end known), ``–2019``."""
    start, end = (term.start or "")[:4], (term.end or "")[:4]
    return f"{start}–{end}" if start or end else ""


def term_suffix(term: BodyTerm) -> str:
    """What tells a term apart from the body's others: ``2020–2023 (TEM070:00/2019)``."""
    return " ".join(filter(None, (term_period(term), f"({term.identifier})" if term.identifier else "")))


def named_by_period(term: BodyTerm) -> BodyTerm:
    """The term with its labels telling it apart from the body's other terms: each label followed by the term's
    years and, where the data has one, its register (diary) number, e.g. "Kaupunkipolitiikan yhteistyöryhmä
    2020–2023 (TEM070:00/2019)"."""
    suffix = term_suffix(term)
    if not suffix:
        return term
    labels = tuple((f"{text} {suffix}", lang) for text, lang in term.node.labels) or ((suffix, ""),)
    return replace(term, node=replace(term.node, labels=labels))


def with_terms(found: list[Mandate], terms: dict[str, BodyTerm]) -> list[Mandate]:
    """Mandates whose organisation is one of ``terms`` named as that term is (see :func:`named_by_period`)."""
    return [
        replace(m, organisation=terms[m.organisation.value].node) if m.organisation.value in terms else m for m in found
    ]


def resources(store) -> list[tuple[str, tuple[str, ...]]]:
    """Every minted resource the graph describes, with its asserted types."""
    found = rows(
        store,
        f"""SELECT DISTINCT ?s ?type WHERE {{
        ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{minted_prefix()}"))
        OPTIONAL {{ GRAPH ?g {{ ?s a ?type }} FILTER(?g != <{INFERRED_GRAPH}>) }} }}""",
    )
    types: dict[str, set[str]] = defaultdict(set)
    for r in found:
        types[r["s"].value]
        if "type" in r:
            types[r["s"].value].add(r["type"].value)
    return [(s, tuple(sorted(types[s]))) for s in sorted(types)]


# ---------------------------------------------------------------- serialisation

#: File suffix -> pyoxigraph format of the machine-readable forms of a description or dump.
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


#: File suffix -> the query worker's name of the format.
_WRITER_FORMATS = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml"}


def to_bytes(triples: Iterable[ox.Triple], suffix: str, *, self_contained: bool = False) -> bytes:
    """Triples in the format of a file suffix: ttl (with the prefixes it uses), nt, jsonld or rdf.

    JSON-LD is compacted against the project's context, which it names by its published IRI; a
    ``self_contained`` one (the dumps) is written expanded instead, readable without the context.
    """
    style = graph_style()
    if self_contained:
        style = {**style, "context": None}
    return write_graph(triples, _WRITER_FORMATS[suffix], style)


# ---------------------------------------------------------------- publications of a person or an organisation

#: The predicates that tie a publication to a person or organisation, most specific first: a publication shown on
#: a page takes the first that holds (an editor or preparer is also a dcterms:contributor by inference).
PUBLICATION_ROLES = (
    ("creator", DCTERMS + "creator"),
    ("creator", SCHEMA + "author"),
    ("editor", "kp:editor"),
    ("editor", SCHEMA + "editor"),
    ("publisher", DCTERMS + "publisher"),
    ("prepared", "kp:preparedBy"),
    ("commissioned", "kp:commissionedBy"),
    ("contributor", DCTERMS + "contributor"),
)


@dataclass(frozen=True)
class Publication:
    """A publication as listed on the page of one of its authors, editors, contributors or publishers."""

    node: Node
    role: str  # a key of PUBLICATION_ROLES: "creator", "editor", "contributor", "publisher", …
    issued: str | None
    kind: Node | None  # its dcterms:type


def publications(store, iri: str) -> list[Publication]:
    """The publications (kp:Publication) that name ``iri`` as author, editor, contributor, publisher, preparer
    or commissioner, newest first (undated last), each with its most specific tie."""
    order: dict[str, int] = {}
    for rank, (_role, predicate) in enumerate(PUBLICATION_ROLES):
        full = kp() + predicate[3:] if predicate.startswith("kp:") else str(predicate)
        order.setdefault(full, rank)
    found = rows(
        store,
        f"""SELECT ?pub ?p ?issued ?type WHERE {{
        VALUES ?p {{ {_values(order)} }}
        ?pub ?p {_iri(iri)} ; a kp:Publication .
        OPTIONAL {{ ?pub dcterms:issued ?issued }} OPTIONAL {{ ?pub dcterms:type ?type }} }}""",
    )
    nodes = Resolver(store).nodes({r[k] for r in found for k in ("pub", "type") if k in r})
    best: dict[str, tuple[int, dict]] = {}
    for r in found:
        rank = order[r["p"].value]
        pub = r["pub"].value
        if pub not in best or rank < best[pub][0]:
            best[pub] = (rank, r)
    result = [
        Publication(
            node=nodes[r["pub"]],
            role=PUBLICATION_ROLES[rank][0],
            issued=r["issued"].value if "issued" in r else None,
            kind=nodes[r["type"]] if "type" in r else None,
        )
        for rank, r in best.values()
    ]
    result.sort(key=lambda p: p.node.value)
    result.sort(key=lambda p: p.issued or "", reverse=True)
    result.sort(key=lambda p: p.issued is None)
    return result
