"""SHACL compiled to SPARQL: every constraint is one query over the whole graph.

pyshacl checks one focus node at a time and runs each SHACL-SPARQL
constraint once per focus node on rdflib's SPARQL engine: about 90 s for
10,000 triples of this project. Here the shapes graph is compiled once into
queries that find every violating focus node (and value) at once, and
pyoxigraph runs them: the same results in a fraction of a second.

Scope: the SHACL Core and SHACL-SPARQL features the project's shapes use
(targets by class, subjects-of, objects-of and node; predicate and inverse
paths; cardinality, value type, string, language, qualified and logical
constraints; SPARQL SELECT constraints). A shapes graph that uses anything
else raises :class:`Unsupported`, and :mod:`kgraph.validation.validate` then falls back
to pyshacl, which stays the reference: ``tests/test_validate_engine.py``
checks that both give the same results.

Results follow pyshacl's conventions (which value, path and messages a
result carries) so that reports do not depend on the engine.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..query.engine import from_ox, sparql_string
from ..errors import KgraphError
from ..namespaces import RDF, RDFS, SH, XSD

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

def sparql_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = sparql_string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype or XSD.string}>"
    raise Unsupported(f"cannot use {node!r} in a query")


# ---------------------------------------------------------------- value expressions

#: Datatypes whose literals pyshacl also checks for a well-formed value.
_TYPED_CHECKS = {XSD.integer: int, XSD.boolean: bool, XSD.float: float}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Parameters of a shape that are not constraints.
_NOT_CONSTRAINTS = {
    RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.path,
    SH.severity, SH.message, SH.name, SH.description, SH.deactivated, SH.order, SH.group, SH.defaultValue,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.flags, SH.declare, SH.prefixes,
}
_VALUE_PARAMS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH.maxLength, SH.languageIn,
                 SH["in"], SH["or"], SH["and"], SH["not"]}
_COUNT_PARAMS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.uniqueLang}
_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent, SH["not"]: SH.NotConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH.sparql: SH.SPARQLConstraintComponent,
}


@dataclass
class Context:
    """What the queries of one run depend on besides the shapes: the class tree and bad literals."""

    store: ox.Store
    graphs: Sequence[ox.NamedNode] | None
    subclasses: dict[URIRef, list[str]] = field(default_factory=dict)
    ill_typed: dict[URIRef, list[str]] = field(default_factory=dict)

    def query(self, text: str):
        """Run ``text`` over the union of the graphs (all of the store's named graphs when ``graphs`` is None).

        pyoxigraph answers over "every named graph" several times faster than over a list of them,
        and the gap grows with the number of graphs (one per data file).
        """
        if self.graphs is None:
            return self.store.query(text, use_default_graph_as_union=True)
        return self.store.query(text, default_graph=list(self.graphs))

    def classes(self, cls: URIRef) -> str:
        """``cls`` and its subclasses in the data graph, as a SPARQL list of IRIs."""
        if cls not in self.subclasses:
            rows = self.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")
            found = {str(row["c"]) for row in rows if isinstance(row["c"], ox.NamedNode)}
            self.subclasses[cls] = sorted(found | {f"<{cls}>"})
        return " ".join(self.subclasses[cls])

    def bad_literals(self, datatype: URIRef) -> list[str]:
        """Literals of ``datatype`` in the graph that pyshacl would call ill-formed."""
        if datatype not in self.ill_typed:
            rows = self.query(f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && "
                              f"DATATYPE(?v) = <{datatype}>) }}")
            bad = []
            for row in rows:
                literal = from_ox(row["v"])
                expected = _TYPED_CHECKS.get(datatype)
                if getattr(literal, "ill_typed", False) or (expected and not isinstance(literal.value, expected)):
                    bad.append(str(row["v"]))
            self.ill_typed[datatype] = bad
        return self.ill_typed[datatype]


class Expressions:
    """Turns value-level constraints of a shape into one SPARQL boolean expression on a variable."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def constraint(self, param: URIRef, arg: Node, shape: Node, v: str, ctx: Context) -> str:
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
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(arg)})"
        if param == SH.maxLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(arg)})"
        if param == SH.languageIn:
            return self._language_in(arg, v)
        if param == SH["in"]:
            members = ", ".join(sparql_term(m) for m in self._list(arg))
            return f"({v} IN ({members}))"
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
            return f'(isLiteral({v}) && DATATYPE({v}) = <{XSD.string}>)'
        bad = ctx.bad_literals(datatype)
        excluded = f" && !({v} IN ({', '.join(bad)}))" if bad else ""
        return f"(isLiteral({v}) && DATATYPE({v}) = <{datatype}>{excluded})"

    def _language_in(self, languages: Node, v: str) -> str:
        wanted = {str(lang).lower() for lang in self._list(languages)}
        if "*" in wanted:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        listed = ", ".join(sparql_string(lang) for lang in sorted(wanted))
        return (f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed}) || '
                f'LCASE(STRBEFORE(LANG({v}), "-")) IN ({listed})))')

    def shape(self, shape: Node, v: str, ctx: Context) -> str:
        """True when the node in ``v`` conforms to ``shape`` (which may only hold value constraints)."""
        parts = []
        for param, arg in self.shapes.predicate_objects(shape):
            if param in _NOT_CONSTRAINTS:
                if param in (SH.property, SH.qualifiedMinCount, SH.qualifiedMaxCount):
                    raise Unsupported(f"{param} in a nested shape")
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
    path: Node | None = None          # the sh:path node, as reports name it
    predicate: URIRef | None = None   # the predicate the path follows
    inverse: bool = False

    def values(self, v: str) -> str:
        """The pattern from ?this to its value nodes in ``v``."""
        if self.predicate is None:
            return f"BIND(?this AS {v})"
        if self.inverse:
            return f"{v} <{self.predicate}> ?this ."
        return f"?this <{self.predicate}> {v} ."

    def finding(self, focus: Node, value: Node | None, path: Node | None = None,
                messages: tuple[Literal, ...] | None = None, constraint: Node | None = None) -> Finding:
        return Finding(self.severity, focus, path if path is not None else self.path, value, self.shape,
                       self.component, messages if messages is not None else self.messages, constraint)

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        raise NotImplementedError


