"""The XSD lexical spaces: whether a literal's lexical form is one its datatype allows.

Decided from the grammar of XML Schema 1.1 Part 2 (regular expressions, then the range of the integer types
and the days of the month), never from rdflib's converters: which converters rdflib holds depends on what was
imported and run before (owlrl swaps in stricter ones while it infers), so ``Literal.ill_typed`` gives
different answers for the same file in different processes.

A lexical form is judged as written (RDF 1.1: a literal is ill-typed when its lexical form is not in the
lexical space of its datatype); no whitespace is collapsed first, so ``" 1"^^xsd:integer`` is ill-typed.
Datatypes not listed here (``rdf:langString``, ``rdf:XMLLiteral``, a vocabulary's own) are not judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_DAYTIME = r"T(?:\d+H(?:\d+M)?(?:\d+(?:\.\d+)?S)?|\d+M(?:\d+(?:\.\d+)?S)?|\d+(?:\.\d+)?S)"
_B64 = r"[A-Za-z0-9+/]"

#: Lexical-space patterns of XSD 1.1 Part 2, matched against the whole lexical form. The named groups
#: ``y``, ``m`` and ``d`` are checked for a day the month has (30 February is not a date).
_PATTERNS: dict[str, str] = {
    "boolean": r"true|false|1|0",
    "decimal": _DECIMAL,
    "integer": r"[+-]?\d+",
    "double": rf"{_DECIMAL}(?:[eE][+-]?\d+)?|[+-]?INF|NaN",
    "date": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY}){_TZ}",
    "dateTime": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T{_TIME}{_TZ}",
    "dateTimeStamp": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T{_TIME}(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))",
    "time": rf"{_TIME}{_TZ}",
    "gYear": rf"{_YEAR}{_TZ}",
    "gYearMonth": rf"{_YEAR}-{_MONTH}{_TZ}",
    "gMonth": rf"--{_MONTH}{_TZ}",
    "gDay": rf"---{_DAY}{_TZ}",
    "gMonthDay": rf"--(?P<m>{_MONTH})-(?P<d>{_DAY}){_TZ}",
    "duration": rf"-?P(?:(?:\d+Y(?:\d+M)?(?:\d+D)?|\d+M(?:\d+D)?|\d+D)(?:{_DAYTIME})?|{_DAYTIME})",
    "dayTimeDuration": rf"-?P(?:\d+D(?:{_DAYTIME})?|{_DAYTIME})",
    "yearMonthDuration": r"-?P(?:\d+Y(?:\d+M)?|\d+M)",
    "hexBinary": r"(?:[0-9a-fA-F]{2})*",
    "base64Binary": rf"(?:(?:{_B64} ?){{4}})*(?:(?:{_B64} ?){{3}}{_B64}|(?:{_B64} ?){{2}}[AEIMQUYcgkosw048] ?="
    rf"|{_B64} ?[AQgw] ?= ?=)?",
    "language": r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
_COMPILED["float"] = _COMPILED["double"]

#: The integer types derived by range: (lowest, highest), ``None`` for no bound.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}

#: XML 1.0 ``Char``: what any string datatype may hold.
_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
_HEX = "0123456789abcdefABCDEF"
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February: 29 in a leap year
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def _is_string(text: str) -> bool:
    return _CHAR.fullmatch(text) is not None


def _is_normalized(text: str) -> bool:
    return _is_string(text) and not any(c in text for c in "\t\n\r")


def _is_token(text: str) -> bool:
    return _is_normalized(text) and text == text.strip(" ") and "  " not in text


def _is_any_uri(text: str) -> bool:
    """After the escaping XSD applies (spaces and other characters outside URIs are %-encoded), an RFC 3986
    URI reference: every ``%`` starts an escape, at most one ``#``, and a ``:`` before the first ``/?#`` ends
    a scheme."""
    if not _is_string(text) or text.count("#") > 1:
        return False
    for i, c in enumerate(text):
        if c == "%" and not (len(text) > i + 2 and text[i + 1] in _HEX and text[i + 2] in _HEX):
            return False
    head = re.split(r"[/?#]", text, maxsplit=1)[0]
    return ":" not in head or _SCHEME.fullmatch(head.split(":", 1)[0]) is not None


def _days_fit(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    if "d" not in groups:
        return True
    month, day = int(groups["m"]), int(groups["d"])
    if "y" in groups:
        year = int(groups["y"])  # XSD 1.1: year 0 is 1 BCE, a leap year like every year divisible by 400
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return day <= (28 if month == 2 and not leap else _DAYS_IN_MONTH[month])
    return day <= _DAYS_IN_MONTH[month]


def _pattern_check(name: str) -> Callable[[str], bool]:
    pattern = _COMPILED[name]

    def check(text: str) -> bool:
        match = pattern.fullmatch(text)
        return match is not None and _days_fit(match)

    return check


def _integer_check(name: str) -> Callable[[str], bool]:
    low, high = _INTEGER_RANGES[name]

    def check(text: str) -> bool:
        if _COMPILED["integer"].fullmatch(text) is None:
            return False
        digits = text.lstrip("+-").lstrip("0") or "0"
        magnitude = int(digits) if len(digits) <= 40 else 10**40  # past every bound; int() refuses huge texts
        value = -magnitude if text.startswith("-") else magnitude
        return (low is None or value >= low) and (high is None or value <= high)

    return check


_CHECKS: dict[str, Callable[[str], bool]] = {
    **{XSD + name: _pattern_check(name) for name in _COMPILED if name != "integer"},
    **{XSD + name: _integer_check(name) for name in _INTEGER_RANGES},
    XSD + "string": _is_string,
    XSD + "normalizedString": _is_normalized,
    XSD + "token": _is_token,
    XSD + "anyURI": _is_any_uri,
}

#: The datatypes judged.
JUDGED = frozenset(_CHECKS)


def in_lexical_space(lexical: str, datatype: str) -> bool | None:
    """Whether ``lexical`` is in the lexical space of ``datatype`` (an IRI); ``None`` for a datatype not judged."""
    check = _CHECKS.get(datatype)
    return None if check is None else check(lexical)
