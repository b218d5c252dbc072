"""A task that runs past its time limit is stopped, recorded as timed out, and retried."""

from __future__ import annotations

import signal
import time

import pytest
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import Attempt, Outcome
from jobs.runtime import TaskTimeout, time_limit
from jobs.tests.helpers import make_due, run_next
from jobs.tests.probe_tasks import sleeps, swallows_everything

pytestmark = pytest.mark.django_db


def test_it_stops_a_task_past_its_timeout_and_retries_it() -> None:
    result = sleeps.enqueue(3)
    started = time.monotonic()
    assert run_next() == Outcome.TIMED_OUT
    assert time.monotonic() - started < 2
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.exception_class_path == "jobs.runtime.TaskTimeout"

    make_due(result.id)
    assert run_next() == Outcome.TIMED_OUT
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert "time limit of 0.3 s" in row.traceback
    outcomes = list(Attempt.objects.filter(task=row).values_list("outcome", flat=True))
    assert outcomes == [Outcome.TIMED_OUT, Outcome.TIMED_OUT]


def test_a_quick_task_finishes_within_its_limit() -> None:
    result = sleeps.enqueue(0.01)
    assert run_next() == Outcome.SUCCEEDED
    result.refresh()
    assert result.return_value == "woke up"


def test_except_exception_in_a_task_cannot_swallow_its_timeout() -> None:
    result = swallows_everything.enqueue()
    assert run_next() == Outcome.TIMED_OUT
    assert DBTaskResult.objects.get(pk=result.id).exception_class_path.endswith("TaskTimeout")


def test_time_limit_leaves_no_alarm_behind() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TaskTimeout), time_limit(0.05):
        time.sleep(1)
    with time_limit(0.05):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before
