"""The `werkplaats` command: serve, migrate, demo, create-user, token, worker, backup,
restore."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import io
import signal
import sys
from pathlib import Path

import click

from werkplaats.enums import Role


def _run(coro):
    async def wrapped():
        from werkplaats.db import close_database, open_database

        await open_database()
        try:
            return await coro
        finally:
            await close_database()

    return asyncio.run(wrapped())


async def run_migrations() -> None:
    """All migrations forwards; Piccolo's report of each app is shown only on failure."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        response = await run_forwards(app_name="all")
    if not response.success:
        raise click.ClickException(f"{report.getvalue()}\n{response.message}")


@click.group()
def main() -> None:
    """Werkplaats: events and congress of a Werkplaats Sociaal Domein."""


@main.command()
@click.option("--host", default=None, help="Address to listen on.  [default: HOST or 127.0.0.1]")
@click.option("--port", default=None, type=int, help="Port.  [default: PORT or 8000]")
@click.option("--workers", default=1, show_default=True, type=int, help="Web processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web app (with the worker in-process when BROKER_URL is unset)."""
    import uvicorn

    from werkplaats.settings import listen_on

    settings = listen_on(host, port)
    # Forwarded headers are believed from FORWARDED_ALLOW_IPS only. Passed even when
    # empty, so uvicorn never falls back to its own default (127.0.0.1) or reads the
    # environment itself.
    trusted = list(settings.forwarded_allow_ips)
    uvicorn.run(
        "werkplaats.app:create_app",
        factory=True,
        host=settings.listen_host,
        port=settings.listen_port,
        workers=workers,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        log_level="info",
    )


@main.command()
def migrate() -> None:
    """Run all database migrations forwards."""
    _run(run_migrations())
    click.echo("migrations: up to date")


@main.command()
def demo() -> None:
    """Load the demo programme year (idempotent)."""
    from congress.demo import load_demo as load_congress
    from events.demo import load_demo as load_events
    from mailings.demo import load_demo as load_mailings
    from programme.demo import load_demo as load_programme

    async def load() -> None:
        await load_events()
        await load_congress()
        await load_mailings()
        await load_programme()

    _run(load())
    click.echo("demo data: loaded")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Again: "):
            raise click.ClickException("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


@main.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="")
def create_user(email: str, role: str, name: str) -> None:
    """Create (or update) an account; password from stdin; prints an API token."""
    from werkplaats.auth.accounts import create_user as create
    from werkplaats.auth.accounts import issue_token, password_problem
    from werkplaats.i18n import language

    password = _read_password()
    with language("en"):  # the command speaks English, as its other messages do
        problem = password and password_problem(password, email=email, name=name)
    if problem:
        raise click.ClickException(problem)

    async def work() -> str:
        user = await create(email, role=Role(role), name=name, password=password)
        return await issue_token(user, label="create-user")

    token = _run(work())
    click.echo(f"account {email} ({role}) saved; API token:", err=True)
    click.echo(token)


@main.command()
@click.argument("email")
@click.option("--label", default="cli")
def token(email: str, label: str) -> None:
    """Print a new API token for an existing account."""
    from werkplaats.auth.accounts import issue_token, normalise_email
    from werkplaats.tables import User

    async def work() -> str | None:
        row = await User.select(User.id).where(User.email == normalise_email(email)).first()
        if row is None:
            return None
        from werkplaats.auth.accounts import user_by_id

        user = await user_by_id(row["id"])
        return await issue_token(user, label=label) if user else None

    value = _run(work())
    if value is None:
        raise click.ClickException(f"no active account {email}")
    click.echo(value)


@main.command()
@click.argument("slug")
@click.option("--layout", type=click.Choice(["a6", "a4"]), default="a6", show_default=True)
@click.option("--unprinted", is_flag=True, help="Only badges not printed before.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def badges(slug: str, layout: str, unprinted: bool, output: str, lang: str) -> None:
    """Write the badges of event SLUG as one PDF, sorted by surname; marks them printed."""
    from events.enums import BadgeLayout
    from events.services.documents.badges import NoBadges, badge_ids, mark_printed, render_badges
    from events.services.registration.admin import event_by_slug

    async def work() -> int:
        event = await event_by_slug(slug)
        if event is None:
            raise click.ClickException(f"no event {slug}")
        ids = await badge_ids(event["id"], only_unprinted=unprinted)
        if not ids:
            raise click.ClickException(
                "no registered people without a printed badge"
                if unprinted
                else "nobody is registered for this event"
            )
        with click.progressbar(
            length=len(ids), label="badges", show_pos=True, show_percent=True, file=sys.stderr
        ) as bar:

            async def progress(done: int, total: int) -> None:
                bar.update(done - bar.pos)

            try:
                pdf, printed = await render_badges(
                    event["id"], ids, layout=BadgeLayout(layout), language=lang, progress=progress
                )
            except NoBadges as exc:
                raise click.ClickException(exc.message) from None
        with open(output, "wb") as file:
            file.write(pdf)
        await mark_printed(printed)
        return len(printed)

    count = _run(work())
    click.echo(f"{count} badges written to {output}", err=True)


@main.command()
@click.option("--threads", default=None, type=int, help="Worker threads (default WORKER_THREADS).")
def worker(threads: int | None) -> None:
    """Process jobs from BROKER_URL; run as many as you like, on any machine."""
    from werkplaats import queue
    from werkplaats.app import load_apps
    from werkplaats.logs import quiet_libraries
    from werkplaats.settings import get_settings

    if not get_settings().broker_url:
        raise click.ClickException(
            "BROKER_URL is not set: `werkplaats serve` runs the worker itself"
        )
    quiet_libraries()
    load_apps()

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        running = queue.start_worker(threads)
        # First pass takes everything: a worker restarted after a crash sends what
        # waits at once (a message sent twice is claimed once).
        sweeper = asyncio.create_task(queue.run_sweeper(first_min_age=0))
        click.echo(f"worker: consuming from {type(queue.broker).__name__}", err=True)
        await stop.wait()
        sweeper.cancel()
        await asyncio.to_thread(queue.stop_worker, running)

    _run(run())


if __name__ == "__main__":
    main()


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Write the whole database to TARGET (safe while the site runs)."""
    from werkplaats.backup import BackupError
    from werkplaats.backup import backup as write_backup
    from werkplaats.settings import get_settings

    try:
        written = write_backup(get_settings().database_url, target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup written: {written} ({written.stat().st_size} bytes)")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: the current data is replaced.")
def restore(source: Path, yes: bool) -> None:
    """Replace the database by the backup in SOURCE. Stop web and worker first."""
    from werkplaats.backup import BackupError
    from werkplaats.backup import restore as read_backup
    from werkplaats.settings import get_settings

    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    try:
        read_backup(get_settings().database_url, source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored from {source}; run `werkplaats migrate` if it is older than the code")
