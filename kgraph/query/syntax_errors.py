"""A query the parser refused, explained in one line with its line and column.

pyoxigraph's messages list what its grammar would have accepted, Unicode ranges included, over several lines
("expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …"), at a position that is often past the
mistake; rdflib's (pyparsing) name a character offset. :func:`explain` reads the query itself for the usual
mistakes, each found where it is: a string left open, an IRI with a space, a prefix that is not declared, a
bracket closed that was never opened or opened and never closed, a query form misspelt, ``@`` without a
language tag, BIND of a variable already bound, a selected variable neither grouped nor aggregated. Anything
else is named by the token at the parser's position, with what was expected when that is a short list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The parsers' positions: pyoxigraph ("error at 3:7") and pyparsing ("(line:3, col:7)").
_OXIGRAPH_AT = re.compile(r"error at (\d+):(\d+)")
_PYPARSING_AT = re.compile(r"line:(\d+), col:(\d+)")
_TOKENS_PATTERN = r"""(?P<comment>\#[^\n]*)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<open_string>\"\"\"|'''|"|')
    |(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<bad_iri><[^<>\n=]*\s[^<>\n=]*>)
    |(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    |(?P<bnode>_:[\w.\-]*)
    |(?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w\-\u00b7\u00c0-\uffff%\\.:]*[\w\-\u00b7\u00c0-\uffff%:])?)
    |(?P<word>[A-Za-z_][\w]*)
    |(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
    |(?P<bracket>[{}()\[\]])
    |(?P<space>\s+)
    |(?P<other>.)"""


@functools.cache
def _token_pattern() -> re.Pattern:
    """The query token pattern, compiled when a query is first explained, not at every start of the command line
    (its Unicode ranges take about 10 ms to compile)."""
    return re.compile(_TOKENS_PATTERN, re.VERBOSE | re.DOTALL)


_CLOSING = {"}": "{", ")": "(", "]": "["}
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_PROLOGUE = ("PREFIX", "BASE")
_LONGEST_QUOTE = 30


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


def explain(query: str, message: str, prefixes: Iterable[str] = ()) -> str:
    """One line saying what is wrong with ``query``, which a parser refused with ``message``.

    ``prefixes``: the names of the prefixes every query may use without declaring them.
    """
    tokens = [t for t in _tokens(query) if t.kind not in ("space", "comment")]
    found = (
        _open_string(query, tokens)
        or ("IRI" in message and _bad_iri(query, tokens))
        or _undeclared_prefix(query, tokens, set(prefixes))
        or _brackets(query, tokens)
        or _query_form(query, tokens)
        or _language_tag(query, tokens)
        or _bound_twice(query, tokens)
        or ("unbound" in message and _not_grouped(query, tokens))
    )
    return found or _at_parser_position(query, message, tokens)


def _tokens(query: str) -> list[Token]:
    return [Token(m.lastgroup or "other", m.group(), m.start()) for m in _token_pattern().finditer(query)]


def position(query: str, offset: int) -> str:
    """``line L, column C`` of a character offset (both counted from 1)."""
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _quote(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    if len(text) > _LONGEST_QUOTE:
        text = text[: _LONGEST_QUOTE - 1] + "…"
    return f"`{text}`"


def _open_string(query: str, tokens: list[Token]) -> str | None:
    for token in tokens:
        if token.kind == "open_string":
            return f"the string opened at {position(query, token.offset)} is not closed"
    return None


def _bad_iri(query: str, tokens: list[Token]) -> str | None:
    for token in tokens:
        if token.kind == "bad_iri":
            return f"{_quote(token.text)} is not an IRI: IRIs cannot hold spaces ({position(query, token.offset)})"
    return None


def _undeclared_prefix(query: str, tokens: list[Token], predeclared: set[str]) -> str | None:
    declared = set(predeclared)
    for index, token in enumerate(tokens):
        if token.kind != "pname":
            continue
        name = token.text.split(":", 1)[0]
        if index > 0 and tokens[index - 1].kind == "word" and tokens[index - 1].text.upper() == "PREFIX":
            declared.add(name)
        elif name not in declared:
            return f"prefix `{name}:` is not declared ({position(query, token.offset)})"
    return None


def _brackets(query: str, tokens: list[Token]) -> str | None:
    stack: list[Token] = []
    for token in tokens:
        if token.kind != "bracket":
            continue
        if token.text in _CLOSING:
            if not stack or stack[-1].text != _CLOSING[token.text]:
                return f"unexpected `{token.text}` ({position(query, token.offset)})"
            stack.pop()
        else:
            stack.append(token)
    if stack:
        opened = stack[-1]
        return f"`{opened.text}` opened at {position(query, opened.offset)} is never closed"
    return None


def _query_form(query: str, tokens: list[Token]) -> str | None:
    index = 0
    while index < len(tokens) and tokens[index].kind == "word" and tokens[index].text.upper() in _PROLOGUE:
        index += 3 if tokens[index].text.upper() == "PREFIX" else 2  # PREFIX name: <iri> / BASE <iri>
    if index >= len(tokens):
        return "the query is empty: it needs SELECT, CONSTRUCT, ASK or DESCRIBE"
    first = tokens[index]
    if first.kind == "word" and first.text.upper() not in _FORMS:
        return (
            f"{_quote(first.text)} is not a query form: expected SELECT, CONSTRUCT, ASK or DESCRIBE "
            f"({position(query, first.offset)})"
        )
    return None


def _is_word(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.upper() in words


def _language_tag(query: str, tokens: list[Token]) -> str | None:
    for token in tokens:
        if token.text == "@" and not query[token.offset + 1 : token.offset + 2].isalpha():
            return f"`@` needs a language tag after it ({position(query, token.offset)})"
    return None


def _bound_twice(query: str, tokens: list[Token]) -> str | None:
    """``BIND(… AS ?v)`` where ``?v`` already appears in the pattern before it (SPARQL 1.1, 18.2.1)."""
    where = next((i for i, t in enumerate(tokens) if t.text == "{"), len(tokens))
    for index in range(where, len(tokens) - 1):
        if _is_word(tokens[index], "AS") and tokens[index + 1].kind == "var":
            bind = next((i for i in range(index, where, -1) if _is_word(tokens[i], "BIND")), None)
            name = tokens[index + 1].text[1:]
            if bind is not None and any(t.kind == "var" and t.text[1:] == name for t in tokens[where:bind]):
                variable = tokens[index + 1]
                return f"`{variable.text}` is already bound where BIND assigns it ({position(query, variable.offset)})"
    return None


def _not_grouped(query: str, tokens: list[Token]) -> str | None:
    """The first variable selected as itself that the GROUP BY does not name (an aggregate groups implicitly)."""
    start = next((i for i, t in enumerate(tokens) if _is_word(t, "SELECT")), None)
    if start is None:
        return None
    selected, depth = [], 0
    for token in tokens[start + 1 :]:
        if depth == 0 and (token.text == "{" or _is_word(token, "WHERE", "FROM")):
            break
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0 and token.kind == "var":
            selected.append(token)
    group = next(
        (i for i in range(len(tokens) - 1) if _is_word(tokens[i], "GROUP") and _is_word(tokens[i + 1], "BY")), None
    )
    grouped = set()
    if group is not None:
        for token in tokens[group + 2 :]:
            if _is_word(token, "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES") or token.text == "}":
                break
            if token.kind == "var":
                grouped.add(token.text[1:])
    for token in selected:
        if token.text[1:] not in grouped:
            return f"`{token.text}` is selected but neither grouped nor aggregated ({position(query, token.offset)})"
    return None


def _offset(query: str, message: str) -> int | None:
    found = _OXIGRAPH_AT.search(message) or _PYPARSING_AT.search(message)
    if found is None:
        return None
    line, column = int(found.group(1)), int(found.group(2))
    starts = [0] + [m.end() for m in re.finditer("\n", query)]
    if line > len(starts):
        return len(query)
    return min(starts[line - 1] + max(column - 1, 0), len(query))


def _expected(message: str) -> list[str]:
    """The words and punctuation the parser expected (character classes dropped), if few enough to read."""
    found = re.search(r"expected (?:one of )?(.*)", message.splitlines()[0] if message else "")
    if not found:
        return []
    items = [item.strip() for item in re.split(r",\s*(?![^\[]*\])", found.group(1))]
    words = [item.strip('"') for item in items if item and not item.startswith("[") and " " not in item.strip('"')]
    if any(item.startswith("['0'") for item in items):
        words.append("a number")
    return words if 0 < len(words) <= 8 else []


def _hint(expected: list[str]) -> str:
    if not expected:
        return ""
    listed = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
    return f"; expected {listed}"


def _at_parser_position(query: str, message: str, tokens: list[Token]) -> str:
    offset = _offset(query, message)
    if offset is None:
        first = message.strip().splitlines()[0] if message.strip() else "the query cannot be parsed"
        return first[:200]
    if not query[offset:].strip():  # pyoxigraph reports a mistake in the last token past the end of the query
        if not tokens:
            return "the query is empty: it needs SELECT, CONSTRUCT, ASK or DESCRIBE"
        last = tokens[-1]
        if last.text in _CLOSING:
            return f"unexpected {_quote(last.text)} ({position(query, last.offset)})"
        return f"the query ends too early after {_quote(last.text)} ({position(query, offset)})"
    token = next((t for t in tokens if t.offset + len(t.text) > offset), tokens[-1])
    return f"unexpected {_quote(token.text)} ({position(query, token.offset)}){_hint(_expected(message))}"
