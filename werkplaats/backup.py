"""`werkplaats backup` and `werkplaats restore`: the whole database to one file and back.

SQLite: the online backup API, so a backup taken while the site runs is consistent
(it copies pages under SQLite's own locks; a write in between restarts the copy), and
the file is itself a SQLite database anyone can open. Restore copies it back the same
way, page by page, while the site is stopped.

PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, compressed) and
`pg_restore --clean --if-exists --no-owner --single-transaction`, so a restore that
fails half-way leaves the database as it was. Both tools must match the server's
major version (Debian's `postgresql-client`).

What DATA_DIR holds besides (badge and certificate files of finished jobs, mail
written as files) is made again on demand; the database is what cannot be.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


class BackupError(Exception):
    """What went wrong, said so an operator can act on it."""


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _is_sqlite(url: str) -> bool:
    return urlsplit(url).scheme == "sqlite"


def _pg(url: str) -> tuple[str, dict[str, str]]:
    """The URL for the client tools (password in the environment, not the command line)."""
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
        netloc = parts.netloc.replace(f":{parts.password}@", "@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(url: str, target: Path) -> Path:
    """Write the database at `url` to `target`; returns the file written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if _is_sqlite(url):
        source = _sqlite_path(url)
        if not source.is_file():
            raise BackupError(f"no database at {source}")
        with sqlite3.connect(source) as live, sqlite3.connect(partial) as copy:
            live.backup(copy)
        copy.close()
    else:
        dsn, env = _pg(url)
        _run([_tool("pg_dump"), "--format=custom", "--file", str(partial), dsn], env)
    partial.replace(target)  # a backup file is whole or absent
    return target


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` by the backup in `source`. Stop the site first."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    if _is_sqlite(url):
        try:
            with sqlite3.connect(source) as copy:
                if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("integrity check failed")
                with sqlite3.connect(_sqlite_path(url)) as live:
                    copy.backup(live)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a sound SQLite backup ({exc})") from None
        return
    dsn, env = _pg(url)
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--dbname",
        dsn,
        str(source),
    ]
    _run(command, env)
