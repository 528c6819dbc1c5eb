"""Another Werkplaats on this machine: `werkplaats serve` on a port and a SQLite
database of its own, migrated, with an organiser's API token to seed it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.servers import WERKPLAATS_APP, Cluster, start_cluster
from werkplaats.settings import PROJECT_ROOT, get_settings

PASSWORD = "een lang genoeg wachtwoord voor tests"
# An event as another Werkplaats's organiser posts it to its API.
EVENT = {
    "title": "Schuldhulp in de wijk",
    "kind": "themabijeenkomst",
    "status": "published",
    "starts_at": "2030-03-12T13:30:00+01:00",
    "ends_at": "2030-03-12T17:00:00+01:00",
    "summary": "Wat werkt bij vroegsignalering van schulden?",
    "venue": {"name": "Stadskantoor", "address": "Stadsplateau 1", "city": "Utrecht"},
}


@dataclass
class Instance:
    cluster: Cluster
    token: str

    @property
    def url(self) -> str:
        return self.cluster.urls[0]

    def api(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, trust_env=False)


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "werkplaats.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def start_instance(name: str, region: str) -> Instance:
    """Migrate a database of its own, make an organiser, then serve it."""
    data_dir = Path(tempfile.mkdtemp(prefix="werkplaats-", dir=get_settings().data_dir))
    environment: dict[str, str | None] = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'werkplaats.sqlite'}",
        "BROKER_URL": None,  # its own worker, in-process
        "BROKER_NAMESPACE": None,
        "BASE_URL": None,  # its own address: http://127.0.0.1:{port}
        "SITE_NAME": name,
        "SITE_REGION": region,
        "SECOND_FACTOR_ROLES": "",
    }
    env = dict(os.environ)
    for key, value in environment.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    _cli(env, "migrate")
    token = (
        _cli(env, "create-user", "organisator@elders.test", "--role", "organiser", stdin=PASSWORD)
        .strip()
        .splitlines()[-1]
    )
    cluster = start_cluster(
        WERKPLAATS_APP, with_worker=False, servers=1, via_cli=True, environment=environment
    )
    return Instance(cluster=cluster, token=token)
