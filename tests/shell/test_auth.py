"""Logging in, role guards, server-side sessions and API tokens."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar.exceptions import HTTPException

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from tests.conftest import PASSWORD, demo_event_values, post_form
from werkplaats import i18n
from werkplaats.app import create_app
from werkplaats.auth.accounts import (
    authenticate,
    create_user,
    issue_token,
    set_active,
    user_for_token,
)
from werkplaats.auth.controllers import check_login_rate
from werkplaats.enums import Role
from werkplaats.settings import get_settings
from werkplaats.tables import ApiToken, StoredValue, User


def dutch(message: str, **values: str) -> str:
    """What a Dutch visitor sees for `message` (the catalogue is read, not assumed)."""
    with i18n.language("nl"):
        text = i18n.gettext(message)
    return text.format(**values) if values else text


def field_error(html: str) -> str:
    match = re.search(r'<p class="field-error"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no field error on the page"
    return match.group(1)


def session_cookie(response: httpx.Response) -> str | None:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith("session="):
            return header.split(";", 1)[0].removeprefix("session=")
    return None


@pytest.fixture
async def other_browser(app) -> AsyncIterator[httpx.AsyncClient]:
    """A second, independent client on the same app: no shared cookie jar."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver.local"
    ) as browser:
        yield browser


async def log_in(
    client, email: str, password: str = PASSWORD, next: str = "/beheer/"
) -> httpx.Response:
    return await post_form(
        client,
        "/login",
        {"email": email, "password": password, "next": next},
        follow_redirects=False,
    )


# --- the login form --------------------------------------------------------


async def test_login_page_has_a_csrf_field_matching_the_cookie(client):
    response = await client.get("/login?next=/beheer/events")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    token = re.search(r'<input type="hidden" name="_csrf_token" value="([^"]+)"', response.text)
    assert token and token.group(1) == client.cookies["csrftoken"]
    assert '<input type="hidden" name="next" value="/beheer/events">' in response.text


async def test_login_with_good_password_redirects_to_next(client, make_user):
    user = await make_user(Role.ORGANISER)

    response = await log_in(client, user.email.upper(), next="/beheer/events")

    assert response.status_code == 302
    assert response.headers["location"] == "/beheer/events"
    page = await client.get("/beheer/", follow_redirects=False)
    assert page.status_code == 200
    assert "Test organiser" in page.text
    assert (await User.select(User.last_login_at).first())["last_login_at"] is not None


async def test_login_next_off_site_falls_back_to_backoffice(client, make_user):
    user = await make_user(Role.ORGANISER)
    targets = ["//evil.example", "https://evil.example/beheer/", "/\\evil.example", "beheer"]

    locations = [
        (await log_in(client, user.email, next=target)).headers["location"] for target in targets
    ]

    assert locations == ["/beheer/"] * len(targets)


async def test_login_next_with_control_characters_stays_on_this_site(client, make_user):
    user = await make_user(Role.ORGANISER)

    response = await log_in(client, user.email, next="/\t/evil.example")

    # Browsers drop tabs and newlines from a URL: `/<tab>/evil` would become `//evil`.
    location = response.headers["location"]
    assert location.startswith("/")
    assert not location.replace("\t", "").replace("\n", "").startswith("//")


async def test_login_wrong_password_and_unknown_account_get_the_same_answer(client, make_user):
    user = await make_user(Role.ORGANISER)

    wrong_password = await log_in(client, user.email, password="niet het goede wachtwoord")
    unknown_account = await log_in(client, "niemand@werkplaats.test")

    expected = dutch("This e-mail address and password do not match an account.")
    assert (wrong_password.status_code, unknown_account.status_code) == (400, 400)
    assert field_error(wrong_password.text) == field_error(unknown_account.text)
    assert expected in field_error(wrong_password.text)
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302


async def test_login_without_csrf_token_is_refused(client, make_user):
    user = await make_user(Role.ORGANISER)
    await client.get("/login")

    response = await client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=False
    )

    assert response.status_code == 403
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302


async def test_login_rate_limit_per_account_blocks_that_account_only(client, make_user):
    limits = await _fresh_login_window()
    target = await make_user(Role.ORGANISER, "doelwit@werkplaats.test")
    bystander = await make_user(Role.ORGANISER, "collega@werkplaats.test")
    for _ in range(limits.login_per_account):
        assert (
            await log_in(client, target.email, password="geraden wachtwoord")
        ).status_code == 400

    blocked = await log_in(client, target.email)

    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= limits.login_window
    assert dutch("Too many login attempts. Wait a few minutes and try again.") in blocked.text
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 302
    assert (await log_in(client, bystander.email)).status_code == 302


# --- sessions --------------------------------------------------------------


