"""Where each triple is written: file and line, for reports that point into the sources.

rdflib's parsers drop source positions (pySHACL issue 321), so this module
reads Turtle and N-Triples again with a small tokenizer that keeps, for every
triple, the line where its statement's subject is written and the line where
its object is. It follows the Turtle grammar: prefixes and base (both
spellings), ``;`` and ``,`` lists, blank-node property lists, collections,
long literals over several lines, numbers and booleans. Files in other
formats, and any file this reader cannot follow, are located by file name
only.

Blank nodes get their own labels here, so a blank node of the loaded graph is
located through the triple that points to it (its parent's line).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import RDF, XSD

TURTLE_SUFFIXES = {".ttl", ".nt"}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` is None when only the file is known, ``column`` when only the line."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}" if self.column is None else f"{self.path}:{self.line}:{self.column}"


# ---------------------------------------------------------------- tokens

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:"
_LOCAL = rf"(?:[{_PN_CHARS}:]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_IRI_CHAR = r'[^<>"{}|^`\\\x00-\x20]'
_TOKEN_PATTERN = rf"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<iri><{_IRI_CHAR}*(?:\\u[0-9A-Fa-f]{{4}}{_IRI_CHAR}*|\\U[0-9A-Fa-f]{{8}}{_IRI_CHAR}*)*>)
  | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<directive>@prefix\b|@base\b)
  | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<double>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+))
  | (?P<decimal>[+-]?[0-9]*\.[0-9]+)
  | (?P<integer>[+-]?[0-9]+)
  | (?P<bnode>_:[{_PN_CHARS_BASE}_0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<keyword>(?:PREFIX|BASE|GRAPH|true|false|a)(?![{_PN_CHARS}:]))
  | (?P<pname>{_PREFIX}(?:{_LOCAL})?)
  | (?P<anon>\[\s*\])
  | (?P<punct>[.;,\[\](){{}}])
"""


@functools.cache
def _token() -> re.Pattern:
    """The Turtle token pattern, compiled on first use: with its Unicode ranges and IGNORECASE, compiling it
    takes about 45 ms, which every start of the command line paid though most never locate anything."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.IGNORECASE)


_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def sub(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return _ESCAPES.get(m.group(3), m.group(3))

    return _ECHAR.sub(sub, text)


class Unreadable(Exception):
    """This reader cannot follow the file (rdflib could: the file is then located by name only)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def tokens(text: str) -> list[Token]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out, at, match = [], 0, _token().match
    while at < len(text):
        m = match(text, at)
        if not m:
            raise Unreadable(f"unexpected character at line {bisect.bisect_right(starts, at)}")
        if m.lastgroup != "ws":
            kind = m.lastgroup
            assert kind is not None, "every alternative of _TOKEN_PATTERN is a named group"
            if kind == "keyword" and m.group().lower() == "a" and m.group() != "a":
                kind = "pname"
            out.append(Token(kind, m.group(), bisect.bisect_right(starts, at)))
        at = m.end()
    return out


# ---------------------------------------------------------------- the reader


@dataclass(frozen=True)
class Placed:
    """A triple and the lines of its statement (subject) and of its object."""

    subject: Node
    predicate: Node
    object: Node
    line: int
    object_line: int


