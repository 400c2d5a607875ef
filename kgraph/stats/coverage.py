"""Coverage of the facts pack: which of its records the graph models, and why the others are left out.

A resource modelled from a record of the pack carries ``kp:factsRecord "<file>#<record id>"``. The pack's
record ids are read from its YAML files (each top-level section is a list of records with an ``id``); a record
whose id no resource names is *left out*, and this module says why: an entry of the exclusions table
(``data/facts-exclusions.yaml``, ``"<file>#<id>": reason``) if there is one, otherwise a rule on the record's
confidence or type, otherwise "not yet modelled".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..config import Layout
from ..namespaces import rebase_query

#: Record types of the pack that the ontology has no class for.
NOT_MODELLED_TYPES = {
    "event": "events are not modelled",
    "statement": "statements (descriptions of a mission or content) are not modelled",
    "career": "career summaries are not modelled (only dated titles are)",
    "membership-list": "free-text member lists (name and title in one string) are not modelled",
    "position-snapshot": "snapshots of several office holders in one record are not modelled",
    "programme-family": "groupings of programmes are not modelled",
    "policy-instrument": "policy instruments are not modelled",
    "agreement-programme": "groupings of agreements are not modelled",
    "publication-set": "sets of untitled or undated project outputs are not modelled",
}
CONFIDENCE_REASONS = {
    "inferred": "confidence inferred: the pack derives it by combining or reading sources",
    "standard-knowledge": "standard knowledge without a source",
}
NOT_YET = "not yet modelled"


@dataclass(frozen=True)
class Record:
    file: str
    id: str
    type: str
    confidence: str
    section: str

    @property
    def key(self) -> str:
        return f"{self.file}#{self.id}"


def default_facts_dir(layout: Layout | None = None) -> Path:
    return (layout or Layout()).root.parent / "shared" / "facts"


def exclusions_file(layout: Layout | None = None) -> Path:
    return (layout or Layout()).data / "facts-exclusions.yaml"


def _yaml():
    try:
        import yaml
    except ImportError as err:  # pragma: no cover - PyYAML ships with the test environment
        raise RuntimeError("reading the facts pack needs PyYAML (pip install pyyaml)") from err
    return yaml


def read_records(facts_dir: Path) -> list[Record]:
    """Every record (a mapping with an ``id`` in a top-level list) of every YAML file of the pack."""
    yaml = _yaml()
    records = []
    for path in sorted(facts_dir.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, items in doc.items():
            if not isinstance(items, list):
                continue
            for item in items:
                if isinstance(item, dict) and item.get("id"):
                    conf = item.get("confidence")
                    conf = conf if isinstance(conf, str) else ("per-field" if conf else "unstated")
                    records.append(Record(path.name, str(item["id"]), str(item.get("type", section)), conf, section))
    return records


def read_exclusions(path: Path) -> dict[str, str]:
    """The table of deliberate exclusions: record key -> reason."""
    if not path.exists():
        return {}
    table = _yaml().safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in table.items()}


def reason(record: Record, exclusions: dict[str, str]) -> str:
    if record.key in exclusions:
        return exclusions[record.key]
    if record.confidence in CONFIDENCE_REASONS:
        return CONFIDENCE_REASONS[record.confidence]
    if record.type in NOT_MODELLED_TYPES:
        return NOT_MODELLED_TYPES[record.type]
    return NOT_YET


def coverage(records: list[Record], in_graph: set[str], exclusions: dict[str, str]) -> dict:
    """Which records are in the graph and why the others are not (plain data, for JSON and tests)."""
    covered = [r for r in records if r.key in in_graph]
    left_out = [
        {"record": r.key, "type": r.type, "confidence": r.confidence, "reason": reason(r, exclusions)}
        for r in records
        if r.key not in in_graph
    ]
    known = {r.key for r in records}
    return {
        "records": len(records),
        "in_graph": len(covered),
        "left_out": left_out,
        "by_reason": dict(Counter(x["reason"] for x in left_out).most_common()),
        # kp:factsRecord values naming no record of the pack (a typo, or a record the pack dropped)
        "unknown": sorted(k for k in in_graph if "#" in k and k not in known),
    }


GRAPH_RECORDS = """
PREFIX kp: <https://w3id.org/kaupunkipolitiikka/ontology#>
SELECT DISTINCT ?record WHERE { ?s kp:factsRecord ?record }
"""


def graph_records(store) -> set[str]:
    return {sol["record"].value for sol in store.query(rebase_query(GRAPH_RECORDS))}


def compute(store, facts_dir: Path | None, layout: Layout | None = None) -> dict:
    """Coverage of the pack at ``facts_dir`` (default: ROOT/../shared/facts) by the graph in ``store``."""
    facts_dir = facts_dir or default_facts_dir(layout)
    if not facts_dir.is_dir():
        return {"facts_dir": str(facts_dir), "absent": True, "why": "not found"}
    try:
        records, exclusions = read_records(facts_dir), read_exclusions(exclusions_file(layout))
    except RuntimeError as err:  # no PyYAML
        return {"facts_dir": str(facts_dir), "absent": True, "why": str(err)}
    result = coverage(records, graph_records(store), exclusions)
    return {"facts_dir": str(facts_dir), "absent": False, **result}


def render(cov: dict) -> str:
    if cov.get("absent"):
        return f"Facts pack: {cov.get('why', 'not found')} ({cov['facts_dir']}); coverage listing skipped."
    lines = [
        f"Facts pack ({cov['facts_dir']}): {cov['in_graph']} of {cov['records']} records in the graph, "
        f"{len(cov['left_out'])} left out",
        "",
        "Left out, by reason:",
    ]
    lines += [f"  {n:6d}  {why}" for why, n in cov["by_reason"].items()]
    lines += ["", "Records not in the graph:"]
    lines += [f"  {x['record']}  [{x['type']}, {x['confidence']}]  {x['reason']}" for x in cov["left_out"]]
    if cov["unknown"]:
        lines += ["", "kp:factsRecord values that name no record of the pack:"]
        lines += [f"  {k}" for k in cov["unknown"]]
    return "\n".join(lines)
