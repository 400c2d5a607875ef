"""HTML pages of the graph, for the running server and for the static site alike.

One Jinja environment (autoescaped) over ``kgraph/site/templates``; a page is
rendered for one language and one :class:`Links` policy, which decides
where links point: absolute paths on the running server (``/id/…``), or
relative file names in the static site (``../body/x.fi.html``). The data
comes from :mod:`kgraph.site.describe`; nothing here queries the store directly.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..config import Layout
from ..namespaces import base_iri, compact, kp, ontology_iri
from . import citation, composition_view, i18n, notes, ontodoc, structured, timeline
from .citation import Citation
from .describe import (
    BodyTerm,
    Description,
    Mandate,
    Node,
    Publication,
    describe,
    mandates,
    named_by_period,
    term_period,
    term_suffix,
    publications,
    terms_of,
    with_terms,
)
from .listing import grouped

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static" / "pages"
FORMATS = {  # suffix: (media type, name), the machine-readable forms of every page
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "rdf": ("application/rdf+xml", "RDF/XML"),
}
ROLE_ORDER = (
    "chair",
    "vice-chair",
    "member",
    "deputy-member",
    "secretariat-member",
    "contact-person",
    "represented-organisation",
)


# ---------------------------------------------------------------- where links point


def site_path(iri: str) -> tuple[str, str] | None:
    """(path, fragment) of an IRI under the base, e.g. ("id/person/x", "") or ("ontology", "Person")."""
    base = base_iri()
    if not iri.startswith(base):
        return None
    path, _, fragment = iri[len(base) :].partition("#")
    return path, fragment


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start or ".")`` for the site's relative paths (``start`` a folder without
    ``..``, "" for the site's root), from the names alone: relpath asks the system for the current folder twice
    per call, which a site of thousands of pages with dozens of links each pays for."""
    parts = posixpath.normpath(target).split("/")
    here = posixpath.normpath(start).split("/") if start else []
    common = 0
    for mine, theirs in zip(parts, here):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + parts[common:]) or "."


class Links:
    """Where a page's links point; see :class:`ServerLinks` and :class:`StaticLinks`."""

    sparql: str | None = None
    downloads: dict[str, str] | None = None
    query_ui: str | None = None  # the query editor, the label search and the VoID description: server only
    search_page: str | None = None
    void: str | None = None

    def page(self, path: str, fragment: str = "") -> str:
        raise NotImplementedError

    def index(self) -> str:
        raise NotImplementedError

    def home(self) -> str:
        """The landing page."""
        raise NotImplementedError

    def data(self, path: str, suffix: str) -> str:
        raise NotImplementedError

    def asset(self, name: str) -> str:
        raise NotImplementedError

    def switch(self, lang: str) -> str:
        raise NotImplementedError

    def dated(self, path: str, day: str) -> str | None:
        """A body's composition on ``day`` (the server's ``?date=`` view; the static site has none)."""
        return None

    def resource(self, node: Node) -> str | None:
        """The local page of a node: a described minted resource, the ontology or one of its terms."""
        if not node.is_iri:
            return None
        where = site_path(node.value)
        if where is None:
            return None
        path, fragment = where
        if path == "ontology":
            return self.page("ontology", fragment)
        if path == "shapes":
            return self.page("ontology", "shapes")
        if path.startswith("id/") and node.described and not fragment:
            return self.page(path)
        return None

    def alternate(self, iri: str, suffix: str) -> str | None:
        where = site_path(iri)
        return self.data(where[0], suffix) if where and not where[1] else None


class ServerLinks(Links):
    """Links of the running server: absolute paths on the server's own host."""

    sparql = "/sparql"
    query_ui, search_page, void = "/query", "/search", "/.well-known/void"

    def __init__(self, lang: str, path: str):
        self.lang, self.path = lang, path

    def page(self, path: str, fragment: str = "") -> str:
        return "/" + path + (f"#{fragment}" if fragment else "")

    def index(self) -> str:
        return "/id/"

    def home(self) -> str:
        return "/"

    def data(self, path: str, suffix: str) -> str:
        if path.endswith("/"):  # a listing: /id/person/?format=ttl
            return f"/{path}?format={suffix}"
        return f"/{path}.{suffix}"

    def asset(self, name: str) -> str:
        return f"/static/pages/{name}"

    def switch(self, lang: str) -> str:
        return f"/{self.path}?lang={lang}"

    def dated(self, path: str, day: str) -> str | None:
        return f"/{path}?date={day}"


