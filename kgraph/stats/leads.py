"""Coverage of the leads (``leads.md`` of the facts pack): stored public pages that hold facts for the graph.

Each table row of the leads file names one or more addresses in its first cell. An address is *in the graph*
when a source document has it as ``schema:url`` (compared after folding the scheme, a leading ``www.`` and a
trailing slash, which stored copies write either way); otherwise it is *excluded* when
``data/leads-exclusions.yaml`` (``"<address>": reason``) gives a reason, and else *not yet modelled*.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..config import Layout
from .coverage import NOT_YET, default_facts_dir, read_exclusions

LEADS_FILE = "leads.md"
_SECTION = re.compile(r"^###\s+(?P<id>D\.\d+)\b")
_ADDRESS = re.compile(r"https?://[^\s|;]+")

SOURCE_URLS = """
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?url WHERE { ?s schema:url ?url }
"""


@dataclass(frozen=True)
class Lead:
    section: str
    url: str


def _trim(url: str) -> str:
    """An address as the row writes it, without the punctuation that closes the surrounding text."""
    url = url.rstrip(".,")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def fold(url: str) -> str:
    """The form two spellings of one address share: https, no ``www.``, no trailing slash."""
    url = re.sub(r"^http://", "https://", url.strip())
    url = re.sub(r"^https://www\.", "https://", url)
    return url[:-1] if url.endswith("/") else url


def read_leads(path: Path) -> list[Lead]:
    """Every address in the first cell of a table row, with the section (``D.3`` …) it is listed under."""
    leads, section, seen = [], "", set()
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _SECTION.match(line)
        if heading:
            section = heading["id"]
            continue
        if not line.startswith("|") or not section:
            continue
        cells = line.split("|")
        first = cells[1] if len(cells) > 2 else ""
        for match in _ADDRESS.finditer(first):
            url = _trim(match.group(0))
            if (section, url) not in seen:
                seen.add((section, url))
                leads.append(Lead(section, url))
    return leads


def exclusions_file(layout: Layout | None = None) -> Path:
    return (layout or Layout()).data / "leads-exclusions.yaml"


def coverage(leads: list[Lead], source_urls: set[str], exclusions: dict[str, str]) -> dict:
    """Which leads the graph cites and why the others are not cited (plain data, for JSON and tests)."""
    cited = {fold(u) for u in source_urls}
    in_graph, left_out = [], []
    for lead in leads:
        if fold(lead.url) in cited:
            in_graph.append(lead)
        else:
            left_out.append({"section": lead.section, "url": lead.url, "reason": exclusions.get(lead.url, NOT_YET)})
    return {
        "addresses": len(leads),
        "in_graph": len(in_graph),
        "left_out": left_out,
        "by_reason": dict(Counter("excluded" if x["reason"] != NOT_YET else NOT_YET for x in left_out)),
        # exclusions that name no lead, or a lead the graph cites after all
        "stale_exclusions": sorted(set(exclusions) - {x["url"] for x in left_out}),
    }


def compute(store, facts_dir: Path | None, layout: Layout | None = None) -> dict:
    path = (facts_dir or default_facts_dir(layout)) / LEADS_FILE
    if not path.is_file():
        return {"leads_file": str(path), "absent": True}
    try:
        exclusions = read_exclusions(exclusions_file(layout))
    except RuntimeError as err:  # no PyYAML
        return {"leads_file": str(path), "absent": True, "why": str(err)}
    urls = {sol["url"].value for sol in store.query(SOURCE_URLS)}
    return {"leads_file": str(path), "absent": False, **coverage(read_leads(path), urls, exclusions)}


def render(cov: dict) -> str:
    if cov.get("absent"):
        return f"Leads: {cov.get('why', 'not found')} ({cov['leads_file']}); listing skipped."
    head = (
        f"Leads ({cov['leads_file']}): {cov['in_graph']} of {cov['addresses']} addresses cited by source "
        f"documents, {len(cov['left_out'])} not cited"
    )
    parts = [head, *(f"  {n:6d}  {why}" for why, n in cov["by_reason"].items())]
    listings = (
        (
            "Leads not cited, with the reason:",
            [f"  {x['section']}  {x['url']}  {x['reason']}" for x in cov["left_out"]],
        ),
        ("Lead exclusions that name no uncited lead:", [f"  {u}" for u in cov["stale_exclusions"]]),
    )
    for title, rows in listings:
        if rows:
            parts += ["", title, *rows]
    return "\n".join(parts)
