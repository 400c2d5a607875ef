"""The data package's metadata: a DCAT-AP 3.0.1 catalogue and a VoID description.

The catalogue describes the catalogue itself (metadata under CC0), one
dataset (the graph, data under CC BY 4.0), one distribution per file of the
package and the SPARQL endpoint as a data service, with titles and
descriptions in Finnish, Swedish and English, the EU vocabularies' themes,
Finland as spatial coverage and the temporal coverage of the data. Every
node it links to is typed in the same graph, as DCAT-AP's range shapes
require. The VoID description gives the counts (triples, entities,
classes, properties), the vocabularies used, the SPARQL endpoint and the
dumps. :func:`check` validates a catalogue against ``shapes/catalogue.ttl``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ..version import __version__
from ..site import timeline
from ..config import Layout
from ..namespaces import (
    ADMS_LICENCE,
    ADMS_PUBLISHER,
    DCAT,
    DCATAP,
    EU_AUTHORITY as EU,
    IANA_MEDIA_TYPES as IANA,
    INFERRED_GRAPH,
    ORG,
    OWL,
    PROV,
    SCHEMA,
    SPDX,
    VCARD,
    W3C_FORMATS,
    base_iri,
    kp,
    minted_prefix,
    VOID,
    ontology_iri,
)
from ..site.describe import rows
from . import tables
from .files import FileFacts, PackageFile
from ..io.load import shared_graph
from ..validation.validate import ValidationReport, validate

CC_BY = URIRef(EU + "licence/CC_BY_4_0")
CC0 = URIRef(EU + "licence/CC0")

#: File suffix -> (EU file type, IANA media type, name) of the dumps.
FILE_TYPES = {
    "ttl": ("RDF_TURTLE", "text/turtle", "Turtle"),
    "nt": ("RDF_N_TRIPLES", "application/n-triples", "N-Triples"),
    "jsonld": ("JSON_LD", "application/ld+json", "JSON-LD"),
    "rdf": ("RDF_XML", "application/rdf+xml", "RDF/XML"),
    "nq": ("RDF_N_QUADS", "application/n-quads", "N-Quads"),
    "trig": ("RDF_TRIG", "application/trig", "TriG"),
    "csv": ("CSV", "text/csv", "CSV"),
    "json": ("JSON", "application/json", "JSON"),
    "html": ("HTML", "text/html", "HTML"),
}


TEXTS: dict[str, dict[str, str]] = {
    "catalogue_title": {
        "fi": "Kaupunkipolitiikan tietoverkon aineistoluettelo",
        "sv": "Datakatalog för stadspolitikens kunskapsgraf",
        "en": "Catalogue of the Finnish urban policy knowledge graph",
    },
    "catalogue_description": {
        "fi": "Kaupunkipolitiikan tietoverkon julkaisupaketin kuvailutiedot: aineisto, sen tiedostot ja "
        "SPARQL-rajapinta.",
        "sv": "Metadata för publiceringspaketet av stadspolitikens kunskapsgraf: datamängden, dess filer och "
        "SPARQL-gränssnittet.",
        "en": "Metadata of the data package of the Finnish urban policy knowledge graph: the dataset, its files and "
        "the SPARQL endpoint.",
    },
    "dataset_title": {
        "fi": "Kaupunkipolitiikan tietoverkko",
        "sv": "Stadspolitikens kunskapsgraf",
        "en": "Finnish urban policy knowledge graph",
    },
    "dataset_description": {
        "fi": "Suomen kaupunkipolitiikan toimijat, toimielimet ja niiden toimikaudet, jäsenyydet ja tehtävät, "
        "kaupungit, ohjelmat ja julkaisut linkitettynä datana. Jokaisella tiedolla on lähde ja päivämäärät "
        "lähteen tarkkuudella. Sanastot: W3C ORG, FOAF, DCTERMS, SKOS, PROV ja schema.org.",
        "sv": "Aktörer, organ och deras mandatperioder, medlemskap och uppdrag, städer, program och publikationer "
        "i Finlands stadspolitik som länkade data. Varje uppgift har en källa och datum med källans precision. "
        "Vokabulär: W3C ORG, FOAF, DCTERMS, SKOS, PROV och schema.org.",
        "en": "Actors, bodies and their terms, memberships and mandates, cities, programmes and publications of "
        "Finnish urban policy as linked data. Every fact carries its source and dates at the source's "
        "precision. Vocabularies: W3C ORG, FOAF, DCTERMS, SKOS, PROV and schema.org.",
    },
    "service_title": {
        "fi": "Kaupunkipolitiikan tietoverkon SPARQL-rajapinta",
        "sv": "SPARQL-gränssnitt för stadspolitikens kunskapsgraf",
        "en": "SPARQL endpoint of the Finnish urban policy knowledge graph",
    },
    "service_description": {
        "fi": "SPARQL 1.1 -kyselyrajapinta (vain luku) koko tietoverkkoon, myös päätellyt tiedot.",
        "sv": "SPARQL 1.1-frågegränssnitt (endast läsning) till hela kunskapsgrafen, inklusive härledda uppgifter.",
        "en": "Read-only SPARQL 1.1 query endpoint over the whole graph, inferred facts included.",
    },
    "asserted": {
        "fi": "lähteistä poimitut tiedot ja ontologia",
        "sv": "uppgifter ur källorna och ontologin",
        "en": "facts taken from the sources, and the ontology",
    },
    "inferred": {
        "fi": "päätellyt tiedot (standardisanastojen näkymä)",
        "sv": "härledda uppgifter (standardvokabulärens vy)",
        "en": "inferred facts (the standard-vocabulary view)",
    },
    "graphs": {
        "fi": "kaikki nimetyt graafit erikseen (lähdetiedostot, ontologia ja päätellyt tiedot)",
        "sv": "alla namngivna grafer var för sig (källfilerna, ontologin och de härledda uppgifterna)",
        "en": "every named graph kept apart (the source files, the ontology and the inferred facts)",
    },
    "tables": {
        "fi": "taulukoiden kuvaus (Frictionless Data Package)",
        "sv": "beskrivning av tabellerna (Frictionless Data Package)",
        "en": "description of the tables (Frictionless Data Package)",
    },
    "site": {
        "fi": "verkkosivut (staattinen HTML-sivusto, fi/sv/en)",
        "sv": "webbsidor (statisk HTML-webbplats, fi/sv/en)",
        "en": "web pages (static HTML site, fi/sv/en)",
    },
    "dump": {
        "fi": "Kaupunkipolitiikan tietoverkko: {what}, {fmt}{gz}.",
        "sv": "Stadspolitikens kunskapsgraf: {what}, {fmt}{gz}.",
        "en": "Finnish urban policy knowledge graph: {what}, {fmt}{gz}.",
    },
    "publisher": {
        "fi": "Kaupunkipolitiikan tietoverkko -projekti",
        "sv": "Projektet Stadspolitikens kunskapsgraf",
        "en": "The Finnish urban policy knowledge graph project",
    },
}
KEYWORDS: dict[str, list[str]] = {
    "fi": ["kaupunkipolitiikka", "kaupungit", "toimielimet", "jäsenyydet", "julkaisut", "linkitetty data"],
    "sv": ["stadspolitik", "städer", "organ", "medlemskap", "publikationer", "länkade data"],
    "en": ["urban policy", "cities", "bodies", "memberships", "publications", "linked data"],
}
LANGS = ("fi", "sv", "en")


@dataclass(frozen=True)
class Profile:
    """How a catalogue types a file's size and which checksum it gives: DCAT-AP 3.0.1 (``xsd:nonNegativeInteger``,
    SHA-256), or avoindata.fi's shapes of the DCAT-AP 2 era (``xsd:decimal``, SHA-1 only)."""

    name: str
    size_type: URIRef
    algorithm: str  # "sha256" or "sha1": a field of FileFacts and the SPDX algorithm's suffix


