"""The data package's tables: one CSV file per kind of core entity, with a Frictionless Data Package descriptor.

Each table is the answer of one SELECT query, ``queries/tables/<name>.rq``, over the built graph (asserted and
inferred): one row per entity, ordered by IRI, the query's variables as the header row. The query file is the
one edited source: its header comments name the table in Finnish, Swedish and English (``# title@fi: …``) and
describe each column (``# field NAME: …``; ``# field NAME list: …`` for a column of several values, whose parts
are sorted here so the same graph gives the same bytes). A column's type in the descriptor follows from its
values: all ``xsd:date`` → ``date``, all integers → ``integer``, all IRIs → ``string`` with format ``uri``,
else ``string`` (dates as precise as the sources give them mix years, months and days, so they are strings).

The files are UTF-8 without a byte-order mark, comma-separated, with CRLF line ends and quotes only where a
value needs them (RFC 4180), which R (``read.csv``), Stata (``import delimited``) and spreadsheets read as
they are. ``tables/datapackage.json`` describes them (resources, schemas with types, the licence CC BY 4.0,
the sources); the tests validate it with the ``frictionless`` library.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from ..config import Layout
from ..errors import PublishError
from ..namespaces import rebase_query
from ..query.results import bindings
from .files import PackageFile

#: The tables, in the order of the descriptor; each is ``queries/tables/<name>.rq``.
NAMES = ("persons", "bodies", "terms", "mandates", "cities", "agreements", "publications")
FOLDER = "tables"
DESCRIPTOR = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
_HEADER = re.compile(r"#\s*(?:title@(?P<lang>[a-z]{2})|field (?P<field>\w+)(?P<list> list)?):\s*(?P<text>.*)")
#: Between the values of a list column (as the queries' GROUP_CONCAT puts them).
LIST_SEPARATOR = " | "
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Table:
    """One table: its query and what its header comments say."""

    name: str
    query: str
    titles: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    lists: frozenset[str] = frozenset()

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.name}.csv"


def read_table(name: str, layout: Layout | None = None) -> Table:
    """The table ``name`` as its query file ``queries/tables/<name>.rq`` defines it."""
    path = (layout or Layout()).queries / "tables" / f"{name}.rq"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PublishError(f"{path}: cannot read the query of table {name!r}: {err.strerror}") from err
    titles, descriptions, lists = {}, {}, set()
    for line in text.splitlines():
        found = _HEADER.fullmatch(line.strip())
        if found and found["lang"]:
            titles[found["lang"]] = found["text"]
        elif found:
            descriptions[found["field"]] = found["text"]
            if found["list"]:
                lists.add(found["field"])
    missing = [lang for lang in ("fi", "sv", "en") if lang not in titles]
    if missing:
        raise PublishError(f"{path}: no '# title@{missing[0]}:' line")
    return Table(name, text, titles, descriptions, frozenset(lists))


@cache
def table(name: str) -> Table:
    """A table of the running layout (cached: the catalogue asks for the titles of each)."""
    return read_table(name)


def package_files() -> list[PackageFile]:
    """The tables and their descriptor, as distributions of the catalogue."""
    files = [PackageFile(f"{FOLDER}/{name}.csv", name, "csv") for name in NAMES]
    return files + [PackageFile(f"{FOLDER}/{DESCRIPTOR}", "tables", "json", standard=DATA_PACKAGE_SPEC)]


DATA_PACKAGE_SPEC = "https://specs.frictionlessdata.io/data-package/"


@dataclass
class Answer:
    """A table's header, its rows as text, and the schema fields its values call for."""

    columns: list[str]
    rows: list[list[str]]
    fields: list[dict]


def run(store, t: Table) -> Answer:
    """Run the table's query; each value as the text the CSV file holds."""
    result = store.query(rebase_query(t.query))
    columns = [v.value for v in result.variables]
    found = bindings(result)
    text_rows: list[list[str]] = []
    kinds: dict[str, set[str]] = {c: set() for c in columns}
    for row in found:
        values = []
        for column in columns:
            term = row.get(column)
            if term is None or term.value == "":
                values.append("")
                continue
            kinds[column].add(_kind(term))
            value = term.value
            if column in t.lists:
                value = LIST_SEPARATOR.join(sorted(value.split(LIST_SEPARATOR)))
            values.append(value)
        text_rows.append(values)
    fields = []
    for column in columns:
        spec: dict = {"name": column, "type": "string"}
        kind = kinds[column]
        if kind == {"date"}:
            spec["type"] = "date"
        elif kind == {"integer"}:
            spec["type"] = "integer"
        elif kind == {"iri"} and column not in t.lists:
            spec["format"] = "uri"
        if column in t.descriptions:
            spec["description"] = t.descriptions[column]
        fields.append(spec)
    return Answer(columns, text_rows, fields)


def _kind(term) -> str:
    if isinstance(term, ox.NamedNode):
        return "iri"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == _XSD + "date":
            return "date"
        if datatype == _XSD + "integer":
            return "integer"
    return "text"


def to_csv(answer: Answer) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(answer.columns)
    writer.writerows(answer.rows)
    return out.getvalue().encode("utf-8")


def check_one_row_per_entity(t: Table, answer: Answer) -> None:
    ids = [row[0] for row in answer.rows]
    if len(ids) != len(set(ids)):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise PublishError(f"queries/tables/{t.name}.rq gives {twice} in more than one row")


def table_files(store, homepage: str, layout: Layout | None = None) -> dict[str, bytes]:
    """Every table and the descriptor, as {path in the package: bytes} (written by the caller)."""
    out: dict[str, bytes] = {}
    resources = []
    for name in NAMES:
        t = read_table(name, layout)
        answer = run(store, t)
        check_one_row_per_entity(t, answer)
        data = to_csv(answer)
        out[t.path] = data
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": t.titles["en"],
                "description": f"{t.titles['fi']} / {t.titles['sv']} / {t.titles['en']}: one row per entity, "
                f"the answer of queries/tables/{name}.rq",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
                "schema": {"fields": answer.fields, "primaryKey": [answer.columns[0]]},
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": "kaupunkipolitiikka-tables",
        "title": "Finnish urban policy knowledge graph: tables of the core entities",
        "description": "Persons, bodies and their terms, mandates with their dates (as precise as the sources "
        "give them; stated or derived) and sources, cities, agreements and publications, one CSV file "
        "each, made by SPARQL queries over the graph. Ids are the entities' IRIs.",
        "homepage": homepage,
        "licenses": [LICENCE],
        "sources": [
            {
                "title": "Finnish urban policy knowledge graph (every fact with its sources, see the sources column)",
                "path": homepage,
            }
        ],
        "resources": resources,
    }
    out[f"{FOLDER}/{DESCRIPTOR}"] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out
