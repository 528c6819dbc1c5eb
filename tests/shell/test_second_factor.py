"""The second factor: set up with a code from the app, asked after the password,
each code once, recovery codes once each, forced for the roles that need it
(issue 13, ASVS 2.7/2.8 at level 2)."""

from __future__ import annotations

import dataclasses
import re
import time

import pyotp
import pytest

from tests.conftest import PASSWORD, post_form
from werkplaats.auth import second_factor
from werkplaats.enums import Role
from werkplaats.settings import get_settings
from werkplaats.tables import RecoveryCode, User

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_at(offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(SECRET)
    return totp.at(time.time() + offset_steps * totp.interval)


async def password_step(client, user, next_url: str = "/beheer/"):
    return await post_form(
        client,
        "/login",
        {"email": user.email, "password": PASSWORD, "next": next_url},
        follow_redirects=False,
    )


@pytest.fixture
async def enabled_user(make_user):
    user = await make_user(Role.ORGANISER)
    codes = await second_factor.enable(user.id, SECRET, code_at(-1))  # last step's code
    return user, codes


@pytest.fixture
def second_factor_required(monkeypatch):
    """The production default: admins and organisers must use a second factor."""
    settings = dataclasses.replace(get_settings(), second_factor_roles=("admin", "organiser"))
    monkeypatch.setattr("werkplaats.auth.second_factor_pages.get_settings", lambda: settings)


async def test_after_the_password_the_code_is_asked_and_nothing_is_open_yet(client, enabled_user):
    user, _codes = enabled_user

    response = await password_step(client, user)

    assert (response.status_code, response.headers["location"]) == (303, "/login/code")
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302


async def test_the_right_code_logs_in_and_goes_where_asked(client, enabled_user):
    user, _codes = enabled_user
    await password_step(client, user, "/beheer/events")

    response = await post_form(client, "/login/code", {"code": code_at()}, follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, "/beheer/events")
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 200


async def test_a_wrong_code_is_refused_in_dutch_and_logs_nobody_in(client, enabled_user):
    user, _codes = enabled_user
    await password_step(client, user)

    response = await post_form(client, "/login/code", {"code": "000000"})

    assert response.status_code == 400
    assert "Deze code klopt niet" in response.text
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302


async def test_a_code_used_once_cannot_be_used_again(enabled_user):
    user, _codes = enabled_user
    code = code_at()

    assert await second_factor.verify(user.id, code) is True
    assert await second_factor.verify(user.id, code) is False
    # The setup's code was a step earlier: spent too.
    assert await second_factor.verify(user.id, code_at(-1)) is False


async def test_a_recovery_code_works_once(enabled_user):
    user, codes = enabled_user
    assert len(codes) == 10 and len(set(codes)) == 10

    assert await second_factor.verify(user.id, codes[0].upper()) is True
    assert await second_factor.verify(user.id, codes[0]) is False
    assert await RecoveryCode.count().where(RecoveryCode.used_at.is_null()) == 9
    stored = {row["code_hash"] for row in await RecoveryCode.select(RecoveryCode.code_hash)}
    assert codes[1] not in stored  # only hashes are kept


async def test_too_many_wrong_codes_end_the_attempt(client, enabled_user):
    user, _codes = enabled_user
    await password_step(client, user)
    for _ in range(5):
        await post_form(client, "/login/code", {"code": "111111"})

    response = await post_form(client, "/login/code", {"code": code_at()})

    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    again = await post_form(client, "/login/code", {"code": code_at()}, follow_redirects=False)
    assert again.headers["location"] == "/login"  # the password first, again


async def test_an_organiser_without_a_second_factor_must_set_it_up_first(
    client, make_user, second_factor_required
):
    user = await make_user(Role.ORGANISER)

    response = await password_step(client, user)
    assert response.headers["location"] == "/account/tweestaps"
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302
    page = await client.get("/account/tweestaps")
    assert 'src="data:image/svg+xml;base64,' in page.text
    key = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.text).group(1)
    secret = key.replace(" ", "")

    done = await post_form(client, "/account/tweestaps", {"code": pyotp.TOTP(secret).now()})

    assert done.status_code == 200
    assert len(re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", done.text)) == 10
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 200
    row = (
        await User.select(User.totp_secret, User.totp_enabled_at).where(User.id == user.id).first()
    )
    assert row["totp_secret"] == secret and row["totp_enabled_at"] is not None


async def test_door_staff_need_no_second_factor(client, make_user, second_factor_required):
    user = await make_user(Role.CHECKIN)

    response = await password_step(client, user, "/checkin/")

    assert response.headers["location"] == "/checkin/"


async def test_a_wrong_code_at_set_up_keeps_it_off(client, make_user, second_factor_required):
    user = await make_user(Role.ADMIN)
    await password_step(client, user)
    await client.get("/account/tweestaps")

    response = await post_form(client, "/account/tweestaps", {"code": "123456"})

    assert response.status_code == 400
    assert not await second_factor.is_enabled(user.id)
