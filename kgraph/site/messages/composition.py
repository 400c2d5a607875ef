"""Strings of the composition view: what a row says about a mandate whose end no source gives."""

STRINGS = {
    "composition_attested": {"fi": "todettu {}", "sv": "belagt {}", "en": "attested {}"},
    "composition_end_unknown": {"fi": "päättymistä ei tiedetä", "sv": "slutet är okänt", "en": "end not known"},
    "composition_last_shown": {
        "fi": "viimeksi lähteessä {}; päättymistä ei tiedetä",
        "sv": "senast i en källa {}; slutet är okänt",
        "en": "last shown by a source {}; end not known",
    },
}
