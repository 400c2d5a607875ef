"""Ill-typed literals judged by the XSD lexical spaces, the same in every process whatever ran before.

The expected answers are read off XML Schema 1.1 Part 2 (the lexical mappings of section 3) by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from paths import ROOT

from kgraph.io.xsd_lexical import in_lexical_space

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Per datatype: (lexical forms in its lexical space, lexical forms outside it). Read off XSD 1.1 Part 2:
#: 30 February is no date, 1900 no leap year; a time zone reaches +14:00; a year has four digits at least, and
#: leading zeros only up to four; forms are judged as written (" 2023-12-01"); decimals have no exponent; the
#: integer subtypes are ranges; anyURI is what is left after XSD escapes spaces; strings hold XML characters.
LEXICAL = {
    "date": (
        ["2023-12-01", "2020-02-29", "2000-02-29", "2023-12-01Z", "2023-12-01+14:00", "-0044-03-15"],
        ["2023-13-01", "2019-02-30", "1900-02-29", "2023-04-31", "2023-12-01+14:30", "23-12-01", " 2023-12-01"],
    ),
    "dateTime": (
        ["2023-12-01T10:00:00", "2023-12-01T10:00:00.123+02:00", "2023-12-01T24:00:00"],
        ["2023-12-01T25:00:00", "2023-12-01T10:00", "2023-12-01"],
    ),
    "dateTimeStamp": (["2023-12-01T10:00:00Z"], ["2023-12-01T10:00:00"]),
    "time": (["10:00:00"], ["10:60:00"]),
    "gYear": (["2023", "12023"], ["23", "02023", "abc"]),
    "gYearMonth": (["2023-12"], ["2023-13", "2023-00", "2023-1"]),
    "gMonthDay": (["--02-29"], ["--04-31"]),
    "gMonth": (["--05"], []),
    "gDay": (["---31"], []),
    "integer": (["42", "-0", "+007", "1" * 5000], ["1.5", "12a", ""]),
    "nonNegativeInteger": (["0"], ["-1"]),
    "positiveInteger": ([], ["0", "-" + "9" * 5000]),
    "negativeInteger": (["-1"], []),
    "nonPositiveInteger": ([], ["1"]),
    "byte": (["127", "-128"], ["128"]),
    "unsignedByte": (["255"], ["256"]),
    "short": ([], ["-32769"]),
    "int": (["2147483647"], ["2147483648"]),
    "long": (["-9223372036854775808"], []),
    "unsignedLong": ([], ["18446744073709551616"]),
    "unsignedInt": ([], ["-1"]),
    "decimal": (["1.50", "-.5", "5."], ["1e5", "x"]),
    "double": (["1e5", "-1.5E-3", "INF", "-INF", "NaN"], ["nan", "1e"]),
    "float": (["3.14"], ["three"]),
    "boolean": (["true", "0"], ["TRUE", "yes"]),
    "anyURI": (["https://example.org/a?b=c#d", "http://a b", "relative/path", ""], ["a#b#c", "%zz", "1http://a"]),
    "string": (["any text\twith a tab"], ["nul \u0000"]),
    "normalizedString": ([], ["two\nlines"]),
    "token": (["a token"], [" padded", "two  spaces"]),
    "language": (["fi", "en-GB"], ["toolonglanguage"]),
    "duration": (["P1Y2M3DT4H5M6.7S"], ["P", "PT"]),
    "dayTimeDuration": ([], ["P1Y"]),
    "yearMonthDuration": (["P1Y2M"], []),
    "hexBinary": (["0fA1"], ["0fA"]),
    "base64Binary": (["aGVsbG8="], ["aGVsbG8"]),
}
CASES = [
    (d, lexical, ok)
    for d, (good, bad) in LEXICAL.items()
    for ok, forms in ((True, good), (False, bad))
    for lexical in forms
]


@pytest.mark.parametrize(("datatype", "lexical", "expected"), CASES, ids=lambda v: repr(v)[:30])
def test_lexical_space(datatype, lexical, expected):
    assert in_lexical_space(lexical, XSD + datatype) is expected


def test_a_datatype_not_judged_is_not_called_ill_typed():
    assert in_lexical_space("anything", "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral") is None
    assert in_lexical_space("anything", "https://example.org/vocabulary#code") is None


#: Runs in a fresh interpreter: reads one small Turtle file per case with kgraph's reader, after ``before``,
#: and prints which of them were refused as ill-typed.
_PROBE = """
import json, sys, tempfile
from pathlib import Path
cases, before = json.loads(sys.argv[1]), sys.argv[2]
if before == "owlrl":  # the reference reasoner swaps rdflib's converters and leaves some behind
    import owlrl
    from rdflib import Graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(Graph())
elif before == "pyshacl":
    import pyshacl
    from rdflib import Graph
    pyshacl.validate(Graph(), shacl_graph=Graph(), inference="rdfs")
from kgraph.errors import InputError
from kgraph.io.load import parse_file
refused = []
with tempfile.TemporaryDirectory() as folder:
    for i, (datatype, lexical) in enumerate(cases):
        path = Path(folder) / f"case{i}.ttl"
        body = json.dumps(lexical)
        path.write_text(f'<urn:x:s> <urn:x:p> {body}^^<http://www.w3.org/2001/XMLSchema#{datatype}> .\\n')
        try:
            parse_file(path)
        except InputError as err:
            assert "ill-typed literal" in str(err), err
            refused.append(i)
print(json.dumps(refused))
"""


def _refused_after(before: str, cases: list[tuple[str, str]]) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", _PROBE, json.dumps(cases), before]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_the_answer_does_not_depend_on_what_ran_before():
    chosen = [case for case in CASES if "\x00" not in case[1] and len(case[1]) < 100]  # writable in Turtle
    cases = [(datatype, lexical) for datatype, lexical, _ in chosen]
    expected = [i for i, (_, _, ok) in enumerate(chosen) if not ok]
    answers = {before: _refused_after(before, cases) for before in ("nothing", "owlrl", "pyshacl")}
    assert answers == {"nothing": expected, "owlrl": expected, "pyshacl": expected}
