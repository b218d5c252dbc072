"""`manage.py worker --once` and the worker loop, run in this process."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import runtime
from jobs.models import Attempt, Outcome, ScheduledRun, WorkerHeartbeat
from jobs.tests import probe_tasks
from jobs.worker import Worker

pytestmark = pytest.mark.django_db


def test_worker_once_runs_one_task_ticks_the_schedule_and_signs_off() -> None:
    first = probe_tasks.remember.enqueue("first")
    second = probe_tasks.remember.enqueue("second")
    call_command("worker", "--once", "--worker-id", "solo", verbosity=0)

    assert probe_tasks.CALLS == ["first"]
    first.refresh()
    second.refresh()
    assert (first.status, second.status) == (TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY)
    assert first.worker_ids == ["solo"]
    assert ScheduledRun.objects.filter(name="jobs.tasks.prune_finished", worker_id="solo").exists()
    # It left on purpose, so it no longer shows as a worker.
    assert not WorkerHeartbeat.objects.exists()


def test_worker_stops_after_max_tasks() -> None:
    for key in "abc":
        probe_tasks.remember.enqueue(key)
    call_command("worker", "--max-tasks", "2", "--interval", "0", verbosity=0)
    assert probe_tasks.CALLS == ["a", "b"]


def test_a_result_the_database_refused_is_handed_back_and_run_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = probe_tasks.remember.enqueue("flaky-db")
    worker = Worker(queue_names=["default"], worker_id="w")
    real_write = runtime._write

    def database_gone(*args: object) -> bool:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(runtime, "_write", database_gone)
    with pytest.raises(DatabaseError):
        worker.run_once()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    monkeypatch.setattr(runtime, "_write", real_write)
    worker.run_once()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert probe_tasks.CALLS == ["flaky-db", "flaky-db"]
    assert list(Attempt.objects.filter(task=row).values_list("outcome", flat=True)) == [
        Outcome.INTERRUPTED,
        Outcome.SUCCEEDED,
    ]


def test_heartbeat_and_stale_threshold_must_fit_together() -> None:
    with pytest.raises(CommandError, match="at most half"):
        call_command("worker", "--once", "--heartbeat", "40", "--stale-after", "60")
