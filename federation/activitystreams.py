"""This Werkplaats as an ActivityPub actor: the JSON shapes (ActivityStreams 2.0) of
the actor, its events and publications, and the activities about them.

Public facts only, as in the schema.org feed: no contact address, no meeting link,
nothing about who registered. Text from organisers is plain text: it is escaped and
put in paragraphs, never passed on as HTML. An object's id is stable (its row id):
a title or slug that changes does not make it another object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from markupsafe import escape

from events.ical import event_url
from events.views import EventView
from mailings.views import PublicationView
from werkplaats import i18n
from werkplaats.i18n import _, local
from werkplaats.settings import get_settings

AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = f"{AS}#Public"
CONTEXT: list[Any] = [
    AS,
    "https://w3id.org/security/v1",
    {
        "mz": "https://joinmobilizon.org/ns#",
        "joinMode": "mz:joinMode",
        "externalParticipationUrl": "mz:externalParticipationUrl",
    },
]
ACTIVITY_JSON = "application/activity+json"
USERNAME = "agenda"

ACTOR_PATH = "/ap/actor"
INBOX_PATH = "/ap/inbox"
OUTBOX_PATH = "/ap/outbox"
FOLLOWERS_PATH = "/ap/followers"


def _url(path: str) -> str:
    return f"{get_settings().base_url}{path}"


def actor_id() -> str:
    return _url(ACTOR_PATH)


def key_id() -> str:
    return f"{actor_id()}#main-key"


def followers_id() -> str:
    return _url(FOLLOWERS_PATH)


def event_object_id(event_id: int) -> str:
    return _url(f"/ap/events/{event_id}")


def publication_object_id(publication_id: int) -> str:
    return _url(f"/ap/publications/{publication_id}")


def new_activity_id() -> str:
    """An activity's id: unguessable, never reused (not served; the object is)."""
    return _url(f"/ap/activities/{uuid.uuid4().hex}")


def accept_id(follow_id: str) -> str:
    """The Accept of a Follow has an id of its own made from the Follow's, so the same
    Follow received twice is accepted once."""
    return _url(f"/ap/activities/accept-{hashlib.sha256(follow_id.encode()).hexdigest()[:32]}")


def account() -> str:
    return f"acct:{USERNAME}@{get_settings().host}"


def webfinger(resource: str) -> dict[str, Any] | None:
    """The JRD (RFC 7033) for `resource` when it names the agenda, else None. The
    account is agenda@host, with or without the port the instance is reached on."""
    settings = get_settings()
    netloc = settings.base_url.split("://", 1)[-1].split("/", 1)[0]
    names = {account(), f"acct:{USERNAME}@{netloc}", actor_id()}
    if resource.strip() not in names:
        return None
    return {
        "subject": account(),
        "aliases": [actor_id()],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": actor_id()},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": _url("/events"),
            },
        ],
    }


def paragraphs(*texts: str) -> str:
    """Plain text as HTML paragraphs, escaped: `<` stays text on every reader."""
    blocks = [block.strip() for text in texts for block in text.split("\n\n")]
    return "".join(
        "<p>" + str(escape(block)).replace("\n", "<br>") + "</p>" for block in blocks if block
    )


def actor_document(public_key_pem: str) -> dict[str, Any]:
    settings = get_settings()
    with i18n.language("nl"):  # the network's own language, whoever asks
        summary = _(
            "The agenda and publications of {name}: regional meetings, themed meetings, "
            "topical lectures and the congress. Follow it to see new events and "
            "publications; this account does not read replies."
        ).format(name=settings.site_name)
    return {
        "@context": CONTEXT,
        "id": actor_id(),
        "type": "Organization",
        "preferredUsername": USERNAME,
        "name": settings.site_name,
        "summary": paragraphs(summary),
        "url": _url("/events"),
        "inbox": _url(INBOX_PATH),
        "outbox": _url(OUTBOX_PATH),
        "followers": followers_id(),
        "endpoints": {"sharedInbox": _url(INBOX_PATH)},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {"id": key_id(), "owner": actor_id(), "publicKeyPem": public_key_pem},
    }


def _moment(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _place(venue: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Place",
        "name": venue["name"],
        "address": {
            "type": "PostalAddress",
            "streetAddress": venue["address"],
            "postalCode": venue["postal_code"],
            "addressLocality": venue["city"],
            "addressCountry": "NL",
        },
    }


def event_object(event: EventView, *, published: dt.datetime) -> dict[str, Any]:
    """An AS2 `Event`; registration stays at the origin (Mobilizon: joinMode external)."""
    page = event_url(event, base_url=get_settings().base_url)
    found: dict[str, Any] = {
        "id": event_object_id(event.id),
        "type": "Event",
        "name": event.title,
        "summary": str(escape(event.summary)),
        "content": paragraphs(event.summary, event.description),
        "mediaType": "text/html",
        "url": page,
        "startTime": local(event.starts_at).isoformat(),
        "endTime": local(event.ends_at).isoformat(),
        "attributedTo": actor_id(),
        "to": [PUBLIC],
        "cc": [followers_id()],
        "published": _moment(published),
        "updated": _moment(event.updated_at),
        "joinMode": "external",
        "externalParticipationUrl": page,
    }
    if event.venue:
        found["location"] = _place(event.venue)
    return found


def article_object(publication: PublicationView) -> dict[str, Any]:
    """An AS2 `Article`: its page here is `url`; where it is read is linked in `content`."""
    if publication.published_on is None:
        published = _moment(publication.created_at)
    else:
        published = f"{publication.published_on.isoformat()}T00:00:00Z"
    link = escape(publication.url)
    return {
        "id": publication_object_id(publication.id),
        "type": "Article",
        "name": publication.title,
        "summary": str(escape(publication.summary)),
        "content": paragraphs(publication.summary) + f'<p><a href="{link}">{link}</a></p>',
        "mediaType": "text/html",
        "url": _url(publication.page_path),
        "attributedTo": actor_id(),
        "to": [PUBLIC],
        "cc": [followers_id()],
        "published": published,
        "updated": _moment(publication.updated_at),
    }


def tombstone(object_id: str, former_type: str) -> dict[str, Any]:
    return {"id": object_id, "type": "Tombstone", "formerType": former_type}


def activity(kind: str, ap_id: str, obj: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """`kind` (Create, Update, Delete, Accept) of `obj` by the agenda, addressed to the
    public and the followers unless `extra` says otherwise."""
    return {
        "@context": CONTEXT,
        "id": ap_id,
        "type": kind,
        "actor": actor_id(),
        "published": _moment(dt.datetime.now(dt.UTC)),
        "to": [PUBLIC],
        "cc": [followers_id()],
        "object": obj,
        **extra,
    }
