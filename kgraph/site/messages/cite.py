"""UI strings of the citable resource pages: "cite this", publications, the body's terms and current composition."""

STRINGS = {
    "cite_heading": {"fi": "Viittaa tähän sivuun", "sv": "Citera denna sida", "en": "Cite this page"},
    "cite_intro": {
        "fi": "Viite tietoverkon tietueeseen: tunniste, tietoverkon versio ja lukupäivä.",
        "sv": "Referens till kunskapsgrafens post: identifierare, grafens version och dag för läsningen.",
        "en": "A reference to the knowledge graph's record: identifier, version of the graph and day of access.",
    },
    "cite_readable": {"fi": "Viite", "sv": "Referens", "en": "Reference"},
    "cite_version": {"fi": "versio {}", "sv": "version {}", "en": "version {}"},
    "cite_version_label": {"fi": "Versio", "sv": "Version", "en": "Version"},
    "cite_accessed": {"fi": "Luettu {}", "sv": "Läst {}", "en": "Accessed {}"},
    "cite_accessed_label": {"fi": "Lukupäivä", "sv": "Läst", "en": "Accessed"},
    "cite_published": {
        "fi": "Julkaistu {}",
        "sv": "Publicerad {}",
        "en": "Published {}",
    },
    "cite_published_note": {
        "fi": "Tämä on sivuston julkaisupäivä (tietoverkon koontipäivä), ei lukupäiväsi: staattinen sivu ei tiedä, "
        "milloin sitä luetaan. Merkitse lukupäiväksi päivä, jona luit sivun.",
        "sv": "Detta är webbplatsens publiceringsdag (dagen då grafen byggdes), inte dagen du läste sidan: en "
        "statisk sida vet inte när den läses. Ange den dag du läste sidan som dag för läsningen.",
        "en": "This is the site's day of publication (the day the graph was built), not your day of access: a "
        "static page cannot know when it is read. Give the day you read the page as your access date.",
    },
    "cite_published_label": {"fi": "Julkaisupäivä", "sv": "Publiceringsdag", "en": "Published"},
    "cite_download": {"fi": "Lataa viite", "sv": "Ladda ned referensen", "en": "Download the reference"},
    "cite_note_accessed": {
        "fi": "Tietue: {}, versio {}, luettu {}",
        "sv": "Post i {}, version {}, läst {}",
        "en": "Record of {}, version {}, accessed {}",
    },
    "cite_note_published": {
        "fi": "Tietue: {}, versio {}, julkaistu {} (sivuston koontipäivä; lisää oma lukupäiväsi)",
        "sv": "Post i {}, version {}, publicerad {} (dagen då webbplatsen byggdes; ange din egen dag för läsningen)",
        "en": "Record of {}, version {}, published {} (the day the site was built; add your own access date)",
    },
    "cite_publications": {"fi": "Julkaisut", "sv": "Publikationer", "en": "Publications"},
    "cite_pub_creator": {"fi": "tekijä", "sv": "författare", "en": "author"},
    "cite_pub_editor": {"fi": "toimittaja", "sv": "redaktör", "en": "editor"},
    "cite_pub_contributor": {"fi": "muu tekijä", "sv": "medverkande", "en": "contributor"},
    "cite_pub_publisher": {"fi": "julkaisija", "sv": "utgivare", "en": "publisher"},
    "cite_pub_prepared": {"fi": "valmistelija", "sv": "beredare", "en": "prepared by"},
    "cite_pub_commissioned": {"fi": "tilaaja", "sv": "beställare", "en": "commissioned by"},
    "cite_pub_role": {"fi": "Osuus", "sv": "Roll", "en": "Role"},
    "cite_pub_title": {"fi": "Julkaisu", "sv": "Publikation", "en": "Publication"},
    "cite_pub_kind": {"fi": "Laji", "sv": "Typ", "en": "Kind"},
    "cite_pub_issued": {"fi": "Julkaistu", "sv": "Utgiven", "en": "Issued"},
    "cite_pub_undated": {"fi": "ei päivämäärää", "sv": "inget datum", "en": "no date"},
    "cite_terms": {"fi": "Toimikaudet", "sv": "Mandatperioder", "en": "Terms"},
    "cite_term": {"fi": "toimikausi", "sv": "mandatperiod", "en": "term"},
    "cite_terms_of": {"fi": "Toimikaudet: {}", "sv": "Mandatperioder: {}", "en": "Terms: {}"},
    "cite_term_members": {"fi": "{} tehtävää", "sv": "{} uppdrag", "en": "{} mandates"},
    "cite_history": {
        "fi": "Kokoonpanon historia",
        "sv": "Sammansättningens historia",
        "en": "History of the composition",
    },
    "cite_history_intro": {
        "fi": "Aikajanalla yksi palkki kutakin toimikautta kohti; avaa toimikausi nähdäksesi sen jäsenet ja lähteet.",
        "sv": "Tidslinjen har en stapel för varje mandatperiod; öppna en period för att se dess medlemmar och källor.",
        "en": "The timeline has one bar per term; open a term to see its members and sources.",
    },
    "cite_outside_terms": {
        "fi": "Tehtävät, joita ei ole liitetty toimikauteen",
        "sv": "Uppdrag som inte hör till någon mandatperiod",
        "en": "Mandates not tied to a term",
    },
    "cite_framed": {
        "fi": "puuttuva alku tai loppu toimikauden mukaan",
        "sv": "saknad början eller slut enligt mandatperioden",
        "en": "missing start or end taken from the term",
    },
    "cite_composition_today": {
        "fi": "Nykyinen kokoonpano ({})",
        "sv": "Nuvarande sammansättning ({})",
        "en": "Current composition ({})",
    },
    "cite_composition_build": {
        "fi": "Kokoonpano sivuston julkaisupäivänä {}",
        "sv": "Sammansättningen på webbplatsens publiceringsdag {}",
        "en": "Composition on the site's day of publication, {}",
    },
    "cite_composition_other_day": {
        "fi": "Kokoonpano muuna päivänä",
        "sv": "Sammansättningen en annan dag",
        "en": "Composition on another day",
    },
}
