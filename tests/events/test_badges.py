"""Badge batches: who is in one, the job through the real worker, the API, the CLI."""

from __future__ import annotations

import asyncio
import io
import os
import pty
import subprocess
import threading

from pypdf import PdfReader

from events.enums import BadgeLayout, RegistrationStatus
from events.services.documents.badges import (
    NoBadges,
    badge_counts,
    badge_ids,
    mark_printed,
    start_badge_batch,
)
from events.services.registration.seats import change_status
from tests.events.badge_fixtures import (
    BY_SURNAME,
    PEOPLE,
    add_person,
    cancel,
    event_with_people,
    finished,
    page_names,
    printed_names,
    scanned_codes,
    ticket_codes,
)
from tests.shell.test_cli import WERKPLAATS, werkplaats
from werkplaats.enums import JobState, Role
from werkplaats.jobs import job_view
from werkplaats.jobs.service import run_job
from werkplaats.tables import Job


async def test_only_registered_people_get_a_badge():
    # Maria van der Berg moves up when Jan de Vries cancels; Anna Bakker keeps waiting
    _slug, event_id, ids = await event_with_people(capacity=2)
    await cancel(ids["Jan de Vries"])
    await mark_printed([ids["Fatima el Amrani"]])

    counts = await badge_counts(event_id)
    everyone = await badge_ids(event_id, only_unprinted=False)
    unprinted = await badge_ids(event_id, only_unprinted=True)

    assert (counts.registered, counts.printed, counts.not_printed) == (2, 1, 1)
    assert everyone == sorted([ids["Fatima el Amrani"], ids["Maria van der Berg"]])
    assert unprinted == [ids["Maria van der Berg"]]


async def test_api_batch_runs_on_the_worker_and_marks_everyone_printed(
    client, api_headers, tmp_path
):
    slug, event_id, _ids = await event_with_people()
    headers = await api_headers(Role.ORGANISER)

    started = await client.post(f"/api/v1/events/{slug}/badges", headers=headers, json={})
    job_id = started.json()["job"]
    done = await finished(job_id)
    status = (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).json()
    file = await client.get(status["url"], headers=headers)

    assert started.status_code == 202
    assert started.headers["location"] == f"/api/v1/jobs/{job_id}"
    assert (done.state, done.done, done.total) == (JobState.DONE, 4, 4)
    assert (status["state"], status["progress"], status["result"]) == (
        "done",
        100,
        {"count": 4, "layout": "a6"},
    )
    assert f'filename="badges-{slug}-a6.pdf"' in file.headers["content-disposition"]
    assert page_names(file.content, BY_SURNAME) == BY_SURNAME
    codes = await ticket_codes(event_id)
    scanned = scanned_codes(file.content, tmp_path)
    assert scanned == [f"WPS1:{codes[n]}" for n in BY_SURNAME]
    assert await printed_names(event_id) == sorted(BY_SURNAME)

    # At the door: each decoded badge checks its person in, once.
    door = await api_headers(Role.CHECKIN)
    scans = [{"code": text, "event": slug} for text in scanned]
    first = [(await client.post("/api/v1/checkin", json=s, headers=door)).json() for s in scans]
    again = [(await client.post("/api/v1/checkin", json=s, headers=door)).json() for s in scans]
    assert [(r["status"], r["name"]) for r in first] == [("ok", n) for n in BY_SURNAME]
    assert all(r["checked_in_at"] for r in first)
    assert [(r["status"], r["checked_in_at"]) for r in again] == [
        ("already_checked_in", r["checked_in_at"]) for r in first
    ]


async def test_api_batch_of_unprinted_after_a_full_batch_is_a_409(client, api_headers):
    slug, _event_id, _ids = await event_with_people()
    headers = await api_headers(Role.ORGANISER)
    first = await client.post(f"/api/v1/events/{slug}/badges", headers=headers)
    await finished(first.json()["job"])

    again = await client.post(
        f"/api/v1/events/{slug}/badges",
        headers=headers,
        json={"layout": "a4", "only_unprinted": True},
        params={"lang": "en"},
    )

    assert first.status_code == 202  # no body at all: A6, everyone
    assert again.status_code == 409
    assert again.json() == {"message": "Every registered person already has a printed badge."}
    assert await Job.count() == 1


async def test_api_batch_of_unprinted_takes_only_the_new_registration(client, api_headers):
    slug, _event_id, ids = await event_with_people(PEOPLE[:3])
    headers = await api_headers(Role.ORGANISER)
    await mark_printed(list(ids.values()))
    await add_person(slug, "Anna Bakker", "anna@inholland.example")

    started = await client.post(
        f"/api/v1/events/{slug}/badges",
        headers=headers,
        json={"layout": "a4", "only_unprinted": True},
    )
    done = await finished(started.json()["job"])
    file = await client.get(f"/api/v1/jobs/{done.id}/file", headers=headers)

    assert (done.total, done.result["count"]) == (1, 1)
    assert len(PdfReader(io.BytesIO(file.content)).pages) == 1
    assert "Anna Bakker" in PdfReader(io.BytesIO(file.content)).pages[0].extract_text()


