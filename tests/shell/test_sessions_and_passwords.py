"""How long a back-office login lasts, that a disabled account's sessions stay ended,
that common passwords are refused and that a new account starts with the least
rights (issue 13, ASVS V2 and V3 at level 2)."""

from __future__ import annotations

import re
import time

import pytest

from tests.conftest import post_form
from tests.shell.test_auth import dutch, field_error
from tests.shell.test_cli import werkplaats
from werkplaats.auth.accounts import password_problem, session_user, set_active
from werkplaats.enums import Role
from werkplaats.tables import User


async def test_a_login_lasts_half_an_hour_without_a_request(client, make_user):
    user = await make_user(Role.ORGANISER)
    response = await post_form(
        client,
        "/login",
        {"email": user.email, "password": "correct horse battery staple", "next": "/"},
        follow_redirects=False,
    )

    cookie = [v for k, v in response.headers.multi_items() if k == "set-cookie" and "session=" in v]
    assert re.search(r"Max-Age=1800\b", cookie[0], re.I)


async def test_a_session_older_than_twelve_hours_no_longer_counts(make_user):
    user = await make_user(Role.ORGANISER)

    assert await session_user(user.id, time.time() - 11 * 3600) == user
    assert await session_user(user.id, time.time() - 12 * 3600 - 60) is None


async def test_a_disabled_account_stays_logged_out_when_enabled_again(client, login):
    user = await login(Role.ORGANISER)
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 200

    await set_active(user.id, False)
    await set_active(user.id, True)

    response = await client.get("/beheer/", follow_redirects=False)
    assert response.status_code == 302  # to the login: the old session is over


@pytest.mark.parametrize(
    "password", ["Welkom01!2345", "wachtwoord1234", "Werkplaats2026!", "123456789012"]
)
def test_common_and_local_passwords_are_refused(password):
    assert password_problem(password) is not None


def test_a_sentence_of_unusual_words_is_accepted():
    assert password_problem("correct horse battery staple") is None
    assert password_problem("fietsbel onder de kapstok", email="jan@gemeente-zaanstad.nl") is None


def test_a_password_made_of_ones_own_name_is_refused():
    assert (
        password_problem("JanSmitZaanstad", email="jan.smit@zaanstad.nl", name="Jan Smit")
        is not None
    )


async def test_the_account_form_refuses_a_common_password_in_dutch(client, login):
    await login(Role.ADMIN)

    response = await post_form(
        client,
        "/beheer/accounts/",
        {
            "email": "nieuw@werkplaats.test",
            "name": "",
            "role": "checkin",
            "password": "Welkom01!2345",
        },
    )

    assert response.status_code == 400
    expected = dutch("This password is too easy to guess: use a few unusual words together.")
    assert field_error(response.text).endswith(expected)
    assert await User.count().where(User.email == "nieuw@werkplaats.test") == 0


async def test_the_cli_refuses_a_common_password(client):
    result = await werkplaats(
        "create-user",
        "zwak@werkplaats.test",
        "--role",
        "organiser",
        stdin="Welkom01!2345\nWelkom01!2345\n",
    )

    assert result.returncode != 0
    assert await User.count().where(User.email == "zwak@werkplaats.test") == 0


async def test_a_new_account_starts_as_door_staff_not_as_admin(client, login):
    await login(Role.ADMIN)

    page = (await client.get("/beheer/accounts/")).text

    [selected] = re.findall(r'<option value="([a-z]+)" selected>', page)
    assert selected == Role.CHECKIN.value
