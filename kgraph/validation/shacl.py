"""SHACL compiled to SPARQL: every constraint is one query over the whole graph.

pyshacl checks one focus node at a time and runs each SHACL-SPARQL
constraint once per focus node on rdflib's SPARQL engine: about 90 s for
10,000 triples of this project. Here the shapes graph is compiled once into
queries that find every violating focus node (and value) at once, and
pyoxigraph runs them: the same results in a fraction of a second.

Scope: the SHACL Core and SHACL-SPARQL features the project's shapes use
(targets by class, implicit class, subjects-of, objects-of and node, on node
shapes and on property shapes; predicate and inverse paths; cardinality, value
type, string, language, qualified and logical constraints; SPARQL SELECT
constraints whose ``$this`` may be joined rather than substituted, see
:mod:`kgraph.validation.prebinding`). A shapes graph that uses anything else raises
:class:`Unsupported` when it is compiled: every query is rendered and run once
on an empty store then, so that no form it does not implement reaches the data.
A few things can only be seen on the data (a SPARQL constraint that reports
``?failure``); they raise :class:`Unsupported` while running. Either way
:mod:`kgraph.validation.validate` falls back to pyshacl, which stays the reference:
``tests/validation/test_validate_engine.py`` checks that both give the same results, and
``tests/w3c/test_w3c_shacl.py`` runs the W3C SHACL test suites through both.

Results follow pyshacl's conventions (which value, path and messages a
result carries) so that reports do not depend on the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import IdentifiedNode, Node

from . import prebinding
from ..query.engine import from_ox, sparql_string, to_ox
from ..errors import KgraphError
from ..namespaces import OWL, RDF, RDFS, SH, XSD

RDF_TYPE = f"<{RDF.type}>"


class Unsupported(KgraphError):
    """The shapes use a SHACL feature this engine does not compile."""


@dataclass(frozen=True)
class Finding:
    """One validation result, as the SHACL report graph states it."""

    severity: URIRef
    focus: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    component: URIRef
    messages: tuple[Literal, ...]
    source_constraint: Node | None = None


# ---------------------------------------------------------------- SPARQL text helpers


def _is_shacl(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(SH))


def is_true(value: Node | None) -> bool:
    """Whether a boolean parameter is ``true`` as SHACL writes it (the W3C suite: ``"1"^^xsd:boolean`` is not)."""
    return isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) == "true"


def sparql_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = sparql_string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype not in (None, XSD.string) and not kept_by_store([node]):
            raise Unsupported(f"the literal {node.n3()} would be compared in pyoxigraph's canonical form")
        return f"{text}^^<{node.datatype or XSD.string}>"
    raise Unsupported(f"cannot use {node!r} in a query")


def _integer(node: Node) -> int:
    """The integer a count or length parameter states (rdflib terms are strings of their lexical form)."""
    return int(str(node))


def kept_by_store(literals: Iterable[Literal]) -> bool:
    """Whether pyoxigraph keeps these typed literals as they are written.

    It stores numbers, booleans and dates in their canonical form, and integers of the derived types
    (xsd:byte, xsd:int ...) as xsd:integer: ``"30"^^xsd:byte`` comes back as ``"30"^^xsd:integer``,
    ``"01"^^xsd:integer`` as ``"1"``. A check on such a literal would be a check on another term.
    """
    given = {to_ox(lit) for lit in literals if isinstance(lit, Literal) and lit.datatype not in (None, XSD.string)}
    if not given:
        return True
    store, graph = ox.Store(), ox.NamedNode("urn:kgraph:literals")
    subject, predicate = ox.NamedNode("urn:kgraph:s"), ox.NamedNode("urn:kgraph:p")
    store.extend(ox.Quad(subject, predicate, lit, graph) for lit in given)
    return {quad.object for quad in store.quads_for_pattern(None, None, None, graph)} == given


# ---------------------------------------------------------------- value expressions

#: Datatypes whose literals pyshacl also checks for a well-formed value.
_TYPED_CHECKS: dict[Node, type] = {XSD.integer: int, XSD.boolean: bool, XSD.float: float}
#: The lexical space of xsd:boolean (rdflib reads any other text as false).
_BOOLEANS = {"true", "false", "1", "0"}
_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Parameters of a shape that are not constraints.
_NOT_CONSTRAINTS = {
    RDF.type,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.path,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.order,
    SH.group,
    SH.defaultValue,
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.flags,
    SH.declare,
    SH.prefixes,
}
_VALUE_PARAMS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.minLength,
    SH.maxLength,
    SH.languageIn,
    SH["in"],
    SH["or"],
    SH["and"],
    SH["not"],
}
_COUNT_PARAMS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang}
#: Parameters that a shape nested in sh:or / sh:and / sh:not / sh:qualifiedValueShape may not have here:
#: the compiler turns a nested shape into one boolean expression on the node itself.
_NOT_NESTED = {
    SH.property,
    SH.path,
    SH.deactivated,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.sparql,
}
#: Features of a shapes graph that the compiler does not implement at all.
_GLOBALLY_UNSUPPORTED = {
    SH.target: "sh:target (SPARQL-based targets)",
    SH.rule: "sh:rule (SHACL rules)",
    SH.parameter: "sh:parameter (constraint components defined in SHACL-SPARQL)",
    SH.entailment: "sh:entailment",
    SH.shapesGraph: "sh:shapesGraph",
}
#: rdf:type values that make a shape its own target class (SHACL 2.1.3.3, implicit class targets).
_CLASS_TYPES = (RDFS.Class, OWL.Class)
_COMPONENTS: dict[Node, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}


@dataclass
class Context:
    """What the queries of one run depend on besides the shapes: the class tree and bad literals."""

    store: ox.Store
    graphs: Sequence[ox.NamedNode] | None
    subclasses: dict[Node, list[str]] = field(default_factory=dict)
    ill_typed: dict[Node, list[str]] = field(default_factory=dict)

    def query(self, text: str):
        """Run ``text`` over the union of the graphs (all of the store's named graphs when ``graphs`` is None).

        pyoxigraph answers over "every named graph" several times faster than over a list of them,
        and the gap grows with the number of graphs (one per data file).
        """
        if self.graphs is None:
            return self.store.query(text, use_default_graph_as_union=True)
        return self.store.query(text, default_graph=list(self.graphs))

    def classes(self, cls: Node) -> str:
        """``cls`` and its subclasses in the data graph, as a SPARQL list of IRIs."""
        if cls not in self.subclasses:
            rows = self.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")
            found = {str(row["c"]) for row in rows if isinstance(row["c"], ox.NamedNode)}
            self.subclasses[cls] = sorted(found | {f"<{cls}>"})
        return " ".join(self.subclasses[cls])

    def bad_literals(self, datatype: Node) -> list[str]:
        """Literals of ``datatype`` in the graph that pyshacl would call ill-formed."""
        if datatype not in self.ill_typed:
            rows = self.query(
                f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && DATATYPE(?v) = <{datatype}>) }}"
            )
            bad = []
            for row in rows:
                literal = from_ox(row["v"])
                assert isinstance(literal, Literal), "the query selects literals only"
                expected = _TYPED_CHECKS.get(datatype)
                if (
                    getattr(literal, "ill_typed", False)
                    or (expected and not isinstance(literal.value, expected))
                    or (datatype == XSD.boolean and str(literal) not in _BOOLEANS)
                ):
                    bad.append(str(row["v"]))
            self.ill_typed[datatype] = bad
        return self.ill_typed[datatype]


class _NoRows(list):
    variables: list = []


class _Probe(Context):
    """The context of the compile-time run: an empty store, and queries pyoxigraph parsed before are not sent."""

    def query(self, text: str):
        if prebinding.known("pyoxigraph-parses", text):
            return _NoRows()
        rows = super().query(text)
        prebinding.learn("pyoxigraph-parses", text)
        return rows


class Expressions:
    """Turns value-level constraints of a shape into one SPARQL boolean expression on a variable."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def constraint(self, param: Node, arg: Node, shape: Node, v: str, ctx: Context) -> str:
        if param == SH["class"]:
            return f"EXISTS {{ {v} {RDF_TYPE} ?kg_t . VALUES ?kg_t {{ {ctx.classes(arg)} }} }}"
        if param == SH.datatype:
            return self._datatype(arg, v, ctx)
        if param == SH.nodeKind:
            if arg not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {arg}")
            return _NODE_KINDS[arg].format(v=v)
        if param == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            flag_text = f", {sparql_string(str(flags))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(arg))}{flag_text}))"
        if param == SH.minLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {_integer(arg)})"
        if param == SH.maxLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {_integer(arg)})"
        if param == SH.languageIn:
            return self._language_in(arg, v)
        if param == SH["in"]:  # SHACL compares terms, not values: "1"^^xsd:integer is not in ("1.0"^^xsd:decimal)
            members = [f"sameTerm({v}, {sparql_term(m)})" for m in self._list(arg)]
            return "(" + (" || ".join(members) or "false") + ")"
        if param == SH["or"]:
            return "(" + " || ".join(self.shape(s, v, ctx) for s in self._list(arg)) + ")"
        if param == SH["and"]:
            return "(" + " && ".join(self.shape(s, v, ctx) for s in self._list(arg)) + ")"
        if param == SH["not"]:
            return f"(!{self.shape(arg, v, ctx)})"
        raise Unsupported(f"{param} as a value constraint")

    def _datatype(self, datatype: Node, v: str, ctx: Context) -> str:
        if datatype == RDF.langString:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        if datatype == XSD.string:
            return f"(isLiteral({v}) && DATATYPE({v}) = <{XSD.string}>)"
        bad = ctx.bad_literals(datatype)
        excluded = f" && !({v} IN ({', '.join(bad)}))" if bad else ""
        return f"(isLiteral({v}) && DATATYPE({v}) = <{datatype}>{excluded})"

    def _language_in(self, languages: Node, v: str) -> str:
        wanted = {str(lang).lower() for lang in self._list(languages)}
        if any("-" in lang for lang in wanted):
            raise Unsupported("sh:languageIn with a language range of more than one subtag")
        if "*" in wanted:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        listed = ", ".join(sparql_string(lang) for lang in sorted(wanted))
        return (
            f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed}) || '
            f'LCASE(STRBEFORE(LANG({v}), "-")) IN ({listed})))'
        )

    def shape(self, shape: Node, v: str, ctx: Context) -> str:
        """True when the node in ``v`` conforms to ``shape`` (which may only hold value constraints)."""
        parts = []
        for param, arg in self.shapes.predicate_objects(shape):
            if param in _NOT_NESTED:
                raise Unsupported(f"{param} in a nested shape")
            if param in _NOT_CONSTRAINTS or not _is_shacl(param):
                continue
            if param not in _VALUE_PARAMS:
                raise Unsupported(f"{param} in a nested shape")
            parts.append(self.constraint(param, arg, shape, v, ctx))
        return "(" + " && ".join(parts) + ")" if parts else "true"


