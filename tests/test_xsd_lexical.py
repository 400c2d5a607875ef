"""Ill-typed literals judged by the XSD lexical spaces, the same in every process whatever ran before.

The expected answers are read off XML Schema 1.1 Part 2 (the lexical mappings of section 3) by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.io.xsd_lexical import in_lexical_space

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"

#: (datatype, lexical form, in the lexical space?)
CASES = [
    ("date", "2023-12-01", True),
    ("date", "2023-13-01", False),  # month 13
    ("date", "2019-02-30", False),  # February has no 30th
    ("date", "2020-02-29", True),  # leap year
    ("date", "1900-02-29", False),  # divisible by 100, not by 400
    ("date", "2000-02-29", True),
    ("date", "2023-04-31", False),
    ("date", "2023-12-01Z", True),
    ("date", "2023-12-01+14:00", True),
    ("date", "2023-12-01+14:30", False),
    ("date", "23-12-01", False),
    ("date", " 2023-12-01", False),  # a lexical form is judged as written
    ("date", "-0044-03-15", True),
    ("dateTime", "2023-12-01T10:00:00", True),
    ("dateTime", "2023-12-01T10:00:00.123+02:00", True),
    ("dateTime", "2023-12-01T24:00:00", True),
    ("dateTime", "2023-12-01T25:00:00", False),
    ("dateTime", "2023-12-01T10:00", False),
    ("dateTime", "2023-12-01", False),
    ("dateTimeStamp", "2023-12-01T10:00:00", False),  # a time zone is required
    ("dateTimeStamp", "2023-12-01T10:00:00Z", True),
    ("time", "10:00:00", True),
    ("time", "10:60:00", False),
    ("gYear", "2023", True),
    ("gYear", "23", False),
    ("gYear", "12023", True),
    ("gYear", "02023", False),  # leading zeros only up to four digits
    ("gYear", "abc", False),
    ("gYearMonth", "2023-12", True),
    ("gYearMonth", "2023-13", False),
    ("gYearMonth", "2023-00", False),
    ("gYearMonth", "2023-1", False),
    ("gMonthDay", "--02-29", True),
    ("gMonthDay", "--04-31", False),
    ("gMonth", "--05", True),
    ("gDay", "---31", True),
    ("integer", "42", True),
    ("integer", "-0", True),
    ("integer", "+007", True),
    ("integer", "1.5", False),
    ("integer", "12a", False),
    ("integer", "", False),
    ("integer", "1" * 5000, True),  # no bound, however long
    ("nonNegativeInteger", "0", True),
    ("nonNegativeInteger", "-1", False),
    ("positiveInteger", "0", False),
    ("positiveInteger", "-" + "9" * 5000, False),
    ("negativeInteger", "-1", True),
    ("nonPositiveInteger", "1", False),
    ("byte", "127", True),
    ("byte", "128", False),
    ("byte", "-128", True),
    ("unsignedByte", "255", True),
    ("unsignedByte", "256", False),
    ("short", "-32769", False),
    ("int", "2147483647", True),
    ("int", "2147483648", False),
    ("long", "-9223372036854775808", True),
    ("unsignedLong", "18446744073709551616", False),
    ("unsignedInt", "-1", False),
    ("decimal", "1.50", True),
    ("decimal", "-.5", True),
    ("decimal", "5.", True),
    ("decimal", "1e5", False),  # no exponent in a decimal
    ("decimal", "x", False),
    ("double", "1e5", True),
    ("double", "-1.5E-3", True),
    ("double", "INF", True),
    ("double", "-INF", True),
    ("double", "NaN", True),
    ("double", "nan", False),
    ("double", "1e", False),
    ("float", "3.14", True),
    ("float", "three", False),
    ("boolean", "true", True),
    ("boolean", "0", True),
    ("boolean", "TRUE", False),
    ("boolean", "yes", False),
    ("anyURI", "https://example.org/a?b=c#d", True),
    ("anyURI", "http://a b", True),  # XSD escapes the space
    ("anyURI", "relative/path", True),
    ("anyURI", "", True),
    ("anyURI", "a#b#c", False),
    ("anyURI", "%zz", False),
    ("anyURI", "1http://a", False),  # not a scheme
    ("string", "any text\twith a tab", True),
    ("string", "nul \x00", False),  # not an XML character
    ("normalizedString", "two\nlines", False),
    ("token", "a token", True),
    ("token", " padded", False),
    ("token", "two  spaces", False),
    ("language", "fi", True),
    ("language", "en-GB", True),
    ("language", "toolonglanguage", False),
    ("duration", "P1Y2M3DT4H5M6.7S", True),
    ("duration", "P", False),
    ("duration", "PT", False),
    ("dayTimeDuration", "P1Y", False),
    ("yearMonthDuration", "P1Y2M", True),
    ("hexBinary", "0fA1", True),
    ("hexBinary", "0fA", False),
    ("base64Binary", "aGVsbG8=", True),
    ("base64Binary", "aGVsbG8", False),
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
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(cases), before],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_the_answer_does_not_depend_on_what_ran_before():
    chosen = [case for case in CASES if "\x00" not in case[1] and len(case[1]) < 100]  # writable in Turtle
    cases = [(datatype, lexical) for datatype, lexical, _ in chosen]
    expected = [i for i, (_, _, ok) in enumerate(chosen) if not ok]
    answers = {before: _refused_after(before, cases) for before in ("nothing", "owlrl", "pyshacl")}
    assert answers == {"nothing": expected, "owlrl": expected, "pyshacl": expected}
