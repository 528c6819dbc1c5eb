"""The Dutch and English catalogues hold every string the code and templates mark."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from werkplaats.messages import untranslated
from werkplaats.settings import PROJECT_ROOT


def _marked_messages() -> set[str]:
    method_map = [
        ("werkplaats/**.py", "python"),
        ("events/**.py", "python"),
        ("congress/**.py", "python"),
        ("mailings/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT,
        method_map,
        keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def _catalogue_ids(language: str) -> set[str]:
    path = PROJECT_ROOT / "werkplaats" / "locale" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


def test_catalogues_hold_every_marked_string():
    marked = _marked_messages()

    missing = {language: sorted(marked - _catalogue_ids(language)) for language in ("nl", "en")}

    assert missing == {"nl": [], "en": []}, "run `make messages` and translate"


def test_catalogues_translate_every_string():
    assert untranslated("nl") == []
    assert untranslated("en") == []
