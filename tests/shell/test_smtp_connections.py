"""A worker reuses its SMTP connections for many mails, replaces one the server
closed, and keeps to SMTP_RATE_PER_MINUTE (driven here with a fake clock)."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.conftest import eventually
from tests.shell.smtp_servers import outgoing_row
from werkplaats.enums import MailState
from werkplaats.mail import backends
from werkplaats.mail.backends import RateLimiter, SmtpBackend
from werkplaats.mail.outbox import build_message, send_mail
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail


def message(n: int):
    return build_message(
        outgoing_row(id=n, message_id=f"<{n}.smtp@testserver.local>", to_address=f"p{n}@example.nl")
    )


async def test_fifty_mails_at_four_at_a_time_use_at_most_four_connections(start_smtp):
    port, server = start_smtp()
    backend = SmtpBackend.from_url(f"smtp://127.0.0.1:{port}")
    at_once = asyncio.Semaphore(4)

    async def send(n: int) -> None:
        async with at_once:
            await backend.deliver(message(n), name=str(n))

    await asyncio.gather(*(send(n) for n in range(50)))
    backend.close()

    assert sorted(m["rcpt_tos"][0] for m in server.messages) == sorted(
        f"p{n}@example.nl" for n in range(50)
    )
    assert 1 <= len({m["peer"] for m in server.messages}) <= 4


async def test_the_worker_sends_fifty_mails_over_few_connections(client, start_smtp, monkeypatch):
    port, server = start_smtp()
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    try:
        for n in range(50):
            await send_mail(to=f"p{n}@example.nl", template="test", dedupe_key=f"reuse:{n}")
        await eventually(_fifty_sent)
    finally:
        monkeypatch.delenv("SMTP_URL")
        get_settings.cache_clear()
        for backend in backends._smtp_backends.values():
            backend.close()
        backends._smtp_backends.clear()

    assert len(server.messages) == 50
    connections = len({m["peer"] for m in server.messages})
    assert connections < 50
    assert connections <= get_settings().worker_threads + 1


async def _fifty_sent() -> bool:
    return await OutgoingMail.count().where(OutgoingMail.state == MailState.SENT) == 50


async def test_a_connection_the_server_dropped_is_replaced_for_the_same_mail(start_smtp):
    port, first = start_smtp()
    backend = SmtpBackend.from_url(f"smtp://127.0.0.1:{port}")
    await backend.deliver(message(1), name="1")

    start_smtp.stop_all()  # the server restarts: the kept connection is gone
    _port, second = start_smtp(port=port)
    await backend.deliver(message(2), name="2")
    await backend.deliver(message(3), name="3")
    backend.close()

    assert [m["rcpt_tos"] for m in first.messages] == [["p1@example.nl"]]
    assert [m["rcpt_tos"] for m in second.messages] == [["p2@example.nl"], ["p3@example.nl"]]
    assert len({m["peer"] for m in second.messages}) == 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


async def test_the_rate_limit_spaces_mails_evenly():
    clock = FakeClock()
    limiter = RateLimiter(30, clock=clock, sleep=clock.sleep)  # one every 2 s

    await asyncio.gather(*(limiter.wait() for _ in range(5)))
    clock.now += 60  # a quiet minute: the next one goes at once, then 2 s apart again
    await limiter.wait()
    await limiter.wait()

    assert clock.sleeps == [2.0, 4.0, 6.0, 8.0, 2.0]


async def test_no_rate_limit_never_sleeps():
    clock = FakeClock()
    limiter = RateLimiter(0, clock=clock, sleep=clock.sleep)

    await asyncio.gather(*(limiter.wait() for _ in range(100)))

    assert clock.sleeps == []


@pytest.mark.parametrize("rate", [600])
async def test_the_backend_keeps_to_its_rate_against_a_real_server(start_smtp, rate):
    port, server = start_smtp()
    backend = SmtpBackend.from_url(f"smtp://127.0.0.1:{port}", rate_per_minute=rate)

    began = time.monotonic()
    for n in range(5):
        await backend.deliver(message(n), name=str(n))
    took = time.monotonic() - began
    backend.close()

    # Five mails at ten a second: at least four intervals of 0.1 s (only a floor).
    assert len(server.messages) == 5
    assert took >= 4 * 60 / rate * 0.9
