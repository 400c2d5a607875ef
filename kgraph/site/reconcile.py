"""The W3C Reconciliation Service API (version 0.2, the version OpenRefine speaks) over the label search.

A reconciliation service matches names in a client's table (a column of person or city names, say) to the
graph's resources. This module answers its three documents from :class:`kgraph.site.search.SearchIndex`:

* the **service manifest** (:func:`manifest`): the service's name, identifier space (``<base>id/``), schema
  space (the ontology's namespace), default types, the view template and the entity suggest service;
* a **reconciliation result batch** (:func:`reconcile`) for a query batch: for each query its candidates,
  best first, each with the IRI as ``id``, its ``name`` in the reader's language, its type, the search's
  ``score`` (0–100) and ``match``: true for the one candidate whose name is the query exactly, when no other
  candidate's is;
* an **entity suggest response** (:func:`suggest`) for what a user has typed so far.

Entities are identified by their IRIs. ``type`` restricts candidates to those classes (a hard filter: a
city is also a municipality and an organisation); ``properties`` and ``type_strict`` are accepted and not
used (the search matches names only). A malformed batch is refused with one line
(:class:`kgraph.site.search.SearchError`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..namespaces import base_iri, kp
from ..version import __version__
from . import i18n
from .render import Page
from .search import DEFAULT_LIMIT, MAX_LIMIT, Hit, SearchError, SearchIndex

VERSIONS = ["0.2"]
#: The most queries one batch may hold (the manifest's ``batchSize``).
BATCH_SIZE = 50
#: The classes the manifest offers as sensible choices, in this order.
DEFAULT_TYPES = ("Person", "City", "Municipality", "Body", "Organisation", "Publication", "SourceDocument")


def manifest(index: SearchIndex, page: Page, root: str) -> dict:
    """The service manifest of the service at ``root`` (the server's URL, ending in ``/``)."""
    return {
        "versions": VERSIONS,
        "name": i18n.t("site_title", page.lang),
        "identifierSpace": base_iri() + "id/",
        "schemaSpace": str(kp()),
        "documentation": root + "search",
        "serviceVersion": __version__,
        "defaultTypes": [type_json(index.type_node(kp() + name), page) for name in DEFAULT_TYPES],
        "view": {"url": root + "reconcile/view?id={{id}}"},
        "suggest": {"entity": {"service_url": root.rstrip("/"), "service_path": "/reconcile/suggest/entity"}},
        "batchSize": BATCH_SIZE,
    }


def type_json(node, page: Page) -> dict:
    return {"id": node.value, "name": page.label(node)}


def parse_batch(text: str) -> dict[str, dict]:
    """A reconciliation query batch (JSON text) as {key: query}; :class:`SearchError` when it is not one."""
    try:
        batch = json.loads(text)
    except json.JSONDecodeError as err:
        raise SearchError("reconcile_bad_json", err.lineno, err.colno) from None
    if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
        raise SearchError("reconcile_bad_batch")
    if len(batch) > BATCH_SIZE:
        raise SearchError("reconcile_too_many", len(batch), BATCH_SIZE)
    for key, query in batch.items():
        if not isinstance(query.get("query", ""), str):
            raise SearchError("reconcile_bad_query", key)
        types = query.get("type", [])
        if not (isinstance(types, str) or (isinstance(types, list) and all(isinstance(t, str) for t in types))):
            raise SearchError("reconcile_bad_query", key)
        limit = query.get("limit", DEFAULT_LIMIT)
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 1 or limit != int(limit):
            raise SearchError("reconcile_bad_query", key)
    return batch


def _types(index: SearchIndex, query: Mapping) -> list[str]:
    types = query.get("type", [])
    return [index.type_iri(t) for t in ([types] if isinstance(types, str) else types) if t.strip()]


def candidate(hit: Hit, page: Page, sure: bool) -> dict:
    """One reconciliation candidate."""
    found: dict = {
        "id": hit.node.value,
        "name": page.label(hit.node),
        "score": hit.match.score,
        "match": sure,
        "type": [type_json(hit.type, page)] if hit.type else [],
    }
    if hit.type:
        found["description"] = page.label(hit.type)
    return found


def reconcile(index: SearchIndex, batch: Mapping[str, Mapping], page: Page) -> dict:
    """The reconciliation result batch of a parsed query batch."""
    answer: dict[str, dict] = {}
    for key, query in batch.items():
        text = query.get("query", "")
        if not text.strip():  # a query by properties only: the search matches names, so no candidates
            answer[key] = {"result": []}
            continue
        limit = min(int(query.get("limit", DEFAULT_LIMIT)), MAX_LIMIT)
        try:
            hits = index.search(text, types=_types(index, query), limit=limit).hits
        except SearchError as err:
            raise SearchError("reconcile_in_query", key, err.text(page.lang)) from None
        exact = [h for h in hits if h.match.rank == "exact"]
        answer[key] = {"result": [candidate(h, page, sure=len(exact) == 1 and h is exact[0]) for h in hits]}
    return answer


def suggest(index: SearchIndex, prefix: str, cursor: int, page: Page) -> dict:
    """The entity suggest response for ``prefix``, from the ``cursor``-th suggestion on."""
    result: list[dict] = []
    for hit in index.search(prefix, limit=DEFAULT_LIMIT, offset=cursor).hits:
        item: dict = {"id": hit.node.value, "name": page.label(hit.node)}
        if hit.type:
            item["description"] = page.label(hit.type)
            item["notable"] = [type_json(hit.type, page)]
        result.append(item)
    return {"result": result}
