"""Tasks the jobs tests enqueue. Not collected by pytest (no test_ prefix).

The process tests record each run as a row in `jobs_probe`, a table their
fixture creates, so several worker processes can be checked from outside.
"""

from __future__ import annotations

import os
import time

from django.db import connection
from django.tasks import TaskContext, task

from jobs.registry import retrying

# Runs seen in this process, for the in-process tests.
CALLS: list[str] = []


def _probe_row(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO jobs_probe (key, pid) VALUES (%s, %s)", [key, os.getpid()])


@task()
@retrying(max_attempts=3, backoff_s=10, max_backoff_s=60, timeout_s=5)
def always_fails(note: str) -> None:
    CALLS.append(note)
    raise RuntimeError(f"the printer is on fire ({note})")


@task()
@retrying(max_attempts=2, backoff_s=1, timeout_s=0.3)
def sleeps(seconds: float) -> str:
    CALLS.append(f"sleeps {seconds}")
    time.sleep(seconds)
    return "woke up"


@task()
@retrying(max_attempts=3, backoff_s=1, timeout_s=0.3)
def swallows_everything() -> str:
    """A task whose `except Exception` must not hide its timeout."""
    try:
        time.sleep(2)
    except Exception:
        return "carried on"
    return "slept"


@task()
def remember(key: str) -> str:
    CALLS.append(key)
    return key.upper()


@task()
def record(key: str, pause: float = 0.0) -> None:
    time.sleep(pause)
    _probe_row(key)


@task()
@retrying(max_attempts=1, timeout_s=30)
def slow_record(key: str, seconds: float) -> None:
    time.sleep(seconds)
    _probe_row(key)


@task(takes_context=True)
def tick(context: TaskContext) -> None:
    _probe_row(f"tick:{context.task_result.id}")


@task()
@retrying(max_attempts=4, retry_on=(ConnectionError,))
def rejects_bad_input(value: str) -> None:
    raise ValueError(f"{value!r} is not a ticket number")
