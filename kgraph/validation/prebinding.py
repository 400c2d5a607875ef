"""Whether a SHACL-SPARQL query may be run once for all focus nodes instead of once per focus node.

SHACL pre-binds ``$this`` to one focus node at a time: the value is substituted into the query
(SHACL 1.0, section 5.6). :mod:`kgraph.validation.shacl` instead runs the query once, with the focus nodes
joined in first in its outermost group. Both give the same solutions only when every place that
reads ``?this`` sees it bound there too: a triple pattern anywhere, but a FILTER, BIND or OPTIONAL
condition only where the pattern it applies to binds ``?this`` itself (in a UNION branch or a
nested group it is unbound when the query runs once). Queries outside that fragment, and the forms
SHACL forbids in constraints (MINUS, VALUES, SERVICE, ``AS ?this``, subqueries), are refused with
:class:`kgraph.validation.shacl.Unsupported`, so that pyshacl answers them.

The analysis runs on rdflib's SPARQL algebra of the query *as it will run* (the focus pattern
inserted), so the scopes are SPARQL's own rather than guessed from the text. rdflib's parser needs
about 15 ms a query; :func:`remembered` keeps the digests of the queries that passed in a file of
the build folder, so that a command line run does not parse them again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib.term import Variable

THIS = Variable("this")
#: Variables SHACL pre-binds besides $this; the fast path binds none of them.
OTHER_PREBOUND = {Variable("currentShape"), Variable("shapesGraph")}
#: The predicate of the placeholder focus pattern the analysis inserts (never sent to a store).
FOCUS_MARK = "urn:kgraph:focus-nodes"

#: Algebra nodes with no effect on where ?this is bound.
_PASS_THROUGH = {"Project", "Distinct", "Reduced", "OrderBy", "ToMultiSet"}
_REFUSED = {
    "Minus": "MINUS",
    "values": "VALUES",
    "ServiceGraphPattern": "SERVICE",
    "Graph": "GRAPH",
    "Slice": "LIMIT or OFFSET",
}

# Tokens of SPARQL text: strings and IRIs and comments are skipped when rewriting variables.
_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
    r'<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*|[?$][A-Za-z_][A-Za-z0-9_]*|\{'
)


class Refused(Exception):
    """The query is outside the fragment where one run equals pre-binding; the reason is the message."""


def tokens(text: str):
    """(match, is_code) for the variables, braces, strings, IRIs and comments of ``text``."""
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        yield match, token[0] in "?${"


def replace_variable(text: str, name: str, replacement: str, sigils: str = "?$") -> str:
    """``text`` with the variable ``name`` (written with one of ``sigils``) replaced, outside strings, IRIs
    and comments."""
    out, at = [], 0
    for match, code in tokens(text):
        if code and match.group(0)[1:] == name and match.group(0)[0] in sigils:
            out.append(text[at : match.start()])
            out.append(replacement)
            at = match.end()
    return "".join(out) + text[at:]


def first_brace(text: str) -> int:
    """The offset of the first ``{`` outside strings, IRIs and comments (the outermost group's)."""
    for match, code in tokens(text):
        if code and match.group(0) == "{":
            return match.start()
    raise Refused("the query has no group pattern")


def _variables(node) -> set[Variable]:
    """Every variable mentioned anywhere in an algebra node or expression (EXISTS patterns too)."""
    found: set[Variable] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k != "_vars")
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return found


def _name(node) -> str | None:
    return getattr(node, "name", None) if isinstance(node, dict) else None


def _exists_patterns(expr) -> list:
    """The graph patterns of the EXISTS / NOT EXISTS inside an expression."""
    found, stack = [], [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if _name(item) in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                found.append(item["graph"])
            stack.extend(v for k, v in item.items() if k != "_vars")
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


def _group_pattern(node):
    """An EXISTS pattern as algebra (rdflib leaves some of them as parse trees)."""
    if _name(node) in ("GroupGraphPatternSub", "GroupOrUnionGraphPattern"):
        from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

        return translateGroupGraphPattern(node)
    return node


def _may_be_empty(path) -> bool:
    """Whether a property path can match with length zero (``p*``, ``p?`` and what is made of them)."""
    from rdflib.paths import AlternativePath, MulPath, SequencePath

    if isinstance(path, MulPath):
        return path.zero or _may_be_empty(path.path)
    if isinstance(path, SequencePath):
        return all(_may_be_empty(p) for p in path.args)
    if isinstance(path, AlternativePath):
        return any(_may_be_empty(p) for p in path.args)
    return False


def _group_key_of_this(extend) -> bool:
    """Whether an ``Extend`` to ?this is rdflib's own projection of the group key ?this (GROUP BY $this)."""
    below = extend["p"]
    if _name(below) != "AggregateJoin" or not isinstance(extend["expr"], Variable):
        return False
    return any(
        _name(a) == "Aggregate_Sample" and a.get("vars") == THIS and a.get("res") == extend["expr"] for a in below["A"]
    )


class _Scopes:
    """Walks the algebra; :meth:`certain` is the set of variables a pattern binds in every solution."""

    def __init__(self):
        self.focus_seen = False

    def expression(self, expr, bound: set[Variable]) -> None:
        if expr is None:
            return
        if THIS in _variables(expr) and THIS not in bound:
            raise Refused(
                "a FILTER, BIND or OPTIONAL condition reads $this where the pattern it applies "
                "to does not bind it (a UNION branch or nested group)"
            )
        for pattern in _exists_patterns(expr):
            self.certain(_group_pattern(pattern))

    def certain(self, node) -> set[Variable]:
        name = _name(node)
        if name is None:
            return set()
        if name in _REFUSED:
            raise Refused(f"{_REFUSED[name]} in a SPARQL constraint")
        if name == "BGP":
            for subject, predicate, obj in node["triples"]:
                if THIS in (subject, obj) and _may_be_empty(predicate):
                    # With $this substituted, a zero-length path matches the focus node even when the data
                    # never mentions it; with $this free it yields only nodes of the graph.
                    raise Refused("a property path that may have length zero starts or ends at $this")
            return {t for triple in node["triples"] for t in triple if isinstance(t, Variable)}
        if name == "ToMultiSet" and _name(node["p"]) == "Project":
            return self._subquery(node["p"])
        if name in _PASS_THROUGH:
            return self.certain(node["p"])
        if name == "Join":
            return self.certain(node["p1"]) | self.certain(node["p2"])
        if name == "Union":
            return self.certain(node["p1"]) & self.certain(node["p2"])
        if name == "LeftJoin":
            left, right = self.certain(node["p1"]), self.certain(node["p2"])
            if THIS not in left and THIS in _variables(node["p2"]) | _variables(node.get("expr")):
                raise Refused("an OPTIONAL reads $this that the pattern before it does not bind")
            self.expression(node.get("expr"), left | right)
            return left
        if name == "Filter":
            inner = self.certain(node["p"])
            self.expression(node["expr"], inner)
            return inner
        if name == "Extend":
            inner = self.certain(node["p"])
            if node["var"] == THIS and not _group_key_of_this(node):
                raise Refused("BIND (... AS ?this) in a SPARQL constraint")
            self.expression(node["expr"], inner)
            return inner
        if name == "AggregateJoin":
            group = node["p"]
            keys = group.get("expr") or []
            if THIS not in keys:
                raise Refused("an aggregate not grouped by $this")
            return self.certain(group["p"]) & set(keys)
        if name == "Group":
            return self.certain(node["p"])
        raise Refused(f"{name} in a SPARQL constraint")

    def _subquery(self, project) -> set[Variable]:
        inner = project["p"]
        if (
            _name(inner) == "BGP"
            and len(inner["triples"]) == 1
            and str(inner["triples"][0][1]) == FOCUS_MARK
            and not self.focus_seen
        ):
            self.focus_seen = True
            return {THIS}
        raise Refused("a subquery in a SPARQL constraint")


#: Changes whenever the analysis changes, so that remembered verdicts of an older one are not used.
ANALYSIS = "prebinding-2"
_PASSED: set[str] = set()


def _digest(kind: str, text: str) -> str:
    import pyoxigraph
    import rdflib

    versions = f"{ANALYSIS}\0{rdflib.__version__}\0{pyoxigraph.__version__}"
    return hashlib.sha256(f"{versions}\0{kind}\0{text}".encode()).hexdigest()


def known(kind: str, text: str) -> bool:
    """Whether ``text`` passed the check ``kind`` before (in this process or a remembered run)."""
    return _digest(kind, text) in _PASSED


def learn(kind: str, text: str) -> None:
    """Remember that ``text`` passed the check ``kind``."""
    _PASSED.add(_digest(kind, text))


@contextmanager
def remembered(path: Path) -> Iterator[None]:
    """Use, and add to, the digests of passed checks kept in ``path`` (a missing or unwritable file is no error)."""
    try:
        known = set(path.read_text(encoding="utf-8").split())
    except OSError:
        known = set()
    _PASSED.update(known)
    try:
        yield
    finally:
        if not _PASSED <= known:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                scratch.write_text("\n".join(sorted(_PASSED)) + "\n", encoding="utf-8")
                scratch.replace(path)
            except OSError:
                pass  # only costs the parse next time


def check(select: str) -> None:
    """Raise :class:`Refused` unless ``select`` (with ``?this`` for ``$this``) may run once for all focus nodes.

    ``select`` is the whole query text, prefixes included, as it will run but for the focus pattern.
    """
    if known("prebinding", select):
        return
    _analyse(select)
    learn("prebinding", select)


def _analyse(select: str) -> None:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    at = first_brace(select)
    if re.search(r"\bEXISTS\b", select[:at], re.IGNORECASE):
        raise Refused("EXISTS in the projection")
    marked = select[: at + 1] + f" {{ SELECT ?this WHERE {{ ?this <{FOCUS_MARK}> ?kg_focus }} }} " + select[at + 1 :]
    try:
        query = translateQuery(parseQuery(marked))
    except Exception as err:  # rdflib raises pyparsing and its own errors alike
        raise Refused(f"the query does not parse: {err}") from err
    algebra = query.algebra
    if _name(algebra) != "SelectQuery":
        raise Refused("not a SELECT query")
    if algebra.get("datasetClause"):
        raise Refused("FROM or FROM NAMED in a SPARQL constraint")
    if THIS not in (algebra.get("PV") or []):
        raise Refused("the query does not select $this")
    mentioned = _variables(algebra)
    if mentioned & OTHER_PREBOUND:
        names = ", ".join(sorted(f"${v}" for v in mentioned & OTHER_PREBOUND))
        raise Refused(f"the query uses {names}, which the fast path does not pre-bind")
    scopes = _Scopes()
    if THIS not in scopes.certain(algebra["p"]) or not scopes.focus_seen:
        raise Refused("the focus pattern does not bind $this in every solution")