# ---------------------------------------------------------------- checks: one query each


@dataclass
class Focus:
    """The targets of a node shape, as a pattern that binds ?this."""

    classes: list[URIRef]
    subjects_of: list[URIRef]
    objects_of: list[URIRef]
    nodes: list[Node]

    def pattern(self, ctx: Context) -> str:
        branches = [f"{{ ?this {RDF_TYPE} ?kg_c . VALUES ?kg_c {{ {ctx.classes(c)} }} }}" for c in self.classes]
        branches += [f"{{ ?this <{p}> ?kg_o }}" for p in self.subjects_of]
        branches += [f"{{ ?kg_s <{p}> ?this }}" for p in self.objects_of]
        if self.nodes:
            branches.append(f"{{ VALUES ?this {{ {' '.join(sparql_term(n) for n in self.nodes)} }} }}")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    def __bool__(self) -> bool:
        return bool(self.classes or self.subjects_of or self.objects_of or self.nodes)


@dataclass
class Check:
    """One constraint of one shape; :meth:`run` renders it as a query and reads the results."""

    shape: Node
    focus: Focus
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]
    path: Node | None = None  # the sh:path node, as reports name it
    predicate: URIRef | None = None  # the predicate the path follows
    inverse: bool = False

    def values(self, v: str) -> str:
        """The pattern from ?this to its value nodes in ``v``."""
        if self.predicate is None:
            return f"BIND(?this AS {v})"
        if self.inverse:
            return f"{v} <{self.predicate}> ?this ."
        return f"?this <{self.predicate}> {v} ."

    def finding(
        self,
        focus: Node,
        value: Node | None,
        path: Node | None = None,
        messages: tuple[Literal, ...] | None = None,
        constraint: Node | None = None,
    ) -> Finding:
        return Finding(
            self.severity,
            focus,
            path if path is not None else self.path,
            value,
            self.shape,
            self.component,
            messages if messages is not None else self.messages,
            constraint,
        )

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        raise NotImplementedError