@dataclass
class ValueCheck(Check):
    """A constraint on each value node: one result per failing value."""

    param: URIRef | None = None
    arg: Node | None = None

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        test = expressions.constraint(self.param, self.arg, self.shape, "?value", ctx)
        query = (f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus.pattern(ctx)} "
                 f"{self.values('?value')} FILTER(!{test}) }}")
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
            query = (f"SELECT DISTINCT ?this WHERE {{ {self.focus.pattern(ctx)} {self.values('?value')} "
                     f"{self.values('?other')} FILTER(!sameTerm(?value, ?other)) }}")
        else:
            body = f"OPTIONAL {{ {values} }}" if self.at_least else values
            compare = "<" if self.at_least else ">"
            query = (f"SELECT ?this WHERE {{ {self.focus.pattern(ctx)} {body} }} GROUP BY ?this "
                     f"HAVING (COUNT(DISTINCT ?value) {compare} {self.limit})")
        for row in ctx.query(query):
            yield self.finding(from_ox(row["this"]), None)


@dataclass
class UniqueLangCheck(Check):
    """sh:uniqueLang: one result per focus node and language used twice, no value."""

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        query = (f"SELECT DISTINCT ?this ?lang WHERE {{ {self.focus.pattern(ctx)} "
                 f"{self.values('?a')} {self.values('?b')} "
                 f'FILTER(?a != ?b && isLiteral(?a) && isLiteral(?b) && LANG(?a) != "" && '
                 f"LCASE(LANG(?a)) = LCASE(LANG(?b))) BIND(LCASE(LANG(?a)) AS ?lang) }}")
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
        text = self.select.replace("$this", "?this")
        if self.predicate is not None:
            text = text.replace("$PATH", f"^<{self.predicate}>" if self.inverse else f"<{self.predicate}>")
        if "$" in _strip_strings(text):
            raise Unsupported("SPARQL constraint uses a pre-bound variable other than $this and $PATH")
        text = _SELECT.sub(lambda m: m.group(0) if "?this" in _projection(text) else m.group(0) + " ?this", text,
                           count=1)
        return insert_pattern(text, self.focus.pattern(ctx))

    def run(self, ctx: Context, expressions: Expressions) -> Iterable[Finding]:
        seen = set()
        result = ctx.query(self.query_text(ctx))
        names = [v.value for v in result.variables]
        for row in result:
            bound = {n: from_ox(row[n]) for n in names if row[n] is not None}
            if "failure" in bound:
                continue
            focus, value, path = bound.pop("this", None), bound.pop("value", None), bound.pop("path", None)
            key = (focus, value, path, tuple(sorted(bound.items())))
            if key in seen or focus is None:
                continue
            seen.add(key)
            if value is None and self.predicate is None:
                value = focus
            names_bound = dict(bound, this=focus)
            names_bound.update({k: v for k, v in (("value", value), ("path", path)) if v is not None})
            messages = tuple(Literal(substitute(str(m), names_bound)) for m in
                             dict.fromkeys(sorted(self.extra_messages, key=str) + list(self.messages)))
            yield self.finding(focus, value, path, messages, self.constraint)


