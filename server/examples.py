"""The example queries the query UI opens with: ``queries/examples/*.rq``.

Each file starts with comment lines ``# title: …`` and ``# description: …``;
the rest is the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kgraph.config import Layout

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields[match.group(1).lower()] = match.group(2)
    return Example(path.stem, fields.get("title", path.stem), fields.get("description", ""), text)


def examples(folder: Path | None = None) -> list[Example]:
    """Every example, in file-name order."""
    folder = folder or Layout().examples
    return [read_example(p) for p in sorted(folder.glob("*.rq"))] if folder.is_dir() else []
