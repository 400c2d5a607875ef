"""UI strings of the query UI (``/sparql`` for browsers, ``/query``) and of labels shown in another language."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "query_title": {"fi": "SPARQL-kysely", "sv": "SPARQL-fråga", "en": "SPARQL query"},
    "query_endpoint": {"fi": "Rajapinta", "sv": "Gränssnitt", "en": "Endpoint"},
    "query_protocol": {"fi": "SPARQL 1.1 -protokolla", "sv": "SPARQL 1.1-protokollet", "en": "SPARQL 1.1 Protocol"},
    "query_default_graph": {
        "fi": "Oletusgraafi sisältää lähteistä kirjatut tiedot ja kaiken niistä päätellyn.",
        "sv": "Standardgrafen innehåller de uppgifter som förts in ur källorna och allt som härletts ur dem.",
        "en": "The default graph is the asserted data plus everything inferred from it.",
    },
    "query_prefixes": {
        "fi": "Valmiiksi esitellyt etuliitteet",
        "sv": "Fördeklarerade prefix",
        "en": "Predeclared prefixes",
    },
    "query_editor_missing": {
        "fi": "Kyselyeditoria (YASGUI) ei ole asennettu tälle palvelimelle. Sen saa hakemistoon node_modules/ "
        "ajamalla tietovaraston juurihakemistossa komennon",
        "sv": "Frågeredigeraren (YASGUI) är inte installerad på denna server. Den installeras i node_modules/ "
        "med följande kommando i arkivets rotkatalog:",
        "en": "The query editor (YASGUI) is not installed on this server. To install it into node_modules/, run "
        "this in the repository root:",
    },
    "query_editor_meanwhile": {
        "fi": "Sillä välin alla oleva lomake lähettää kyselyt rajapintaan.",
        "sv": "Under tiden skickar formuläret nedan frågorna till gränssnittet.",
        "en": "Meanwhile the form below sends queries to the endpoint.",
    },
    "query_text": {"fi": "Kysely", "sv": "Fråga", "en": "Query"},
    "query_format": {"fi": "Tulosmuoto", "sv": "Resultatformat", "en": "Format"},
    "query_run": {"fi": "Suorita", "sv": "Kör", "en": "Run"},
    "query_examples": {"fi": "Esimerkkikyselyt", "sv": "Exempelfrågor", "en": "Example queries"},
    "query_open_example": {"fi": "Avaa editorissa", "sv": "Öppna i redigeraren", "en": "Open in the editor"},
    "query_show_text": {"fi": "Kysely", "sv": "Frågan", "en": "Query"},
}
