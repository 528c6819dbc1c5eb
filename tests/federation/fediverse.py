"""A fediverse account for the tests, as a Mastodon server would show it: a key pair,
an actor document served by a small HTTP server on this machine (`feed_server`),
an inbox there that keeps what it is sent, and activities signed with apsig the
way Mastodon signs them (draft-cavage, rsa-sha256, `(request-target) host date
digest`)."""

from __future__ import annotations

import email.utils
import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from apsig.draft.sign import Signer
from apsig.draft.verify import Verifier
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.federation.feed_server import Answer, FeedServer, Posted

AS = "https://www.w3.org/ns/activitystreams"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@dataclass
class RemoteActor:
    server: FeedServer
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    follows: int = 0

    @property
    def id(self) -> str:
        return f"{self.server.url}/users/ada"

    @property
    def inbox(self) -> str:
        return f"{self.id}/inbox"

    def serve(self) -> RemoteActor:
        document = {
            "@context": [AS, "https://w3id.org/security/v1"],
            "id": self.id,
            "type": "Person",
            "preferredUsername": "ada",
            "inbox": self.inbox,
            "publicKey": {
                "id": f"{self.id}#main-key",
                "owner": self.id,
                "publicKeyPem": public_pem(self.key),
            },
        }
        body = json.dumps(document).encode()
        headers = {"Content-Type": "application/activity+json"}
        self.server.answers["/users/ada"] = Answer(body=body, headers=headers)
        return self

    def follow(self, target: str) -> dict[str, Any]:
        self.follows += 1
        return {
            "@context": AS,
            "id": f"{self.id}#follows/{self.follows}",
            "type": "Follow",
            "actor": self.id,
            "object": target,
        }

    def undo(self, follow: dict[str, Any]) -> dict[str, Any]:
        return {
            "@context": AS,
            "id": f"{follow['id']}/undo",
            "type": "Undo",
            "actor": self.id,
            "object": follow,
        }

    def signed(
        self,
        url: str,
        activity: dict[str, Any],
        *,
        key: rsa.RSAPrivateKey | None = None,
        sent_at: float | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers of a POST of `activity` to `url`, signed."""
        body = json.dumps(activity).encode()
        date = email.utils.formatdate(sent_at or time.time(), usegmt=True)
        headers = Signer(
            headers={"Content-Type": "application/activity+json", "Date": date},
            private_key=key or self.key,
            method="POST",
            url=url,
            key_id=f"{self.id}#main-key",
            body=body,
        ).sign()
        headers.pop("Authorization")
        return body, headers

    def received(self) -> list[tuple[Posted, dict[str, Any]]]:
        """What the inbox was sent, with each activity parsed."""
        inbox_path = self.inbox.removeprefix(self.server.url)
        return [(p, json.loads(p.body)) for p in self.server.posted if p.path == inbox_path]

    def received_of(self, kind: str) -> list[dict[str, Any]]:
        return [activity for _posted, activity in self.received() if activity["type"] == kind]


def verifies(posted: Posted, public_key_pem: str) -> bool:
    """Whether a delivery's signature checks out with this key (and its Digest)."""
    verifier = Verifier(
        public_pem=public_key_pem,
        method="POST",
        url=posted.path,
        headers=posted.headers,
        body=posted.body,
    )
    return verifier.verify(raise_on_fail=True) is not None


def published_key(actor_url: str) -> str:
    """The public key an actor publishes, fetched as a follower's server would."""
    response = httpx.get(
        actor_url, headers={"Accept": "application/activity+json"}, trust_env=False
    )
    return response.json()["publicKey"]["publicKeyPem"]