class StaticLinks(Links):
    """Links of the static site: relative file names, so that the site works from any folder."""

    def __init__(self, lang: str, path: str, downloads: dict[str, str] | None = None, sparql: str | None = None):
        self.lang, self.path = lang, path
        self.downloads = {k: self._rel(v) for k, v in (downloads or {}).items()}
        self.sparql = sparql

    @staticmethod
    def file_of(path: str, lang: str) -> str:
        """The file of a page: ``id/person/x`` -> ``id/person/x.fi.html``; "" -> ``index.fi.html``; a folder's
        page (``id/person/``) -> ``id/person/index.fi.html``."""
        return f"{StaticLinks.folder_file(path, 'index')}.{lang}.html"

    @staticmethod
    def folder_file(path: str, name: str) -> str:
        """``path`` itself, or ``path`` + ``name`` when it names a folder (ends in "/" or is "")."""
        return path + name if not path or path.endswith("/") else path

    @cached_property
    def _here(self) -> str:
        """The folder of this page's file ("" for the site's root)."""
        return posixpath.dirname(self.file_of(self.path, self.lang))

    def _rel(self, target: str) -> str:
        return relative_path(target, self._here)

    def page(self, path: str, fragment: str = "") -> str:
        return self._rel(self.file_of(path, self.lang)) + (f"#{fragment}" if fragment else "")

    def index(self) -> str:
        return self._rel(self.file_of("id/", self.lang))

    def home(self) -> str:
        return self._rel(self.file_of("", self.lang))

    def data(self, path: str, suffix: str) -> str:
        return self._rel(f"{self.folder_file(path, 'index')}.{suffix}")

    def asset(self, name: str) -> str:
        return self._rel(f"static/pages/{name}")

    def switch(self, lang: str) -> str:
        return posixpath.basename(self.file_of(self.path, lang))


# ---------------------------------------------------------------- what templates call


@dataclass
class Page:
    """The language and link policy of one rendering, with the helpers templates use."""

    lang: str
    links: Links

    def t(self, key: str, *args) -> str:
        return i18n.t(key, self.lang, *args)

    def label(self, node: Node | None) -> str:
        if node is None:
            return ""
        if node.is_literal:
            return node.value
        best = i18n.pick(node.labels, self.lang)
        if best:
            return best[0]
        if site_path(node.value) is not None and compact(node.value) == node.value:
            return node.value.rstrip("/").rsplit("/", 1)[-1]  # an unlabelled resource of ours: its slug
        return i18n.term_label(node.value, self.lang) or compact(node.value)

    def pick(self, labels) -> tuple[str, str] | None:
        """The best (text, language) among language-tagged values."""
        return i18n.pick(labels, self.lang)

    def label_lang(self, node: Node) -> str:
        """The language of the label shown for a node ("" when unknown or untagged)."""
        if node.is_literal:
            return node.lang
        best = i18n.pick(node.labels, self.lang)
        return best[1] if best else ("" if i18n.term_label(node.value, self.lang) is None else self.lang)

    def href(self, node: Node | None) -> str | None:
        return self.links.resource(node) if node is not None else None

    def external(self, node: Node) -> str | None:
        """An IRI outside the graph that a browser can open."""
        if node.is_iri and site_path(node.value) is None and node.value.startswith(("http://", "https://")):
            return node.value
        return None

    def date(self, value: str | None) -> str:
        return i18n.format_date(value, self.lang) if value else ""

    def period(self, start: str | None, end: str | None) -> str:
        if start and end:
            return f"{self.date(start)} – {self.date(end)}"
        if start:
            return f"{self.date(start)} –"
        if end:
            return f"– {self.date(end)}"
        return ""

    def marker(self, tag: str) -> str:
        """The visible name of a language a shown text is written in, e.g. "englanniksi" on a Finnish page."""
        key = f"written_in_{notes.primary(tag)}"
        return i18n.t(key, self.lang) if key in i18n.STRINGS else tag

    def notes(self, values) -> list[tuple[str, str, str]]:
        """Public notes ((text, tag) pairs) as this page shows them: (text, tag, language marker or "")."""
        return [
            (text, tag, self.marker(tag) if foreign else "")
            for text, tag, foreign in notes.for_reader(values, self.lang)
        ]

    def languages(self) -> list[tuple[str, str, str]]:
        return [(lang, i18n.NATIVE_NAMES[lang], self.links.switch(lang)) for lang in i18n.LANGUAGES]


# ---------------------------------------------------------------- views


def role_key(node: Node) -> tuple:
    slug = node.value.rsplit("/", 1)[-1]
    return (ROLE_ORDER.index(slug) if slug in ROLE_ORDER else len(ROLE_ORDER), node.value)


