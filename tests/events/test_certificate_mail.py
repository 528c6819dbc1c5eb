"""Sending certificates by mail in one go, through the real worker and the outbox,
and the back office around it: counts, the confirmation, progress, the list."""

from __future__ import annotations

import email
import io
import re
from email import policy

from pypdf import PdfReader

from events.services.documents.certificate_mail import (
    CERTIFICATE_JOB,
    CannotSendYet,
    job_scope,
    start_sending,
)
from events.services.documents.certificates import issue_for_event
from events.tables import Certificate
from tests.conftest import eventually, post_form
from tests.events.attendance import check_in, held_event, person
from tests.events.helpers import flashes, in_language, log_in_without_backoffice
from werkplaats.db import atomic
from werkplaats.enums import JobState, MailState, Role
from werkplaats.jobs import create_job, job_view, jobs_for
from werkplaats.mail.backends import SmtpBackend
from werkplaats.mail.outbox import build_message
from werkplaats.tables import OutgoingMail

PEOPLE = (
    person("Anne de Vries", registerplein_number="461011111"),
    person("Bram Visser", language="en"),
    person("Cor Bakker"),
)


async def _attended(*people: dict, ended: bool = True):
    """Anne and Bram checked in, Cor did not come."""
    held = await held_event(*(people or PEOPLE), ended=ended)
    for registration in held.people[:2]:
        await check_in(registration)
    return held


async def _finished(job_id: int):
    view = await job_view(job_id)
    return view if view and view.finished else None


async def _certificate_mails() -> list[dict]:
    return (
        await OutgoingMail.select()
        .where(OutgoingMail.template == "certificate")
        .order_by(OutgoingMail.to_address)
        .output(load_json=True)
    )


async def _sent(count: int):
    rows = await OutgoingMail.select(OutgoingMail.state).where(
        (OutgoingMail.template == "certificate") & (OutgoingMail.state == MailState.SENT)
    )
    return len(rows) == count


async def test_send_job_mails_each_attendee_once_with_the_pdf_and_marks_them(client):
    held = await _attended()

    job_id = await start_sending(held.event, by=None)
    again = await start_sending(held.event, by=None)  # a second click while it runs
    done = await eventually(lambda: _finished(job_id))
    await eventually(lambda: _sent(2))

    mails = await _certificate_mails()
    certificates = await Certificate.select().order_by(Certificate.name)
    assert again == job_id
    assert (done.state, done.done, done.total, done.percent) == (JobState.DONE, 2, 2, 100)
    assert done.result["mailed"] == 2
    assert [m["to_address"] for m in mails] == [
        "anne.de.vries@wijkteam.example",
        "bram.visser@wijkteam.example",
    ]
    assert sorted(m["dedupe_key"] for m in mails) == sorted(
        f"certificate:{c['id']}" for c in certificates
    )
    assert all(c["mailed_at"] is not None for c in certificates)
    [attachment] = mails[0]["attachments"]
    assert (attachment["filename"], attachment["content_type"]) == (
        "bewijs-van-deelname-regionale-bijeenkomst-voorjaar-2027.pdf",
        "application/pdf",
    )


async def test_send_job_started_again_mails_only_whoever_had_none(client):
    held = await _attended()
    first = await start_sending(held.event, by=None)
    await eventually(lambda: _finished(first))
    await check_in(held.person("Cor Bakker"))  # entered late, checked in at the desk

    second = await start_sending(held.event, by=None)
    done = await eventually(lambda: _finished(second))

    mails = await _certificate_mails()
    assert second != first
    assert done.result == {"certificates": 3, "mailed": 1, "filename": ""}
    assert len(mails) == 3
    assert len({m["to_address"] for m in mails}) == 3