async def test_logout_ends_the_session_on_the_server(client, login, other_browser):
    await login(Role.ORGANISER)
    cookie = client.cookies["session"]

    response = await post_form(client, "/logout", {}, follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (302, "/")
    assert await StoredValue.count().where(StoredValue.key == f"session:{cookie}") == 0
    replay = await other_browser.get("/beheer/", headers={"cookie": f"session={cookie}"})
    assert replay.status_code == 302


async def test_session_works_from_a_second_app_instance(client, login):
    await login(Role.ORGANISER)
    cookie = client.cookies["session"]
    second_app = create_app(run_worker=False)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=second_app), base_url="http://testserver.local"
    ) as browser:
        response = await browser.get("/beheer/", headers={"cookie": f"session={cookie}"})

    assert response.status_code == 200
    assert "Test organiser" in response.text


async def test_login_issues_a_new_session_id(client, make_user, other_browser):
    user = await make_user(Role.ORGANISER)
    planted = "a" * 64
    client.cookies.set("session", planted)

    response = await log_in(client, user.email)

    assert response.status_code == 302
    assert session_cookie(response) not in (None, planted)
    replay = await other_browser.get("/beheer/", headers={"cookie": f"session={planted}"})
    assert replay.status_code == 302


async def test_deactivated_account_loses_its_session(client, login):
    user = await login(Role.ORGANISER)
    assert (await client.get("/beheer/", follow_redirects=False)).status_code == 200

    await set_active(user.id, False)

    response = await client.get("/beheer/", follow_redirects=False)
    assert response.status_code == 302
    assert await authenticate(user.email, PASSWORD) is None


# --- guards ----------------------------------------------------------------


async def log_in_as(client, make_user, role: Role):
    """Log in without following the redirect: not every role may see /beheer/."""
    user = await make_user(role)
    assert (await log_in(client, user.email, next="/")).status_code == 302
    return user


@pytest.mark.parametrize("page", ["/beheer/", "/beheer/outbox", "/beheer/accounts/"])
async def test_backoffice_for_anonymous_redirects_to_login(client, page):
    response = await client.get(page, follow_redirects=False)

    assert response.status_code == 302
    # Litestar hands the path over without its trailing slash; both lead to the same page.
    assert response.headers["location"] == f"/login?next={page.rstrip('/')}"


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.CHECKIN, 403), (Role.REVIEWER, 403), (Role.ORGANISER, 200), (Role.ADMIN, 200)],
)
async def test_backoffice_admits_organisers_and_admins(client, make_user, role, status):
    await log_in_as(client, make_user, role)

    response = await client.get("/beheer/", follow_redirects=False)

    assert response.status_code == status
    if status == 403:
        assert dutch("You may not do this") in response.text
        assert 'href="/beheer/events/new"' not in response.text
    else:
        assert 'href="/beheer/events/new"' in response.text


@pytest.mark.parametrize(("role", "status"), [(Role.ORGANISER, 403), (Role.ADMIN, 200)])
async def test_accounts_page_is_for_admins_only(client, make_user, role, status):
    me = await log_in_as(client, make_user, role)

    response = await client.get("/beheer/accounts/", follow_redirects=False)

    assert response.status_code == status
    assert (f"<td>{me.email}</td>" in response.text) is (status == 200)


async def test_admin_creates_an_account_with_the_form(client, login):
    admin = await login(Role.ADMIN)

    response = await post_form(
        client,
        "/beheer/accounts/",
        {
            "email": "Jan@Gemeente-Zaanstad.nl",
            "name": "Jan Smit",
            "role": "reviewer",
            "password": "lang genoeg wachtwoord",
        },
        follow_redirects=False,
    )

    assert (response.status_code, response.headers["location"]) == (302, "/beheer/accounts/")
    page = await client.get("/beheer/accounts/")
    assert dutch("Account {email} saved.", email="jan@gemeente-zaanstad.nl") in page.text
    assert admin.email in page.text
    user = await authenticate("jan@gemeente-zaanstad.nl", "lang genoeg wachtwoord")
    assert (user.name, user.role) == ("Jan Smit", Role.REVIEWER)


async def test_admin_deactivates_others_but_not_themselves(client, login, make_user):
    admin = await login(Role.ADMIN)
    colleague = await make_user(Role.ORGANISER, "vertrokken@werkplaats.test")

    await post_form(client, f"/beheer/accounts/{colleague.id}/active", {"active": "0"})
    page = await post_form(client, f"/beheer/accounts/{admin.id}/active", {"active": "0"})

    assert dutch("You cannot deactivate your own account.") in page.text
    rows = await User.select(User.email, User.active).order_by(User.email)
    assert rows == [
        {"email": admin.email, "active": True},
        {"email": "vertrokken@werkplaats.test", "active": False},
    ]
    assert await authenticate(colleague.email, PASSWORD) is None


