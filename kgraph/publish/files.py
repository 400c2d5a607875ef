"""The files of the data package that the catalogue lists as distributions, and what it says of each once
written: the size in bytes and the checksums (SHA-256 for DCAT-AP 3.0.1, SHA-1 for avoindata.fi)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackageFile:
    """One file of the package that the catalogue lists as a distribution."""

    path: str  # relative to the package root, e.g. "dumps/kaupunkipolitiikka-asserted.ttl.gz"
    graph: str  # what it holds: "asserted", "inferred", "graphs", "site", "tables" or a table's name
    suffix: str  # "ttl", "nt", "jsonld", "rdf", "nq", "trig", "csv", "json" or "html"
    compressed: bool = False
    standard: str | None = None  # a specification the file conforms to beyond its format


@dataclass(frozen=True)
class FileFacts:
    """What a catalogue says of a written file: its size in bytes and its checksums."""

    byte_size: int
    sha256: str
    sha1: str


def file_facts(root: Path, files: list[PackageFile]) -> dict[str, FileFacts]:
    """Size and checksums of each of ``files`` as written under ``root``, by path."""
    facts = {}
    for f in files:
        data = (root / f.path).read_bytes()
        facts[f.path] = FileFacts(len(data), hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest())
    return facts