async def test_two_send_jobs_side_by_side_mail_each_person_once(client):
    held = await _attended()
    await issue_for_event(held.event["id"])

    async with atomic():  # as if two web processes started one each
        jobs = [
            await create_job(CERTIFICATE_JOB, params={"event": held.event["id"]}, scope="x"),
            await create_job(CERTIFICATE_JOB, params={"event": held.event["id"]}, scope="x"),
        ]
    for job_id in jobs:
        await eventually(lambda job_id=job_id: _finished(job_id))

    mails = await _certificate_mails()
    assert [m["to_address"] for m in mails] == [
        "anne.de.vries@wijkteam.example",
        "bram.visser@wijkteam.example",
    ]
    assert sum([(await job_view(j)).result["mailed"] for j in jobs]) == 2


async def test_sending_before_the_event_has_ended_is_refused():
    held = await _attended(ended=False)

    try:
        await start_sending(held.event, by=None)
    except CannotSendYet as refused:
        message = str(refused)
    else:
        raise AssertionError("sending was not refused")

    assert message == in_language("nl", "Certificates can be sent once the event has ended.")
    assert await jobs_for(job_scope(held.event["id"])) == []


async def test_certificate_mail_over_smtp_carries_the_pdf_and_the_personal_link(
    client, smtp_server
):
    host, port, sink = smtp_server
    held = await _attended()
    job_id = await start_sending(held.event, by=None)
    await eventually(lambda: _finished(job_id))
    anne = held.person("Anne de Vries")
    row = next(m for m in await _certificate_mails() if m["to_address"] == anne["email"])

    await SmtpBackend(host=host, port=port, security="plain").deliver(build_message(row), name="x")

    [envelope] = sink.messages
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    code = (await Certificate.select().where(Certificate.registration == anne["id"]).first())[
        "code"
    ]
    [pdf] = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    text = " ".join(PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text().split())
    body = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert envelope.rcpt_tos == [anne["email"]]
    assert message["Subject"] == in_language("nl", "Your certificate of attendance: %(title)s") % {
        "title": "Regionale bijeenkomst voorjaar 2027"
    }
    assert pdf.get_filename() == "bewijs-van-deelname-regionale-bijeenkomst-voorjaar-2027.pdf"
    assert "Anne de Vries" in text and "461011111" in text
    assert f"http://testserver.local/r/{anne['token']}" in body
    assert f"http://testserver.local/verify/{code}" in body
    assert f"/r/{anne['token']}" in html


async def test_certificate_mail_speaks_the_registrants_language(client):
    held = await _attended()
    job_id = await start_sending(held.event, by=None)
    await eventually(lambda: _finished(job_id))

    bram = next(m for m in await _certificate_mails() if m["to_name"] == "Bram Visser")

    assert bram["subject"] == (
        "Your certificate of attendance: Regionale bijeenkomst voorjaar 2027"
    )
    assert bram["attachments"][0]["filename"] == (
        "certificate-of-attendance-regionale-bijeenkomst-voorjaar-2027.pdf"
    )
    assert "Tuesday 13 October 2026" in bram["body_text"]


def _facts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))


async def test_certificates_page_counts_and_lists_those_without_a_number(client, login):
    held = await _attended()
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    page = (await client.get(f"/beheer/events/{held.slug}/certificates")).text

    assert _facts(page) == {
        "Checked in": "2",
        "Certificates issued": "0",
        "Sent by mail": "0",
        "Checked in without Registerplein number": "1",
    }
    assert "1 person checked in without a Registerplein number" in page
    bram = held.person("Bram Visser")
    assert f'<a href="/beheer/events/{held.slug}/registrations/{bram["id"]}">Bram Visser</a>' in (
        page
    )
    assert f'href="/beheer/events/{held.slug}/certificates/send"' in page
    assert f'href="/beheer/events/{held.slug}/attendance.csv"' in page


