"""Other Werkplaatsen this one reads, and the last good copy of what they publish.

Everything from a source is kept as plain text (never HTML) and shown escaped; a
source's items are replaced as a whole by each good fetch, so an item the source no
longer lists is gone here too.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from federation.enums import ActivityKind, DeliveryState


class Source(Table):
    name = Varchar(length=200, help_text="The Werkplaats as the agenda labels it")
    region = Varchar(length=100, default="")
    events_url = Varchar(length=500, help_text="Its /api/v1/federation/events.json")
    publications_url = Varchar(length=500, default="")
    events_etag = Varchar(length=300, default="")
    events_last_modified = Varchar(length=100, default="")
    publications_etag = Varchar(length=300, default="")
    publications_last_modified = Varchar(length=100, default="")
    last_attempt_at = Timestamptz(null=True, default=None, help_text="Claimed by a fetch")
    last_success_at = Timestamptz(null=True, default=None, help_text="Age of the copy")
    last_error = Text(default="", help_text="Why the last fetch failed; empty: it did not")
    skipped = Text(default="[]", help_text="JSON: items left out of the last fetch, and why")
    created_at = Timestamptz(default=TimestamptzNow())


class RemoteEvent(Table):
    # Unique (source, remote_id): the index comes from a raw migration step.
    source = ForeignKey(references=Source, null=False, on_delete=OnDelete.cascade)
    remote_id = Varchar(length=300)
    name = Varchar(length=300)
    description = Text(default="")
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    cancelled = Boolean(default=False)
    kind = Varchar(length=60, default="")
    themes = Text(default="[]", help_text="JSON: the theme names, as the source has them")
    place = Varchar(length=300, default="")
    city = Varchar(length=150, default="")
    online = Boolean(default=False)
    url = Varchar(length=500, help_text="The event's page at the origin")
    registration_url = Varchar(length=500, default="")
    organiser = Varchar(length=200, default="")


class RemotePublication(Table):
    source = ForeignKey(references=Source, null=False, on_delete=OnDelete.cascade)
    remote_id = Varchar(length=300)
    name = Varchar(length=300)
    url = Varchar(length=500, help_text="Where it is read")
    authors = Varchar(length=500, default="")
    published_on = Date(null=True, default=None)
    abstract = Text(default="")
    themes = Text(default="[]")
    genre = Varchar(length=60, default="")


class ThemeMapping(Table):
    """One region's theme name read as another's: "Armoede en schulden" →
    "Bestaanszekerheid". Names compare without case and accents."""

    from_name = Varchar(length=150, unique=True)
    to_name = Varchar(length=150)


class ActorKey(Table):
    """The RSA key pair of this instance's ActivityPub actor: made once, kept here so
    every web and worker process signs with the same key and a restart keeps it."""

    # Unique: the index comes from a raw migration step.
    name = Varchar(length=60, help_text="Whose key: 'agenda'")
    private_key_pem = Text(secret=True)
    public_key_pem = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class Follower(Table):
    """A fediverse account (Mastodon, Mobilizon, …) that follows the agenda. Only
    what delivery needs: its actor id and inboxes, no name or profile."""

    # Unique: the index comes from a raw migration step.
    actor_id = Varchar(length=500)
    inbox = Varchar(length=500)
    shared_inbox = Varchar(length=500, default="", help_text="Its server's, when it has one")
    follow_id = Varchar(length=500, default="", help_text="The Follow activity we accepted")
    created_at = Timestamptz(default=TimestamptzNow())


class Activity(Table):
    """An activity this actor sent (Create, Update, Delete of an event or a
    publication; Accept of a Follow), kept as the JSON that was signed and sent.
    The last one about an object says whether followers have it now."""

    # Unique: the index comes from a raw migration step.
    ap_id = Varchar(length=500, help_text="The activity's id (a URL)")
    kind = Varchar(length=20, choices=ActivityKind)
    object_id = Varchar(length=500, index=True, help_text="The object's id (a URL)")
    body = Text(help_text="JSON, as it is sent")
    created_at = Timestamptz(default=TimestamptzNow())


class Delivery(Table):
    """One activity to one inbox: unique (activity, inbox), so an inbox gets each
    activity once. A worker claims the row (sets `next_attempt_at` a lease ahead)
    before it posts; after a failure it is the moment of the next try."""

    activity = ForeignKey(references=Activity, null=False, on_delete=OnDelete.cascade)
    inbox = Varchar(length=500)
    state = Varchar(length=10, choices=DeliveryState, default=DeliveryState.PENDING)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None, help_text="Claimed, or wait until")
    sent_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
