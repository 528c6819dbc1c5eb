"""Fixtures of the federation tests: another Werkplaats on this machine, and a
fediverse account (its own little server) that can follow one."""

from __future__ import annotations

import pytest

from tests.federation.fediverse import RemoteActor
from tests.federation.feed_server import feed_server
from tests.federation.instances import start_instance


@pytest.fixture
def utrecht():
    instance = start_instance("Werkplaats Sociaal Domein Utrecht", "Utrecht")
    try:
        yield instance
    finally:
        instance.cluster.stop()


@pytest.fixture
def ada():
    for server in feed_server():
        yield RemoteActor(server).serve()