_SELECT = re.compile(r"\bSELECT(\s+(DISTINCT|REDUCED))?", re.IGNORECASE)


def _projection(text: str) -> str:
    """The projection of the first SELECT: what lies between SELECT and WHERE (or the first brace)."""
    start = _SELECT.search(text)
    end = _WHERE.search(text) or re.search(r"\{", text)
    return text[start.end():end.start()] if start and end else "*"


def insert_pattern(query: str, pattern: str) -> str:
    """``query`` with ``pattern`` first in its outermost WHERE group, so that it binds variables for the rest."""
    match = _WHERE.search(query)
    at = match.end() if match else query.index("{") + 1
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
        for shape in self._node_shapes():
            self._compile_node_shape(shape)

    def _node_shapes(self) -> list[Node]:
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shapes.update(self.shapes.subjects(target, None))
        if set(self.shapes.subjects(SH.target, None)):
            raise Unsupported("sh:target (SPARQL-based targets)")
        return sorted(shapes, key=str)

    def _deactivated(self, shape: Node) -> bool:
        return bool(self.shapes.value(shape, SH.deactivated, default=Literal(False)).toPython())

    def _messages(self, shape: Node) -> tuple[Literal, ...]:
        return tuple(sorted(self.shapes.objects(shape, SH.message), key=lambda m: (m.language or "", str(m))))

    def _compile_node_shape(self, shape: Node) -> None:
        if self._deactivated(shape):
            return
        g = self.shapes
        focus = Focus(sorted(g.objects(shape, SH.targetClass)), sorted(g.objects(shape, SH.targetSubjectsOf)),
                      sorted(g.objects(shape, SH.targetObjectsOf)), sorted(g.objects(shape, SH.targetNode)))
        if not focus:
            return
        self._compile_constraints(shape, focus, path=None)
        for prop in g.objects(shape, SH.property):
            if not self._deactivated(prop):
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
        base = dict(shape=shape, focus=focus, severity=g.value(shape, SH.severity, default=SH.Violation),
                    messages=self._messages(shape), path=path, predicate=predicate, inverse=inverse)
        add = self.checks.append

        for param, arg in sorted(g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if param in _NOT_CONSTRAINTS:
                continue
            if param in _VALUE_PARAMS:
                add(ValueCheck(component=_COMPONENTS[param], param=param, arg=arg, **base))
            elif param in (SH.minCount, SH.maxCount) and path is not None:
                add(CountCheck(component=_COMPONENTS[param], limit=int(arg), at_least=param == SH.minCount, **base))
            elif param == SH.qualifiedValueShape and path is not None:
                self._compile_qualified(shape, arg, base, add)
            elif param == SH.uniqueLang and path is not None:
                if arg.toPython() is True:
                    add(UniqueLangCheck(component=_COMPONENTS[param], **base))
            elif param == SH.sparql:
                add(self._compile_sparql(arg, base))
            else:
                raise Unsupported(f"{param} on {'a property' if path is not None else 'a node'} shape")

    def _compile_qualified(self, shape: Node, qualifier: Node, base: dict, add) -> None:
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint, default=Literal(False)).toPython():
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        for param, at_least, component in ((SH.qualifiedMinCount, True, SH.QualifiedMinCountConstraintComponent),
                                           (SH.qualifiedMaxCount, False, SH.QualifiedMaxCountConstraintComponent)):
            limit = self.shapes.value(shape, param)
            if limit is not None:
                add(CountCheck(component=component, limit=int(limit), at_least=at_least, qualifier=qualifier,
                               **base))

    def _compile_sparql(self, constraint: Node, base: dict) -> Check:
        g = self.shapes
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select")
        if self._deactivated(constraint):
            select = "SELECT ?this WHERE { FILTER(false) }"
        return SparqlCheck(component=SH.SPARQLConstraintComponent, select=self._prefixes(constraint) + str(select),
                           constraint=constraint, extra_messages=tuple(g.objects(constraint, SH.message)), **base)

    def _prefixes(self, constraint: Node) -> str:
        lines = []
        for holder in self.shapes.objects(constraint, SH.prefixes):
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
            except (SyntaxError, ValueError, OSError) as err:
                raise KgraphError(f"a query compiled from shape {check.shape} failed: {err}") from err
        return findings


def report_graph(findings: Iterable[Finding], conforms: bool) -> Graph:
    """The standard SHACL validation report graph for ``findings``."""
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
    return g
