"""schema.org JSON-LD of a resource, embedded in its page for search engines.

The types are the schema.org classes the ontology maps the resource's classes to (``kp:Person`` ⊑
``schema:Person``, ``kp:City`` ⊑ … ⊑ ``schema:GovernmentOrganization``, ``kp:Publication`` ⊑
``schema:CreativeWork``; the build materialises them), narrowed for a publication by its kind (a report is a
``schema:Report``, a book a ``schema:Book``, a dissertation a ``schema:Thesis``). The properties are the schema.org
statements the graph holds (asserted or inferred: ``schema:memberOf``, ``schema:worksFor``, ``schema:jobTitle``,
``schema:startDate`` …) and the few other vocabularies' terms that schema.org names directly (``dcterms:creator``
→ ``author``, ``dcterms:issued`` → ``datePublished``, ``skos:exactMatch`` → ``sameAs`` …). Editorial notes are
never included. :func:`script_json` writes the object so that no text can end the ``<script>`` element.
"""

from __future__ import annotations

import json

from ..namespaces import DCTERMS, FOAF, ORG, OWL, SCHEMA, SKOS, kp
from . import notes
from .describe import Description, Node

SCHEMA_NS = str(SCHEMA)

#: Other vocabularies' predicates that schema.org names (predicate -> schema.org property).
MAPPED = {
    str(DCTERMS) + "creator": "author",
    str(DCTERMS) + "publisher": "publisher",
    str(DCTERMS) + "issued": "datePublished",
    str(DCTERMS) + "alternative": "alternativeHeadline",
    str(DCTERMS) + "identifier": "identifier",
    str(DCTERMS) + "language": "inLanguage",
    str(SKOS) + "altLabel": "alternateName",
    str(SKOS) + "exactMatch": "sameAs",
    str(OWL) + "sameAs": "sameAs",
    str(ORG) + "identifier": "identifier",
    str(FOAF) + "homepage": "url",
}

#: Publication kinds (dcterms:type) with a more specific schema.org type than CreativeWork.
PUBLICATION_TYPES = {"report": "Report", "book": "Book", "doctoral-dissertation": "Thesis"}


def _value(node: Node, label) -> object:
    if node.is_iri:
        named = label(node)
        return {"@id": node.value, "name": named} if named and named != node.value else {"@id": node.value}
    if node.lang:
        return {"@value": node.value, "@language": node.lang}
    return node.value


def types_of(d: Description) -> list[str]:
    """The schema.org types of a resource: its mapped classes, a publication narrowed by its kind."""
    found = sorted({t.value[len(SCHEMA_NS) :] for t in d.types + d.inferred_types if t.value.startswith(SCHEMA_NS)})
    kinds = {o.value.rsplit("/", 1)[-1] for o in d.values(str(DCTERMS) + "type") if o.is_iri}
    narrower = sorted(PUBLICATION_TYPES[k] for k in kinds if k in PUBLICATION_TYPES)
    if narrower and "CreativeWork" in found:
        found = [t for t in found if t != "CreativeWork"] + narrower
    if "GovernmentOrganization" in found:  # a subclass of Organization: the narrower type says both
        found = [t for t in found if t != "Organization"]
    return found or ["Thing"]


def schema_org(d: Description, label) -> dict:
    """The JSON-LD object of a description; ``label(node)`` names a linked node in the page's language."""
    editorial = notes.EDITORIAL
    obj: dict = {"@context": "https://schema.org", "@id": d.node.value, "@type": types_of(d), "url": d.node.value}
    names = [{"@value": text, "@language": lang} if lang else text for text, lang in d.node.labels]
    if names:
        obj["name"] = names[0] if len(names) == 1 else names
    props: dict[str, list] = {}
    editor = kp() + "editor"
    for s in d.statements:
        p = s.predicate.value
        if p in editorial:
            continue
        if p.startswith(SCHEMA_NS):
            name = p[len(SCHEMA_NS) :]
        elif p == editor:
            name = "editor"
        else:
            name = MAPPED.get(p, "")
        if not name or name in ("name", "url"):
            continue
        value = _value(s.object, label)
        if value not in props.setdefault(name, []):
            props[name].append(value)
    for name in sorted(props):
        values = props[name]
        obj[name] = values[0] if len(values) == 1 else values
    return obj


def script_json(obj: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: ``<``, ``>`` and ``&`` written as ``\\u`` escapes
    (so ``</script>`` or ``<!--`` in a text cannot end or change the element), as is valid JSON."""
    text = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
