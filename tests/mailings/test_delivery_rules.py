"""The shell's delivery rules a mailing relies on: SMTP answers classed (4xx retried,
5xx failed at once), no header injection, CRLF lines, and a retry of failed rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import free_port
from tests.shell.test_outbox import deliver_in_another_process, direct_row, files_for, outbox_row
from werkplaats.enums import MailState
from werkplaats.mail.message import UnsafeHeader, build_message
from werkplaats.mail.outbox import deliver_outgoing, requeue_failed
from werkplaats.tables import OutgoingMail


class Answering:
    """Answers RCPT for each address as told (`550 …`, `451 …`); others are accepted."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.received: list[Any] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.answers:
            return self.answers[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def answering() -> Iterator[tuple[int, Answering]]:
    handler = Answering(
        {"weg@example.nl": "550 5.1.1 No such user", "vol@example.nl": "451 4.2.2 Mailbox full"}
    )
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


async def test_smtp_5xx_fails_at_once_and_4xx_is_tried_again(client, answering):
    port, handler = answering
    gone = await direct_row(to_address="weg@example.nl")
    full = await direct_row(to_address="vol@example.nl")

    outcomes = await deliver_in_another_process(f"smtp://127.0.0.1:{port}", gone, full)

    assert outcomes == {gone: "failed", full: "raised SMTPRecipientsRefused"}
    assert (await outbox_row(gone))["state"] == MailState.FAILED
    assert (await outbox_row(gone))["attempts"] == 1
    assert (await outbox_row(full))["state"] == MailState.QUEUED
    assert handler.received == []


async def test_failed_row_retried_by_an_organiser_is_sent_with_its_message_id(client, answering):
    port, handler = answering
    mail_id = await direct_row(to_address="weg@example.nl")
    await deliver_in_another_process(f"smtp://127.0.0.1:{port}", mail_id)
    handler.answers.clear()  # the mailbox exists again

    requeued = await requeue_failed([mail_id])
    outcomes = await deliver_in_another_process(f"smtp://127.0.0.1:{port}", mail_id)
    again = await requeue_failed([mail_id])

    assert (requeued, again) == (1, 0)
    assert outcomes[mail_id] in ("sent", "None")  # the in-process worker may have been first
    row = await outbox_row(mail_id)
    assert row["state"] == MailState.SENT
    if outcomes[mail_id] == "sent":
        [envelope] = handler.received
        assert row["message_id"].encode() in envelope.content


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("subject", "Welkom\r\nBcc: iedereen@example.org"),
        ("to_name", "Anne\nBcc: iedereen@example.org"),
        ("to_address", "anne@example.nl\r\nBcc: x@example.org"),
    ],
)
async def test_header_with_a_line_break_is_never_written(client, column, value):
    mail_id = await direct_row(**{column: value})

    stored = await OutgoingMail.select().where(OutgoingMail.id == mail_id).output(load_json=True)
    with pytest.raises(UnsafeHeader):
        build_message(stored[0])
    state = await deliver_outgoing(mail_id)

    assert state is MailState.FAILED
    row = await outbox_row(mail_id)
    assert row["attempts"] == 1 and row["last_error"].startswith("UnsafeHeader")
    assert files_for(row["message_id"]) == []


async def test_eml_file_lines_end_in_crlf(client):
    mail_id = await direct_row(body_text="Beste Anne,\n\nWaar: Haarlem\nOnline: https://x.nl\n")

    await deliver_outgoing(mail_id)

    [path] = files_for((await outbox_row(mail_id))["message_id"])
    data = path.read_bytes()
    assert b"\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")
