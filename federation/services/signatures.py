"""HTTP signatures as Mastodon sends and checks them (draft-cavage-http-signatures,
rsa-sha256 over `(request-target) host date digest`), through `apsig`; no
cryptography of our own.

An incoming request is refused before anything is fetched when its signature does
not cover those headers, its Digest is not its body's, or its Date is more than 12
hours off; only then is the sender's key fetched (within the limits of
`federation.services.fetch`) and the signature checked. The key must be the one
its actor document publishes under the signature's keyId.
"""

from __future__ import annotations

import binascii
import datetime as dt
import email.utils
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urlsplit

from apsig.draft.sign import Signer
from apsig.draft.tools import calculate_digest
from apsig.draft.verify import Verifier
from apsig.exceptions import SignatureError

from federation.activitystreams import ACTIVITY_JSON, key_id
from federation.services.actor_key import KeyPair
from federation.services.fetch import FetchError, fetch_feed
from werkplaats.i18n import _

COVERED = ("(request-target)", "host", "date", "digest")
CLOCK_SKEW = dt.timedelta(hours=12)
ACTOR_TYPES = (
    f'{ACTIVITY_JSON}, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
)
_FIELD = re.compile(r'(\w+)="([^"]*)"')


class SignatureRefused(Exception):
    """The request is not (well) signed; the message says why, for its sender."""


@dataclass(frozen=True)
class SignedBy:
    """Who signed a request: the actor's id and the document it publishes."""

    actor_id: str
    document: dict[str, Any]


def signed_headers(url: str, body: bytes, key: KeyPair) -> dict[str, str]:
    """The headers of a POST of `body` to `url`, signed with the agenda's key."""
    headers = Signer(
        headers={"Content-Type": ACTIVITY_JSON, "Accept": ACTIVITY_JSON},
        private_key=key.private_key,
        method="POST",
        url=url,
        key_id=key_id(),
        body=body,
    ).sign()
    headers.pop("Authorization", None)  # the Signature header says it; Mastodon reads that
    return headers


def _refuse_early(headers: Mapping[str, str], body: bytes) -> str:
    """The keyId, if nothing short of the key itself refuses the request."""
    header = headers.get("signature")
    if not header:
        raise SignatureRefused(_("The request is not signed (no Signature header)."))
    fields = dict(_FIELD.findall(header))
    covered = fields.get("headers", "date").lower().split()
    if any(name not in covered for name in COVERED):
        raise SignatureRefused(
            _("The signature must cover {headers}.").format(headers=" ".join(COVERED))
        )
    if headers.get("digest") != calculate_digest(body):
        raise SignatureRefused(_("The Digest header does not match the body."))
    try:
        sent_at = email.utils.parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError):
        sent_at = None
    if sent_at is None or sent_at.tzinfo is None:
        raise SignatureRefused(_("The Date header is missing or not an HTTP date."))
    if abs(dt.datetime.now(dt.UTC) - sent_at) > CLOCK_SKEW:
        raise SignatureRefused(_("The Date header is more than 12 hours off."))
    if not fields.get("keyId"):
        raise SignatureRefused(_("The signature names no keyId."))
    return fields["keyId"]


async def fetch_actor(url: str) -> dict[str, Any]:
    """The actor document at `url` (without its fragment); FetchError if it cannot
    be had or is no actor of that address."""
    address = urldefrag(url).url
    fetched = await fetch_feed(address, accept=ACTOR_TYPES)
    try:
        document = json.loads(fetched.body)
    except ValueError as exc:
        raise FetchError(_("The actor document is not JSON.")) from exc
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise FetchError(_("The actor document has no id."))
    if urlsplit(document["id"]).netloc != urlsplit(address).netloc:
        raise FetchError(_("The actor document belongs to another host."))
    return document


def _public_key(document: dict[str, Any], wanted: str) -> str:
    keys = document.get("publicKey")
    for key in keys if isinstance(keys, list) else [keys]:
        owner = key.get("owner", document["id"]) if isinstance(key, dict) else None
        if owner == document["id"] and key.get("id") == wanted:
            return str(key.get("publicKeyPem", ""))
    raise SignatureRefused(_("The sender's actor does not publish the key that signed."))


async def verify_request(
    method: str, path: str, headers: Mapping[str, str], body: bytes
) -> SignedBy:
    """Who signed this request; SignatureRefused if nobody did, verifiably."""
    wanted = _refuse_early(headers, body)
    try:
        document = await fetch_actor(wanted)
    except FetchError as exc:
        raise SignatureRefused(
            _("The sender's key could not be fetched: {error}").format(error=exc)
        ) from exc
    verifier_headers = {name.lower(): value for name, value in headers.items()}
    try:
        Verifier(
            public_pem=_public_key(document, wanted),
            method=method,
            url=path,
            headers=verifier_headers,
            body=body,
            clock_skew=int(CLOCK_SKEW.total_seconds()),
        ).verify(raise_on_fail=True)
    except (SignatureError, ValueError, KeyError, binascii.Error) as exc:
        raise SignatureRefused(_("The signature does not verify.")) from exc
    return SignedBy(document["id"], document)