async def test_admin_account_form_with_short_password_shows_a_field_error(client, login):
    await login(Role.ADMIN)

    response = await post_form(
        client,
        "/beheer/accounts/",
        {"email": "kort@werkplaats.test", "name": "", "role": "organiser", "password": "kort"},
        follow_redirects=False,
    )

    assert response.status_code == 400
    assert field_error(response.text).endswith(dutch("A password has at least 12 characters."))
    assert 'id="password"' in response.text and 'aria-invalid="true"' in response.text
    assert await User.count().where(User.email == "kort@werkplaats.test") == 0


# --- API tokens ------------------------------------------------------------


async def test_api_token_identifies_its_user_and_only_its_hash_is_stored(make_user):
    user = await make_user(Role.ORGANISER)

    token = await issue_token(user, label="scanner")

    assert token.startswith("wp_") and len(token) >= 3 + 43
    assert await user_for_token(token) == user
    [row] = await ApiToken.select(ApiToken.token_hash, ApiToken.label)
    assert row == {"token_hash": hashlib.sha256(token.encode()).hexdigest(), "label": "scanner"}
    assert await user_for_token(token[:-1]) is None
    assert await user_for_token(token.removeprefix("wp_")) is None


async def test_revoked_api_token_no_longer_works(client, make_user):
    user = await make_user(Role.ORGANISER)
    token = await issue_token(user)

    await ApiToken.update({ApiToken.revoked_at: dt.datetime.now(dt.UTC)}).where(
        ApiToken.user == user.id
    )

    assert await user_for_token(token) is None
    response = await client.post(
        "/api/v1/events", json=event_body(), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json() == {"message": dutch("Log in or send a valid API token.")}


async def test_a_token_in_use_stops_at_once_when_its_account_is_disabled_or_changes_role(
    make_user,
):
    user = await make_user(Role.ORGANISER)
    token = await issue_token(user)
    assert await user_for_token(token) == user  # kept a few seconds from here on

    await create_user(user.email, role=Role.CHECKIN, name=user.name)
    assert (await user_for_token(token)).role is Role.CHECKIN

    await set_active(user.id, False)
    assert await user_for_token(token) is None


def event_body() -> dict[str, str]:
    return {
        "title": "Actualiteitencollege Wmo",
        "kind": "actualiteitencollege",
        "starts_at": "2030-05-14T15:00:00+02:00",
        "ends_at": "2030-05-14T17:00:00+02:00",
    }


async def test_api_bearer_token_of_an_organiser_sees_drafts(client, api_headers):
    draft = await create_event(
        demo_event_values(title="Concept themabijeenkomst", status=EventStatus.DRAFT)
    )
    public = await create_event(demo_event_values(title="Open bijeenkomst"))

    as_organiser = await client.get("/api/v1/events", headers=await api_headers(Role.ORGANISER))
    anonymous = await client.get("/api/v1/events")

    assert sorted(event["slug"] for event in as_organiser.json()) == sorted([draft, public])
    assert [event["slug"] for event in anonymous.json()] == [public]


async def test_session_cookie_does_not_authenticate_the_api(client, login):
    await login(Role.ORGANISER)
    draft = await create_event(
        demo_event_values(title="Concept themabijeenkomst", status=EventStatus.DRAFT)
    )
    assert draft in (await client.get("/beheer/events")).text

    listing = await client.get("/api/v1/events")
    created = await client.post("/api/v1/events", json=event_body())

    assert [event["slug"] for event in listing.json()] == []
    assert created.status_code == 401
    assert created.json() == {"message": dutch("Log in or send a valid API token.")}


async def _fresh_login_window():
    """The limits; and not right before a counting window turns (they count in fixed
    windows)."""
    limits = get_settings().rate_limits
    left = limits.login_window - time.time() % limits.login_window
    if left < 15:
        await asyncio.sleep(left + 0.1)
    return limits


async def test_wrong_passwords_from_one_place_never_lock_the_owner_out_elsewhere():
    limits = await _fresh_login_window()
    for _ in range(limits.login_per_account):
        await check_login_rate("203.0.113.66", "doelwit@werkplaats.test")

    with pytest.raises(HTTPException) as attacker:
        await check_login_rate("203.0.113.66", "doelwit@werkplaats.test")
    await check_login_rate("198.51.100.7", "doelwit@werkplaats.test")  # the owner, at the office

    assert attacker.value.status_code == 429
    assert attacker.value.headers["Retry-After"].isdigit()


async def test_an_attack_from_many_places_is_limited_far_higher():
    limits = await _fresh_login_window()
    for number in range(limits.login_per_account_everywhere):
        await check_login_rate(f"10.1.{number // 250}.{number % 250}", "doelwit@werkplaats.test")

    with pytest.raises(HTTPException) as refused:
        await check_login_rate("10.9.9.9", "doelwit@werkplaats.test")

    assert refused.value.status_code == 429
