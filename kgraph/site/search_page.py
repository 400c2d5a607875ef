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

from collections.abc import Sequence
from urllib.parse import urlencode

from .render import Page, Renderer, ServerLinks
from .search import Hit, Results


class SearchLinks(ServerLinks):
    """The server's links for a search page: its own URL keeps the query and the parameters that shape the
    hits (``kept``: ``type`` and ``limit`` as the request gave them), in any language or page of hits."""

    def __init__(self, lang: str, query: str = "", kept: Sequence[tuple[str, str]] = ()):
        super().__init__(lang, "search")
        self.query, self.kept = query, tuple(kept)

    def search(self, *more: tuple[str, object], lang: str | None = None) -> str:
        """This search's path with ``more`` parameters (``("continue", 10)``, ``("format", "json")``)."""
        return "/search?" + urlencode([("q", self.query), *self.kept, *more, ("lang", lang or self.lang)])

    def switch(self, lang: str) -> str:
        return self.search(lang=lang)


def render(renderer: Renderer, page: Page, results: Results | None, error: str = "") -> str:
    """The HTML page: the form, then the hits of ``results`` (None: nothing asked yet) or ``error``;
    ``page.links`` is the search's :class:`SearchLinks`."""
    links = page.links
    assert isinstance(links, SearchLinks), "a search page links with SearchLinks"
    return renderer.env.get_template("search.html").render(
        page=page,
        query=links.query,
        results=results,
        error=error,
        more=links.search(("continue", results.more)) if results and results.more is not None else None,
        json_url=links.search(("format", "json")) if results else None,
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
