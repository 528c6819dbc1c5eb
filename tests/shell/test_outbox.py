"""The mail outbox: rows first, delivered by the real worker, once, after commit."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import itertools
import os
import subprocess
import sys
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import eventually, free_port
from werkplaats import i18n
from werkplaats.db import atomic, on_commit
from werkplaats.enums import MailState, Role
from werkplaats.mail import (
    Attachment,
    MailContent,
    MailNotWanted,
    mail_builder,
    queue_mail,
    send_mail,
)
from werkplaats.mail.backends import FileBackend
from werkplaats.mail.message import parse as parse_bytes
from werkplaats.mail.outbox import (
    MAX_ATTEMPTS,
    build_message,
    deliver_outgoing,
)
from werkplaats.queue import sweep_once
from werkplaats.settings import PROJECT_ROOT, get_settings
from werkplaats.tables import OutgoingMail

TEST_SUBJECT = "Test message from the Werkplaats"
DUTCH_TEST_SUBJECT = i18n.translations("nl").ugettext(TEST_SUBJECT)
needs_dutch_subject = pytest.mark.skipif(
    DUTCH_TEST_SUBJECT == TEST_SUBJECT,
    reason="the Dutch catalogue does not translate the test mail yet",
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n% programma\n%%EOF\n"

# Rows written directly by a test get ids far above the ones the sequence hands
# out, so no queue message left by another test can name them.
_direct_ids = itertools.count(7_000_001)


async def direct_row(**values: Any) -> int:
    """An outbox row written without `send_mail`: no queue message knows of it."""
    mail_id = next(_direct_ids)
    row = {
        "id": mail_id,
        "dedupe_key": f"direct:{mail_id}",
        "message_id": make_msgid(domain="testserver.local"),
        "to_address": "anne@example.nl",
        "to_name": "Anne de Vries",
        "subject": "Uitnodiging regionale bijeenkomst",
        "body_text": "Beste Anne,\n",
        "body_html": "<p>Beste Anne,</p>",
        "template": "test",
        "language": "nl",
        "enqueued_at": None,
        **values,
    }
    await OutgoingMail.insert(OutgoingMail(**row))
    return mail_id


async def outbox_row(mail_id: int) -> dict[str, Any]:
    row = await OutgoingMail.select().where(OutgoingMail.id == mail_id).first()
    assert row is not None
    return row


async def delivered(mail_id: int) -> dict[str, Any]:
    """Wait until the worker has sent `mail_id`; a failed attempt fails at once."""

    async def sent() -> dict[str, Any] | None:
        row = await outbox_row(mail_id)
        assert not row["last_error"], row["last_error"]
        return row if row["state"] == MailState.SENT else None

    return await eventually(sent)


def parse(path: Path) -> EmailMessage:
    """The file as a mail program reads it: its CRLF line ends as the text's own."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return email.message_from_bytes(data, policy=default_policy)  # type: ignore[return-value]


def files_for(message_id: str) -> list[Path]:
    """The `.eml` files in the mail folder that carry `message_id`."""
    return [
        path
        for path in sorted(get_settings().mail_dir.glob("*.eml"))
        if parse(path)["Message-ID"] == message_id
    ]


_DELIVER_ELSEWHERE = """
import asyncio, sys
from werkplaats.db import close_database, open_database
from werkplaats.mail.outbox import deliver_outgoing

async def main():
    await open_database()
    try:
        for mail_id in sys.argv[1:]:
            try:
                print(mail_id, await deliver_outgoing(int(mail_id)))
            except Exception as exc:
                print(mail_id, "raised", type(exc).__name__)
    finally:
        await close_database()

asyncio.run(main())
"""


async def deliver_in_another_process(smtp_url: str, *mail_ids: int) -> dict[int, str]:
    """Run `deliver_outgoing` in a process configured with SMTP_URL (same database)."""
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _DELIVER_ELSEWHERE, *map(str, mail_ids)],
        env={**os.environ, "SMTP_URL": smtp_url},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcomes = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    return {int(mail_id): outcome for mail_id, outcome in outcomes.items()}