@dataclass
class ValueCheck(Check):
    """A constraint on each value node: one result per failing value."""

    param: Node | None = None
    arg: Node | None = None

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        assert self.param is not None and self.arg is not None, "the compiler sets both"
        test = expressions.constraint(self.param, self.arg, self.shape, "?value", ctx)
        query = (
            f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus.pattern(ctx)} "
            f"{self.values('?value')} FILTER(!{test}) }}"
        )
        for row in ctx.query(query):
            yield self.finding(from_ox(row["this"]), from_ox(row["value"]))


@dataclass
class CountCheck(Check):
    """sh:minCount / sh:maxCount and qualified counts: one result per focus node, no value."""

    limit: int = 0
    at_least: bool = True
    qualifier: Node | None = None

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        condition = ""
        if self.qualifier is not None:
            condition = f"FILTER({expressions.shape(self.qualifier, '?value', ctx)})"
        values = f"{self.values('?value')} {condition}"
        if self.at_least and self.limit == 1:
            # The usual sh:minCount 1: an existence test, several times cheaper than counting.
            query = f"SELECT ?this WHERE {{ {self.focus.pattern(ctx)} FILTER NOT EXISTS {{ {values} }} }}"
        elif not self.at_least and self.limit == 1 and self.qualifier is None:
            # The usual sh:maxCount 1: two different values, without grouping every focus node.
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {self.focus.pattern(ctx)} {self.values('?value')} "
                f"{self.values('?other')} FILTER(!sameTerm(?value, ?other)) }}"
            )
        else:
            body = f"OPTIONAL {{ {values} }}" if self.at_least else values
            compare = "<" if self.at_least else ">"
            query = (
                f"SELECT ?this WHERE {{ {self.focus.pattern(ctx)} {body} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) {compare} {self.limit})"
            )
        for row in ctx.query(query):
            yield self.finding(from_ox(row["this"]), None)