DCAT_AP_3 = Profile("dcat-ap-3.0.1", XSD.nonNegativeInteger, "sha256")
AVOINDATA = Profile("avoindata.fi", XSD.decimal, "sha1")


@dataclass
class Settings:
    """Where the package and the endpoint live, and whom to contact."""

    download_base: str = field(default_factory=lambda: base_iri() + "data/")
    endpoint: str = field(default_factory=lambda: base_iri() + "sparql")
    homepage: str = field(default_factory=base_iri)
    contact_email: str | None = None

    def url(self, path: str) -> URIRef:
        base = self.download_base if self.download_base.endswith("/") else self.download_base + "/"
        return URIRef(base + path)


@dataclass
class Coverage:
    """Dates, counts and vocabularies read from the store."""

    issued: str
    modified: str
    start: str | None
    end: str | None


def _text(graph: Graph, node, prop, key: str, **fmt) -> None:
    for lang in LANGS:
        graph.add((node, prop, Literal(TEXTS[key][lang].format(**fmt), lang=lang)))


def _concept(graph: Graph, iri: str, scheme: str, label_en: str, *classes) -> URIRef:
    node = URIRef(iri)
    for cls in (SKOS.Concept, *classes):
        graph.add((node, RDF.type, cls))
    graph.add((node, SKOS.prefLabel, Literal(label_en, lang="en")))
    graph.add((node, SKOS.inScheme, URIRef(scheme)))
    return node


