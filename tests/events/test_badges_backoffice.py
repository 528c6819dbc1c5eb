"""The back office for badges: the event's badge page with its batches, one badge at
the desk, and the ribbon on a registration's page."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader

from events.enums import Ribbon
from events.tables import Registration
from tests.conftest import post_form
from tests.events.badge_fixtures import (
    BY_SURNAME,
    PEOPLE,
    cancel,
    event_with_people,
    finished,
    page_names,
    printed_names,
    scanned_codes,
    ticket_codes,
)
from tests.events.helpers import flashes, log_in_without_backoffice
from werkplaats.enums import Role
from werkplaats.tables import Job

EN = {"lang": "en"}


def facts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))


def batch_item(page: str, job_id: int) -> str:
    match = re.search(rf'<li id="batch-{job_id}".*?</li>', page, re.S)
    assert match, f"batch {job_id} not on the page"
    return match.group(0)


async def _ribbon(registration_id: int) -> str:
    row = await Registration.select(Registration.ribbon).where(Registration.id == registration_id)
    return row[0]["ribbon"]


async def test_badge_page_counts_registered_and_printed(client, login):
    slug, _event_id, _ids = await event_with_people(capacity=3)  # Anna Bakker waits
    await login(Role.ORGANISER)

    page = (await client.get(f"/beheer/events/{slug}/badges", params=EN)).text

    assert facts(page) == {"Registered": "3", "Badge printed": "0", "Not printed yet": "3"}
    assert 'aria-current="page">Badges</a>' in page
    assert "No badges have been made for this event yet." in page


async def test_badge_batch_from_the_back_office_is_downloadable_when_done(client, login, tmp_path):
    slug, event_id, _ids = await event_with_people()
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/badges"

    started = await post_form(client, url, {"layout": "a4", "who": "all"}, follow_redirects=False)
    job_id = (await Job.select(Job.id).first())["id"]
    waiting = await client.get(url, params=EN)
    await finished(job_id)
    status = (await client.get(f"/beheer/jobs/{job_id}")).json()
    done = await client.get(url, params=EN)
    file = await client.get(f"/beheer/jobs/{job_id}/file")

    assert started.status_code == 303
    assert started.headers["location"] == f"{url}#batch-{job_id}"
    assert flashes(waiting.text) == ["De PDF met 4 badges wordt gemaakt."]
    item = batch_item(waiting.text, job_id)
    assert f'data-job-url="/beheer/jobs/{job_id}"' in item
    assert re.search(r'<progress max="4" value="0"', item)
    assert 'role="status"' in item
    assert (status["state"], status["progress"], status["url"]) == (
        "done",
        100,
        f"/beheer/jobs/{job_id}/file",
    )
    finished_item = batch_item(done.text, job_id)
    assert "Ready: 4 badges" in finished_item
    assert "A4 sheets of eight, with cut marks" in finished_item
    assert "data-job-url" not in finished_item  # nothing left to poll
    assert f'<p class="batch-download"><a class="button" href="/beheer/jobs/{job_id}/file"' in (
        finished_item
    )
    assert facts(done.text)["Badge printed"] == "4"
    codes = await ticket_codes(event_id)
    assert len(PdfReader(io.BytesIO(file.content)).pages) == 1
    assert sorted(scanned_codes(file.content, tmp_path)) == sorted(
        f"WPS1:{code}" for code in codes.values()
    )


async def test_badge_batch_of_the_not_printed_when_all_are_printed_says_so(client, login):
    slug, _event_id, _ids = await event_with_people(PEOPLE[:1])
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/badges"
    await post_form(client, url, {"layout": "a6", "who": "all"})
    await finished((await Job.select(Job.id).first())["id"])

    response = await post_form(client, url, {"layout": "a6", "who": "unprinted"}, params=EN)

    assert response.status_code == 200  # after the redirect
    assert flashes(response.text) == ["Every registered person already has a printed badge."]
    assert await Job.count() == 1


async def test_single_badge_at_the_desk_is_a_pdf_and_marks_it_printed(client, login, tmp_path):
    slug, event_id, ids = await event_with_people(PEOPLE[:2])
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations/{ids['Jan de Vries']}"

    before = await client.get(url, params=EN)
    response = await post_form(client, f"{url}/badge", {"layout": "a6"})
    after = await client.get(url, params=EN)

    assert "No badge printed yet." in before.text
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "inline" in response.headers["content-disposition"]
    assert page_names(response.content, BY_SURNAME) == ["Jan de Vries"]
    codes = await ticket_codes(event_id)
    assert scanned_codes(response.content, tmp_path) == [f"WPS1:{codes['Jan de Vries']}"]
    assert await printed_names(event_id) == ["Jan de Vries"]
    assert "Badge printed on" in after.text


async def test_single_badge_only_for_someone_registered(client, login):
    slug, event_id, ids = await event_with_people(PEOPLE[:1])
    _other_slug, _other_id, other = await event_with_people(
        [("Piet Zwart", "piet@zandvoort.example", "")], slug="ander-evenement"
    )
    await cancel(ids["Jan de Vries"])
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations/{ids['Jan de Vries']}"

    cancelled = await post_form(client, f"{url}/badge", {"layout": "a6"}, params=EN)
    elsewhere = await post_form(
        client, f"/beheer/events/{slug}/registrations/{other['Piet Zwart']}/badge", {}
    )

    assert cancelled.headers["content-type"].startswith("text/html")
    assert flashes(cancelled.text) == ["Only someone who is registered gets a badge."]
    assert "Print badge now" not in cancelled.text
    assert elsewhere.status_code == 404
    assert await printed_names(event_id) == []


async def test_ribbon_is_saved_and_printed_on_the_badge(client, login):
    slug, _event_id, ids = await event_with_people(PEOPLE[:1])
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations/{ids['Jan de Vries']}"

    saved = await post_form(client, f"{url}/ribbon", {"ribbon": "speaker"}, params=EN)
    badge = await post_form(client, f"{url}/badge", {"layout": "a4"})

    assert flashes(saved.text) == ["The badge now says “Speaker”."]
    assert '<option value="speaker" selected>Speaker</option>' in saved.text
    assert await _ribbon(ids["Jan de Vries"]) == Ribbon.SPEAKER
    # the badge speaks the organiser's language, here English since ?lang=en
    assert "SPEAKER" in PdfReader(io.BytesIO(badge.content)).pages[0].extract_text()


async def test_ribbon_refuses_an_unknown_value_and_another_events_registration(client, login):
    slug, _event_id, ids = await event_with_people(PEOPLE[:1])
    _other_slug, _other_id, other = await event_with_people(
        [("Piet Zwart", "piet@zandvoort.example", "")], slug="ander-evenement"
    )
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations"

    unknown = await post_form(client, f"{url}/{ids['Jan de Vries']}/ribbon", {"ribbon": "vip"})
    elsewhere = await post_form(
        client, f"{url}/{other['Piet Zwart']}/ribbon", {"ribbon": "speaker"}
    )

    assert flashes(unknown.text) == ["Kies een van de linten."]
    assert await _ribbon(ids["Jan de Vries"]) == Ribbon.PARTICIPANT
    assert elsewhere.status_code == 404
    assert await _ribbon(other["Piet Zwart"]) == Ribbon.PARTICIPANT


async def test_badges_need_an_organiser(client, make_user):
    slug, _event_id, ids = await event_with_people(PEOPLE[:1])
    url = f"/beheer/events/{slug}"
    registration = f"{url}/registrations/{ids['Jan de Vries']}"

    anonymous = await client.get(f"{url}/badges", follow_redirects=False)
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)
    page = await client.get(f"{url}/badges")
    batch = await post_form(client, f"{url}/badges", {"layout": "a6", "who": "all"})
    single = await post_form(client, f"{registration}/badge", {"layout": "a6"})
    ribbon = await post_form(client, f"{registration}/ribbon", {"ribbon": "organiser"})

    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"] == f"/login?next={url}/badges"
    assert [r.status_code for r in (page, batch, single, ribbon)] == [403] * 4
    assert "Jan de Vries" not in html.unescape(page.text + single.text)
    assert await Job.count() == 0
    assert await _ribbon(ids["Jan de Vries"]) == Ribbon.PARTICIPANT
