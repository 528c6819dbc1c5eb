"""Accounts, passwords (argon2id) and API tokens.

A wrong password and an unknown account take the same time and give the same
answer: the caller learns only that the pair did not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from werkplaats.enums import Role
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
    row = await User.select().where(User.email == email).first()
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(user: CurrentUser, *, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user.id, token_hash=_token_hash(token), label=label))
    return token


async def user_for_token(token: str) -> CurrentUser | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    # One query for the token and its account, written out (building a join costs
    # more than running it): every API call comes through here.
    rows = await ApiToken.raw(
        "SELECT account.id, account.email, account.name, account.role FROM api_token "
        'JOIN account ON account.id = api_token."user" '
        "WHERE api_token.token_hash = {} AND api_token.revoked_at IS NULL AND account.active",
        _token_hash(token),
    )
    return _current(rows[0]) if rows else None


async def list_users() -> list[dict]:
    return await User.select(
        User.id, User.email, User.name, User.role, User.active, User.last_login_at
    ).order_by(User.email)


async def set_active(user_id: int, active: bool) -> None:
    await User.update({User.active: active}).where(User.id == user_id)