# --- writing the row -------------------------------------------------------


@needs_dutch_subject
async def test_send_mail_writes_a_queued_row_in_dutch_by_default(client):
    mail_id = await send_mail(
        to="anne@example.nl", template="test", dedupe_key="test:anne", name="Anne de Vries"
    )

    row = await outbox_row(mail_id)
    assert row["to_address"] == "anne@example.nl"
    assert row["to_name"] == "Anne de Vries"
    assert row["language"] == "nl"
    assert row["template"] == "test"
    assert row["subject"] == DUTCH_TEST_SUBJECT
    assert "Anne de Vries" in row["body_text"]
    assert '<html lang="nl">' in row["body_html"]
    assert row["message_id"].startswith("<") and row["message_id"].endswith("@testserver.local>")


async def test_send_mail_renders_english_for_an_english_recipient(client):
    mail_id = await send_mail(
        to="ben@example.org", template="test", dedupe_key="test:ben", name="Ben", language="en"
    )

    row = await outbox_row(mail_id)
    assert row["language"] == "en"
    assert row["subject"] == TEST_SUBJECT
    assert row["body_text"].startswith("Hello Ben,\n")
    assert '<html lang="en">' in row["body_html"]
    assert "<title>Test message from the Werkplaats</title>" in row["body_html"]


async def test_send_mail_unknown_language_falls_back_to_dutch(client):
    mail_id = await send_mail(
        to="anne@example.nl", template="test", dedupe_key="test:de", language="de-DE"
    )

    assert (await outbox_row(mail_id))["language"] == "nl"


async def test_send_mail_same_dedupe_key_twice_keeps_one_row(client):
    first = await send_mail(to="anne@example.nl", template="test", dedupe_key="confirmation:17")

    second = await send_mail(
        to="anne@example.nl", template="test", dedupe_key="confirmation:17", language="en"
    )

    assert isinstance(first, int)
    assert second is None
    rows = await OutgoingMail.select(OutgoingMail.id, OutgoingMail.language)
    assert rows == [{"id": first, "language": "nl"}]


# --- delivery by the worker ------------------------------------------------


async def test_outbox_mail_is_delivered_by_the_worker_as_an_eml_file(client):
    mail_id = await send_mail(
        to="zoe@example.nl", template="test", dedupe_key="test:zoe", name="Zoë van den Brûle"
    )

    row = await delivered(mail_id)

    assert row["attempts"] == 1
    assert row["sent_at"] is not None
    [path] = files_for(row["message_id"])
    message = parse(path)
    assert message["From"] == get_settings().mail_from
    assert message["To"].addresses[0].display_name == "Zoë van den Brûle"
    assert message["To"].addresses[0].addr_spec == "zoe@example.nl"
    assert message["Subject"] == row["subject"]
    assert message["Message-ID"] == row["message_id"]
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content() == row["body_text"]
    assert message.get_body(("html",)).get_content().strip() == row["body_html"].strip()


async def test_outbox_mail_in_english_has_english_subject_in_the_file(client):
    mail_id = await send_mail(
        to="ben@example.org", template="test", dedupe_key="test:ben", name="Ben", language="en"
    )

    row = await delivered(mail_id)

    [path] = files_for(row["message_id"])
    message = parse(path)
    assert message["Subject"] == TEST_SUBJECT
    assert message.get_body(("plain",)).get_content().startswith("Hello Ben,\n")


async def test_send_mail_same_dedupe_key_twice_sends_one_message(client):
    mail_id = await send_mail(to="anne@example.nl", template="test", dedupe_key="reminder:3")
    await send_mail(to="anne@example.nl", template="test", dedupe_key="reminder:3")

    row = await delivered(mail_id)

    assert len(files_for(row["message_id"])) == 1
    assert await OutgoingMail.count() == 1


