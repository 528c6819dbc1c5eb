"""Small helpers for HTML forms: reading a posted form and safe redirects."""

from __future__ import annotations

from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def field(data: dict[str, Any], name: str) -> str:
    """One posted value as stripped text (the last one if sent twice)."""
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def values(data: dict[str, Any], name: str) -> list[str]:
    """All values of a repeated field (checkboxes)."""
    value = data.get(name, [])
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def safe_next(target: str | None, default: str = "/beheer/") -> str:
    """Only a path on this site: never `//elsewhere` or `https://elsewhere`."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