def coverage(store) -> Coverage:
    """Issued (the ontology's creation date), modified (the build date) and the span of the data's dates."""
    built = (getattr(store, "manifest", None) or {}).get("built", "")[:10]
    created = rows(store, f"SELECT ?d WHERE {{ <{ontology_iri()}> dcterms:created ?d }}")
    dates = rows(
        store,
        f"""SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE {{
        VALUES ?p {{ schema:startDate schema:endDate dcterms:date dcterms:issued kp:attestedIn }}
        GRAPH ?g {{ ?s ?p ?d }} FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?s), "{minted_prefix()}")) }}""",
    )
    first = timeline.parse(dates[0]["first"].value) if dates and "first" in dates[0] else None
    last = timeline.parse(dates[0]["last"].value) if dates and "last" in dates[0] else None
    modified = built or (last.last.isoformat() if last else "1970-01-01")
    issued = created[0]["d"].value[:10] if created else modified
    return Coverage(
        issued=min(issued, modified),
        modified=modified,
        start=first.first.isoformat() if first else None,
        end=last.last.isoformat() if last else None,
    )


def catalogue_graph(
    store,
    files: list[PackageFile],
    settings: Settings | None = None,
    facts: dict[str, FileFacts] | None = None,
    profile: Profile = DCAT_AP_3,
) -> Graph:
    """The DCAT-AP 3.0.1 catalogue of a package made of ``files``; each file with ``facts`` (by path) gets its
    byte size and checksum in the datatypes and the algorithm of ``profile``."""
    settings = settings or Settings()
    facts = facts or {}
    cov = coverage(store)
    base = base_iri()
    g = Graph()
    for prefix, ns in (
        ("dcat", DCAT),
        ("dcatap", DCATAP),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("spdx", SPDX),
        ("vcard", VCARD),
        ("xsd", XSD),
    ):
        g.bind(prefix, ns)
    catalogue, dataset = URIRef(base + "catalogue"), URIRef(base + "dataset")
    service = URIRef(base + "catalogue#sparql-endpoint")
    publisher, contact = URIRef(base + "catalogue#publisher"), URIRef(base + "catalogue#contact")
    temporal, homepage = URIRef(base + "catalogue#temporal-coverage"), URIRef(settings.homepage)

    # linked nodes, each typed (DCAT-AP range shapes) and labelled
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    _text(g, publisher, FOAF.name, "publisher")
    g.add(
        (
            publisher,
            DCTERMS.type,
            _concept(
                g,
                ADMS_PUBLISHER + "NonProfitOrganisation",
                "http://purl.org/adms/publishertype/1.0",
                "Non-Profit Organisation",
            ),
        )
    )
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    _text(g, contact, VCARD.fn, "publisher")
    g.add((contact, VCARD.hasURL, homepage))
    if settings.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + settings.contact_email)))
    g.add((homepage, RDF.type, FOAF.Document))
    finland = _concept(g, EU + "country/FIN", EU + "country", "Finland", DCTERMS.Location)
    for lang, name in (("fi", "Suomi"), ("sv", "Finland")):
        g.add((finland, SKOS.prefLabel, Literal(name, lang=lang)))
    themes_scheme = URIRef(EU + "data-theme")
    g.add((themes_scheme, RDF.type, SKOS.ConceptScheme))
    g.add((themes_scheme, DCTERMS.title, Literal("Data theme", lang="en")))
    themes = [
        _concept(g, EU + "data-theme/GOVE", EU + "data-theme", "Government and public sector"),
        _concept(g, EU + "data-theme/REGI", EU + "data-theme", "Regions and cities"),
    ]
    languages = [
        _concept(g, EU + f"language/{code}", EU + "language", name, DCTERMS.LinguisticSystem)
        for code, name in (("FIN", "Finnish"), ("SWE", "Swedish"), ("ENG", "English"))
    ]
    for licence, kind, label, same in (
        (
            CC_BY,
            "Attribution",
            "Creative Commons Attribution 4.0 International",
            "http://creativecommons.org/licenses/by/4.0/",
        ),
        (
            CC0,
            "PublicDomain",
            "Creative Commons CC0 1.0 Universal",
            "http://creativecommons.org/publicdomain/zero/1.0/",
        ),
    ):
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((licence, RDFS.label, Literal(label, lang="en")))
        g.add((licence, SKOS.exactMatch, URIRef(same)))
        g.add((licence, DCTERMS.type, _concept(g, ADMS_LICENCE + kind, "http://purl.org/adms/licencetype/1.0", kind)))
    stable = _concept(g, EU + "planned-availability/STABLE", EU + "planned-availability", "stable")
    sparql_protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
    g.add((sparql_protocol, RDF.type, DCTERMS.Standard))
    ontology = URIRef(ontology_iri())
    g.add((ontology, RDF.type, DCTERMS.Standard))

    # catalogue
    g.add((catalogue, RDF.type, DCAT.Catalog))
    _text(g, catalogue, DCTERMS.title, "catalogue_title")
    _text(g, catalogue, DCTERMS.description, "catalogue_description")
    for prop, value in (
        (DCTERMS.publisher, publisher),
        (DCTERMS.license, CC0),
        (FOAF.homepage, homepage),
        (DCTERMS.spatial, finland),
        (DCAT.themeTaxonomy, themes_scheme),
        (DCAT.dataset, dataset),
        (DCAT.service, service),
    ):
        g.add((catalogue, prop, value))
    for lang in languages:
        g.add((catalogue, DCTERMS.language, lang))
    g.add((catalogue, DCTERMS.issued, Literal(cov.issued, datatype=XSD.date)))
    g.add((catalogue, DCTERMS.modified, Literal(cov.modified, datatype=XSD.date)))

    # dataset
    g.add((dataset, RDF.type, DCAT.Dataset))
    _text(g, dataset, DCTERMS.title, "dataset_title")
    _text(g, dataset, DCTERMS.description, "dataset_description")
    for lang in LANGS:
        for word in KEYWORDS[lang]:
            g.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    for prop, value in (
        (DCTERMS.publisher, publisher),
        (DCAT.contactPoint, contact),
        (DCTERMS.spatial, finland),
        (DCTERMS.conformsTo, ontology),
        (DCAT.landingPage, homepage),
    ):
        g.add((dataset, prop, value))
    for theme in themes:
        g.add((dataset, DCAT.theme, theme))
    for lang in languages:
        g.add((dataset, DCTERMS.language, lang))
    g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    g.add((dataset, DCTERMS.issued, Literal(cov.issued, datatype=XSD.date)))
    g.add((dataset, DCTERMS.modified, Literal(cov.modified, datatype=XSD.date)))
    g.add((dataset, DCAT.version, Literal(f"{__version__}+{cov.modified.replace('-', '')}")))
    if cov.start or cov.end:
        g.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
        if cov.start:
            g.add((temporal, DCAT.startDate, Literal(cov.start, datatype=XSD.date)))
        if cov.end:
            g.add((temporal, DCAT.endDate, Literal(cov.end, datatype=XSD.date)))
        g.add((dataset, DCTERMS.temporal, temporal))

    # one distribution per file
    for f in files:
        node = URIRef(f"{base}dataset/{f.path.replace('/', '-')}")
        file_type, media, name = FILE_TYPES[f.suffix]
        g.add((dataset, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        url = settings.url(f.path)
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        fmt = URIRef(EU + f"file-type/{file_type}")
        _concept(g, fmt, EU + "file-type", name, DCTERMS.MediaTypeOrExtent)
        g.add((node, DCTERMS.format, fmt))
        media_node = URIRef(IANA + media)
        g.add((media_node, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media_node))
        if f.compressed:
            gzip = URIRef(IANA + "application/gzip")
            g.add((gzip, RDF.type, DCTERMS.MediaType))
            g.add((node, DCAT.compressFormat, gzip))
        g.add((node, DCTERMS.license, CC_BY))
        g.add((node, DCATAP.availability, stable))
        g.add((node, DCTERMS.issued, Literal(cov.modified, datatype=XSD.date)))
        if f.standard:
            g.add((URIRef(f.standard), RDF.type, DCTERMS.Standard))
            g.add((node, DCTERMS.conformsTo, URIRef(f.standard)))
        if f.path in facts:
            _size_and_checksum(g, node, facts[f.path], profile)
        for lang in LANGS:
            what = _what(f.graph)[lang]
            gz = " (gzip)" if f.compressed else ""
            g.add((node, DCTERMS.title, Literal(f"{what[0].upper()}{what[1:]}, {name}{gz}", lang=lang)))
            g.add(
                (node, DCTERMS.description, Literal(TEXTS["dump"][lang].format(what=what, fmt=name, gz=gz), lang=lang))
            )

    # the SPARQL endpoint
    endpoint = URIRef(settings.endpoint)
    g.add((service, RDF.type, DCAT.DataService))
    _text(g, service, DCTERMS.title, "service_title")
    _text(g, service, DCTERMS.description, "service_description")
    for prop, value in (
        (DCAT.endpointURL, endpoint),
        (DCAT.endpointDescription, endpoint),
        (DCAT.servesDataset, dataset),
        (DCTERMS.conformsTo, sparql_protocol),
        (DCAT.contactPoint, contact),
        (DCTERMS.publisher, publisher),
        (DCTERMS.license, CC_BY),
    ):
        g.add((service, prop, value))
    for theme in themes:
        g.add((service, DCAT.theme, theme))
    for lang in LANGS:
        for word in KEYWORDS[lang][:1] + ["SPARQL"]:
            g.add((service, DCAT.keyword, Literal(word, lang=lang)))
    return g


def _what(graph: str) -> dict[str, str]:
    """What a distribution holds, in each language: a part of the graph, the site, or one table."""
    return TEXTS[graph] if graph in TEXTS else tables.table(graph).titles


def _size_and_checksum(g: Graph, node: URIRef, facts: FileFacts, profile: Profile) -> None:
    g.add((node, DCAT.byteSize, Literal(str(facts.byte_size), datatype=profile.size_type)))
    checksum = URIRef(f"{node}#checksum")
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX["checksumAlgorithm_" + profile.algorithm]))
    g.add((checksum, SPDX.checksumValue, Literal(getattr(facts, profile.algorithm), datatype=XSD.hexBinary)))


