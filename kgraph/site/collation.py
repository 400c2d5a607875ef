"""Alphabetical order as a Finnish (or Swedish) reader expects it, for the listing pages.

The Finnish alphabet ends in å, ä, ö, after z (SFS 4600; Swedish orders the three the same way); ü sorts as y,
æ as ä, ø as ö, and other accented letters (é, á, ç …) as their base letter. Case, hyphens and spaces decide
nothing unless all else is equal. A person is ordered by family name, then given names: the family name is the
last word of the name, with a lowercase particle before it ("von", "af", "de" …) shown but not sorted on, as
Finnish indexes do ("Santtu von Bruun" under B); a name written "family name, given names" is read so.
"""

from __future__ import annotations

import unicodedata

#: Letters with a place of their own after z, and letters that sort as another one.
_AFTER_Z = {"å": "\x7b", "ä": "\x7c", "ö": "\x7d"}
_AS = {"ü": "y", "æ": "ä", "ø": "ö", "ß": "ss"}
#: Lowercase words that begin a family name but are not sorted on.
PARTICLES = frozenset({"von", "af", "van", "de", "der", "den", "da", "di", "du", "la", "le"})


def _letter(char: str) -> str:
    return "".join(_AFTER_Z.get(c) or unicodedata.normalize("NFD", c)[0] for c in _AS.get(char, char))


def key(text: str) -> tuple[str, str]:
    """The sort key of ``text``: letters and digits in the Finnish order, then the text itself (ties)."""
    primary = "".join(_letter(c) for c in text.casefold() if c.isalnum())
    return primary, text


def person_key(name: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The sort key of a person's name written "given names family name" (or "family name, given names"):
    family name, then given names."""
    family_first, comma, given_names = name.partition(",")
    if comma:
        return key(family_first.strip()), key(given_names.strip())
    words = name.split()
    if len(words) < 2:
        return key(name), key("")
    family = len(words) - 1
    given = family
    while given > 1 and words[given - 1] in PARTICLES:
        given -= 1
    return key(" ".join(words[family:])), key(" ".join(words[:given]))
