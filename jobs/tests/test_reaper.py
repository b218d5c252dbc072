"""A task whose worker went silent is handed to another worker and runs to the end once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Attempt, Outcome, WorkerHeartbeat
from jobs.runtime import MIN_ATTEMPTS_AFTER_WORKER_LOSS, claim_next, reap_orphans, run_claimed
from jobs.tests import probe_tasks
from jobs.tests.helpers import run_next

pytestmark = pytest.mark.django_db


def _heartbeat(worker_id: str, seen_ago: timedelta) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="box",
        pid=1,
        queues="default",
        started_at=now - timedelta(hours=1),
        seen_at=now - seen_ago,
    )


def _claim_and_age(worker_id: str, age: timedelta) -> None:
    """Claim the next task as `worker_id`, as if that happened `age` ago, and never finish it."""
    claim = claim_next(worker_id=worker_id, queue_names=["default"])
    assert claim is not None
    Attempt.objects.filter(pk=claim.attempt.pk).update(started_at=timezone.now() - age)


def test_it_requeues_a_task_whose_worker_went_silent_and_it_then_runs_once() -> None:
    result = probe_tasks.remember.enqueue("invoice-42")
    _heartbeat("crashed", seen_ago=timedelta(minutes=5))
    _claim_and_age("crashed", timedelta(minutes=5))
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    assert reap_orphans() == 1
    assert reap_orphans() == 0  # a second reaper finds nothing left to take
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None
    assert row.exception_class_path == "jobs.runtime.WorkerLost"

    _heartbeat("healthy", seen_ago=timedelta(0))
    assert run_next("healthy") == Outcome.SUCCEEDED
    assert probe_tasks.CALLS == ["invoice-42"]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["crashed", "healthy"]
    assert list(Attempt.objects.filter(task=row).values_list("outcome", flat=True)) == [
        Outcome.ORPHANED,
        Outcome.SUCCEEDED,
    ]


def test_a_worker_with_no_heartbeat_row_counts_as_silent() -> None:
    probe_tasks.remember.enqueue("x")
    _claim_and_age("never-registered", timedelta(minutes=5))
    assert reap_orphans() == 1


def test_it_leaves_a_long_task_of_a_live_worker_alone() -> None:
    result = probe_tasks.remember.enqueue("long")
    _heartbeat("busy", seen_ago=timedelta(seconds=2))
    _claim_and_age("busy", timedelta(hours=1))
    assert reap_orphans() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_the_silent_worker_cannot_overwrite_the_result_when_it_comes_back() -> None:
    result = probe_tasks.remember.enqueue("late")
    stale_claim = claim_next(worker_id="stalled", queue_names=["default"])
    assert stale_claim is not None
    assert reap_orphans(now=timezone.now() + timedelta(minutes=5)) == 1
    assert run_next("rescuer") == Outcome.SUCCEEDED

    # The stalled worker wakes up and finishes its copy: its result is dropped.
    assert run_claimed(stale_claim) == "lost"
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["stalled", "rescuer"]


def test_a_task_that_keeps_losing_its_worker_finally_fails() -> None:
    result = probe_tasks.remember.enqueue("poison")
    for n in range(1, MIN_ATTEMPTS_AFTER_WORKER_LOSS + 1):
        _claim_and_age(f"victim-{n}", timedelta(minutes=5))
        assert reap_orphans() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert "stopped sending heartbeats" in row.traceback
    assert run_next() is None