def by_role(items: list[Mandate]) -> list[tuple[Node, list[Mandate]]]:
    roles: dict[str, tuple[Node, list[Mandate]]] = {}
    for m in items:
        roles.setdefault(m.role.value, (m.role, []))[1].append(m)
    return [roles[k] for k in sorted(roles, key=lambda k: role_key(roles[k][0]))]


@dataclass
class Section:
    """A list of mandates shown on a page, grouped (by term, organisation…) then by role."""

    key: str  # the heading's UI string
    # (heading, term, roles, the group's own timeline or "")
    groups: Sequence[tuple[Node | None, BodyTerm | None, Sequence[tuple[Node | None, list[Mandate]]], Markup]]
    svg: Markup  # the section's timeline: every mandate, or (a body's members) one bar per term
    show: str  # "member" or "organisation": which side of the mandate the rows name
    collapsible: bool = False  # each group folded in a <details> (a body's terms)


class ResourceData:
    """What the graph says about a resource and the mandates around it (the same in every language)."""

    def __init__(self, store, iri: str):
        self.store, self.iri = store, iri
        self.d: Description = describe(store, iri)

    @cached_property
    def kinds(self) -> set[str]:
        ns = kp()
        return {t[len(ns) :] for t in self.d.type_iris if t.startswith(ns)}

    @cached_property
    def conflicts(self) -> list[Node]:
        return [s for s, p in self.d.incoming if p.value == kp() + "claim"]

    @cached_property
    def terms(self) -> list[BodyTerm]:
        """The body's terms, each named with its years and register number."""
        return [named_by_period(t) for t in terms_of(self.store, self.iri)] if "Body" in self.kinds else []

    @cached_property
    def _held(self) -> list[Mandate]:
        return mandates(self.store, self.iri, "member")

    @cached_property
    def term_index(self) -> dict[str, BodyTerm]:
        """Every term the page's mandates belong to (of this body, or of the bodies a member sits in)."""
        index = {t.node.value: t for t in self.terms}
        for body in sorted({m.body.value for m in self._held if m.body}):
            index.update({t.node.value: t for t in map(named_by_period, terms_of(self.store, body))})
        return index

    @cached_property
    def members(self) -> list[Mandate]:
        return with_terms(mandates(self.store, self.iri, "organisation"), self.term_index)

    @cached_property
    def held(self) -> list[Mandate]:
        return with_terms(self._held, self.term_index)

    @cached_property
    def publications(self) -> list[Publication]:
        return publications(self.store, self.iri)

    @property
    def manifest(self) -> dict:
        return getattr(self.store, "manifest", None) or {}

    @cached_property
    def behalf(self) -> list[Mandate]:
        return mandates(self.store, self.iri, "behalf")


