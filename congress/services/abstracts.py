"""Reading abstracts as `AbstractView`s, with their call and contributors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from congress.enums import AbstractState, ContributorRole, FormatKind
from congress.services.call import call_by_id
from congress.tables import Abstract, Contributor
from congress.views import AbstractView, CallView, ContributorView

_COLUMNS = (
    *Abstract.all_columns(exclude=[Abstract.track]),
    Abstract.track.id.as_alias("track_id"),
    Abstract.track.name.as_alias("track_name"),
    Abstract.track.slug.as_alias("track_slug"),
)


async def contributors_of(abstract_ids: Sequence[int]) -> dict[int, list[ContributorView]]:
    if not abstract_ids:
        return {}
    rows = await (
        Contributor.select()
        .where(Contributor.abstract.is_in(list(abstract_ids)))
        .order_by(Contributor.abstract, Contributor.position)
    )
    found: dict[int, list[ContributorView]] = {i: [] for i in abstract_ids}
    for row in sorted(rows, key=lambda r: (r["role"] != ContributorRole.SPEAKER, r["position"])):
        found[row["abstract"]].append(
            ContributorView(
                ContributorRole(row["role"]), row["name"], row["email"], row["organisation"]
            )
        )
    return found


def _view(row: dict[str, Any], call: CallView, people: list[ContributorView]) -> AbstractView:
    track = (
        {"id": row["track_id"], "name": row["track_name"], "slug": row["track_slug"]}
        if row["track_id"]
        else None
    )
    return AbstractView(
        id=row["id"],
        token=row["token"],
        state=AbstractState(row["state"]),
        title=row["title"],
        abstract=row["abstract"],
        format=FormatKind(row["format"]),
        track=track,
        learning_goals=row["learning_goals"],
        target_audience=row["target_audience"],
        publish_consent=row["publish_consent"],
        answers=row["answers"] if isinstance(row["answers"], dict) else {},
        language=row["language"],
        slides_url=row["slides_url"],
        publication_url=row["publication_url"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        decided_at=row["decided_at"],
        confirm_before=row["confirm_before"],
        confirmed_at=row["confirmed_at"],
        call=call,
        contributors=people,
    )


async def abstracts_where(condition: Any, *, call: CallView | None = None) -> list[AbstractView]:
    """Abstracts matching `condition`, in the order they were sent; `call` when all
    belong to one call that the caller has read already."""
    rows = (
        await Abstract.select(*_COLUMNS)
        .where(condition)
        .order_by(Abstract.id)
        .output(load_json=True)
    )
    people = await contributors_of([r["id"] for r in rows])
    calls: dict[int, CallView] = {call.id: call} if call else {}
    views = []
    for row in rows:
        if row["call"] not in calls:
            calls[row["call"]] = await call_by_id(row["call"])
        views.append(_view(row, calls[row["call"]], people[row["id"]]))
    return views


async def abstract_by_token(token: str) -> AbstractView | None:
    if not token or len(token) > 64:
        return None
    found = await abstracts_where(Abstract.token == token)
    return found[0] if found else None


async def abstract_by_id(abstract_id: int) -> AbstractView | None:
    found = await abstracts_where(Abstract.id == abstract_id)
    return found[0] if found else None
