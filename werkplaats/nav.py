"""Links in the site header that belong to an app, e.g. the congress's `/beoordelen/`
for reviewers: an app registers them when it is loaded (`werkplaats.app.APP_MODULES`),
so the shell shows them without importing the app."""

from __future__ import annotations

from dataclasses import dataclass

from werkplaats.enums import Role


@dataclass(frozen=True)
class HeaderLink:
    """`label` is a gettext marker (`N_`), translated when shown; the link shows for a
    user with one of `roles` (an admin has every role), and is current on `path` and
    below it."""

    path: str
    label: str
    roles: tuple[Role, ...]


_links: list[HeaderLink] = []


def register_header_link(link: HeaderLink) -> None:
    """Add `link` after the shell's own; registering it twice adds it once."""
    if link not in _links:
        _links.append(link)


def header_links() -> tuple[HeaderLink, ...]:
    return tuple(_links)
