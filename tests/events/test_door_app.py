"""The door as an installable web app, the server's side of it: the manifest of each
door, the service worker, the headers that let them work, the texts the door's
script judges scans with, the wipe at logout, and the conflicts in the organiser's
check-in list. The door in a browser: tests/e2e/test_offline_door.py."""

from __future__ import annotations

import json
import re

from events.tables import CheckinLink
from tests.conftest import post_form
from tests.events.test_checkin import make_event, person
from tests.events.test_checkin_http import _new_link, slug_of
from tests.events.test_offline_checkin import offline, underway
from werkplaats.enums import Role


async def test_each_door_has_a_manifest_starting_at_its_own_page(client, login):
    event = await make_event()
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)

    staff = await client.get(f"/checkin/{slug}/manifest.webmanifest")
    client.cookies.clear()
    volunteer = await client.get(f"/scan/{token}/manifest.webmanifest")
    anonymous = await client.get(f"/checkin/{slug}/manifest.webmanifest")

    assert staff.headers["content-type"].startswith("application/manifest+json")
    assert (staff.json()["start_url"], staff.json()["scope"]) == (f"/checkin/{slug}",) * 2
    assert volunteer.json()["start_url"] == f"/scan/{token}"
    assert volunteer.json()["display"] == "standalone"
    assert volunteer.json()["name"].startswith("Check-in: ")
    assert "start_url" not in anonymous.text  # sent to log in


async def test_a_stopped_link_has_no_manifest(client, login):
    event = await make_event()
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    link_id = (await CheckinLink.select(CheckinLink.id).first())["id"]
    await post_form(client, f"/beheer/events/{slug}/checkin/links/{link_id}/revoke", {})

    response = await client.get(f"/scan/{token}/manifest.webmanifest")

    assert response.status_code == 404


async def test_the_service_worker_is_served_from_the_root_and_allowed_by_the_csp(client):
    response = await client.get("/checkin-sw.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert 'const CACHE = "werkplaats-door-v1"' in response.text
    csp = response.headers["content-security-policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp


def door_texts_of(page) -> dict:
    return json.loads(re.search(r'id="desk-texts">(.*?)</script>', page.text, re.S)[1])["door"]


async def test_the_door_page_gives_its_script_the_texts_to_judge_by(client, login):
    event = await make_event()
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    client.cookies.clear()

    page = await client.get(f"/scan/{token}")
    await client.get("/taal/en?next=/")
    english = door_texts_of(await client.get(f"/scan/{token}"))

    door = door_texts_of(page)
    assert door["says"]["ok"] == "Welkom, {name}"
    assert door["says"]["already_checked_in"] == "{name} is al binnen, sinds {time}"
    assert door["waiting"] == "offline — {num} scans wachten"
    assert door["allSent"] == "online — alles verstuurd"
    assert door["conflicts"]["duplicate"] == "Twee keer binnengelaten"
    assert f'href="/scan/{token}/manifest.webmanifest"' in page.text
    assert '<script src="/static/checkin-offline.js" defer></script>' in page.text
    assert english["says"]["ok"] == "Welcome, {name}"
    assert english["waiting"] == "offline — {num} scans waiting"
    assert english["statuses"]["waitlisted"] == "On the waiting list"


async def test_logging_out_tells_the_browser_to_delete_what_it_kept(client, login):
    await login(Role.CHECKIN)

    response = await post_form(client, "/logout", {}, follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["clear-site-data"] == '"cache", "storage"'


async def test_the_check_in_list_shows_conflicts_of_offline_doors(client, login):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    east = await _new_link(client, slug, "Ingang oost")
    west = await _new_link(client, slug, "Ingang west")
    await underway(event)
    cookies = dict(client.cookies)
    client.cookies.clear()
    await client.post(
        f"/scan/{east}/batch", json={"scans": [offline(anne["ticket_code"], "e-1", 5)]}
    )
    await client.post(
        f"/scan/{west}/batch", json={"scans": [offline(anne["ticket_code"], "w-1", 4)]}
    )
    client.cookies.update(cookies)

    page = await client.get(f"/beheer/events/{slug}/checkin/")

    section = page.text[
        page.text.index('id="conflicts-heading"') : page.text.index('id="list-heading"')
    ]
    assert "Conflicten bij offline scannen" in section
    row = re.search(r"<tbody>(.*?)</tbody>", section, re.S)[1]
    assert "Anne de Vries" in row and "Twee keer binnengelaten" in row and "Ingang west" in row
    assert "Ingang oost" not in row
