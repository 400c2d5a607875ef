"""The search's two answers: the HTML page of hits and the JSON an autocomplete reads.

The JSON is shaped as Wikidata's ``wbsearchentities`` answer, so that widgets written for it work here::

    {"searchinfo": {"search": "vasa", "language": "sv", "type": []},
     "search": [{"id": IRI, "concepturi": IRI, "url": page URL, "label": "Vasa", "language": "sv",
                 "description": type label, "type": type IRI, "score": 100.0,
                 "match": {"type": "label", "language": "sv", "text": "Vasa", "rank": "exact"}}],
     "search-continue": 10, "success": 1}

``id`` and ``concepturi`` are both the IRI (Wikidata's ``id`` is a short Q-number; ours is the IRI, as the
W3C Reconciliation API's ``id`` is); ``description`` is the type's label in the asked language; ``type``,
``score`` and ``match.rank`` are ours; ``search-continue`` is present only when more hits follow.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .render import Page, Renderer, ServerLinks
from .search import Hit, Results


class SearchLinks(ServerLinks):
    """The server's links, with a language switch that keeps the query."""

    def __init__(self, lang: str, query: str = ""):
        super().__init__(lang, "search")
        self.query = query

    def switch(self, lang: str) -> str:
        return search_url(self.query, lang=lang)


def search_url(query: str, **params) -> str:
    """The path of a search page: ``/search?q=…`` with more parameters (``lang``, ``continue``, ``format``)."""
    return "/search?" + urlencode({"q": query, **{k: v for k, v in params.items() if v is not None}})


def render(renderer: Renderer, page: Page, query: str, results: Results | None, error: str = "") -> str:
    """The HTML page: the form, then the hits of ``results`` (None: nothing asked yet) or ``error``."""
    return renderer.env.get_template("search.html").render(
        page=page,
        query=query,
        results=results,
        error=error,
        more=search_url(query, lang=page.lang, **{"continue": results.more}) if results and results.more else None,
        json_url=search_url(query, format="json", lang=page.lang) if results else None,
    )


def hit_json(hit: Hit, page: Page, root: str) -> dict:
    """One hit as ``wbsearchentities`` writes it (see the module's text); ``root``: the server's URL."""
    href = page.href(hit.node)
    return {
        "id": hit.node.value,
        "concepturi": hit.node.value,
        "url": root.rstrip("/") + href if href else hit.node.value,
        "label": page.label(hit.node),
        "language": page.label_lang(hit.node) or None,
        "description": page.label(hit.type) if hit.type else "",
        "type": hit.type.value if hit.type else None,
        "score": hit.match.score,
        "match": {
            "type": hit.match.field,
            "language": hit.match.lang or None,
            "text": hit.match.text,
            "rank": hit.match.rank,
        },
    }


def answer_json(results: Results, page: Page, root: str, types: list[str]) -> dict:
    """The whole answer of a search as JSON (see the module's text)."""
    answer: dict = {
        "searchinfo": {"search": results.query, "language": page.lang, "type": types},
        "search": [hit_json(hit, page, root) for hit in results.hits],
    }
    if results.more is not None:
        answer["search-continue"] = results.more
    answer["success"] = 1
    return answer