class ResourceView:
    """The sections of a resource page in one language: mandate lists with their timelines."""

    def __init__(self, data: ResourceData, page: Page):
        self.data, self.d, self.page = data, data.d, page
        self.kinds, self.conflicts = data.kinds, data.conflicts

    def _row(self, m: Mandate, show: str) -> timeline.Row:
        page = self.page
        named = m.member if show == "member" else (m.body or m.organisation)
        term = self.data.term_index.get(m.organisation.value)
        label = page.label(named)
        if show != "member" and term is not None and m.body is not None:  # the body, told apart by the term's years
            period = term_period(term)
            label = f"{timeline.shorten(page.label(m.body), timeline.LABEL_CHARS - len(period) - 1)} {period}"
        when = page.period(m.start, m.end) or ", ".join(page.date(a) for a in m.attested)
        cited = "; ".join(page.label(s.node) for s in m.sources)
        title = f"{page.label(m.organisation if term else named)} — {page.label(m.role)}, {when}" + (
            f" ({page.t('source')}: {cited})" if cited else ""
        )
        return timeline.Row(
            label=label,
            category=m.role.value,
            start=timeline.parse(m.start),
            end=timeline.parse(m.end),
            attested=tuple(filter(None, map(timeline.parse, m.attested))),
            href=page.href(m.node),
            title=title,
            frame_start=timeline.parse(term.start) if term else None,
            frame_end=timeline.parse(term.end) if term else None,
        )

    def _svg(
        self, groups: list[timeline.Group], ident: str, roles: list[Node], title: str = "", legend: dict | None = None
    ) -> Markup:
        page = self.page
        rows = sum(len(g.rows) for g in groups)
        texts = timeline.Texts(
            title=title or page.t("timeline_of", page.label(self.d.node)),
            description=page.t("timeline_desc", rows),
            open_end=page.t("open_end"),
            undated=page.t("no_dates"),
            framed=page.t("cite_framed"),
            legend=legend if legend is not None else {r.value: page.label(r) for r in sorted(roles, key=role_key)},
        )
        return Markup(timeline.render(groups, texts, ident=ident))

    def properties(self, inferred: bool) -> list[tuple[Node, list[tuple[Node, str]]]]:
        """The statements a page lists, grouped by predicate, each value with its language marker ("" for
        none): editorial notes left out, public notes as :func:`kgraph.site.notes.for_reader` chooses them."""
        result = []
        for predicate, values in self.d.grouped(inferred):
            if predicate.value in notes.EDITORIAL:
                continue
            if predicate.value in notes.PUBLIC:
                texts = [(o.value, o.lang) for o in values if o.is_literal]
                shown = {(text, tag): marker for text, tag, marker in self.page.notes(texts)}
                kept = [(o, shown[(o.value, o.lang)]) for o in values if not o.is_literal or (o.value, o.lang) in shown]
            else:
                kept = [(o, "") for o in values]
            if kept:
                result.append((predicate, kept))
        return result

    @cached_property
    def members(self) -> Section | None:
        """Members of an organisation; of a body per term: one bar per term on top, each term's members (its own
        timeline and tables) folded under the term."""
        found = self.data.members
        if not found:
            return None
        page, terms = self.page, self.data.terms
        heads: list[tuple[Node | None, BodyTerm | None]] = [(t.node, t) for t in terms]
        in_terms = {t.node.value for t in terms}
        if any(m.organisation.value not in in_terms for m in found):
            heads.insert(0, (None, None))
        groups: list[tuple[Node | None, BodyTerm | None, Sequence[tuple[Node | None, list[Mandate]]], Markup]] = []
        svg_groups, term_rows = [], []
        for number, (head, term) in enumerate(heads):
            members = [
                m
                for m in found
                if (m.organisation.value == head.value if head else m.organisation.value not in in_terms)
            ]
            if term is not None:  # every term has its bar, a term whose members no source names too
                term_rows.append(
                    timeline.Row(
                        label=term_suffix(term),
                        category="term",
                        start=timeline.parse(term.start),
                        end=timeline.parse(term.end),
                        href=f"#{term_anchor(term)}" if members else None,
                        title=f"{page.label(head)}: {page.t('cite_term_members', len(members))}",
                    )
                )
            if not members:
                continue
            roles = by_role(members)
            group = timeline.Group(
                label=page.label(head or self.d.node),
                href=page.href(head) if head else None,
                start=timeline.parse(term.start) if term else None,
                end=timeline.parse(term.end) if term else None,
                rows=tuple(self._row(m, "member") for _, ms in roles for m in ms),
            )
            svg_groups.append(group)
            if term is None:
                groups.append((head, term, roles, Markup("")))
                continue
            own = self._svg([group], f"term-{number}-timeline", [m.role for m in members], page.label(head))
            groups.append((head, term, roles, own))
        if not terms:  # an organisation without terms: one timeline of its members, the tables beside it
            svg = self._svg(svg_groups, "members-timeline", [m.role for m in found])
            return Section("members", groups, svg, "member")
        overview = timeline.Group(label=page.t("cite_terms"), rows=tuple(term_rows))
        svg = self._svg(
            [overview],
            "members-timeline",
            [],
            page.t("cite_terms_of", page.label(self.d.node)),
            legend={"term": page.t("cite_term")},
        )
        return Section("members", groups, svg, "member", collapsible=True)

    @cached_property
    def held(self) -> Section | None:
        """Mandates held by a person, or the bodies a city (any member organisation) sits in."""
        found = self.data.held
        if not found:
            return None
        key = "bodies_of_city" if {"Municipality", "City"} & self.kinds else "mandates"
        group = timeline.Group(
            label=self.page.label(self.d.node), rows=tuple(self._row(m, "organisation") for m in found)
        )
        svg = self._svg([group], "mandates-timeline", [m.role for m in found])
        return Section(key, [(None, None, [(None, found)], Markup(""))], svg, "organisation")

    @cached_property
    def represented_by(self) -> Section | None:
        found = self.data.behalf
        if not found:
            return None
        return Section("representatives", [(None, None, [(None, found)], Markup(""))], Markup(""), "both")

    def citation(self, accessed: date | None) -> Citation:
        """How to cite this page's record; ``accessed`` None on the static site (the build day is cited)."""
        page = self.page
        title = page.pick(self.d.node.labels) or (page.label(self.d.node), "")
        return citation.cite(self.d.node.value, title, page.t("site_title"), self.data.manifest, accessed, page.lang)

    def cite_note(self, c: Citation) -> str:
        """The note of the BibTeX and CSL-JSON entries: what is cited, which build, which day."""
        key = "cite_note_published" if c.accessed_is_publication else "cite_note_accessed"
        return self.page.t(key, c.container, c.version.version, c.accessed)

    def publication_role(self, publication: Publication) -> str:
        """How a publication names the page's resource ("author", "editor" …), in the page's language."""
        return self.page.t(f"cite_pub_{publication.role}")

    def schema_org(self) -> Markup:
        """The page's schema.org JSON-LD, escaped for a <script> element (:func:`structured.script_json`)."""
        return Markup(structured.script_json(structured.schema_org(self.d, self.page.label)))


