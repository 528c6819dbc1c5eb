"""Themes across Werkplaatsen, matched by name without case and accents, and through
the organiser's mapping ("Armoede en schulden" read as "Bestaanszekerheid")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from federation.tables import ThemeMapping
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


@lru_cache(maxsize=4096)  # a few hundred names, read for every item of the agenda
def theme_key(name: str) -> str:
    """`Armoede & Schulden ` and `armoede & schulden` alike; `Participatie` and
    `Participätie` too."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().casefold()


class ThemeNames:
    """The agenda's themes: each name read through the mapping to one key, shown by
    the first name seen for it (the mapping's target when there is one)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = {theme_key(old): new for old, new in mapping.items()}
        self.shown: dict[str, str] = {}

    def key(self, name: str) -> str:
        target = self.mapping.get(theme_key(name))
        key = theme_key(target or name)
        self.shown.setdefault(key, target or name)
        return key

    def keys(self, names: list[str]) -> list[str]:
        return [self.key(name) for name in names]

    def choices(self) -> list[tuple[str, str]]:
        return sorted(self.shown.items(), key=lambda pair: theme_key(pair[1]))


async def theme_names() -> ThemeNames:
    rows = await ThemeMapping.select(ThemeMapping.from_name, ThemeMapping.to_name)
    return ThemeNames({row["from_name"]: row["to_name"] for row in rows})


async def all_mappings() -> list[dict[str, str]]:
    return await ThemeMapping.select().order_by(ThemeMapping.from_name)


async def save_mapping(from_name: str, to_name: str) -> None:
    """One mapping per name read: a second for the same name replaces the first."""
    from_name, to_name = from_name.strip()[:150], to_name.strip()[:150]
    errors = {}
    if not from_name:
        errors["from_name"] = _("Enter the theme name as another Werkplaats has it.")
    if not to_name:
        errors["to_name"] = _("Enter the theme name to read it as.")
    if errors:
        raise FieldErrors(errors)
    for row in await ThemeMapping.select(ThemeMapping.id, ThemeMapping.from_name):
        if theme_key(row["from_name"]) == theme_key(from_name):
            await ThemeMapping.delete().where(ThemeMapping.id == row["id"])
    await ThemeMapping.insert(ThemeMapping(from_name=from_name, to_name=to_name))


async def remove_mapping(mapping_id: int) -> None:
    await ThemeMapping.delete().where(ThemeMapping.id == mapping_id)
