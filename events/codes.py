"""Codes people read and type: Crockford's base 32, random, without look-alikes.

A ticket code (on the QR and printed under it) and a certificate's verification code
are drawn from the same alphabet: digits and upper-case letters without I, L, O and
U. Reading a typed code forgives what people and scanners do: lower case, spaces,
dashes (also the typographic ones a word processor makes), underscores and dots
between the printed groups, and O for 0, I or L for 1. And the other text people
read and type: an event's web address (`slugify`).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # 5 bits a character
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def random_code(length: int) -> str:
    """`length` characters of 5 random bits each (26 give 130 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def code_groups(code: str) -> str:
    """`ABCD EFGH JK`: the code in groups of four, for typing by hand."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def slugify(text: str, max_length: int = 80) -> str:
    """`Regionale bijeenkomst: één wijk` → `regionale-bijeenkomst-een-wijk`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "evenement"


def read_code(typed: str, length: int) -> str | None:
    """The code as stored, from what was typed or scanned; None if it cannot be one."""
    code = _SEPARATORS.sub("", typed or "").upper().translate(_LOOKALIKES)
    if len(code) != length or not set(code) <= _ALLOWED:
        return None
    return code