@dataclass
class UniqueLangCheck(Check):
    """sh:uniqueLang: one result per focus node and language used twice, no value."""

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        query = (
            f"SELECT DISTINCT ?this ?lang WHERE {{ {self.focus.pattern(ctx)} "
            f"{self.values('?a')} {self.values('?b')} "
            f'FILTER(?a != ?b && isLiteral(?a) && isLiteral(?b) && LANG(?a) != "" && '
            f"LCASE(LANG(?a)) = LCASE(LANG(?b))) BIND(LCASE(LANG(?a)) AS ?lang) }}"
        )
        for row in ctx.query(query):
            yield self.finding(from_ox(row["this"]), None)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class SparqlCheck(Check):
    """A SHACL-SPARQL SELECT constraint, run once with ?this bound by the targets."""

    select: str = ""
    constraint: Node | None = None
    extra_messages: tuple[Literal, ...] = ()

    def query_text(self, ctx: Context) -> str:
        text = prebinding.replace_variable(self.select, "this", "?this")
        if self.predicate is not None:
            path = f"^<{self.predicate}>" if self.inverse else f"<{self.predicate}>"
            text = prebinding.replace_variable(text, "PATH", path, sigils="$")
        if "$" in _strip_strings(text):
            raise Unsupported("SPARQL constraint uses a pre-bound variable other than $this and $PATH")
        projection = _projection(text)
        if "?this" not in projection and projection.strip() != "*":
            text = _SELECT.sub(lambda m: m.group(0) + " ?this", text, count=1)
        try:
            prebinding.check(text)
        except prebinding.Refused as err:
            raise Unsupported(f"SPARQL constraint {self.constraint}: {err}") from err
        return insert_pattern(text, self.focus.pattern(ctx))

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        seen = set()
        result = ctx.query(self.query_text(ctx))
        names = [v.value for v in result.variables]
        for row in result:
            bound = {n: from_ox(row[n]) for n in names if row[n] is not None}
            if "failure" in bound:
                raise Unsupported(f"SPARQL constraint {self.constraint} reported a failure (?failure)")
            focus, value, path = bound.pop("this", None), bound.pop("value", None), bound.pop("path", None)
            key = (focus, value, path, tuple(sorted(bound.items())))
            if key in seen or focus is None:
                continue
            seen.add(key)
            if value is None and self.predicate is None:
                value = focus
            names_bound = dict(bound, this=focus)
            names_bound.update({k: v for k, v in (("value", value), ("path", path)) if v is not None})
            messages = tuple(
                Literal(substitute(str(m), names_bound))
                for m in dict.fromkeys(sorted(self.extra_messages, key=str) + list(self.messages))
            )
            yield self.finding(focus, value, path, messages, self.constraint)