def term_anchor(term: BodyTerm) -> str:
    """The fragment of a term's folded section on its body's page: ``term-<slug>``."""
    return "term-" + term.node.value.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- the renderer


class Renderer:
    """Renders every kind of page of the graph from one store."""

    def __init__(self, store, layout: Layout | None = None):
        self.store = store
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(["html", "xml"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # the templates are package data: no stat() of each one per page rendered
        )
        self.env.globals.update(
            FORMATS=FORMATS, CITATION_FORMATS=citation.CITATION_FORMATS, compact=compact, term_anchor=term_anchor
        )
        self.layout = layout or Layout()

    def _render(self, template: str, page: Page, **context) -> str:
        return self.env.get_template(template).render(page=page, **context)

    def render(self, template: str, page: Page, **context) -> str:
        """A page of ``template`` for the pages of other modules (:mod:`kgraph.site.front`)."""
        return self._render(template, page, **context)

    def resource(
        self, iri: str | ResourceData, page: Page, *, composition=None, accessed: date | None = None
    ) -> str | None:
        """The page of a resource (an IRI, or its data already read), or None when the graph holds nothing
        about it. ``accessed``: the day of the request (the server); None for the static site, whose pages cite
        and compose on the day of the build. ``composition(data)`` (the server's ``?date=`` view) says who sat
        in a body on a day; without it a body's page shows its composition on the build day, with no form."""
        data = iri if isinstance(iri, ResourceData) else ResourceData(self.store, iri)
        if not data.d.exists:
            return None
        view = ResourceView(data, page)
        cited = view.citation(accessed)
        if composition is None:
            day = date.fromisoformat(cited.accessed)
            c = composition_view.view(self.store, data.iri, None, page.lang, bool(data.members), day, interactive=False)
        else:
            c = composition(data)
        return self._render(
            "resource.html",
            page,
            v=view,
            d=view.d,
            c=c,
            cite=cited,
            alternates=[(s, FORMATS[s][1], page.links.alternate(data.iri, s)) for s in FORMATS],
            citations=[
                (s, name, page.links.alternate(data.iri, s)) for s, (_m, name) in citation.CITATION_FORMATS.items()
            ],
        )

    def citation_file(self, iri: str | ResourceData, page: Page, suffix: str, accessed: date | None) -> bytes | None:
        """The BibTeX (``bib``) or CSL-JSON (``csl.json``) citation of a resource's record; None when the graph
        holds nothing about it. ``accessed`` None: the static site's file, which cites the build day."""
        data = iri if isinstance(iri, ResourceData) else ResourceData(self.store, iri)
        if not data.d.exists:
            return None
        view = ResourceView(data, page)
        cited = view.citation(accessed)
        note = view.cite_note(cited)
        text = citation.bibtex(cited, note) if suffix == "bib" else citation.csl_json(cited, note)
        return text.encode()

    @cached_property
    def ontology(self) -> ontodoc.OntologyDoc:
        return ontodoc.document(self.store, self.layout)

    def ontology_page(self, page: Page) -> str:
        iri = ontology_iri()
        return self._render(
            "ontology.html",
            page,
            o=self.ontology,
            alternates=[(s, FORMATS[s][1], page.links.alternate(iri, s)) for s in FORMATS],
        )

    def index_page(self, page: Page, listing: list[tuple[Node, list[Node]]]) -> str:
        return self._render("index.html", page, listing=listing)

    def not_found(self, page: Page, iri: str) -> str:
        return self._render("not_found.html", page, iri=iri)


def listing(store, resources: list[tuple[str, tuple[str, ...]]]) -> list[tuple[Node, list[Node]]]:
    """Resources grouped by their asserted class (class node, resource nodes), for the index page, the
    researcher's classes first (:func:`kgraph.site.listing.class_rank`)."""
    return [(group.cls, list(group.members)) for group in grouped(store, resources)]
