"""UI strings of the label search (``/search``) and the search box in every page's header."""

STRINGS = {
    "search_title": {"fi": "Haku", "sv": "Sökning", "en": "Search"},
    "search_label": {"fi": "Hae nimellä", "sv": "Sök på namn", "en": "Search by name"},
    "search_button": {"fi": "Hae", "sv": "Sök", "en": "Search"},
    "search_intro": {
        "fi": "Hae henkilöitä, toimielimiä, kaupunkeja, julkaisuja ja lähteitä niiden suomen-, ruotsin- tai "
        "englanninkielisellä nimellä tai muulla nimellä. Isoilla kirjaimilla ja tarkkeilla (ä, ö, å) ei ole väliä.",
        "sv": "Sök personer, organ, städer, publikationer och källor på deras finska, svenska eller engelska namn "
        "eller på ett annat namn. Versaler och diakritiska tecken (ä, ö, å) spelar ingen roll.",
        "en": "Find persons, bodies, cities, publications and sources by their Finnish, Swedish or English name or "
        "another name. Capitals and accents (ä, ö, å) do not matter.",
    },
    "search_results_for": {
        "fi": "Hakutulokset: {}",
        "sv": "Sökresultat för {}",
        "en": "Results for {}",
    },
    "search_count": {
        "fi": "Osumat {}–{} parhaasta alkaen.",
        "sv": "Träffarna {}–{}, den bästa först.",
        "en": "Hits {}–{}, best first.",
    },
    "search_none": {
        "fi": "Ei osumia. Kokeile lyhyempää hakua tai nimen alkua.",
        "sv": "Inga träffar. Pröva en kortare sökning eller början av namnet.",
        "en": "No hits. Try a shorter search or the start of the name.",
    },
    "search_matched": {"fi": "osui nimeen", "sv": "träff på namnet", "en": "matched the name"},
    "search_more": {"fi": "Lisää osumia", "sv": "Fler träffar", "en": "More hits"},
    "search_name": {"fi": "Nimi", "sv": "Namn", "en": "Name"},
    "search_score": {"fi": "Osuvuus", "sv": "Relevans", "en": "Score"},
    "search_too_long": {
        "fi": "Haku on liian pitkä: enintään {} merkkiä.",
        "sv": "Sökningen är för lång: högst {} tecken.",
        "en": "The search is too long: at most {} characters.",
    },
    "search_bad_limit": {
        "fi": "Osumien määrän (limit) on oltava 1–{}.",
        "sv": "Antalet träffar (limit) ska vara 1–{}.",
        "en": "The number of hits (limit) must be 1 to {}.",
    },
    "search_bad_offset": {
        "fi": "Aloituskohdan (continue) on oltava 0 tai suurempi kokonaisluku.",
        "sv": "Startpunkten (continue) ska vara ett heltal, 0 eller större.",
        "en": "The starting point (continue) must be a whole number, 0 or more.",
    },
    "search_bad_type": {
        "fi": "Tuntematon etuliite tyypissä {}: anna IRI tai jokin etuliitteistä {}.",
        "sv": "Okänt prefix i typen {}: ange en IRI eller ett av prefixen {}.",
        "en": "Unknown prefix in the type {}: give an IRI or one of the prefixes {}.",
    },
    "search_no_query": {
        "fi": "Anna haettava nimi parametrissa q.",
        "sv": "Ange namnet att söka efter i parametern q.",
        "en": "Give the name to search for in the parameter q.",
    },
    "search_json": {"fi": "Tulokset JSON-muodossa", "sv": "Resultaten i JSON", "en": "These results as JSON"},
    "reconcile_bad_json": {
        "fi": "Parametri queries ei ole kelvollista JSONia (rivi {}, sarake {}).",
        "sv": "Parametern queries är inte giltig JSON (rad {}, kolumn {}).",
        "en": "The parameter queries is not valid JSON (line {}, column {}).",
    },
    "reconcile_bad_batch": {
        "fi": "Parametrin queries on oltava JSON-objekti, jonka jokainen arvo on kyselyobjekti.",
        "sv": "Parametern queries ska vara ett JSON-objekt där varje värde är ett frågeobjekt.",
        "en": "The parameter queries must be a JSON object whose every value is a query object.",
    },
    "reconcile_too_many": {
        "fi": "Erässä on {} kyselyä; enintään {} on sallittu.",
        "sv": "Omgången har {} frågor; högst {} är tillåtna.",
        "en": "The batch has {} queries; at most {} are allowed.",
    },
    "reconcile_bad_query": {
        "fi": "Kysely {}: query on merkkijono, type merkkijono tai merkkijonojen lista ja limit positiivinen "
        "kokonaisluku.",
        "sv": "Frågan {}: query ska vara en sträng, type en sträng eller en lista av strängar och limit ett positivt "
        "heltal.",
        "en": "Query {}: query must be a string, type a string or a list of strings and limit a positive whole number.",
    },
    "reconcile_in_query": {
        "fi": "Kysely {}: {}",
        "sv": "Frågan {}: {}",
        "en": "Query {}: {}",
    },
    "reconcile_no_page": {
        "fi": "Tunnisteella {} ei ole sivua tässä palvelussa.",
        "sv": "Identifieraren {} har ingen sida i den här tjänsten.",
        "en": "The identifier {} has no page in this service.",
    },
}
