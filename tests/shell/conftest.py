"""Fixtures of the shell's tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import free_port
from tests.shell.smtp_servers import RecordingHandler


@pytest.fixture
def start_smtp() -> Iterator[Callable[..., tuple[int, RecordingHandler]]]:
    """Start aiosmtpd servers with the given options (on `port`, or a free one); all
    stop after the test. `start.stop_all()` stops them before, as a crash would."""
    controllers: list[Controller] = []

    def start(port: int | None = None, **options: Any) -> tuple[int, RecordingHandler]:
        handler = RecordingHandler()
        port = port or free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return port, handler

    def stop_all() -> None:
        while controllers:
            controllers.pop().stop()

    start.stop_all = stop_all  # type: ignore[attr-defined]
    yield start
    stop_all()
