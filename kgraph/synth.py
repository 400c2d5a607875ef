"""Synthetic data for benchmarks: realistic Turtle that conforms to the shapes.

:func:`generate` writes about ``triples`` triples of people, bodies and their
terms, appointing acts, mandates, cities, organisations, publications and
source documents, modelled as ``docs/modelling.md`` says, into numbered
Turtle files. The same seed gives the same files. Every person holds a
mandate or authors a publication, every appointment is used by a term, and
identifiers that must be unique (municipality codes, source URLs, IRIs) are.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .query.engine import sparql_string

PREFIXES = """\
@prefix kp:          <https://w3id.org/kaupunkipolitiikka/ontology#> .
@prefix org:         <http://www.w3.org/ns/org#> .
@prefix foaf:        <http://xmlns.com/foaf/0.1/> .
@prefix schema:      <http://schema.org/> .
@prefix prov:        <http://www.w3.org/ns/prov#> .
@prefix dcterms:     <http://purl.org/dc/terms/> .
@prefix skos:        <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:         <http://www.w3.org/2001/XMLSchema#> .
@prefix person:      <https://w3id.org/kaupunkipolitiikka/id/person/> .
@prefix kporg:       <https://w3id.org/kaupunkipolitiikka/id/org/> .
@prefix city:        <https://w3id.org/kaupunkipolitiikka/id/city/> .
@prefix body:        <https://w3id.org/kaupunkipolitiikka/id/body/> .
@prefix appointment: <https://w3id.org/kaupunkipolitiikka/id/appointment/> .
@prefix mandate:     <https://w3id.org/kaupunkipolitiikka/id/mandate/> .
@prefix publication: <https://w3id.org/kaupunkipolitiikka/id/publication/> .
@prefix source:      <https://w3id.org/kaupunkipolitiikka/id/source/> .
@prefix role:        <https://w3id.org/kaupunkipolitiikka/id/role/> .
@prefix bt:          <https://w3id.org/kaupunkipolitiikka/id/body-type/> .
@prefix pt:          <https://w3id.org/kaupunkipolitiikka/id/publication-type/> .
"""

FIRST_NAMES = (
    "Aino Anna Anne Anni Anssi Antti Eero Eeva Elina Emilia Emma Hanna Heikki Helena Ilkka Jaana "
    "Jari Jenni Johanna Jukka Juha Juho Jussi Kaisa Kalle Kari Katja Kirsi Laura Leena Liisa Marja "
    "Markku Matti Merja Mika Mikko Minna Niina Niko Olli Outi Paavo Päivi Pekka Petri Pirjo Riikka "
    "Risto Sanna Sari Satu Seppo Simo Sirpa Tapio Tarja Teemu Tiina Timo Tuula Ville Ulla"
).split()
SURNAMES = (
    "Aaltonen Heikkinen Hämäläinen Karjalainen Kinnunen Koskinen Laaksonen Lehtonen Leinonen Mäkinen "
    "Nieminen Ojala Rantanen Salminen Salonen Turunen Virtanen Korhonen Järvinen Lehtinen Saarinen "
    "Niemi Heinonen Hakala Jokinen Lindholm Mattila Laine Tuominen Räsänen Väisänen Kettunen Manninen "
    "Savolainen Holmström Ahonen Pitkänen Vaattovaara Joutsiniemi Timonen Lintilä Ikonen"
).split()
PLACE_STEMS = (
    "Järvi Koski Lahti Niemi Salo Vaara Mäki Ranta Saari Lampi Joki Harju Kangas Suo Laakso Kallio "
    "Kylä Pelto Metsä Haka Kivi Kumpu Rinne Selkä"
).split()
PLACE_HEADS = (
    "Ylä Ala Iso Pikku Vanha Uusi Etelä Pohjois Itä Länsi Keski Sisä Ulko Kauko Lähi Kirkko Hirvi "
    "Karhu Kettu Susi Kotka Joutsen Kuusi Koivu Mänty Leppä Haapa Raja Kauppa Satama Ruukki"
).split()
MINISTRIES = (
    ("TEM", "tyo-ja-elinkeinoministerio", "työ- ja elinkeinoministeriö", "arbets- och näringsministeriet"),
    ("YM", "ymparistoministerio", "ympäristöministeriö", "miljöministeriet"),
    ("VM", "valtiovarainministerio", "valtiovarainministeriö", "finansministeriet"),
    ("STM", "sosiaali-ja-terveysministerio", "sosiaali- ja terveysministeriö", "social- och hälsovårdsministeriet"),
    ("OKM", "opetus-ja-kulttuuriministerio", "opetus- ja kulttuuriministeriö", "undervisnings- och kulturministeriet"),
    ("LVM", "liikenne-ja-viestintaministerio", "liikenne- ja viestintäministeriö", "kommunikationsministeriet"),
)
BODY_KINDS = (("yhteistyoryhma", "yhteistyöryhmä"), ("neuvottelukunta", "neuvottelukunta"), ("tyoryhma", "työryhmä"))
TOPICS = (
    "kaupunkipolitiikan",
    "kaupunkikehityksen",
    "asuntopolitiikan",
    "liikennejärjestelmän",
    "ilmastotyön",
    "elinvoiman",
    "kestävän kasvun",
    "kaupunkiseutujen",
    "osaamisen",
    "hyvinvoinnin",
)
TITLE_WORDS = (
    "Kaupungit",
    "kasvu",
    "kestävyys",
    "tulevaisuus",
    "yhteistyö",
    "elinvoima",
    "asuminen",
    "liikenne",
    "osaaminen",
    "kumppanuus",
    "strategia",
    "ilmasto",
    "alueet",
    "hyvinvointi",
)
PUBLICATION_TYPES = ("report", "discussion-paper", "response", "booklet", "programme-document", "press-release")
MEMBER_ROLES = ("member", "member", "member", "deputy-member", "secretariat-member")
FILE_TRIPLES = 50_000


def slug(text: str) -> str:
    """The IRI slug rule of docs/modelling.md: lower case, diacritics folded, runs of others -> '-'."""
    folded = text.lower().translate(str.maketrans("äöåé", "aoae"))
    out, dash = [], False
    for ch in folded:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _lit(text: str, lang: str | None = None) -> str:
    body = sparql_string(text)
    return f"{body}@{lang}" if lang else body


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'


@dataclass
class _Writer:
    """Collects Turtle statements and counts their triples."""

    statements: list[str] = field(default_factory=list)
    triples: int = 0

    def add(self, subject: str, cls: str, *pairs: tuple[str, str | list[str]]) -> None:
        lines = [f"{subject} a {cls}"]
        count = 1
        for predicate, objects in pairs:
            objects = [objects] if isinstance(objects, str) else objects
            if objects:
                lines.append(f"    {predicate} {' , '.join(objects)}")
                count += len(objects)
        self.statements.append(" ;\n".join(lines) + " .\n")
        self.triples += count


class Generator:
    """Builds the synthetic graph entity by entity until the triple budget is spent."""

    def __init__(self, triples: int, seed: int = 0):
        self.budget = triples
        self.rng = random.Random(seed)
        self.out = _Writer()
        self.people: list[str] = []
        self.unused_people: list[str] = []
        self.sources: list[str] = []
        self.cities: list[str] = []
        self.bodies = 0
        self.publications = 0
        self.serial = 0

    # ---------------------------------------------------------------- helpers

    def _next(self) -> int:
        self.serial += 1
        return self.serial

    def _source(self) -> str:
        return self.rng.choice(self.sources)

    def _place_name(self) -> str:
        return self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_STEMS).lower()

    # ---------------------------------------------------------------- fixed organisations

    def _government_and_ministries(self) -> None:
        # Each organisation is sourced by one of its own web pages (written in the loop below).
        self.out.add(
            "kporg:valtioneuvosto",
            "kp:Government",
            ("skos:prefLabel", [_lit("valtioneuvosto", "fi"), _lit("statsrådet", "sv")]),
            ("dcterms:source", f"source:{MINISTRIES[1][0].lower()}-sivu-1"),
        )
        for number, (code, name, fi, sv) in enumerate(MINISTRIES):
            self.out.add(
                f"kporg:{name}",
                "kp:Ministry",
                ("skos:prefLabel", [_lit(fi, "fi"), _lit(sv, "sv")]),
                ("org:subOrganizationOf", "kporg:valtioneuvosto"),
                ("dcterms:source", f"source:{code.lower()}-sivu-{number or len(MINISTRIES)}"),
            )
        for number in range(1, 21):
            code, name, _fi, _sv = MINISTRIES[number % len(MINISTRIES)]
            iri = f"source:{code.lower()}-sivu-{number}"
            self.out.add(
                iri,
                "kp:SourceDocument",
                ("schema:url", f"<https://{code.lower()}.fi/sivu/{number}>"),
                ("dcterms:title", _lit(f"{TOPICS[number % len(TOPICS)].capitalize()} sivu {number}", "fi")),
                ("dcterms:publisher", f"kporg:{name}"),
                ("dcterms:issued", f'"{2010 + number % 14}"^^xsd:gYear'),
            )
            self.sources.append(iri)

    def _cities(self, count: int) -> None:
        codes = self.rng.sample(range(1000), count)
        for code in codes:
            name = self._place_name()
            iri = f"city:{slug(name)}-{code:03d}"
            self.out.add(
                iri,
                self.rng.choice(("kp:City", "kp:City", "kp:Municipality")),
                ("skos:prefLabel", [_lit(name, "fi"), _lit(name, "sv")]),
                ("org:identifier", _lit(f"{code:03d}")),
                ("dcterms:source", self._source()),
            )
            self.cities.append(iri)

    # ---------------------------------------------------------------- people

    def _person(self) -> str:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
        iri = f"person:{slug(first + ' ' + last)}-{self._next()}"
        self.out.add(iri, "kp:Person", ("foaf:name", _lit(f"{first} {last}")), ("dcterms:source", self._source()))
        self.people.append(iri)
        self.unused_people.append(iri)
        return iri

    def _someone(self) -> str:
        """A person not yet placed anywhere while there is one, else anyone."""
        if self.unused_people:
            return self.unused_people.pop()
        return self.rng.choice(self.people)

    # ---------------------------------------------------------------- bodies, terms, mandates

    def _mandate(
        self, member: str, organisation: str, role: str, start: str, source: str, *extra: tuple[str, str]
    ) -> None:
        iri = f"mandate:{organisation.split(':', 1)[1]}--{member.split(':', 1)[1]}--{role}"
        when = ("kp:attestedIn", start) if role == "represented-organisation" else ("schema:startDate", start)
        self.out.add(
            iri,
            "kp:Mandate",
            ("org:member", member),
            ("org:organization", organisation),
            ("org:role", f"role:{role}"),
            when,
            *extra,
            ("dcterms:source", source),
        )

    def _body(self) -> None:
        self.bodies += 1
        kind, kind_fi = self.rng.choice(BODY_KINDS)
        code, ministry, _fi, _sv = self.rng.choice(MINISTRIES)
        name = f"{self.rng.choice(TOPICS).capitalize()} {kind_fi} {self.bodies}"
        body = f"body:{slug(name)}"
        self.out.add(
            body,
            "kp:Body",
            ("skos:prefLabel", _lit(name, "fi")),
            ("org:classification", f"bt:{kind}"),
            ("dcterms:source", self._source()),
        )
        previous, start = None, self.rng.randrange(1995, 2016)
        members: list[str] = []
        for _ in range(self.rng.randint(1, 4)):
            end = start + 4
            term = f"{body}-{start}"
            act = f"appointment:{term.split(':', 1)[1]}"
            source = f"source:{slug(code)}-{term.split(':', 1)[1]}"
            self.out.add(
                source,
                "kp:SourceDocument",
                ("schema:url", f"<https://{code.lower()}.fi/hanke/{term.split(':', 1)[1]}>"),
                ("dcterms:title", _lit(name, "fi")),
                ("dcterms:publisher", f"kporg:{ministry}"),
                ("dcterms:issued", _date(start, 1, 15)),
            )
            self.out.add(
                act,
                "kp:Appointment",
                ("dcterms:date", _date(start, 1, 15)),
                ("prov:wasAssociatedWith", "kporg:valtioneuvosto"),
                ("org:originalOrganization", [previous] if previous else []),
                ("dcterms:source", source),
            )
            self.out.add(
                term,
                "kp:BodyTerm",
                ("skos:prefLabel", _lit(f"{name} ({start}–{end})", "fi")),
                ("kp:termOf", body),
                ("dcterms:identifier", _lit(f"{code}{self.rng.randrange(1000):03d}:00/{start}")),
                ("org:classification", f"bt:{kind}"),
                ("org:resultedFrom", act),
                ("schema:startDate", _date(start, 1, 15)),
                ("schema:endDate", f'"{end}"^^xsd:gYear'),
                ("kp:task", _lit(f"{self.rng.choice(TOPICS)} kehittäminen", "fi")),
                ("dcterms:source", source),
            )
            members = self._term_mandates(term, start, source, members)
            previous, start = term, end
        self._publication(members, f"kporg:{ministry}")

    def _term_mandates(self, term: str, start: str | int, source: str, previous: list[str]) -> list[str]:
        """Chair, vice-chair, members (some re-appointed from the previous term) and represented cities."""
        size = self.rng.randint(6, 16)
        keep = self.rng.sample(previous, min(len(previous), size // 3))
        members = keep + [self._someone() for _ in range(size - len(keep))]
        members = list(dict.fromkeys(members))
        when = _date(int(start), 1, 15)
        for index, person in enumerate(members):
            role = "chair" if index == 0 else "vice-chair" if index == 1 else self.rng.choice(MEMBER_ROLES)
            behalf = [("kp:onBehalfOf", self.rng.choice(self.cities))] if self.rng.random() < 0.3 else []
            self._mandate(person, term, role, when, source, *behalf)
        for city in self.rng.sample(self.cities, min(len(self.cities), self.rng.randint(1, 4))):
            self._mandate(city, term, "represented-organisation", f'"{start}"^^xsd:gYear', source)
        return members

    # ---------------------------------------------------------------- publications

    def _publication(self, members: list[str], publisher: str) -> None:
        for _ in range(self.rng.randint(1, 3)):
            self.publications += 1
            words = self.rng.sample(TITLE_WORDS, 3)
            title = f"{words[0].capitalize()}, {words[1]} ja {words[2]} {self.publications}"
            authors = self.rng.sample(members, min(len(members), self.rng.randint(1, 3)))
            if self.unused_people:
                authors.append(self._someone())
            year = self.rng.randrange(2000, 2025)
            self.out.add(
                f"publication:{slug(title)}",
                "kp:Publication",
                ("dcterms:title", _lit(title, "fi")),
                ("dcterms:type", f"pt:{self.rng.choice(PUBLICATION_TYPES)}"),
                ("dcterms:creator", sorted(set(authors))),
                ("dcterms:issued", f'"{year}-{self.rng.randint(1, 12):02d}"^^xsd:gYearMonth'),
                ("dcterms:publisher", publisher),
                ("dcterms:source", self._source()),
            )

    # ---------------------------------------------------------------- the whole graph

    def run(self) -> _Writer:
        self._government_and_ministries()
        self._cities(max(3, min(900, self.budget // 2000)))
        while self.out.triples < self.budget:
            while len(self.unused_people) < 40:
                self._person()
            self._body()
        # Anyone still unplaced gets a job title (a mandate) in a city.
        while self.unused_people:
            person = self.unused_people.pop()
            city = self.rng.choice(self.cities)
            self._mandate(person, city, "kaupunginjohtaja", _date(self.rng.randrange(2000, 2024), 6, 1), self._source())
        return self.out


def chunks(statements: list[str], per_file: int) -> Iterator[list[str]]:
    """Group statements into files of about ``per_file`` statements."""
    for start in range(0, len(statements), per_file):
        yield statements[start : start + per_file]


def generate(triples: int, out: Path | str, *, seed: int = 0, per_file: int = FILE_TRIPLES) -> tuple[int, list[Path]]:
    """Write about ``triples`` synthetic triples as Turtle files in ``out``; return (count, files)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    writer = Generator(triples, seed).run()
    average = max(1, writer.triples // max(1, len(writer.statements)))
    files = []
    for number, group in enumerate(chunks(writer.statements, max(1, per_file // average)), start=1):
        path = out / f"synth-{number:04d}.ttl"
        path.write_text(PREFIXES + "\n" + "\n".join(group), encoding="utf-8")
        files.append(path)
    return writer.triples, files
