"""A scratch database that child processes can share, on the engine the suite runs on.

Process tests (real workers, real pollers) need a database every process can reach, so
they cannot use pytest-django's test database inside this process's transaction. This
makes a fresh PostgreSQL database on the PostgreSQL pass (the test is skipped when the
server cannot be reached) and a temporary SQLite file on the SQLite pass, creates the
tables in a child process, and reads it back with psycopg or sqlite3 directly.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@dataclass
class ScratchDB:
    url: str
    connect: Callable[[], Any]
    _conn: Any = None

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self._conn is None:
            self._conn = self.connect()
        if isinstance(self._conn, sqlite3.Connection):
            sql = sql.replace("%s", "?")
        cursor = self._conn.execute(sql, params)
        return list(cursor.fetchall())

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "goodwill.settings",
            "LOG_LEVEL": "INFO",
        }

    def run(
        self, *args: str, timeout: float = 60, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `python *args` against the scratch database, whatever its exit status."""
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def python(self, *args: str, timeout: float = 60, env: dict[str, str] | None = None) -> str:
        done = self.run(*args, timeout=timeout, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _postgres(name: str) -> tuple[str, Callable[[], Any], Callable[[], None]]:
    import psycopg

    db = settings.DATABASES["default"]
    user = quote(str(db.get("USER") or "postgres"), safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    server = (
        f"postgresql://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    )
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server}/{name}"

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, lambda: psycopg.connect(url, autocommit=True), drop


@contextmanager
def scratch_database(tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Iterator[ScratchDB]:
    """A fresh database named `<prefix>_<random>` with every table, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        url, connect, drop = _postgres(name)
    else:
        path = tmp_path_factory.mktemp(prefix) / f"{name}.sqlite3"
        url = f"sqlite:///{path}"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(path, timeout=20, isolation_level=None)

        def drop() -> None:
            pass

    db = ScratchDB(url, connect)
    try:
        db.python("-m", "jobs.tests.harness", "setup", timeout=120)
        yield db
    finally:
        db.close()
        drop()
