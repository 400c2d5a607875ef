"""The front pages: the landing page, a listing page per kind of resource, and the named graphs' pages.

Rendered by :class:`kgraph.site.render.Renderer` for one language and one link policy, so the running server
(``server/front_pages.py``) and the static site (:func:`static_files`, written by ``kgraph publish``) show the
same pages. What the store holds is read once per :class:`FrontPages` (the graph never changes under it); the
composition of the bodies is read for the day asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property, partial

from . import collation, graphs as named, i18n, landing, listing
from .describe import Node, graph_triples, resources, to_bytes
from .render import FORMATS, Links, Page, Renderer, StaticLinks, site_path


def alternates(links: Links, path: str) -> list[tuple[str, str, str]]:
    """(suffix, format name, link) of every machine-readable form of the page at ``path``."""
    return [(suffix, name, links.data(path, suffix)) for suffix, (_media, name) in FORMATS.items()]


class FrontPages:
    """The front pages of one store."""

    def __init__(self, renderer: Renderer):
        self.renderer, self.store = renderer, renderer.store

    @cached_property
    def resources(self) -> list[tuple[str, tuple[str, ...]]]:
        return resources(self.store)

    @cached_property
    def kinds(self) -> dict[str, int]:
        return listing.kinds(self.resources)

    @cached_property
    def counts(self) -> list[landing.Count]:
        return landing.counts(self.store)

    @cached_property
    def graphs(self) -> list[named.NamedGraph]:
        return named.named_graphs(self.store)

    @staticmethod
    def node(iri: str) -> Node:
        """A resource of ours that has a page (a member named by a composition row)."""
        return Node(iri, "iri", described=True)

    @staticmethod
    def dated(page: Page, body: Node, day: str) -> str | None:
        """The link to a body's composition on ``day``, where the link policy has one."""
        where = site_path(body.value)
        return page.links.dated(where[0], day) if where else None

    def kind_title(self, page: Page, kind: str) -> str:
        key = f"kind_{kind}"
        return page.t(key) if key in i18n.STRINGS else kind

    def kind_links(self, page: Page) -> list[tuple[str, str, int]]:
        """(kind, title, count) of every listing: the researcher's kinds first, then the rest by title."""
        titled = [(kind, self.kind_title(page, kind), n) for kind, n in self.kinds.items()]
        return sorted(titled, key=lambda k: (listing.kind_rank(k[0]), collation.key(k[1])))

    def landing(self, page: Page, day: date) -> str:
        bodies = landing.by_name(landing.bodies_on(self.store, day, page.lang), page.label)
        return self.renderer.render(
            "landing.html",
            page,
            front=self,
            day=day.isoformat(),
            bodies=bodies,
            build=landing.build_record(self.store),
            newest=landing.newest_sources(self.store),
        )

    def kind(self, page: Page, kind: str) -> str | None:
        """The listing page of ``kind`` (``id/<kind>/``), None when the graph has no resource of that kind."""
        if kind not in self.kinds:
            return None
        found = [r for r in self.resources if listing.kind_of(r[0]) == kind]
        groups = listing.ordered(listing.grouped(self.store, found), kind, page.label)
        path = f"id/{kind}/"
        return self.renderer.render(
            "kind.html",
            page,
            front=self,
            kind=kind,
            groups=groups,
            alternates=alternates(page.links, path),
        )

    def graphs_page(self, page: Page) -> str:
        return self.renderer.render("graphs.html", page, front=self)

    def graph(self, page: Page, iri: str) -> str | None:
        """The page of one named graph, None when the build has no graph ``iri``."""
        found = named.describe_graph(self.store, iri)
        if found is None:
            return None
        return self.renderer.render(
            "graph.html", page, g=found, alternates=alternates(page.links, found.path), front=self
        )


def static_files(front: FrontPages, day: date, links) -> Iterator[tuple[str, bytes]]:
    """The front pages of the static site as (path under the site, content): every page in every language
    (``links(lang, path)`` makes each page's :class:`StaticLinks`), a folder's page also as its ``index.html`` in
    the default language, each listing's and each graph's RDF, and each file's graph under the file's own name
    (``graph/data/cities.ttl`` is that graph's Turtle, so the IRI dereferences on any file server)."""
    pages: dict[str, Callable[[Page], str | None]] = {"": partial(front.landing, day=day), "graph/": front.graphs_page}
    pages.update({f"id/{kind}/": partial(front.kind, kind=kind) for kind in front.kinds})
    pages.update({g.path: partial(front.graph, iri=g.iri) for g in front.graphs})
    for path, make in pages.items():
        for lang in i18n.LANGUAGES:
            html = make(Page(lang, links(lang, path)))
            assert html is not None, path  # every page above is one the store has
            yield StaticLinks.file_of(path, lang), html.encode()
            if lang == i18n.DEFAULT and (not path or path.endswith("/")):
                yield StaticLinks.folder_file(path, "index.html"), html.encode()
    for kind in front.kinds:
        triples = listing.kind_triples(front.store, kind)
        for suffix in FORMATS:
            yield f"id/{kind}/index.{suffix}", to_bytes(triples, suffix)
    for g in front.graphs:
        triples = graph_triples(front.store, g.iri)
        for suffix in FORMATS:
            yield f"{g.path}.{suffix}", to_bytes(triples, suffix)
        if g.path.endswith(".ttl"):
            yield g.path, to_bytes(triples, "ttl")
