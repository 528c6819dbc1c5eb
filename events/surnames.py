"""Sorting people by surname the way a Dutch organiser expects.

Names are typed as one field ("Jan de Vries"), so the surname is found in the
name: it starts after the first run of tussenvoegsels (voorvoegsels: "de", "van
der", "in 't", ...) that follows at least one given name, and is the last word
when there is no such run. "Jan de Vries" sorts as "Vries, Jan de", under V;
"Maria van der Berg-de Jong" as "Berg-de Jong, Maria van der", under B. The
comparison ignores case, accents and punctuation, so "Özdemir" sits with "Ozdemir"
and "’t" with "'t". A name that is only a surname ("De Vries") keeps its first
word as given name, which does not change where it sorts.

The particles are the Dutch ones and the European ones that Dutch registers write
apart (von, du, da, ...). A name without one sorts by its last word, which is right
for almost every name and predictable for the rest; a one-field name cannot tell
"Anna Kramer Freher" (surname Kramer Freher) apart, so it sorts under F.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PARTICLES = frozenset(
    {
        "'s",
        "'t",
        "bij",
        "da",
        "dal",
        "dalla",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "het",
        "in",
        "la",
        "le",
        "les",
        "op",
        "te",
        "ten",
        "ter",
        "uit",
        "van",
        "vande",
        "vd",
        "ver",
        "von",
        "zu",
        "zum",
        "zur",
    }
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NOT_LETTERS = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class SplitName:
    given: str  # "Jan"
    particles: str  # "de"
    surname: str  # "Vries"

    @property
    def sort_name(self) -> str:
        """`Vries, Jan de`: as in an index or on an alphabetical list."""
        rest = " ".join(part for part in (self.given, self.particles) if part)
        return f"{self.surname}, {rest}" if rest else self.surname


def _is_particle(word: str) -> bool:
    return word.translate(_APOSTROPHES).casefold() in PARTICLES


def split_name(name: str) -> SplitName:
    words = name.split()
    if len(words) < 2:
        return SplitName("", "", name.strip())
    start = next(
        (i for i in range(1, len(words) - 1) if _is_particle(words[i])),
        None,
    )
    if start is None:
        return SplitName(" ".join(words[:-1]), "", words[-1])
    end = start
    while end < len(words) - 1 and _is_particle(words[end]):
        end += 1
    return SplitName(" ".join(words[:start]), " ".join(words[start:end]), " ".join(words[end:]))


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: `Ö'Neill-Bakker` → `o neill bakker`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_LETTERS.sub(" ", bare).strip()


def surname_key(name: str) -> tuple[str, str, str]:
    """Sort key: surname, then given names, then particles (all folded)."""
    split = split_name(name)
    return (fold(split.surname), fold(split.given), fold(split.particles))
