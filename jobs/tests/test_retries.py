"""A failing task comes back after a growing backoff, then stays FAILED and visible."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Attempt, Outcome
from jobs.registry import RetryPolicy, retrying
from jobs.tests.helpers import make_due, run_next
from jobs.tests.probe_tasks import always_fails, rejects_bad_input, remember

pytestmark = pytest.mark.django_db


def test_it_retries_a_failing_task_with_backoff_and_gives_up_after_max_attempts() -> None:
    result = always_fails.enqueue("cartridge")
    backoffs = []
    for attempt in (1, 2):
        before = timezone.now()
        assert run_next() == Outcome.FAILED
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == TaskResultStatus.READY
        assert len(row.worker_ids) == attempt
        assert row.exception_class_path == "builtins.RuntimeError"
        backoffs.append((row.run_after - before).total_seconds())
        # Not due yet: a worker passes it by until its backoff is over.
        assert run_next() is None
        make_due(result.id)

    # backoff_s=10 doubles each time, give or take 20% jitter.
    assert 8 <= backoffs[0] <= 12.5
    assert 16 <= backoffs[1] <= 24.5

    assert run_next() == Outcome.FAILED
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.finished_at is not None
    assert "the printer is on fire (cartridge)" in row.traceback
    assert run_next() is None

    attempts = list(Attempt.objects.filter(task=row).values_list("number", "outcome", "worker_id"))
    assert attempts == [(n, Outcome.FAILED, "worker-a") for n in (1, 2, 3)]
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.attempts == 3


def test_it_runs_a_task_without_a_retry_policy_once() -> None:
    result = remember.enqueue("hello")
    assert run_next() == Outcome.SUCCEEDED
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "HELLO"
    assert Attempt.objects.get(task_id=UUID(result.id)).outcome == Outcome.SUCCEEDED


def test_it_fails_at_once_on_an_error_outside_retry_on() -> None:
    result = rejects_bad_input.enqueue("abc")
    assert run_next() == Outcome.FAILED
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"
    assert len(row.worker_ids) == 1


def test_backoff_doubles_up_to_the_ceiling() -> None:
    policy = RetryPolicy(max_attempts=10, backoff_s=30, max_backoff_s=100)
    assert timedelta(seconds=24) <= policy.delay_after(1) <= timedelta(seconds=36)
    assert timedelta(seconds=48) <= policy.delay_after(2) <= timedelta(seconds=72)
    assert policy.delay_after(9) <= timedelta(seconds=100)


def test_retrying_must_sit_beneath_task() -> None:
    with pytest.raises(TypeError, match="beneath @task"):
        retrying(max_attempts=2)(remember)  # type: ignore[type-var]
