"""Extension points of the mailings app, for the apps that read it (federation):
the same kind of `Point` as `events.hooks`, and the same rule for happenings —
called inside the transaction that made the change, after it is written, so a
listener writes what is needed to act later and does not act itself. With nothing
registered, mailings works as it is.
"""

from __future__ import annotations

from events.hooks import Point

publication_changed: Point[[int], None] = Point(
    "publication_changed",
    "A publication (by id) was added or changed, inside that transaction, once its "
    "themes and events are written.",
)
publication_withdrawn: Point[[int], None] = Point(
    "publication_withdrawn",
    "A publication (by id) was deleted, inside that transaction, after its row is gone.",
)