_SELECT = re.compile(r"\bSELECT(\s+(DISTINCT|REDUCED))?", re.IGNORECASE)


def _projection(text: str) -> str:
    """The projection of the first SELECT: what lies between SELECT and WHERE (or the first brace)."""
    start = _SELECT.search(text)
    end = _WHERE.search(text) or re.search(r"\{", text)
    return text[start.end() : end.start()] if start and end else "*"


def insert_pattern(query: str, pattern: str) -> str:
    """``query`` with ``pattern`` first in its outermost WHERE group, so that it binds variables for the rest."""
    try:
        at = prebinding.first_brace(query) + 1
    except prebinding.Refused as err:
        raise Unsupported(str(err)) from err
    return query[:at] + f" {pattern} " + query[at:]


def _strip_strings(text: str) -> str:
    return re.sub(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>', "", text)


def substitute(message: str, bound: dict[str, Node]) -> str:
    return _VARIABLE.sub(lambda m: str(bound[m.group(1)]) if m.group(1) in bound else m.group(0), message)


# ---------------------------------------------------------------- the compiler


class CompiledShapes:
    """A shapes graph compiled to checks; :meth:`run` validates a pyoxigraph store."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.expressions = Expressions(shapes)
        self.checks: list[Check] = []
        self._refuse_unsupported_features()
        for shape in self._targeted_shapes():
            self._compile_shape(shape)
        self._probe()

    def _refuse_unsupported_features(self) -> None:
        g = self.shapes
        for predicate, feature in _GLOBALLY_UNSUPPORTED.items():
            if next(iter(g.subjects(predicate, None)), None) is not None:
                raise Unsupported(feature)
        if next(iter(g.subjects(RDF.type, SH.ConstraintComponent)), None) is not None:
            raise Unsupported("constraint components defined in SHACL-SPARQL")
        for shape in set(g.subjects(SH.property, None)) | set(g.objects(None, SH.property)):
            if len(set(g.objects(shape, SH.path))) > 1:
                raise Unsupported(f"shape {shape} has more than one sh:path")

    def _targeted_shapes(self) -> list[Node]:
        """Every shape with a target: explicit (sh:target*) or implicit (a shape that is also a class)."""
        g = self.shapes
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shapes.update(g.subjects(target, None))
        for cls in _CLASS_TYPES:
            shapes.update(
                node
                for node in g.subjects(RDF.type, cls)
                if node in shapes or any(_is_shacl(p) for p in g.predicates(node))
            )
        for shape in shapes:
            for kind in g.objects(shape, RDF.type):
                if (
                    kind not in (SH.NodeShape, SH.PropertyShape, *_CLASS_TYPES)
                    and next(iter(g.objects(kind, RDFS.subClassOf)), None) is not None
                ):
                    # A subclass of rdfs:Class would make the shape an implicit class target too.
                    raise Unsupported(f"shape {shape} is typed {kind}, a class with superclasses in the shapes graph")
        return sorted(shapes, key=str)

    def _implicit_class(self, shape: Node) -> list[URIRef]:
        if isinstance(shape, URIRef) and any((shape, RDF.type, cls) in self.shapes for cls in _CLASS_TYPES):
            return [shape]
        return []

    def _probe(self) -> None:
        """Render and run every check once on an empty store, so that what it cannot do shows now."""
        probe = _Probe(ox.Store(), None)
        for check in self.checks:
            try:
                for _finding in check.run(probe, self.expressions):
                    break
            except (SyntaxError, ValueError) as err:
                raise Unsupported(f"a query compiled from shape {check.shape} does not run: {err}") from err

    def _flag(self, node: Node, param: URIRef) -> bool:
        """Whether the boolean parameter ``param`` of ``node`` is set (false when absent)."""
        value = self.shapes.value(node, param, default=Literal(False))
        # Every term of an rdflib graph is an IRI, a blank node or a literal: all have toPython().
        return isinstance(value, (IdentifiedNode, Literal)) and bool(value.toPython())

    def _deactivated(self, shape: Node) -> bool:
        return self._flag(shape, SH.deactivated)

    def _message_literals(self, node: Node) -> list[Literal]:
        messages = list(self.shapes.objects(node, SH.message))
        literals = [m for m in messages if isinstance(m, Literal)]
        if len(literals) != len(messages):
            raise Unsupported(f"a sh:message of {node} that is not a literal")
        return literals

    def _messages(self, shape: Node) -> tuple[Literal, ...]:
        return tuple(sorted(self._message_literals(shape), key=lambda m: (m.language or "", str(m))))

    def _compile_shape(self, shape: Node) -> None:
        """The checks of a shape with targets: a node shape with its property shapes, or a property shape."""
        if self._deactivated(shape):
            return
        g = self.shapes
        targets = {
            p: sorted(g.objects(shape, p), key=str)
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        }
        if any(
            not isinstance(t, URIRef)
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
            for t in targets[p]
        ):
            raise Unsupported(f"shape {shape} has a target class or predicate that is not an IRI")

        def iris(p: URIRef) -> list[URIRef]:
            return [t for t in targets[p] if isinstance(t, URIRef)]

        focus = Focus(
            iris(SH.targetClass) + self._implicit_class(shape),
            iris(SH.targetSubjectsOf),
            iris(SH.targetObjectsOf),
            targets[SH.targetNode],
        )
        if not focus:
            return
        path = g.value(shape, SH.path)
        if (shape, RDF.type, SH.PropertyShape) in g and path is None:
            raise Unsupported(f"property shape {shape} has no sh:path")
        if path is not None:
            if (shape, RDF.type, SH.NodeShape) in g:
                raise Unsupported(f"shape {shape} is a node shape with a sh:path")
            self._compile_constraints(shape, focus, path=path)
            return
        self._compile_constraints(shape, focus, path=None)
        for prop in g.objects(shape, SH.property):
            if self._deactivated(prop):
                continue
            if g.value(prop, SH.path) is None:
                raise Unsupported(f"the property shape {prop} of {shape} has no sh:path")
            self._compile_constraints(prop, focus, path=g.value(prop, SH.path))

    def _path(self, path: Node) -> tuple[URIRef, bool]:
        if isinstance(path, URIRef):
            return path, False
        inverse = self.shapes.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(self.shapes.predicate_objects(path))) == 1:
            return inverse, True
        raise Unsupported("property paths other than a predicate or its inverse")

    def _compile_constraints(self, shape: Node, focus: Focus, path: Node | None) -> None:
        g = self.shapes
        predicate, inverse = self._path(path) if path is not None else (None, False)
        severity = g.value(shape, SH.severity, default=SH.Violation)
        base: dict[str, Any] = dict(
            shape=shape,
            focus=focus,
            severity=severity,
            messages=self._messages(shape),
            path=path,
            predicate=predicate,
            inverse=inverse,
        )
        add = self.checks.append

        for param, arg in sorted(g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if param == SH.property and path is not None:
                raise Unsupported("sh:property on a property shape")
            if param in _NOT_CONSTRAINTS or not _is_shacl(param):
                continue
            if param in _VALUE_PARAMS:
                add(ValueCheck(component=_COMPONENTS[param], param=param, arg=arg, **base))
            elif param in (SH.minCount, SH.maxCount) and path is not None:
                add(
                    CountCheck(component=_COMPONENTS[param], limit=_integer(arg), at_least=param == SH.minCount, **base)
                )
            elif param == SH.qualifiedValueShape and path is not None:
                self._compile_qualified(shape, arg, base, add)
            elif param == SH.uniqueLang and path is not None:
                if is_true(arg):
                    add(UniqueLangCheck(component=_COMPONENTS[param], **base))
            elif param == SH.sparql:
                add(self._compile_sparql(arg, base))
            else:
                raise Unsupported(f"{param} on {'a property' if path is not None else 'a node'} shape")

    def _compile_qualified(
        self, shape: Node, qualifier: Node, base: dict[str, Any], add: Callable[[Check], None]
    ) -> None:
        if self._flag(shape, SH.qualifiedValueShapesDisjoint):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        for param, at_least, component in (
            (SH.qualifiedMinCount, True, SH.QualifiedMinCountConstraintComponent),
            (SH.qualifiedMaxCount, False, SH.QualifiedMaxCountConstraintComponent),
        ):
            limit = self.shapes.value(shape, param)
            if limit is not None:
                add(
                    CountCheck(
                        component=component, limit=_integer(limit), at_least=at_least, qualifier=qualifier, **base
                    )
                )

    def _compile_sparql(self, constraint: Node, base: dict[str, Any]) -> Check:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select")
        text = "SELECT ?this WHERE { FILTER(false) }" if self._deactivated(constraint) else str(select)
        return SparqlCheck(
            component=SH.SPARQLConstraintComponent,
            select=self._prefixes(constraint) + text,
            constraint=constraint,
            extra_messages=tuple(self._message_literals(constraint)),
            **base,
        )

    def _prefixes(self, constraint: Node) -> str:
        """The PREFIX lines of the declarations of ``sh:prefixes``, following ``owl:imports`` in the shapes graph."""
        lines = []
        holders, seen = list(self.shapes.objects(constraint, SH.prefixes)), set()
        while holders:
            holder = holders.pop()
            if holder in seen:
                continue
            seen.add(holder)
            holders.extend(self.shapes.objects(holder, OWL.imports))
            for declaration in self.shapes.objects(holder, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines))) + "\n"

    def run(self, store: ox.Store, graphs: Sequence[ox.NamedNode] | None = None) -> list[Finding]:
        """Every result for the data in ``store`` (the union of ``graphs``; of every named graph when None)."""
        ctx = Context(store, graphs)
        findings: list[Finding] = []
        for check in self.checks:
            try:
                findings.extend(check.run(ctx, self.expressions))
            except (SyntaxError, ValueError) as err:
                raise Unsupported(f"a query compiled from shape {check.shape} failed: {err}") from err
            except OSError as err:
                raise KgraphError(f"a query compiled from shape {check.shape} failed: {err}") from err
        return findings


def _copy_blank(target: Graph, source: Graph, node: Node | None) -> None:
    """The statements about a blank node of ``source`` and the blank nodes under it, into ``target``."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if not isinstance(current, BNode) or current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            todo.append(o)


def report_graph(findings: Iterable[Finding], conforms: bool, shapes: Graph | None = None) -> Graph:
    """The standard SHACL validation report graph for ``findings``.

    Blank nodes of the shapes graph that a result names (a path such as ``[ sh:inversePath ex:p ]``, a
    property shape, a SPARQL constraint) are spelled out from ``shapes``, as pyshacl's reports do: outside
    the shapes graph a bare blank node says nothing.
    """
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    for f in findings:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, f.severity))
        g.add((node, SH.focusNode, f.focus))
        g.add((node, SH.sourceShape, f.source_shape))
        g.add((node, SH.sourceConstraintComponent, f.component))
        if f.path is not None:
            g.add((node, SH.resultPath, f.path))
        if f.value is not None:
            g.add((node, SH.value, f.value))
        if f.source_constraint is not None:
            g.add((node, SH.sourceConstraint, f.source_constraint))
        for message in f.messages:
            g.add((node, SH.resultMessage, message))
        if shapes is not None:
            for named in (f.path, f.source_shape, f.source_constraint):
                _copy_blank(g, shapes, named)
    return g