async def test_outbox_attachments_survive_into_the_delivered_message(client):
    logo = Attachment("logo.png", "image/png", PNG, cid="logo@werkplaats")
    programme = Attachment("programma.pdf", "application/pdf", PDF)
    mail_id = await send_mail(
        to="anne@example.nl",
        template="test",
        dedupe_key="test:bijlagen",
        attachments=[logo, programme],
    )

    row = await delivered(mail_id)

    [path] = files_for(row["message_id"])
    message = parse(path)
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert parts["logo.png"]["Content-ID"] == "<logo@werkplaats>"
    assert parts["logo.png"].get_content() == PNG
    assert parts["programma.pdf"].get_content_type() == "application/pdf"
    assert parts["programma.pdf"].get_content() == PDF
    assert [a.get_filename() for a in message.iter_attachments()] == ["programma.pdf"]


# --- transactions ----------------------------------------------------------


async def test_atomic_runs_on_commit_callbacks_only_after_the_outermost_commit():
    calls: list[str] = []

    async with atomic():
        async with atomic():
            on_commit(lambda: calls.append("inner"))
        on_commit(lambda: calls.append("outer"))
        assert calls == []

    assert calls == ["inner", "outer"]


async def test_atomic_drops_on_commit_callbacks_when_the_block_raises():
    calls: list[str] = []

    with pytest.raises(RuntimeError):
        async with atomic():
            on_commit(lambda: calls.append("never"))
            raise RuntimeError("rollback")

    assert calls == []


async def test_mail_queued_in_a_rolled_back_transaction_is_not_stored(client):
    with pytest.raises(RuntimeError):
        async with atomic():
            await send_mail(to="anne@example.nl", template="test", dedupe_key="confirmation:99")
            assert await OutgoingMail.count() == 1
            raise RuntimeError("the registration failed")

    assert await OutgoingMail.count() == 0
    # The dedupe key was not used up by the mail that never existed.
    assert (
        await send_mail(to="anne@example.nl", template="test", dedupe_key="confirmation:99")
        is not None
    )


async def test_mail_queued_in_a_committed_transaction_is_sent_after_commit(client):
    async with atomic():
        mail_id = await send_mail(
            to="anne@example.nl", template="test", dedupe_key="confirmation:5"
        )
        await asyncio.sleep(0.3)
        row = await outbox_row(mail_id)
        assert (row["state"], row["attempts"]) == (MailState.QUEUED, 0)

    row = await delivered(mail_id)

    assert row["attempts"] == 1
    assert len(files_for(row["message_id"])) == 1


# --- delivering one row ----------------------------------------------------


async def test_deliver_outgoing_twice_at_once_sends_once(client):
    mail_id = await direct_row()

    outcomes = await asyncio.gather(deliver_outgoing(mail_id), deliver_outgoing(mail_id))
    again = await deliver_outgoing(mail_id)

    assert sorted(map(str, outcomes)) == ["None", "sent"]
    assert again is None
    row = await outbox_row(mail_id)
    assert (row["state"], row["attempts"]) == (MailState.SENT, 1)
    assert len(files_for(row["message_id"])) == 1


async def test_deliver_outgoing_failure_requeues_then_fails_after_max_attempts(client):
    closed_port = free_port()
    fresh = await direct_row()
    last_try = await direct_row(attempts=MAX_ATTEMPTS - 1)

    outcomes = await deliver_in_another_process(f"smtp://127.0.0.1:{closed_port}", fresh, last_try)

    assert outcomes == {fresh: "raised ConnectionRefusedError", last_try: "failed"}
    row = await outbox_row(fresh)
    assert (row["state"], row["attempts"]) == (MailState.QUEUED, 1)
    assert row["last_error"].startswith("ConnectionRefusedError")
    row = await outbox_row(last_try)
    assert (row["state"], row["attempts"]) == (MailState.FAILED, MAX_ATTEMPTS)
    assert row["last_error"].startswith("ConnectionRefusedError")


async def test_outbox_row_reaches_a_real_smtp_server_with_its_message_id(client, smtp_server):
    host, port, sink = smtp_server
    mail_id = await direct_row(to_address="bram@example.nl", to_name="Bram")

    outcomes = await deliver_in_another_process(f"smtp://{host}:{port}", mail_id)

    row = await outbox_row(mail_id)
    assert outcomes == {mail_id: "sent"}
    assert row["state"] == MailState.SENT
    [envelope] = sink.messages
    assert envelope.rcpt_tos == ["bram@example.nl"]
    received = email.message_from_bytes(envelope.content, policy=default_policy)
    assert received["Message-ID"] == row["message_id"]


