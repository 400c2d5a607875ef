"""The example queries the query UI opens with: ``queries/examples/*.rq``.

Each file starts with comment lines ``# title: …`` and ``# description: …`` (in
English), optionally also ``# title@fi: …``, ``# description@sv: …`` in another
language; the rest is the query. A reader gets the title and description in their
language where the file has it, else in English (and the page says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kgraph.config import Layout

_HEADER = re.compile(r"^#\s*(title|description)(?:@([a-z]{2}))?\s*:\s*(.*?)\s*$", re.IGNORECASE)
UNTAGGED = "en"  # the language of an untagged title or description


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str
    lang: str = UNTAGGED  # the language of the title and description


def read_example(path: Path, lang: str = UNTAGGED) -> Example:
    """The example in ``path``, its title and description in ``lang`` when the file has both, else in English.

    The query text keeps the header lines of the language shown (as ``# title:`` and ``# description:``) and
    drops those of the other languages."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields: dict[tuple[str, str], str] = {}
    header: dict[int, tuple[str, str]] = {}  # line number -> (field, language) of a header line
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line.rstrip("\r\n"))
        if match:
            key = (match.group(1).lower(), (match.group(2) or UNTAGGED).lower())
            fields[key] = match.group(3)
            header[number] = key
    shown = lang if ("title", lang) in fields and ("description", lang) in fields else UNTAGGED
    query = "".join(
        line if number not in header else f"# {header[number][0]}: {fields[header[number]]}\n"
        for number, line in enumerate(lines)
        if number not in header or header[number][1] == shown
    )
    title = fields.get(("title", shown), path.stem)
    return Example(path.stem, title, fields.get(("description", shown), ""), query, shown)


def examples(folder: Path | None = None, lang: str = UNTAGGED) -> list[Example]:
    """Every example, in file-name order, with its title and description for a reader of ``lang``."""
    folder = folder or Layout().examples
    return [read_example(p, lang) for p in sorted(folder.glob("*.rq"))] if folder.is_dir() else []