# ---------------------------------------------------------------- VoID


def statistics(store, graphs: list[str] | None = None) -> dict:
    """Counts over the default graph (asserted + inferred) or over the named ``graphs`` only; a triple
    stated in several files counts once."""
    options = {"default_graph_uris": graphs} if graphs else {}

    def one(query: str) -> int:
        found = rows(store, query, **options)
        return int(found[0]["n"].value) if found else 0

    return {
        "triples": one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        "entities": one(
            f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{minted_prefix()}")) }}'
        ),
        "classes": one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"),
        "properties": one("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        "subjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "objects": one("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
    }


def graph_names(store) -> dict[str, list[str]]:
    """The named graphs of the store split into the asserted ones and the inferred one."""
    names = sorted(store.graph_names)
    return {"asserted": [n for n in names if n != INFERRED_GRAPH], "inferred": [INFERRED_GRAPH]}


VOCABULARIES = tuple(str(ns) for ns in (ORG, FOAF, DCTERMS, SKOS, PROV, SCHEMA, RDFS, OWL))


def void_graph(store, files: list[PackageFile], settings: Settings | None = None) -> Graph:
    """The VoID description of the dataset and of its asserted and inferred subsets."""
    settings = settings or Settings()
    base = base_iri()
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    dataset = URIRef(base + "dataset")
    description = URIRef(settings.url("void.ttl"))
    g.add((description, RDF.type, VOID.DatasetDescription))
    g.add((description, FOAF.primaryTopic, dataset))
    g.add((description, DCTERMS.license, CC0))

    def counts(node, stats: dict) -> None:
        for key, prop in (
            ("triples", VOID.triples),
            ("entities", VOID.entities),
            ("classes", VOID.classes),
            ("properties", VOID.properties),
            ("subjects", VOID.distinctSubjects),
            ("objects", VOID.distinctObjects),
        ):
            g.add((node, prop, Literal(stats[key], datatype=XSD.integer)))

    g.add((dataset, RDF.type, VOID.Dataset))
    _text(g, dataset, DCTERMS.title, "dataset_title")
    _text(g, dataset, DCTERMS.description, "dataset_description")
    g.add((dataset, DCTERMS.license, CC_BY))
    g.add((dataset, FOAF.homepage, URIRef(settings.homepage)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(settings.endpoint)))
    g.add((dataset, VOID.uriSpace, Literal(minted_prefix())))
    g.add((dataset, VOID.rootResource, URIRef(ontology_iri())))
    g.add((dataset, VOID.vocabulary, URIRef(kp())))
    for vocabulary in VOCABULARIES:
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    counts(dataset, statistics(store))
    for suffix in ("ttl", "nt", "jsonld", "rdf"):
        g.add((dataset, VOID.feature, W3C_FORMATS[_W3C_FORMATS[suffix]]))
    for f in files:
        if f.graph == "graphs":
            g.add((dataset, VOID.dataDump, settings.url(f.path)))
    for suffix in ("nq", "trig"):
        g.add((dataset, VOID.feature, W3C_FORMATS[_W3C_FORMATS[suffix]]))
    for name, graphs in graph_names(store).items():
        subset = URIRef(f"{base}dataset/{name}")
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        for lang in LANGS:
            g.add((subset, DCTERMS.title, Literal(TEXTS[name][lang], lang=lang)))
        counts(subset, statistics(store, graphs))
        for f in files:
            if f.graph == name:
                g.add((subset, VOID.dataDump, settings.url(f.path)))
                g.add((dataset, VOID.dataDump, settings.url(f.path)))
    for row in rows(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        part = BNode()
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["c"].value)))
        g.add((part, VOID.entities, Literal(int(row["n"].value), datatype=XSD.integer)))
    for row in rows(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = BNode()
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(row["p"].value)))
        g.add((part, VOID.triples, Literal(int(row["n"].value), datatype=XSD.integer)))
    return g


_W3C_FORMATS = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdf": "RDF_XML",
    "nq": "N-Quads",
    "trig": "TriG",
}


# ---------------------------------------------------------------- our shapes


def shapes_file(layout: Layout | None = None) -> Path:
    return (layout or Layout()).shapes / "catalogue.ttl"


def check(catalogue: Graph, layout: Layout | None = None) -> ValidationReport:
    """Validate a catalogue against ``shapes/catalogue.ttl`` alone (not the data shapes)."""
    path = shapes_file(layout)
    return validate(
        catalogue, shapes=shared_graph([path], root=(layout or Layout()).root), ontology=Graph(), layout=layout
    )
