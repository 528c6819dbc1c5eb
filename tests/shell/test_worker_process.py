"""`werkplaats worker` as its own process on a real broker, as on a worker machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker

from tests.conftest import eventually
from werkplaats.enums import MailState
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_BROKER_URL"), reason="needs a broker (TEST_BROKER_URL)"
)


@pytest.fixture
def worker_process():
    """A worker process on a namespace of its own, so only it can take our message."""
    namespace = f"werkplaats_worker_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "BROKER_URL": get_settings().broker_url, "BROKER_NAMESPACE": namespace}
    process = subprocess.Popen(
        [sys.executable, "-m", "werkplaats.cli", "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield namespace, process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


async def test_worker_process_delivers_mail_queued_elsewhere(worker_process):
    namespace, process = worker_process
    rows = await OutgoingMail.insert(
        OutgoingMail(
            dedupe_key="worker-process",
            message_id="<worker-process@testserver.local>",
            to_address="a@example.org",
            subject="Van een andere machine",
            body_text="Hallo",
        )
    ).returning(OutgoingMail.id)
    mail_id = rows[0]["id"]
    other = RedisBroker(url=get_settings().broker_url, namespace=namespace)

    other.enqueue(
        dramatiq.Message(
            queue_name="werkplaats",
            actor_name="deliver_mail",
            args=(mail_id,),
            kwargs={},
            options={},
        )
    )

    try:
        row = await eventually(lambda: _row_if_sent(mail_id), timeout=30)
    except AssertionError:
        process.kill()
        raise AssertionError(process.stdout.read().decode()[-3000:]) from None
    assert row["state"] == MailState.SENT
    assert row["attempts"] == 1
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0


async def _row_if_sent(mail_id: int):
    row = await OutgoingMail.select().where(OutgoingMail.id == mail_id).first()
    return row if row and row["state"] == MailState.SENT else None
