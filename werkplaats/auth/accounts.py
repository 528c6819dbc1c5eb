"""Accounts, passwords (argon2id) and API tokens.

A wrong password and an unknown account take the same time and give the same
answer: the caller learns only that the pair did not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from werkplaats import audit
from werkplaats.enums import Role
from werkplaats.i18n import _
from werkplaats.memo import TimedCache
from werkplaats.settings import get_settings
from werkplaats.tables import ApiToken, User

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
TOKEN_PREFIX = "wp_"


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    email: str
    name: str
    role: Role

    def has_role(self, *roles: Role) -> bool:
        return self.role is Role.ADMIN or self.role in roles

    @property
    def display_name(self) -> str:
        return self.name or self.email


def _current(row: dict) -> CurrentUser:
    return CurrentUser(id=row["id"], email=row["email"], name=row["name"], role=Role(row["role"]))


def normalise_email(email: str) -> str:
    return email.strip().lower()


# Words of this site and its users that make a password easy to guess here, beside
# zxcvbn's own lists of common passwords, names and (English) words.
LOCAL_WORDS = (
    "werkplaats", "sociaal", "domein", "welkom", "wachtwoord", "geheim", "gemeente",
    "haarlem", "alkmaar", "inholland", "noord-holland", "voorjaar", "zomer", "najaar",
    "winter", "organisator", "beheer",
)  # fmt: skip
MIN_PASSWORD_LENGTH = 12


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` may not be used (too short, common, or easy to guess from the
    account's own name and address), or None (ASVS 2.1: a list of common passwords)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("A password has at least 12 characters.")
    own = [email, *re.split(r"[@.\-_+ ]", email), *name.split()]
    found = zxcvbn(password[:100], user_inputs=[*LOCAL_WORDS, *(word for word in own if word)])
    if found["score"] < 4:  # fewer than 10^10 guesses: an offline attack's afternoon
        return _("This password is too easy to guess: use a few unusual words together.")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


async def create_user(email: str, *, role: Role, name: str = "", password: str = "") -> CurrentUser:
    """Create an account, or update role, name and password of an existing one."""
    email = normalise_email(email)
    values = {User.role: role, User.name: name, User.active: True}
    if password:
        values[User.password_hash] = hash_password(password)
    existing = await User.select(User.id).where(User.email == email).first()
    if existing:
        await User.update(values).where(User.id == existing["id"])
    else:
        await User.insert(User(_data={User.email: email, **values}))
    _token_users.clear()  # a token of this account now has another role
    row = await User.select().where(User.email == email).first()
    await audit.record("account.saved", f"account:{email}", role=role.value, new=not existing)
    return _current(row)


async def authenticate(email: str, password: str) -> CurrentUser | None:
    row = (
        await User.select()
        .where(
            (User.email == normalise_email(email)) & (User.active == True)  # noqa: E712
        )
        .first()
    )
    stored = row["password_hash"] if row and row["password_hash"] else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row["password_hash"]:
        return None
    if _hasher.check_needs_rehash(stored):
        await User.update({User.password_hash: hash_password(password)}).where(User.id == row["id"])
    await User.update({User.last_login_at: dt.datetime.now(dt.UTC)}).where(User.id == row["id"])
    return _current(row)


async def user_by_id(user_id: int) -> CurrentUser | None:
    row = await User.select().where((User.id == user_id) & (User.active == True)).first()  # noqa: E712
    return _current(row) if row else None


async def session_user(user_id: int, since: float) -> CurrentUser | None:
    """The active account of a session begun at `since` (a POSIX time), if that
    session still counts: not older than the longest a login lasts, and not begun
    before the account was disabled (a disabled account's sessions all end, and stay
    ended when it is enabled again)."""
    begun = dt.datetime.fromtimestamp(since, dt.UTC)
    limit = dt.timedelta(hours=get_settings().session_max_hours)
    if dt.datetime.now(dt.UTC) - begun > limit:
        return None
    row = (
        await User.select()
        .where(
            (User.id == user_id)
            & (User.active == True)  # noqa: E712
            & (User.sessions_since.is_null() | (User.sessions_since <= begun))
        )
        .first()
    )
    return _current(row) if row else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(user: CurrentUser, *, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user.id, token_hash=_token_hash(token), label=label))
    await audit.record("token.issued", f"account:{user.email}", label=label)
    return token


# Every API call names its token, a door scanner twenty times a minute: the account
# behind it is kept a few seconds. This process forgets at once when an account is
# disabled or changes role; another web process within `TOKEN_SECONDS`.
TOKEN_SECONDS = 10.0
_token_users = TimedCache(seconds=TOKEN_SECONDS, size=1024)


async def user_for_token(token: str) -> CurrentUser | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    key = _token_hash(token)
    found = _token_users.get(key, False)
    if found is False:
        found = await _token_user(key)
        _token_users.set(key, found)
    return found


async def _token_user(token_hash: str) -> CurrentUser | None:
    # One query for the token and its account, written out (building a join costs
    # more than running it): every API call comes through here.
    rows = await ApiToken.raw(
        "SELECT account.id, account.email, account.name, account.role FROM api_token "
        'JOIN account ON account.id = api_token."user" '
        "WHERE api_token.token_hash = {} AND api_token.revoked_at IS NULL AND account.active",
        token_hash,
    )
    return _current(rows[0]) if rows else None


async def list_users() -> list[dict]:
    return await User.select(
        User.id, User.email, User.name, User.role, User.active, User.last_login_at
    ).order_by(User.email)


async def set_active(user_id: int, active: bool) -> None:
    values: dict = {User.active: active}
    if not active:  # every session it has ends now
        values[User.sessions_since] = dt.datetime.now(dt.UTC)
    await User.update(values).where(User.id == user_id)
    _token_users.clear()
    await audit.record("account.enabled" if active else "account.disabled", f"account:{user_id}")
