"""The user interface in Finnish, Swedish and English.

UI strings, the choice of a language from a request (an explicit choice,
then a remembered one, then ``Accept-Language``), the choice of a label
among language-tagged literals, and dates written at the precision of the
source in each language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..namespaces import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from . import messages
from .timeline import date_parts

LANGUAGES = ("fi", "sv", "en")
DEFAULT = "fi"

#: Each language's name in that language, for the language switch.
NATIVE_NAMES = {"fi": "suomeksi", "sv": "på svenska", "en": "in English"}

STRINGS: dict[str, dict[str, str]] = {
    "site_title": {
        "fi": "Kaupunkipolitiikan tietoverkko",
        "sv": "Stadspolitikens kunskapsgraf",
        "en": "Finnish urban policy knowledge graph",
    },
    "site_tagline": {
        "fi": "Suomen kaupunkipolitiikan toimijat, toimielimet, tehtävät ja julkaisut lähteineen",
        "sv": "Aktörer, organ, uppdrag och publikationer i Finlands stadspolitik med källor",
        "en": "Actors, bodies, mandates and publications of Finnish urban policy, with their sources",
    },
    "skip_to_content": {"fi": "Siirry sisältöön", "sv": "Hoppa till innehållet", "en": "Skip to content"},
    "nav": {"fi": "Päävalikko", "sv": "Huvudmeny", "en": "Main menu"},
    "nav_index": {"fi": "Kaikki tiedot", "sv": "Alla resurser", "en": "All resources"},
    "nav_ontology": {"fi": "Ontologia", "sv": "Ontologi", "en": "Ontology"},
    "nav_sparql": {"fi": "SPARQL-rajapinta", "sv": "SPARQL-gränssnitt", "en": "SPARQL endpoint"},
    "nav_downloads": {"fi": "Lataukset", "sv": "Nedladdningar", "en": "Downloads"},
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "type": {"fi": "Tyyppi", "sv": "Typ", "en": "Type"},
    "identifier": {"fi": "Tunniste (IRI)", "sv": "Identifierare (IRI)", "en": "Identifier (IRI)"},
    "other_formats": {"fi": "Koneluettavat muodot", "sv": "Maskinläsbara format", "en": "Machine-readable formats"},
    "properties": {"fi": "Tiedot", "sv": "Uppgifter", "en": "Properties"},
    "property": {"fi": "Ominaisuus", "sv": "Egenskap", "en": "Property"},
    "value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "sources": {"fi": "Lähteet", "sv": "Källor", "en": "Sources"},
    "source": {"fi": "Lähde", "sv": "Källa", "en": "Source"},
    "sources_intro": {
        "fi": "Tämän sivun tiedot on poimittu seuraavista lähteistä.",
        "sv": "Uppgifterna på denna sida har hämtats ur följande källor.",
        "en": "The facts on this page were taken from these sources.",
    },
    "no_source": {"fi": "ei lähdettä", "sv": "ingen källa", "en": "no source"},
    "written_in_fi": {"fi": "suomeksi", "sv": "på finska", "en": "in Finnish"},
    "written_in_sv": {"fi": "ruotsiksi", "sv": "på svenska", "en": "in Swedish"},
    "written_in_en": {"fi": "englanniksi", "sv": "på engelska", "en": "in English"},
    "published": {"fi": "julkaistu", "sv": "publicerad", "en": "published"},
    "updated": {"fi": "päivitetty", "sv": "uppdaterad", "en": "updated"},
    "incoming": {"fi": "Viittaukset tähän", "sv": "Hänvisningar hit", "en": "Links to this resource"},
    "incoming_intro": {
        "fi": "Nämä tiedot viittaavat tähän resurssiin.",
        "sv": "Dessa resurser hänvisar till denna.",
        "en": "These resources link to this one.",
    },
    "resource": {"fi": "Resurssi", "sv": "Resurs", "en": "Resource"},
    "standard_view": {
        "fi": "Päätellyt tiedot (standardisanastot)",
        "sv": "Härledda uppgifter (standardvokabulär)",
        "en": "Inferred facts (standard vocabularies)",
    },
    "standard_view_intro": {
        "fi": "Nämä tiedot on päätelty yllä olevista ontologian ja sääntöjen avulla; niiden lähteet ovat samat.",
        "sv": "Dessa uppgifter har härletts ur dem ovan med ontologin och reglerna; källorna är desamma.",
        "en": "These facts are inferred from the ones above by the ontology and the rules; their sources are the same.",
    },
    "members": {"fi": "Jäsenet ja tehtävät", "sv": "Medlemmar och uppdrag", "en": "Members and roles"},
    "members_intro": {
        "fi": "Jäsenet rooleittain ja toimikausittain.",
        "sv": "Medlemmar per roll och mandatperiod.",
        "en": "Members per role and term.",
    },
    "mandates": {"fi": "Tehtävät", "sv": "Uppdrag", "en": "Mandates"},
    "mandates_intro": {"fi": "Tehtävät ajan mukaan.", "sv": "Uppdrag över tid.", "en": "Mandates over time."},
    "bodies_of_city": {
        "fi": "Toimielimet, joissa kaupunki on edustettuna",
        "sv": "Organ där staden är representerad",
        "en": "Bodies the city sits in",
    },
    "representatives": {
        "fi": "Kaupunkia edustavat henkilöt",
        "sv": "Personer som företräder staden",
        "en": "People who represent the city",
    },
    "timeline": {"fi": "Aikajana", "sv": "Tidslinje", "en": "Timeline"},
    "timeline_of": {"fi": "Aikajana: {}", "sv": "Tidslinje: {}", "en": "Timeline: {}"},
    "timeline_desc": {
        "fi": "{} riviä; palkki näyttää tehtävän keston, salmiakki ajankohdan, jolloin lähde mainitsee sen.",
        "sv": "{} rader; en stapel visar uppdragets längd, en romb när källan nämner det.",
        "en": "{} rows; a bar shows how long a mandate ran, a diamond when a source attests it.",
    },
    "no_dates": {
        "fi": "Lähteet eivät anna päivämääriä aikajanaa varten.",
        "sv": "Källorna anger inga datum för en tidslinje.",
        "en": "The sources give no dates for a timeline.",
    },
    "open_end": {"fi": "päättymisaikaa ei tiedetä", "sv": "slutdatum okänt", "en": "end not known"},
    "composition": {
        "fi": "Kokoonpano tiettynä päivänä",
        "sv": "Sammansättning en viss dag",
        "en": "Composition on a given day",
    },
    "composition_on": {"fi": "Kokoonpano {}", "sv": "Sammansättning {}", "en": "Composition on {}"},
    "composition_date": {"fi": "Päivä", "sv": "Dag", "en": "Day"},
    "composition_show": {"fi": "Näytä", "sv": "Visa", "en": "Show"},
    "composition_intro": {
        "fi": "Tehtävät, jotka lähteiden mukaan olivat voimassa tänä päivänä. Kuukauden tai vuoden tarkkuudella "
        "annettu alku tai loppu lasketaan vasta jakson päättyessä tai alkaessa; tehtävän, jonka päättymistä "
        "mikään lähde ei kerro, oletetaan jatkuvan, ja rivi kertoo, milloin lähde viimeksi mainitsi sen.",
        "sv": "Uppdrag som enligt källorna gällde denna dag. En början eller ett slut som källan anger på månaden "
        "eller året räknas först från periodens slut eller fram till dess början; ett uppdrag vars slut ingen "
        "källa anger antas fortsätta, och raden visar när en källa senast nämnde det.",
        "en": "Mandates in force on this day as far as the sources tell. A start or end given as a month or year "
        "counts only from the end, or until the start, of that period; a mandate whose end no source gives is "
        "presumed to continue, and its row says when a source last showed it.",
    },
    "composition_none": {
        "fi": "Lähteet eivät kerro, kuka toimi tehtävissä {}.",
        "sv": "Källorna säger inte vem som hade uppdragen {}.",
        "en": "The sources do not say who held the mandates on {}.",
    },
    "composition_bad_date": {
        "fi": "”{}” ei ole päivämäärä; kirjoita se muodossa VVVV-KK-PP.",
        "sv": "”{}” är inget datum; skriv det som ÅÅÅÅ-MM-DD.",
        "en": "“{}” is not a date; write it as YYYY-MM-DD.",
    },
    "composition_disputed": {"fi": "Kiistanalainen", "sv": "Omstritt", "en": "Disputed"},
    "composition_disputed_link": {
        "fi": "lähteet ristiriidassa",
        "sv": "källorna motstrider varandra",
        "en": "sources disagree",
    },
    "composition_derived_end": {"fi": "loppu johdettu", "sv": "slutet härlett", "en": "end derived"},
    "term": {"fi": "Toimikausi", "sv": "Mandatperiod", "en": "Term"},
    "terms": {"fi": "Toimikaudet", "sv": "Mandatperioder", "en": "Terms"},
    "role": {"fi": "Rooli", "sv": "Roll", "en": "Role"},
    "member": {"fi": "Jäsen", "sv": "Medlem", "en": "Member"},
    "organisation": {"fi": "Organisaatio", "sv": "Organisation", "en": "Organisation"},
    "on_behalf_of": {"fi": "edustaa", "sv": "företräder", "en": "on behalf of"},
    "period": {"fi": "Aika", "sv": "Tid", "en": "Period"},
    "attested": {"fi": "mainittu", "sv": "nämnd", "en": "attested"},
    "from": {"fi": "alkaen", "sv": "från", "en": "from"},
    "until": {"fi": "asti", "sv": "till", "en": "until"},
    "conflict_notice": {
        "fi": "Lähteet ovat ristiriidassa",
        "sv": "Källorna motsäger varandra",
        "en": "Sources disagree",
    },
    "index_title": {"fi": "Kaikki tiedot", "sv": "Alla resurser", "en": "All resources"},
    "index_intro": {
        "fi": "Tietoverkon resurssit lajeittain.",
        "sv": "Kunskapsgrafens resurser per slag.",
        "en": "The resources of the graph by kind.",
    },
    "downloads_intro": {
        "fi": "Koko tietoaineisto ladattavina tiedostoina (CC BY 4.0).",
        "sv": "Hela datamängden som nedladdningsbara filer (CC BY 4.0).",
        "en": "The whole dataset as files to download (CC BY 4.0).",
    },
    "catalogue": {
        "fi": "Aineistokuvaus (DCAT-AP)",
        "sv": "Katalogbeskrivning (DCAT-AP)",
        "en": "Catalogue record (DCAT-AP)",
    },
    "checksums": {"fi": "SHA-256-tarkistussummat", "sv": "SHA-256-kontrollsummor", "en": "SHA-256 checksums"},
    "ontology_title": {
        "fi": "Kaupunkipolitiikan ontologia",
        "sv": "Stadspolitikens ontologi",
        "en": "Finnish urban policy ontology",
    },
    "classes": {"fi": "Luokat", "sv": "Klasser", "en": "Classes"},
    "object_properties": {"fi": "Suhdeominaisuudet", "sv": "Objektegenskaper", "en": "Object properties"},
    "datatype_properties": {"fi": "Arvo-ominaisuudet", "sv": "Dataegenskaper", "en": "Datatype properties"},
    "annotation_properties": {
        "fi": "Huomautusominaisuudet",
        "sv": "Annoteringsegenskaper",
        "en": "Annotation properties",
    },
    "subclass_of": {"fi": "Yläluokat", "sv": "Överklasser", "en": "Subclass of"},
    "subclasses": {"fi": "Aliluokat", "sv": "Underklasser", "en": "Subclasses"},
    "subproperty_of": {"fi": "Yläominaisuudet", "sv": "Överegenskaper", "en": "Subproperty of"},
    "domain": {"fi": "Kohde (domain)", "sv": "Domän", "en": "Domain"},
    "range": {"fi": "Arvojoukko (range)", "sv": "Värdemängd (range)", "en": "Range"},
    "shapes": {"fi": "SHACL-muodot", "sv": "SHACL-former", "en": "SHACL shapes"},
    "checked_by": {"fi": "Tarkistetaan muodolla", "sv": "Kontrolleras av", "en": "Checked by"},
    "used_in_shapes": {"fi": "Käytetään muodoissa", "sv": "Används i former", "en": "Used in shapes"},
    "shape_files": {"fi": "Muototiedostot", "sv": "Formfiler", "en": "Shape files"},
    "shapes_intro": {
        "fi": "Tiedot tarkistetaan näillä SHACL-muodoilla ennen julkaisua.",
        "sv": "Uppgifterna kontrolleras med dessa SHACL-former före publicering.",
        "en": "The data is checked with these SHACL shapes before it is published.",
    },
    "instances": {"fi": "Esiintymiä", "sv": "Instanser", "en": "Instances"},
    "version": {"fi": "Versio", "sv": "Version", "en": "Version"},
    "licence": {"fi": "Lisenssi", "sv": "Licens", "en": "Licence"},
    "licence_note": {
        "fi": "Aineisto: CC BY 4.0. Kuvailutiedot: CC0 1.0.",
        "sv": "Data: CC BY 4.0. Metadata: CC0 1.0.",
        "en": "Data: CC BY 4.0. Metadata: CC0 1.0.",
    },
    "not_found": {"fi": "Resurssia ei löydy", "sv": "Resursen hittades inte", "en": "Resource not found"},
    "not_found_text": {
        "fi": "Tietoverkossa ei ole tietoja tästä tunnisteesta.",
        "sv": "Kunskapsgrafen har inga uppgifter om denna identifierare.",
        "en": "The graph holds nothing about this identifier.",
    },
    "inferred": {"fi": "päätelty", "sv": "härledd", "en": "inferred"},
    "external": {"fi": "ulkoinen linkki", "sv": "extern länk", "en": "external link"},
}


def _merge_catalogues() -> None:
    for name, strings in messages.catalogues().items():
        clash = sorted(set(strings) & set(STRINGS))
        if clash:
            raise RuntimeError(f"kgraph.site.messages.{name} redefines UI strings: {', '.join(clash)}")
        STRINGS.update(strings)


_merge_catalogues()

#: Labels of the standard properties and classes that the ontology does not label itself.
TERM_LABELS: dict[str, dict[str, str]] = {
    str(RDF.type): {"fi": "tyyppi", "sv": "typ", "en": "type"},
    str(RDFS.label): {"fi": "nimike", "sv": "etikett", "en": "label"},
    str(RDFS.comment): {"fi": "kuvaus", "sv": "beskrivning", "en": "comment"},
    str(SKOS.prefLabel): {"fi": "nimi", "sv": "namn", "en": "name"},
    str(SKOS.altLabel): {"fi": "muu nimi", "sv": "alternativt namn", "en": "alternative name"},
    str(SKOS.definition): {"fi": "määritelmä", "sv": "definition", "en": "definition"},
    str(SKOS.note): {"fi": "huomautus", "sv": "anmärkning", "en": "note"},
    str(SKOS.inScheme): {"fi": "sanasto", "sv": "vokabulär", "en": "in scheme"},
    str(SKOS.exactMatch): {"fi": "sama kuin", "sv": "samma som", "en": "exact match"},
    str(SKOS.notation): {"fi": "koodi", "sv": "kod", "en": "notation"},
    str(FOAF.name): {"fi": "nimi", "sv": "namn", "en": "name"},
    str(FOAF.member): {"fi": "jäsen", "sv": "medlem", "en": "member"},
    str(DCTERMS.source): {"fi": "lähde", "sv": "källa", "en": "source"},
    str(DCTERMS.identifier): {"fi": "tunnus", "sv": "beteckning", "en": "identifier"},
    str(DCTERMS.title): {"fi": "otsikko", "sv": "titel", "en": "title"},
    str(DCTERMS.description): {"fi": "kuvaus", "sv": "beskrivning", "en": "description"},
    str(DCTERMS.issued): {"fi": "julkaistu", "sv": "utgiven", "en": "issued"},
    str(DCTERMS.modified): {"fi": "muutettu", "sv": "ändrad", "en": "modified"},
    str(DCTERMS.date): {"fi": "päivämäärä", "sv": "datum", "en": "date"},
    str(DCTERMS.creator): {"fi": "tekijä", "sv": "upphovsperson", "en": "creator"},
    str(DCTERMS.contributor): {"fi": "osallinen", "sv": "medverkande", "en": "contributor"},
    str(DCTERMS.publisher): {"fi": "julkaisija", "sv": "utgivare", "en": "publisher"},
    str(DCTERMS.type): {"fi": "laji", "sv": "typ", "en": "type"},
    str(DCTERMS.subject): {"fi": "aihe", "sv": "ämne", "en": "subject"},
    str(DCTERMS.isPartOf): {"fi": "osa kokonaisuutta", "sv": "del av", "en": "is part of"},
    str(DCTERMS.references): {"fi": "viittaa", "sv": "hänvisar till", "en": "references"},
    str(DCTERMS.relation): {"fi": "liittyy", "sv": "relation", "en": "relation"},
    str(DCTERMS.license): {"fi": "lisenssi", "sv": "licens", "en": "licence"},
    str(SCHEMA.startDate): {"fi": "alkaen", "sv": "från", "en": "start"},
    str(SCHEMA.endDate): {"fi": "päättyen", "sv": "till", "en": "end"},
    str(SCHEMA.url): {"fi": "verkko-osoite", "sv": "webbadress", "en": "URL"},
    str(SCHEMA.jobTitle): {"fi": "tehtävänimike", "sv": "befattning", "en": "job title"},
    str(SCHEMA.memberOf): {"fi": "jäsenenä", "sv": "medlem i", "en": "member of"},
    str(SCHEMA.worksFor): {"fi": "palveluksessa", "sv": "anställd hos", "en": "works for"},
    str(ORG.member): {"fi": "jäsen", "sv": "medlem", "en": "member"},
    str(ORG.organization): {"fi": "organisaatio", "sv": "organisation", "en": "organisation"},
    str(ORG.role): {"fi": "rooli", "sv": "roll", "en": "role"},
    str(ORG.classification): {"fi": "luokitus", "sv": "klassificering", "en": "classification"},
    str(ORG.identifier): {"fi": "kuntanumero", "sv": "kommunnummer", "en": "code"},
    str(ORG.resultedFrom): {"fi": "asetettu", "sv": "tillsatt genom", "en": "resulted from"},
    str(ORG.originalOrganization): {"fi": "edeltäjä", "sv": "föregångare", "en": "original organisation"},
    str(ORG.subOrganizationOf): {
        "fi": "osa organisaatiota",
        "sv": "del av organisationen",
        "en": "sub-organisation of",
    },
    str(ORG.hasSubOrganization): {"fi": "alaorganisaatio", "sv": "underorganisation", "en": "has sub-organisation"},
    str(ORG.memberOf): {"fi": "jäsenenä", "sv": "medlem i", "en": "member of"},
    str(ORG.hasMember): {"fi": "jäsen", "sv": "medlem", "en": "has member"},
    str(ORG.headOf): {"fi": "johtaa", "sv": "leder", "en": "head of"},
    str(ORG.linkedTo): {"fi": "yhteydessä", "sv": "kopplad till", "en": "linked to"},
    str(ORG.roleProperty): {"fi": "roolin oikotie", "sv": "rollens genväg", "en": "role property"},
    str(PROV.wasAssociatedWith): {"fi": "asettaja", "sv": "tillsatt av", "en": "associated with"},
    str(PROV.qualifiedAssociation): {"fi": "asettajatieto", "sv": "tillsättaruppgift", "en": "qualified association"},
    str(PROV.agent): {"fi": "toimija", "sv": "aktör", "en": "agent"},
    str(PROV.actedOnBehalfOf): {"fi": "edustaa", "sv": "företräder", "en": "acted on behalf of"},
}

_MONTHS = {
    "fi": [
        "tammikuu",
        "helmikuu",
        "maaliskuu",
        "huhtikuu",
        "toukokuu",
        "kesäkuu",
        "heinäkuu",
        "elokuu",
        "syyskuu",
        "lokakuu",
        "marraskuu",
        "joulukuu",
    ],
    "sv": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def t(key: str, lang: str, *args) -> str:
    """The UI string ``key`` in ``lang`` (formatted with ``args`` where it has ``{}``)."""
    text = STRINGS[key].get(lang) or STRINGS[key][DEFAULT]
    return text.format(*args) if args else text


def preference(lang: str) -> list[str]:
    """Language tags to try for a label, best first ("" = untagged, e.g. a person's name)."""
    order = [lang, "", DEFAULT, "en", "sv", "fi"]
    return list(dict.fromkeys(order))


def pick(values: Iterable[tuple[str, str]], lang: str) -> tuple[str, str] | None:
    """The best (text, language) pair among ``values`` for a reader of ``lang``."""
    values = list(values)
    if not values:
        return None
    rank = {tag: i for i, tag in enumerate(preference(lang))}
    return min(values, key=lambda v: (rank.get((v[1] or "").lower().split("-")[0], len(rank)), v[0]))


def term_label(iri: str, lang: str) -> str | None:
    """The label of a standard term this module knows, or None."""
    labels = TERM_LABELS.get(iri)
    return labels.get(lang) or labels.get(DEFAULT) if labels else None


def format_date(value: str, lang: str) -> str:
    """A date written at the precision it has: ``2020-01-16``, ``2020-01`` or ``2020``."""
    parts = date_parts(value)
    if parts is None:
        return value
    year, month, day = parts
    shown = f"{year:05d}" if year < 0 else f"{year:04d}"  # four digits, as xsd:gYear writes them
    if day and month:  # a date with a day always has its month
        if lang == "en":
            return f"{day} {_MONTHS['en'][month - 1]} {shown}"
        return f"{day}.{month}.{shown}"
    if month:
        return f"{_MONTHS[lang if lang in _MONTHS else DEFAULT][month - 1]} {shown}"
    return shown


def missing_translations(langs: Sequence[str] = LANGUAGES) -> list[str]:
    """Keys of :data:`STRINGS` (the core and every feature catalogue of :mod:`kgraph.site.messages`, named
    ``messages.<module>:<key>:<lang>``) and of :data:`TERM_LABELS` that lack a language or have only blanks
    in it (for tests)."""

    def lacking(table: dict[str, dict[str, str]], prefix: str = "") -> list[str]:
        return [f"{prefix}{k}:{lang}" for k, v in table.items() for lang in langs if not str(v.get(lang) or "").strip()]

    catalogues = messages.catalogues()
    own = {k for strings in catalogues.values() for k in strings}
    missing = lacking({k: v for k, v in STRINGS.items() if k not in own})
    for name, strings in catalogues.items():
        missing += lacking(strings, f"messages.{name}:")
    return missing + lacking(TERM_LABELS)
