"""The actor's RSA key pair (2048 bits): made the first time it is needed and kept in
the database, so every web and worker process, on any machine, signs with the same
key and a restart keeps it. Two processes that both find none both make one; the
unique name lets one insert win, and both then read the winner's."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from federation.tables import ActorKey
from werkplaats.memo import TimedCache

NAME = "agenda"
_kept = TimedCache(seconds=3600, size=2)


@dataclass(frozen=True)
class KeyPair:
    private_key_pem: str
    public_key_pem: str

    @cached_property
    def private_key(self) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key


def _new_pair() -> KeyPair:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return KeyPair(private.decode(), public.decode())


async def _stored() -> KeyPair | None:
    row = await ActorKey.select(ActorKey.private_key_pem, ActorKey.public_key_pem).where(
        ActorKey.name == NAME
    )
    return KeyPair(**row[0]) if row else None


async def actor_key() -> KeyPair:
    found = _kept.get(NAME) or await _stored()
    if found is None:
        made = await asyncio.to_thread(_new_pair)  # ~0.1 s of CPU: not on the loop
        await ActorKey.insert(
            ActorKey(
                name=NAME,
                private_key_pem=made.private_key_pem,
                public_key_pem=made.public_key_pem,
            )
        ).on_conflict(action="DO NOTHING")
        found = await _stored()
        assert found is not None
    _kept.set(NAME, found)
    return found
