"""Settings, read once from the environment (and an optional `.env` file).

Nothing else in the code base reads `os.environ`: everything that can be configured
is a field here, so the README, the tests and the code agree on one list.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Counts per window (seconds); tuned for a whole office behind one address."""

    login_per_address: int = 30
    login_per_account: int = 8  # from one address: wrong guesses block only that place
    login_per_account_everywhere: int = 200  # from all addresses together
    login_window: int = 900
    # A whole municipality's office may register from one address: be generous
    # (300 a minute); one e-mail address gets 10 tries in ten minutes.
    registration_per_address: int = 300
    registration_address_window: int = 60
    registration_per_email: int = 10
    registration_email_window: int = 600


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    broker_url: str | None
    broker_namespace: str
    smtp_url: str | None
    smtp_ca_file: str | None
    mail_from: str
    secret_key: str
    base_url: str
    # Where `serve` listens (HOST, PORT); BASE_URL defaults to this address.
    listen_host: str
    listen_port: int
    debug: bool
    worker_threads: int
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # Where each process writes how long it held each lock (for bench/); None: not recorded.
    lock_times_dir: Path | None = None
    # The proxies whose X-Forwarded-For/-Proto `serve` believes (addresses or networks, or
    # "*"). Empty: nobody's, not even 127.0.0.1's; the client is the TCP peer.
    forwarded_allow_ips: tuple[str, ...] = ()
    # A back-office login ends after this long without a request, and after this long
    # in all (ASVS 3.3.2, level 2: 30 minutes idle, 12 hours).
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    # Roles that must log in with a second factor (set up at the first login).
    second_factor_roles: tuple[str, ...] = ("admin", "organiser")
    # How long the audit log keeps what organisers did (two programme years).
    audit_retention_days: int = 730
    # Mails a worker process hands the SMTP server per minute at most; 0: no limit.
    smtp_rate_per_minute: int = 0
    # This Werkplaats as other instances and the national agenda name it.
    site_name: str = "Werkplaats Sociaal Domein"
    site_region: str = ""
    # Hosts whose federation feeds may be fetched over plain http (tests, a local mirror).
    federation_allow_http_hosts: tuple[str, ...] = ()

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def in_process_worker(self) -> bool:
        """Without a broker URL the web process runs the worker itself."""
        return not self.broker_url

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def _secret_key(data_dir: Path, configured: str | None) -> str:
    """Use SECRET_KEY, or a key generated once and kept in DATA_DIR.

    A key that changed at every start would log everyone out and, worse, differ
    between two web processes; so the generated one is stored.
    """
    if configured:
        return configured
    path = data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _address_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _local_url(host: str, port: int) -> str:
    """The served address as a link: an any-address host is reached on the loopback."""
    if host in {"", "0.0.0.0", "::", "[::]"}:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = {**_read_dotenv(PROJECT_ROOT / ".env"), **(environ or os.environ)}
    data_dir = Path(env.get("DATA_DIR") or PROJECT_ROOT / "var").resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'werkplaats.sqlite'}"
    listen_host = env.get("HOST") or "127.0.0.1"
    listen_port = int(env.get("PORT") or 8000)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        broker_url=env.get("BROKER_URL") or None,
        broker_namespace=env.get("BROKER_NAMESPACE") or "werkplaats",
        smtp_url=env.get("SMTP_URL") or None,
        smtp_ca_file=env.get("SMTP_CA_FILE") or None,
        mail_from=env.get("MAIL_FROM") or "Werkplaats Sociaal Domein <noreply@werkplaats.local>",
        secret_key=_secret_key(data_dir, env.get("SECRET_KEY")),
        base_url=(env.get("BASE_URL") or _local_url(listen_host, listen_port)).rstrip("/"),
        listen_host=listen_host,
        listen_port=listen_port,
        debug=env.get("DEBUG", "").lower() in {"1", "true", "yes"},
        worker_threads=int(env.get("WORKER_THREADS") or 4),
        lock_times_dir=Path(env["LOCK_TIMES_DIR"]).resolve() if env.get("LOCK_TIMES_DIR") else None,
        forwarded_allow_ips=_address_list(env.get("FORWARDED_ALLOW_IPS") or ""),
        session_idle_minutes=int(env.get("SESSION_IDLE_MINUTES") or 30),
        session_max_hours=int(env.get("SESSION_MAX_HOURS") or 12),
        audit_retention_days=int(env.get("AUDIT_RETENTION_DAYS") or 730),
        smtp_rate_per_minute=int(env.get("SMTP_RATE_PER_MINUTE") or 0),
        site_name=env.get("SITE_NAME") or "Werkplaats Sociaal Domein",
        site_region=env.get("SITE_REGION") or "",
        federation_allow_http_hosts=_address_list(env.get("FEDERATION_ALLOW_HTTP_HOSTS") or ""),
        second_factor_roles=_address_list(env.get("SECOND_FACTOR_ROLES", "admin,organiser")),
        rate_limits=RateLimits(
            login_per_address=int(env.get("LOGIN_LIMIT_PER_ADDRESS") or 30),
            login_per_account=int(env.get("LOGIN_LIMIT_PER_ACCOUNT") or 8),
            login_per_account_everywhere=int(env.get("LOGIN_LIMIT_PER_ACCOUNT_EVERYWHERE") or 200),
            registration_per_address=int(env.get("REGISTRATION_LIMIT_PER_ADDRESS") or 300),
            registration_per_email=int(env.get("REGISTRATION_LIMIT_PER_EMAIL") or 10),
        ),
    )


@cache
def get_settings() -> Settings:
    return load_settings()


def listen_on(host: str | None, port: int | None) -> Settings:
    """Make `serve --host/--port` the HOST and PORT of this process and of the web
    processes it starts, so that links follow the port served on unless BASE_URL says
    otherwise."""
    if host:
        os.environ["HOST"] = host
    if port:
        os.environ["PORT"] = str(port)
    get_settings.cache_clear()
    return get_settings()
