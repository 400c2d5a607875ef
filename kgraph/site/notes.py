"""Public notes and editorial notes, and which of them a reader is shown.

A *public note* (``skos:note``, ``rdfs:comment``) tells a researcher something
about the facts: what a source leaves open, how two sources differ, what a
term means. An *editorial note* (``skos:editorialNote``) tells a maintainer how
the record was compiled: where a title or date was read, what the facts pack
did, why a claim is modelled the way it is. Both stay in the data (and in the
machine-readable forms of every page); the human-readable pages show only public
notes.

A page shows a resource's public notes in its own language. Where none of them
is in the page's language, it shows those of the next language the reader is
offered (:func:`kgraph.i18n.preference`: Finnish, then English, then Swedish),
each with a visible marker naming that language, rather than nothing: notes are
written by the editors (in Finnish and English), and hiding them would hide what the
sources leave open. Untagged notes count as the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from .i18n import preference

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

#: Notes for maintainers: kept in the data, never shown on a page.
EDITORIAL = frozenset({SKOS + "editorialNote"})
#: Notes for researchers: shown on pages, in the page's language where one is.
PUBLIC = frozenset({SKOS + "note", RDFS + "comment"})


def primary(tag: str) -> str:
    """The primary language subtag of a language tag ("en-GB" -> "en", "" -> "")."""
    return (tag or "").lower().split("-")[0]


def for_reader(values: Iterable[tuple[str, str]], lang: str) -> list[tuple[str, str, bool]]:
    """The public notes ``values`` ((text, language tag) pairs) a reader of ``lang`` is shown, as
    (text, tag, foreign): those in ``lang`` (or untagged) if any, else those of the best other language
    marked foreign."""
    values = sorted(set(values))
    own = [(text, tag, False) for text, tag in values if primary(tag) in ("", lang)]
    if own or not values:
        return own
    rank = {tag: i for i, tag in enumerate(preference(lang))}
    best = min(values, key=lambda v: rank.get(primary(v[1]), len(rank)))[1]
    return [(text, tag, True) for text, tag in values if primary(tag) == primary(best)]
