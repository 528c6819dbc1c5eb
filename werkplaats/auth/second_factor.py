"""The second factor of a back-office login: a time-based code (TOTP, RFC 6238) from
an authenticator app, or one of ten recovery codes (ASVS 2.7, 2.8 at level 2).

Setting it up: `new_secret()` is shown as a QR code and as text; `enable()` keeps it
only when a code made from it is typed back, and returns the recovery codes, shown
once (only their hashes are kept). Logging in: `verify()` accepts a code of the
current 30-second step or the one before or after (a phone's clock drifts), each step
at most once per account (a code seen over a shoulder is spent), or an unused recovery
code. Both write under the account's row lock, so two requests with one code cannot
both pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

import pyotp

from werkplaats import audit
from werkplaats.db import atomic, lock
from werkplaats.tables import RecoveryCode, User

ISSUER = "Werkplaats Sociaal Domein"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _step_of(secret: str, code: str, *, after: int) -> int | None:
    """The time step `code` belongs to (now, or one step either side), if later than `after`."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in (now, now - 1, now + 1):
        if step > after and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


async def is_enabled(user_id: int) -> bool:
    row = await User.select(User.totp_enabled_at).where(User.id == user_id).first()
    return bool(row and row["totp_enabled_at"])


async def enable(user_id: int, secret: str, code: str) -> list[str] | None:
    """Keep `secret` as the account's second factor if `code` was made from it;
    returns the new recovery codes (shown once), or None if the code is wrong."""
    step = _step_of(secret, _clean(code), after=0)
    if step is None:
        return None
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    async with atomic():
        await User.update(
            {
                User.totp_secret: secret,
                User.totp_enabled_at: dt.datetime.now(dt.UTC),
                User.totp_last_step: step,
            }
        ).where(User.id == user_id)
        await RecoveryCode.delete().where(RecoveryCode.user == user_id)
        await RecoveryCode.insert(
            *(RecoveryCode(user=user_id, code_hash=_hash(_clean(c))) for c in codes)
        )
        await audit.record("account.second_factor_on", f"account:{user_id}")
    return codes


async def verify(user_id: int, code: str) -> bool:
    """Is `code` this account's current TOTP code (not used before) or an unused
    recovery code? A code that passes is spent."""
    typed = _clean(code)
    if not typed:
        return False
    async with atomic():
        await lock(f"second-factor:{user_id}")
        row = (
            await User.select(User.totp_secret, User.totp_last_step)
            .where(User.id == user_id)
            .first()
        )
        if row is None or not row["totp_secret"]:
            return False
        if typed.isdigit():
            step = _step_of(row["totp_secret"], typed, after=row["totp_last_step"])
            if step is None:
                return False
            await User.update({User.totp_last_step: step}).where(User.id == user_id)
            return True
        used = await (
            RecoveryCode.update({RecoveryCode.used_at: dt.datetime.now(dt.UTC)})
            .where(
                (RecoveryCode.user == user_id)
                & (RecoveryCode.code_hash == _hash(typed))
                & RecoveryCode.used_at.is_null()
            )
            .returning(RecoveryCode.id)
        )
        if used:
            await audit.record("account.recovery_code_used", f"account:{user_id}")
        return bool(used)


async def disable(user_id: int) -> None:
    """Remove the second factor (an admin, for someone who lost phone and codes)."""
    async with atomic():
        await User.update(
            {User.totp_secret: "", User.totp_enabled_at: None, User.totp_last_step: 0}
        ).where(User.id == user_id)
        await RecoveryCode.delete().where(RecoveryCode.user == user_id)
        await audit.record("account.second_factor_off", f"account:{user_id}")
