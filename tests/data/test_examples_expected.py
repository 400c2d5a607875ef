"""Every example query (queries/examples/, queries/interop/ — the README's queries) returns exactly its
hand-written expected answer, NAME.expected.csv beside it (convention: docs/modelling.md, "Example queries and
their expected answers")."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from paths import ROOT

QUERIES = ROOT / "queries"
FILES = sorted([*(QUERIES / "examples").glob("*.rq"), *(QUERIES / "interop").glob("*.rq")])


def expected(path: Path) -> tuple[list[str], Counter]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header, *rows = list(csv.reader(lines))
    assert all(len(r) == len(header) for r in rows), f"{path.name}: a row has the wrong number of values"
    return header, Counter(tuple(r) for r in rows)


def test_every_query_has_an_expected_answer():
    missing = [p.name for p in FILES if not p.with_suffix(".expected.csv").exists()]
    assert not missing and len(FILES) >= 12, missing
    orphans = [
        p.name
        for folder in ("examples", "interop")
        for p in (QUERIES / folder).glob("*.expected.csv")
        if not p.with_name(p.name.replace(".expected.csv", ".rq")).exists()
    ]
    assert not orphans


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_query_returns_its_expected_answer(store, path):
    header, rows = expected(path.with_suffix(".expected.csv"))
    result = store.query(path.read_text(encoding="utf-8"))
    variables = [v.value for v in result.variables]
    assert variables == header
    got = Counter(tuple("" if s[v] is None else s[v].value for v in variables) for s in result)
    assert got == rows, f"missing: {sorted((rows - got).elements())}\nunexpected: {sorted((got - rows).elements())}"