class TurtleReader:
    """Recursive descent over the tokens of a Turtle (or N-Triples) document."""

    def __init__(self, text: str, base: str, rebase=lambda term: term):
        self.tokens = tokens(text)
        self.at = 0
        self.base = base
        self.prefixes: dict[str, str] = {}
        self.rebase = rebase
        self.bnodes: dict[str, BNode] = {}
        self.out: list[Placed] = []

    # -- token access
    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def look(self) -> Token:
        """The next token, which must be there."""
        tok = self.peek()
        if tok is None:
            raise Unreadable("unexpected end of file")
        return tok

    def take(self) -> Token:
        tok = self.look()
        self.at += 1
        return tok

    def expect(self, text: str) -> Token:
        tok = self.take()
        if tok.text != text:
            raise Unreadable(f"line {tok.line}: expected {text!r}, found {tok.text!r}")
        return tok

    def at_punct(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "punct" and tok.text == text

    # -- grammar
    def read(self) -> list[Placed]:
        while self.peek() is not None:
            self.statement()
        return self.out

    def statement(self) -> None:
        tok = self.look()
        word = tok.text.lower()
        if tok.kind == "directive" or (tok.kind == "keyword" and word in ("prefix", "base")):
            self.directive()
        elif tok.kind == "keyword" and word == "graph" or tok.kind == "punct" and tok.text in "{}":
            raise Unreadable("TriG graphs are not read here")
        else:
            self.triples()
            self.expect(".")

    def directive(self) -> None:
        tok = self.take()
        word = tok.text.lower().lstrip("@")
        if word == "prefix":
            name = self.take()
            if name.kind != "pname" or not name.text.endswith(":"):
                raise Unreadable(f"line {name.line}: bad prefix name")
            self.prefixes[name.text[:-1]] = self.iri_text(self.take())
        else:
            self.base = self.iri_text(self.take())
        if tok.kind == "directive":
            self.expect(".")

    def iri_text(self, tok: Token) -> str:
        if tok.kind != "iri":
            raise Unreadable(f"line {tok.line}: expected an IRI, found {tok.text!r}")
        return urljoin(self.base, _unescape(tok.text[1:-1]))

    def triples(self) -> None:
        tok = self.look()
        if tok.kind == "punct" and tok.text == "[":
            subject: Node = self.property_list_node()
            if not self.at_punct("."):
                self.predicate_objects(subject, tok.line)
            return
        subject = self.term(self.take())
        self.predicate_objects(subject, tok.line)

    def predicate_objects(self, subject: Node, line: int) -> None:
        while True:
            verb = self.take()
            predicate = RDF.type if verb.kind == "keyword" and verb.text == "a" else self.term(verb)
            self.objects(subject, predicate, line)
            if not self.at_punct(";"):
                return
            while self.at_punct(";"):
                self.take()
            tok = self.peek()
            if tok is None or (tok.kind == "punct" and tok.text in ".]"):
                return

    def objects(self, subject: Node, predicate: Node, line: int) -> None:
        while True:
            tok = self.look()
            obj = self.object()
            self.out.append(Placed(subject, predicate, obj, line, tok.line))
            if not self.at_punct(","):
                return
            self.take()

    def object(self) -> Node:
        tok = self.look()
        if tok.kind == "punct" and tok.text == "[":
            return self.property_list_node()
        if tok.kind == "punct" and tok.text == "(":
            return self.collection()
        return self.term(self.take())

    def property_list_node(self) -> BNode:
        start = self.expect("[")
        node = BNode()
        self.predicate_objects(node, start.line)
        self.expect("]")
        return node

    def collection(self) -> Node:
        self.expect("(")
        items: list[tuple[Node, int]] = []
        while not self.at_punct(")"):
            line = self.look().line
            items.append((self.object(), line))
        self.take()
        if not items:
            return RDF.nil
        nodes = [BNode() for _ in items]
        for i, (item, line) in enumerate(items):
            self.out.append(Placed(nodes[i], RDF.first, item, line, line))
            rest = nodes[i + 1] if i + 1 < len(items) else RDF.nil
            self.out.append(Placed(nodes[i], RDF.rest, rest, line, line))
        return nodes[0]

    def term(self, tok: Token) -> Node:
        kind = tok.kind
        if kind == "iri":
            return self.rebase(URIRef(self.iri_text(tok)))
        if kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefix not in self.prefixes:
                raise Unreadable(f"line {tok.line}: undeclared prefix {prefix!r}")
            return self.rebase(URIRef(self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)))
        if kind == "bnode":
            return self.bnodes.setdefault(tok.text, BNode())
        if kind == "anon":
            return BNode()
        if kind in ("string", "long"):
            quote = 3 if kind == "long" else 1
            return self.literal(_unescape(tok.text[quote:-quote]))
        if kind in ("integer", "decimal", "double"):
            return Literal(tok.text, datatype=XSD[kind])
        if kind == "keyword" and tok.text in ("true", "false"):
            return Literal(tok.text, datatype=XSD.boolean)
        raise Unreadable(f"line {tok.line}: unexpected {tok.text!r}")

    def literal(self, value: str) -> Literal:
        tok = self.peek()
        if tok is not None and tok.kind == "lang":
            self.take()
            return Literal(value, lang=tok.text[1:])
        if tok is not None and tok.kind == "datatype":
            self.take()
            datatype = self.term(self.take())
            if not isinstance(datatype, URIRef):  # Turtle: '^^' iri
                raise Unreadable(f"line {tok.line}: a datatype must be an IRI")
            return Literal(value, datatype=datatype)
        return Literal(value)


