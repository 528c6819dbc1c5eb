"""Keep the translation catalogues in step with the code (`make messages`).

Extracts every marked string, merges it into `locale/{nl,en}/…/messages.po`, and
fills the English catalogue with the English message ids (they are English), so
both stay complete; the Dutch catalogue needs a human (or a careful helper).
"""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po, write_po

from werkplaats.i18n import LOCALE_DIR
from werkplaats.settings import PROJECT_ROOT

POT = LOCALE_DIR / "messages.pot"


def main() -> int:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [
            *pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "--sort-output",
            "-o",
            str(POT),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    for language in ("nl", "en"):
        po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        subprocess.run(
            [*pybabel, command, "-i", str(POT), "-d", str(LOCALE_DIR), "-l", language, "--no-wrap"]
            + (["--ignore-obsolete", "--no-fuzzy-matching"] if command == "update" else []),
            cwd=PROJECT_ROOT,
            check=True,
        )
    english = LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"
    with english.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id and (not message.string or not all(message.string)):
            message.string = message.id  # a plural id is (singular, plural): so is its string
    with english.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    missing = untranslated("nl")
    print(f"nl: {len(missing)} untranslated", file=sys.stderr)
    return 0


def untranslated(language: str) -> list[str]:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return [
        str(message.id)
        for message in catalog
        if message.id
        and (
            not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
            or message.fuzzy
        )
    ]


if __name__ == "__main__":
    raise SystemExit(main())
