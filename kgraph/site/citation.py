"""How to cite a resource page: the record's IRI, the build it was read from and the day it was accessed.

A :class:`Citation` cites the graph's record of a resource (not the person, body or publication itself): its
title is the resource's label, its container the knowledge graph, its version the build's version record
(``kgraph`` version and build day of ``build/manifest.json``, written ``0.1.0+20261201`` as the catalogue's
``dcat:version`` writes it). The access day is the day of the request on the running server; the static site
cannot know when it is read, so its pages cite the build day and say that it is the day of publication
(decision ``docs/decisions/0012-citable-pages.md``).

The same citation is written three ways: readable text (the page), BibTeX (``<resource>.bib``) and CSL-JSON
(``<resource>.csl.json``, an array of one item as the CSL schema ``csl-data.json`` defines it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..namespaces import base_iri
from ..version import __version__

#: Suffix -> (media type, name) of the citation downloads of every resource page.
CITATION_FORMATS = {
    "bib": ("application/x-bibtex", "BibTeX"),
    "csl.json": ("application/vnd.citationstyles.csl+json", "CSL-JSON"),
}


@dataclass(frozen=True)
class BuildVersion:
    """The version record of a build: the package version and the day the graph was built."""

    version: str  # e.g. "0.1.0+20261201"
    built: str  # ISO day, "" when the store has no manifest

    @classmethod
    def of(cls, manifest: dict | None) -> "BuildVersion":
        manifest = manifest or {}
        built = str(manifest.get("built") or "")[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", built):
            built = ""
        package = str(manifest.get("kgraph") or __version__)
        return cls(f"{package}+{built.replace('-', '')}" if built else package, built)


@dataclass(frozen=True)
class Citation:
    """The citation of one resource's record, in one language."""

    iri: str
    title: str
    title_lang: str  # the language of the title ("" when untagged, e.g. a person's name)
    container: str  # the knowledge graph's name in the page's language
    version: BuildVersion
    accessed: str  # ISO day
    accessed_is_publication: bool  # the static site: the access day is the build day
    lang: str

    @property
    def key(self) -> str:
        """A BibTeX key from the IRI's path: ``kp-person-mari-vaattovaara``."""
        path = self.iri[len(base_iri()) :] if self.iri.startswith(base_iri()) else self.iri
        path = path.removeprefix("id/")
        return "kp-" + (re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "resource")

    @property
    def year(self) -> str:
        return (self.version.built or self.accessed)[:4]


def cite(
    iri: str, title: tuple[str, str], container: str, manifest: dict | None, accessed: date | None, lang: str
) -> Citation:
    """The citation of ``iri``; ``accessed`` None for the static site (the build day is cited as published)."""
    version = BuildVersion.of(manifest)
    static = accessed is None
    day = version.built if static and version.built else (accessed or date.today()).isoformat()
    return Citation(iri, title[0], title[1], container, version, day, static, lang)


# ---------------------------------------------------------------- BibTeX

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_text(value: str) -> str:
    """A text as a BibTeX field value: LaTeX's special characters escaped, braces balanced, one line."""
    value = " ".join(value.split())
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)


def bibtex_url(value: str) -> str:
    """A URL inside ``url = {…}``: only what would unbalance the braces or end the field is escaped."""
    return "".join(f"%{ord(c):02X}" if c in "{}\\%" or c.isspace() else c for c in value)


def bibtex(c: Citation, note: str) -> str:
    """One ``@misc`` entry (BibLaTeX reads ``url``, ``urldate`` and ``version``; classic styles read ``note``)."""
    fields = [
        ("title", "{" + bibtex_text(c.title) + "}"),  # the inner braces keep the title's capitals
        ("howpublished", bibtex_text(c.container)),
        ("year", c.year),
        ("version", bibtex_text(c.version.version)),
        ("url", bibtex_url(c.iri)),
        ("urldate", c.accessed),
        ("note", bibtex_text(note)),
    ]
    if c.title_lang:
        fields.append(("langid", {"fi": "finnish", "sv": "swedish", "en": "english"}.get(c.title_lang, c.title_lang)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{c.key},\n{body}\n}}\n"


# ---------------------------------------------------------------- CSL-JSON


def date_parts(day: str) -> dict:
    """A CSL date variable of an ISO day: ``{"date-parts": [[2026, 12, 1]]}``."""
    return {"date-parts": [[int(p) for p in day.split("-")]]}


def csl_item(c: Citation, note: str) -> dict:
    """The CSL-JSON item (type ``dataset``: a record of a database) of a citation."""
    item: dict = {
        "id": c.key,
        "type": "dataset",
        "title": c.title,
        "container-title": c.container,
        "publisher": c.container,
        "version": c.version.version,
        "URL": c.iri,
        "accessed": date_parts(c.accessed),
        "note": note,
    }
    if c.version.built:
        item["issued"] = date_parts(c.version.built)
    if c.title_lang:
        item["language"] = c.title_lang
    return item


def csl_json(c: Citation, note: str) -> str:
    """The CSL-JSON document: an array of one item, pretty-printed, UTF-8 as is."""
    return json.dumps([csl_item(c, note)], ensure_ascii=False, indent=2) + "\n"