# ---------------------------------------------------------------- the index over files


@dataclass
class _FileIndex:
    location: str
    subjects: dict[Node, int]
    typed: dict[Node, int]
    objects: dict[Node, int]
    triples: dict[tuple[Node, Node, Node], int]
    pairs: dict[tuple[Node, Node], int]
    lines: bool = True

    @classmethod
    def of(cls, location: str, placed: Iterable[Placed]) -> "_FileIndex":
        index = cls(location, {}, {}, {}, {}, {})
        for t in placed:
            index.subjects.setdefault(t.subject, t.line)
            if t.predicate == RDF.type:
                index.typed.setdefault(t.subject, t.line)
            index.objects.setdefault(t.object, t.object_line)
            index.triples.setdefault((t.subject, t.predicate, t.object), t.object_line)
            index.pairs.setdefault((t.subject, t.predicate), t.object_line)
        return index

    def at(self, line: int | None) -> Location:
        return Location(self.location, line if self.lines else None)


def _read(path: Path, shown: str, rebase) -> _FileIndex:
    """Index one file: with lines for Turtle and N-Triples, by name only otherwise."""
    from .load import parse_file

    if path.suffix in TURTLE_SUFFIXES:
        try:
            text = path.read_text(encoding="utf-8")
            placed = TurtleReader(text, path.resolve().as_uri(), rebase).read()
            return _FileIndex.of(shown, placed)
        except (Unreadable, OSError, UnicodeDecodeError, ValueError):
            pass
    graph = parse_file(path, typed=False)  # locating judges nothing
    index = _FileIndex.of(shown, (Placed(s, p, o, 0, 0) for s, p, o in graph))
    index.lines = False
    return index


class SourceMap:
    """Answers "where is this written?" for the files a graph was loaded from.

    Files are read the first time a location is asked for. ``graph`` (the
    loaded data) lets blank nodes be located through the triple that points
    to them.
    """

    def __init__(self, files: Iterable[Path | str], *, root: Path | None = None, graph: Graph | None = None):
        from .load import display, rebaser

        self.files = [Path(f) for f in files]
        self.root = root
        self.graph = graph
        self._shown = [display(f, root) for f in self.files]
        self._rebase = rebaser()
        self._indexes: list[_FileIndex] | None = None

    @property
    def indexes(self) -> list[_FileIndex]:
        if self._indexes is None:
            self._indexes = [_read(f, shown, self._rebase) for f, shown in zip(self.files, self._shown)]
        return self._indexes

    def subject(self, node: Node) -> Location | None:
        """Where ``node`` is defined: its typing statement, else its first statement, else its first mention."""
        if isinstance(node, BNode):
            return self._via_parent(node)
        for table in ("typed", "subjects", "objects"):
            for index in self.indexes:
                line = getattr(index, table).get(node)
                if line is not None:
                    return index.at(line)
        return None

    def value(self, focus: Node, predicate: Node, value: Node) -> Location | None:
        """Where the triple ``focus predicate value`` is written (the line of its object)."""
        if isinstance(focus, BNode):
            return self._via_parent(focus)
        for index in self.indexes:
            if isinstance(value, BNode):
                line = index.pairs.get((focus, predicate))
            else:
                line = index.triples.get((focus, predicate, value))
            if line is not None:
                return index.at(line)
        return None

    def _via_parent(self, node: BNode, depth: int = 0) -> Location | None:
        if self.graph is None or depth > 8:
            return None
        for parent, predicate in self.graph.subject_predicates(node):
            if isinstance(parent, BNode):
                found = self._via_parent(parent, depth + 1)
            else:
                found = self.value(parent, predicate, node)
            if found is not None:
                return found
        return None