# --- the sweeper -----------------------------------------------------------


async def test_sweeper_sends_mail_left_queued_after_a_restart(client):
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    mail_id = await direct_row(enqueued_at=an_hour_ago)

    swept = await sweep_once(0)

    assert swept == 1
    row = await delivered(mail_id)
    assert row["attempts"] == 1
    assert len(files_for(row["message_id"])) == 1


async def test_sweeper_releases_mail_whose_claim_ran_out(client):
    now = dt.datetime.now(dt.UTC)
    other = "other-machine:4242:1:ab12cd34"  # a process the sweeper cannot look at
    stuck = await direct_row(
        state=MailState.SENDING, attempts=1, enqueued_at=now, claimed_by=other,
        lease_until=now - dt.timedelta(seconds=1),
    )  # fmt: skip
    busy = await direct_row(
        state=MailState.SENDING, attempts=1, enqueued_at=now, claimed_by=other,
        lease_until=now + dt.timedelta(seconds=30),
    )  # fmt: skip

    await sweep_once(0)

    row = await delivered(stuck)
    assert row["attempts"] == 2
    assert (await outbox_row(busy))["state"] == MailState.SENDING


# --- building the message and the file backend -----------------------------


def message_row(**values: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "message_id": "<1@testserver.local>",
        "to_address": "anne@example.nl",
        "to_name": "Anne de Vries",
        "subject": "Uitnodiging",
        "body_text": "Beste Anne,\n",
        "body_html": '<p>Beste Anne,</p><img src="cid:logo@werkplaats" alt="">',
        "attachments": [],
        "language": "nl",
        "created_at": dt.datetime(2030, 4, 16, 11, 30, tzinfo=dt.UTC),
        **values,
    }


def received(row: dict) -> EmailMessage:
    """The built message as a mail program reads it."""
    return parse_bytes(bytes(build_message(row)))


def test_build_message_puts_an_inline_image_next_to_the_html():
    logo = Attachment("logo.png", "image/png", PNG, cid="logo@werkplaats")
    programme = Attachment("programma.pdf", "application/pdf", PDF)

    message = received(message_row(attachments=[logo.to_json(), programme.to_json()]))

    related = message.get_body(("related",))
    assert related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert image["Content-ID"] == "<logo@werkplaats>"
    assert image.get_content() == PNG
    assert [a.get_filename() for a in message.iter_attachments()] == ["programma.pdf"]
    assert message["Date"] == "Tue, 16 Apr 2030 11:30:00 +0000"


def test_build_message_inline_image_is_not_offered_as_a_download():
    logo = Attachment("logo.png", "image/png", PNG, cid="logo@werkplaats")

    message = received(message_row(attachments=[logo.to_json()]))

    image = message.get_body(("related",)).get_payload()[1]
    assert image.get_content_disposition() == "inline"


def test_build_message_keeps_the_content_language_header():
    message = build_message(message_row(language="en"))

    assert message["Content-Language"] == "en"


def test_build_message_without_html_is_plain_text_with_the_attachment():
    programme = Attachment("programma.pdf", "application/pdf", PDF)

    message = received(message_row(body_html="", attachments=[programme.to_json()]))

    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("html",)) is None
    assert message.get_body(("plain",)).get_content() == "Beste Anne,\n"
    [attachment] = message.iter_attachments()
    assert (attachment.get_filename(), attachment.get_content()) == ("programma.pdf", PDF)


async def test_file_backend_retry_overwrites_the_same_file(tmp_path):
    backend = FileBackend(tmp_path / "mail")
    first = build_message(message_row(subject="Eerste poging"))
    second = build_message(message_row(subject="Tweede poging"))

    await backend.deliver(first, name="20300416-113000-00000001-abcdef12")
    await backend.deliver(second, name="20300416-113000-00000001-abcdef12")

    [path] = (tmp_path / "mail").iterdir()
    assert path.name == "20300416-113000-00000001-abcdef12.eml"
    assert parse(path)["Subject"] == "Tweede poging"