async def test_certificates_page_before_the_end_disables_sending_with_the_reason(client, login):
    held = await _attended(ended=False)
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    page = (await client.get(f"/beheer/events/{held.slug}/certificates")).text
    confirm = await client.get(
        f"/beheer/events/{held.slug}/certificates/send", follow_redirects=False
    )

    assert '<button type="button" disabled aria-describedby="send-refusal">' in page
    assert (
        '<p class="hint" id="send-refusal">Certificates can be sent once the event has ended.</p>'
        in page
    )
    assert f'href="/beheer/events/{held.slug}/certificates/send"' not in page
    assert (confirm.status_code, confirm.headers["location"]) == (
        303,
        f"/beheer/events/{held.slug}/certificates",
    )


async def test_sending_from_the_back_office_confirms_then_shows_progress_and_the_list(
    client, login
):
    held = await _attended()
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")
    base = f"/beheer/events/{held.slug}/certificates"

    confirm = (await client.get(f"{base}/send")).text
    sent = await post_form(client, f"{base}/send", {}, follow_redirects=False)
    running = (await client.get(base)).text
    [job] = await jobs_for(job_scope(held.event["id"]), kind=CERTIFICATE_JOB)
    await eventually(lambda: _finished(job.id))
    polled = (await client.get(f"/beheer/jobs/{job.id}")).json()
    finished = (await client.get(base)).text
    searched = (await client.get(base, params={"q": "bram"})).text

    assert "2 people will get a certificate of attendance by mail." in confirm
    assert "Yes, send 2 certificates" in confirm
    assert (sent.status_code, sent.headers["location"]) == (303, f"{base}#progress")
    assert f'data-job-url="/beheer/jobs/{job.id}"' in running
    assert '<p id="job-status" role="status" aria-live="polite"' in running
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in running
    assert (polled["state"], polled["progress"], polled["done"], polled["total"]) == (
        "done",
        100,
        2,
        2,
    )
    assert "Done: 2 certificates sent by mail." in finished
    assert _facts(finished)["Sent by mail"] == "2"
    assert "Everyone who attended has been sent their certificate." in finished
    assert "2 certificates shown" in finished and "1 certificate shown" in searched
    assert "Bram Visser" in searched and "Anne de Vries" not in searched


async def test_back_office_pdf_link_serves_that_certificate_only_within_its_event(client, login):
    held = await _attended()
    other = await held_event(person("Dirk Smit"), title="Themabijeenkomst inclusieve wijk")
    await issue_for_event(held.event["id"])
    await login(Role.ORGANISER)
    page = (await client.get(f"/beheer/events/{held.slug}/certificates")).text
    links = re.findall(r'href="(/beheer/events/[^"]+/certificate\.pdf)"', page)

    pdf = await client.get(links[0])
    elsewhere = await client.get(links[0].replace(held.slug, other.slug))

    assert len(links) == 2
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "private, no-store"
    assert "Anne de Vries" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert elsewhere.status_code == 404


async def test_sending_after_it_was_refused_shows_the_reason(client, login):
    held = await _attended(ended=False)
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await post_form(client, f"/beheer/events/{held.slug}/certificates/send", {})

    assert flashes(response.text) == ["Certificates can be sent once the event has ended."]
    assert await jobs_for(job_scope(held.event["id"])) == []


async def test_certificate_pages_need_an_organiser(client, make_user):
    held = await _attended()
    base = f"/beheer/events/{held.slug}"
    urls = (
        f"{base}/certificates",
        f"{base}/certificates/send",
        f"{base}/attendance.csv",
        f"{base}/certificates.csv",
    )

    anonymous = [await client.get(url, follow_redirects=False) for url in urls]
    anonymous_post = await post_form(client, f"{base}/certificates/send", {})
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)
    door = [await client.get(url) for url in urls]
    door_post = await post_form(client, f"{base}/certificates/send", {})

    assert [r.status_code for r in anonymous] == [302] * 4
    assert anonymous[0].headers["location"] == f"/login?next={base}/certificates"
    assert anonymous_post.url.path == "/login"
    assert [r.status_code for r in door] == [403] * 4
    assert door_post.status_code == 403
    assert await jobs_for(job_scope(held.event["id"])) == []