async def test_api_batch_refuses_unknown_fields_and_values(client, api_headers):
    slug, _event_id, _ids = await event_with_people(PEOPLE[:1])
    headers = await api_headers(Role.ORGANISER)
    url = f"/api/v1/events/{slug}/badges"

    unknown = await client.post(url, headers=headers, json={"colour": "red"}, params={"lang": "en"})
    layout = await client.post(url, headers=headers, json={"layout": "a5"}, params={"lang": "en"})
    flag = await client.post(url, headers=headers, json={"only_unprinted": "yes"})
    missing = await client.post("/api/v1/events/bestaat-niet/badges", headers=headers)

    assert unknown.status_code == 422
    assert unknown.json()["errors"] == {"colour": "This field is not known."}
    assert layout.status_code == 422
    assert layout.json()["errors"] == {"layout": "This is not one of the allowed values."}
    assert (flag.status_code, list(flag.json()["errors"])) == (422, ["only_unprinted"])
    assert missing.status_code == 404
    assert await Job.count() == 0


async def test_api_batch_for_an_event_without_registrations_is_a_409(client, api_headers):
    slug, _event_id, _ids = await event_with_people([])

    response = await client.post(
        f"/api/v1/events/{slug}/badges", headers=await api_headers(), params={"lang": "en"}
    )

    assert response.status_code == 409
    assert "no badges to print" in response.json()["message"]


async def test_api_batch_needs_an_organiser_token(client, api_headers):
    slug, _event_id, _ids = await event_with_people(PEOPLE[:1])

    anonymous = await client.post(f"/api/v1/events/{slug}/badges")
    door = await client.post(
        f"/api/v1/events/{slug}/badges", headers=await api_headers(Role.CHECKIN)
    )

    assert (anonymous.status_code, door.status_code) == (401, 403)
    assert await Job.count() == 0


async def test_batch_run_again_prints_the_same_people_minus_the_cancelled(client):
    _slug, event_id, ids = await event_with_people()
    batch = await start_badge_batch(
        event_id, layout=BadgeLayout.A6, only_unprinted=True, by=None, language="nl"
    )
    await finished(batch.job)
    await cancel(ids["Anna Bakker"])

    # as the sweeper does for a job whose worker died after storing the file
    await Job.update({Job.state: JobState.QUEUED}).where(Job.id == batch.job)
    state = await run_job(batch.job)
    view = await job_view(batch.job)

    assert state is JobState.DONE
    assert view is not None and view.result["count"] == 3
    assert await printed_names(event_id) == sorted(BY_SURNAME)


async def test_starting_a_batch_without_anyone_left_raises_no_badges():
    _slug, event_id, ids = await event_with_people(PEOPLE[:1])
    await change_status(ids["Jan de Vries"], RegistrationStatus.CANCELLED, notify=False)

    try:
        await start_badge_batch(event_id, layout=BadgeLayout.A4, only_unprinted=False, by=None)
    except NoBadges as exc:
        message = exc.message
    else:
        message = None

    assert message == (
        "Er is nog niemand aangemeld voor dit evenement: er zijn geen badges om te printen."
    )
    assert await Job.count() == 0


async def test_worker_threads_start_warm_pdf_threads(client):
    names = [thread.name for thread in threading.enumerate()]

    assert any(name.startswith("pdf") for name in names)


def in_a_terminal(*args: str) -> tuple[int, str]:
    """Run the console script with its stderr on a pseudo-terminal, as in a shell:
    click draws its progress bar only there."""
    main, side = pty.openpty()
    with subprocess.Popen(
        [str(WERKPLAATS), *args], stderr=side, stdout=subprocess.DEVNULL, env=dict(os.environ)
    ) as process:
        os.close(side)
        output = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other end closed: the command is done
                break
            if not chunk:
                break
            output += chunk
        returncode = process.wait(timeout=60)
    os.close(main)
    return returncode, output.decode(errors="replace")


async def test_cli_writes_the_badges_with_a_progress_bar_and_marks_them(client, tmp_path):
    slug, event_id, _ids = await event_with_people()
    output = tmp_path / "badges.pdf"

    code, terminal = await asyncio.to_thread(
        in_a_terminal, "badges", slug, "--layout", "a4", "--unprinted", "-o", str(output)
    )
    again = await werkplaats("badges", slug, "--unprinted", "--output", str(tmp_path / "x.pdf"))

    assert code == 0, terminal
    assert "badges  [------------------------------------]  0/4    0%" in terminal
    assert "badges  [####################################]  4/4  100%" in terminal
    assert "4 badges written" in terminal
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert len(reader.pages) == 1  # one A4 sheet
    assert await printed_names(event_id) == sorted(BY_SURNAME)
    assert again.returncode == 1
    assert "no registered people without a printed badge" in again.stderr
    assert not (tmp_path / "x.pdf").exists()