# --- the back office -------------------------------------------------------


async def test_backoffice_outbox_lists_queued_mail_for_organisers(client, login):
    await direct_row(to_address="outbox-check@example.nl", subject="Bevestiging aanmelding")
    await login(Role.ORGANISER)

    response = await client.get("/beheer/outbox")

    assert response.status_code == 200
    assert "outbox-check@example.nl" in response.text
    assert "Bevestiging aanmelding" in response.text


async def test_backoffice_outbox_filters_by_state(client, login):
    await direct_row(to_address="failed@example.nl", state=MailState.FAILED, last_error="boom")
    await direct_row(to_address="queued@example.nl")
    await login(Role.ORGANISER)

    response = await client.get("/beheer/outbox", params={"state": "failed"})

    assert response.status_code == 200
    assert "failed@example.nl" in response.text
    assert "boom" in response.text
    assert "queued@example.nl" not in response.text


_built_from: list[dict[str, Any]] = []


@mail_builder("test-builder")
async def _test_builder(params: dict[str, Any]) -> MailContent:
    _built_from.append(params)
    if params.get("gone"):
        raise MailNotWanted("the registration is gone")
    return MailContent(context={"name": params["name"]})


async def test_queued_mail_is_rendered_by_the_worker_and_kept_as_sent(client):
    _built_from.clear()
    async with atomic():
        mail_id = await queue_mail(
            to="anne@example.nl",
            template="test",
            dedupe_key="queued:anne",
            builder="test-builder",
            params={"name": "Anne de Vries"},
        )
        written = await outbox_row(mail_id)

    row = await eventually(
        lambda: (
            OutgoingMail.select()
            .where((OutgoingMail.id == mail_id) & (OutgoingMail.state == MailState.SENT))
            .first()
        )
    )

    assert (written["subject"], written["body_text"]) == ("", "")
    assert _built_from == [{"name": "Anne de Vries"}]
    assert row["subject"] == DUTCH_TEST_SUBJECT
    assert "Anne de Vries" in row["body_text"]


async def test_queued_mail_about_something_gone_is_suppressed_not_sent(client):
    async with atomic():
        mail_id = await queue_mail(
            to="anne@example.nl",
            template="test",
            dedupe_key="queued:gone",
            builder="test-builder",
            params={"name": "Anne", "gone": True},
        )

    row = await eventually(
        lambda: (
            OutgoingMail.select()
            .where((OutgoingMail.id == mail_id) & (OutgoingMail.state == MailState.SUPPRESSED))
            .first()
        )
    )

    assert (row["last_error"], row["body_text"], row["sent_at"]) == (
        "the registration is gone",
        "",
        None,
    )
    assert await deliver_outgoing(mail_id) is None  # suppressed stays suppressed


async def test_queue_mail_with_an_unknown_builder_is_refused():
    with pytest.raises(ValueError, match="no mail builder"):
        await queue_mail(
            to="anne@example.nl", template="test", dedupe_key="x", builder="nobody", params={}
        )


def test_build_message_keeps_a_long_ascii_subject_on_one_line():
    subject = "Je aanmelding voor het Actualiteitencollege armoede en schulden in de regio"

    data = bytes(build_message(message_row(subject=subject)))

    [line] = [line for line in data.split(b"\n") if line.startswith(b"Subject:")]
    assert line.rstrip(b"\r") == f"Subject: {subject}".encode()
    assert parse_bytes(data)["Subject"] == subject


def test_build_message_folds_a_non_ascii_subject_into_valid_encoded_words():
    subject = "Je aanmelding voor de themabijeenkomst cliëntenraden en inclusieve wijkaanpak"

    data = bytes(build_message(message_row(subject=subject)))

    assert parse_bytes(data)["Subject"] == subject
    assert all(len(line) <= 78 for line in data.split(b"\n") if b"=?utf-8?" in line)
