"""Finnish, Swedish and English for real: every UI string and every term of the project's own vocabulary.

The UI strings are the core ones of :mod:`kgraph.site.i18n` and those of every feature catalogue in
``kgraph/site/messages/``; the vocabulary is every term in the ``kp:`` namespace (``ontology/kp.ttl``), every
concept scheme and concept of ``ontology/vocab/`` (roles, body types, date rules, …) and every named ``kps:``
shape or constraint (``shapes/``). Each needs a label (``rdfs:label`` or ``skos:prefLabel``) and a comment
(``rdfs:comment`` or ``skos:definition``) in each of fi, sv and en.
"""

from __future__ import annotations

import re
from pathlib import Path

from paths import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgraph.site import i18n
from kgraph.site.messages import catalogues

CANONICAL = "https://w3id.org/kaupunkipolitiikka/"  # the IRIs as the files write them, before any rebasing
KP = CANONICAL + "ontology#"
KPS = CANONICAL + "shapes#"
LABELS = (RDFS.label, SKOS.prefLabel)
COMMENTS = (RDFS.comment, SKOS.definition)
TEMPLATE_FOLDERS = (ROOT / "kgraph" / "site" / "templates", ROOT / "server" / "templates")


def vocabulary_files() -> list[Path]:
    return [ROOT / "ontology" / "kp.ttl", *sorted((ROOT / "ontology" / "vocab").glob("*.ttl"))] + sorted(
        (ROOT / "shapes").glob("*.ttl")
    )


def project_terms(graph: Graph) -> set[URIRef]:
    """The terms that are ours to name: typed IRIs in kp:/kps:, and the concepts and schemes of our vocabularies."""
    terms = set()
    for subject, kind in graph.subject_objects(RDF.type):
        if not isinstance(subject, URIRef):
            continue
        ours = str(subject).startswith((KP, KPS))
        vocabulary = str(subject).startswith(CANONICAL + "id/") and (
            kind in (SKOS.Concept, SKOS.ConceptScheme) or (subject, SKOS.inScheme, None) in graph
        )
        if ours or vocabulary:
            terms.add(subject)
    return terms


def untranslated(graph: Graph, langs=i18n.LANGUAGES) -> list[str]:
    """``<term> label|comment <lang>`` for every project term without a non-blank value in that language."""
    missing = []
    for term in sorted(project_terms(graph)):
        for what, predicates in (("label", LABELS), ("comment", COMMENTS)):
            have = {
                o.language
                for p in predicates
                for o in graph.objects(term, p)
                if isinstance(o, Literal) and o.language and str(o).strip()
            }
            missing += [f"{term} {what} {lang}" for lang in langs if lang not in have]
    return missing


def test_every_ui_string_exists_in_every_language():
    assert not i18n.missing_translations()


def test_a_catalogue_key_without_swedish_is_reported_with_its_module(monkeypatch):
    name, strings = next(iter(catalogues().items()))
    key = next(iter(strings))
    monkeypatch.setitem(strings, key, {"fi": strings[key]["fi"], "sv": " ", "en": strings[key]["en"]})
    assert i18n.missing_translations() == [f"messages.{name}:{key}:sv"]


def test_every_template_uses_only_known_strings():
    used = set()
    for folder in TEMPLATE_FOLDERS:
        for template in folder.glob("*.html"):
            used |= set(re.findall(r"""page\.t\(\s*["']([a-z_]+)["']""", template.read_text(encoding="utf-8")))
    assert "query_title" in used and "site_title" in used, "both the pages' and the query UI's templates are read"
    assert not used - set(i18n.STRINGS), sorted(used - set(i18n.STRINGS))


def test_every_project_term_has_a_label_and_a_comment_in_fi_sv_and_en():
    graph = Graph()
    for path in vocabulary_files():
        graph.parse(path, format="turtle")
    terms = project_terms(graph)
    # Counted by hand in the files: 70 kp: terms, 37 kps: shapes, 6 schemes and 70 concepts (42 of them roles).
    assert len([t for t in terms if str(t).startswith(KP)]) == 70
    assert len([t for t in terms if str(t).startswith(KPS)]) == 37
    vocabulary = [t for t in terms if str(t).startswith(CANONICAL + "id/")]
    assert len(vocabulary) == 76 and len([t for t in vocabulary if "/id/role/" in str(t)]) == 42
    assert URIRef(CANONICAL + "id/role/chair") in terms and URIRef(CANONICAL + "id/body-type") in terms
    assert not untranslated(graph), "\n".join(untranslated(graph))


def test_a_term_with_only_finnish_and_english_is_reported():
    graph = Graph().parse(
        data=f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <{KP}Thing> a owl:Class ; rdfs:label "asia"@fi , "thing"@en ;
            rdfs:comment "Asia."@fi , "Saken."@sv , "A thing."@en .
        <http://example.org/Other> a owl:Class .""",
        format="turtle",
    )
    assert untranslated(graph) == [f"{KP}Thing label sv"]


def test_swedish_role_labels_are_finland_swedish_administrative_terms():
    """The titles a Swedish reader meets most, as the Swedish pages of tem.fi and kommunforbundet.fi write them."""
    graph = Graph().parse(ROOT / "ontology" / "vocab" / "roles.ttl", format="turtle")

    def swedish(slug: str) -> str:
        (label,) = [
            o for o in graph.objects(URIRef(CANONICAL + "id/role/" + slug), SKOS.prefLabel) if o.language == "sv"
        ]
        return str(label)

    assert swedish("chair") == "ordförande" and swedish("vice-chair") == "vice ordförande"
    assert swedish("sihteeri") == "sekreterare" and swedish("kaupunginjohtaja") == "stadsdirektör"
    assert swedish("elinkeinoministeri") == "näringsminister" and swedish("kunta-ja-alueministeri") == (
        "kommun- och regionminister"
    )
