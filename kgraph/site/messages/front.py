"""UI strings of the front pages: the landing page, the listing pages and the named graphs' pages."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_home": {"fi": "Etusivu", "sv": "Startsida", "en": "Home"},
    "front_intro": {
        "fi": "Tietoverkko kokoaa Suomen kaupunkipolitiikan henkilöt, toimielimet ja niiden toimikaudet, tehtävät, "
        "kaupungit, sopimukset ja julkaisut linkitetyksi avoimeksi dataksi. Jokainen tieto kertoo lähteensä; "
        "ristiriitaiset lähteet näytetään molempine väitteineen. Tiedot ovat ladattavissa ja kysyttävissä "
        "SPARQL-kielellä.",
        "sv": "Kunskapsgrafen samlar personer, organ och deras mandatperioder, uppdrag, städer, avtal och "
        "publikationer i Finlands stadspolitik som länkade öppna data. Varje uppgift anger sin källa; när "
        "källorna motsäger varandra visas båda påståendena. Uppgifterna kan laddas ned och frågas med SPARQL.",
        "en": "The graph brings together the people, bodies and their terms, mandates, cities, agreements and "
        "publications of Finnish urban policy as linked open data. Every statement names its source; where "
        "sources disagree, both claims are shown. The data can be downloaded and queried with SPARQL.",
    },
    "front_explore": {"fi": "Tutustu tietoihin", "sv": "Utforska uppgifterna", "en": "Explore the data"},
    "front_search": {"fi": "Haku nimellä", "sv": "Sök på namn", "en": "Search by name"},
    "front_query_ui": {"fi": "Kyselyeditori", "sv": "Frågeredigerare", "en": "Query editor"},
    "front_graphs": {
        "fi": "Tiedostot (nimetyt graafit)",
        "sv": "Filer (namngivna grafer)",
        "en": "Files (named graphs)",
    },
    "front_void": {
        "fi": "Aineiston kuvaus (VoID)",
        "sv": "Datamängdens beskrivning (VoID)",
        "en": "Dataset description (VoID)",
    },
    "front_counts": {"fi": "Tietoverkko lukuina", "sv": "Kunskapsgrafen i siffror", "en": "The graph in numbers"},
    "count_persons": {"fi": "henkilöä", "sv": "personer", "en": "persons"},
    "count_bodies": {"fi": "toimielintä", "sv": "organ", "en": "bodies"},
    "count_mandates": {"fi": "tehtävää", "sv": "uppdrag", "en": "mandates"},
    "count_cities": {"fi": "kaupunkia", "sv": "städer", "en": "cities"},
    "count_agreements": {"fi": "sopimusta", "sv": "avtal", "en": "agreements"},
    "count_publications": {"fi": "julkaisua", "sv": "publikationer", "en": "publications"},
    "count_sources": {"fi": "lähdeasiakirjaa", "sv": "källdokument", "en": "source documents"},
    "count_triples": {
        "fi": "lähteistä luettua kolmikkoa",
        "sv": "tripler ur källfilerna",
        "en": "triples read from the files",
    },
    "count_inferred": {"fi": "pääteltyä kolmikkoa", "sv": "härledda tripler", "en": "inferred triples"},
    "front_bodies": {
        "fi": "Toimielimet ja niiden kokoonpano {}",
        "sv": "Organen och deras sammansättning {}",
        "en": "The bodies and their composition on {}",
    },
    "front_bodies_intro": {
        "fi": "Tehtävät, jotka lähteiden mukaan ovat voimassa tänä päivänä; tehtävän, jonka päättymistä mikään "
        "lähde ei kerro, oletetaan jatkuvan (ks. kunkin toimielimen sivu ja sen päiväkohtainen kokoonpano).",
        "sv": "Uppdrag som enligt källorna gäller denna dag; ett uppdrag vars slut ingen källa anger antas fortsätta "
        "(se varje organs sida och dess sammansättning en viss dag).",
        "en": "Mandates in force on this day as far as the sources tell; a mandate whose end no source gives is "
        "presumed to continue (see each body's page and its composition on a given day).",
    },
    "front_bodies_other": {"fi": "Muut toimielimet", "sv": "Övriga organ", "en": "Other bodies"},
    "front_body_none": {
        "fi": "Lähteet eivät kerro näissä toimielimissä tänä päivänä voimassa olevia tehtäviä.",
        "sv": "Källorna anger inga uppdrag i dessa organ som gäller denna dag.",
        "en": "The sources name no mandate in force in these bodies on this day.",
    },
    "front_body_dated": {"fi": "kokoonpano päivittäin", "sv": "sammansättning per dag", "en": "composition by day"},
    "front_kinds": {"fi": "Luettelot", "sv": "Förteckningar", "en": "Lists"},
    "front_build": {"fi": "Tämä versio", "sv": "Denna version", "en": "This build"},
    "front_build_version": {"fi": "Ohjelmaversio", "sv": "Programversion", "en": "Software version"},
    "front_build_time": {"fi": "Koottu", "sv": "Sammanställd", "en": "Built"},
    "front_build_checks": {"fi": "SHACL-tarkistus", "sv": "SHACL-kontroll", "en": "SHACL validation"},
    "front_build_result": {
        "fi": "{} virhettä, {} varoitusta",
        "sv": "{} fel, {} varningar",
        "en": "{} violations, {} warnings",
    },
    "front_build_history": {
        "fi": "Koonti ei säilytä aiempien versioiden muutoshistoriaa; alla uusimmat lähteet niiden oman "
        "päiväyksen mukaan.",
        "sv": "Sammanställningen sparar ingen ändringshistorik för tidigare versioner; nedan de nyaste källorna "
        "enligt deras egna datum.",
        "en": "The build keeps no history of earlier builds; below are the newest sources by their own dates.",
    },
    "front_newest": {"fi": "Uusimmat lähteet", "sv": "De nyaste källorna", "en": "Newest sources"},
    "kind_title": {"fi": "Luettelo: {}", "sv": "Förteckning: {}", "en": "List: {}"},
    "kind_intro": {
        "fi": "{} resurssia aakkosjärjestyksessä (henkilöt sukunimen mukaan), lajeittain.",
        "sv": "{} resurser i alfabetisk ordning (personer efter efternamn), per slag.",
        "en": "{} resources in alphabetical order (persons by family name), by kind.",
    },
    "kind_person": {"fi": "Henkilöt", "sv": "Personer", "en": "Persons"},
    "kind_city": {"fi": "Kunnat ja kaupungit", "sv": "Kommuner och städer", "en": "Municipalities and cities"},
    "kind_body": {"fi": "Toimielimet ja toimikaudet", "sv": "Organ och mandatperioder", "en": "Bodies and terms"},
    "kind_org": {"fi": "Organisaatiot", "sv": "Organisationer", "en": "Organisations"},
    "kind_mandate": {"fi": "Tehtävät", "sv": "Uppdrag", "en": "Mandates"},
    "kind_appointment": {"fi": "Asettamiset", "sv": "Tillsättningar", "en": "Appointments"},
    "kind_programme": {"fi": "Ohjelmat ja sopimukset", "sv": "Program och avtal", "en": "Programmes and agreements"},
    "kind_project": {"fi": "Hankkeet", "sv": "Projekt", "en": "Projects"},
    "kind_strategy": {"fi": "Strategiat", "sv": "Strategier", "en": "Strategies"},
    "kind_publication": {"fi": "Julkaisut", "sv": "Publikationer", "en": "Publications"},
    "kind_source": {"fi": "Lähdeasiakirjat", "sv": "Källdokument", "en": "Source documents"},
    "kind_conflict": {"fi": "Lähteiden ristiriidat", "sv": "Motstridiga källor", "en": "Source conflicts"},
    "kind_role": {"fi": "Roolit", "sv": "Roller", "en": "Roles"},
    "kind_theme": {"fi": "Teemat", "sv": "Teman", "en": "Themes"},
    "kind_body-type": {"fi": "Toimielinten lajit", "sv": "Typer av organ", "en": "Types of body"},
    "kind_confidence": {"fi": "Varmuusasteet", "sv": "Säkerhetsgrader", "en": "Levels of confidence"},
    "kind_publication-type": {"fi": "Julkaisulajit", "sv": "Publikationstyper", "en": "Types of publication"},
    "kind_date-rule": {"fi": "Päivämääräsäännöt", "sv": "Datumregler", "en": "Date rules"},
    "kind_untyped": {"fi": "ilman luokkaa", "sv": "utan klass", "en": "without a class"},
    "graphs_title": {"fi": "Nimetyt graafit", "sv": "Namngivna grafer", "en": "Named graphs"},
    "graphs_intro": {
        "fi": "Jokainen lähdetiedosto on koonnissa oma nimetty graafinsa; päätellyt kolmikot ovat omassaan.",
        "sv": "Varje källfil är en egen namngiven graf i sammanställningen; de härledda triplerna har en egen.",
        "en": "Each source file is a named graph of its own in the build; the inferred triples have one too.",
    },
    "graph_title": {"fi": "Nimetty graafi {}", "sv": "Namngiven graf {}", "en": "Named graph {}"},
    "graph_file": {"fi": "Tiedosto", "sv": "Fil", "en": "File"},
    "graph_inferred": {
        "fi": "Säännöt ja OWL 2 RL -päättely johtavat nämä kolmikot tiedostojen kolmikoista.",
        "sv": "Reglerna och OWL 2 RL-slutledningen härleder dessa tripler ur filernas tripler.",
        "en": "The rules and OWL 2 RL inference derive these triples from the files' triples.",
    },
    "graph_triples": {"fi": "Kolmikoita", "sv": "Tripler", "en": "Triples"},
    "graph_subjects": {"fi": "Eri subjekteja", "sv": "Olika subjekt", "en": "Distinct subjects"},
    "graph_classes": {"fi": "Luokat", "sv": "Klasser", "en": "Classes"},
    "graph_sources": {
        "fi": "Lähteet, joihin graafi viittaa",
        "sv": "Källor som grafen hänvisar till",
        "en": "Sources the graph cites",
    },
    "graph_no_sources": {
        "fi": "Graafi ei viittaa lähteisiin.",
        "sv": "Grafen hänvisar inte till några källor.",
        "en": "The graph cites no sources.",
    },
    "graph_download": {"fi": "Lataa graafi", "sv": "Ladda ned grafen", "en": "Download the graph"},
    "graph_name": {"fi": "Graafi", "sv": "Graf", "en": "Graph"},
}
