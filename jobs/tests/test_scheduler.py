"""Each periodic slot is enqueued once, however many workers tick the schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import ScheduledRun
from jobs.registry import PERIODIC, Periodic
from jobs.scheduler import tick

pytestmark = pytest.mark.django_db

TICK = "jobs.tests.probe_tasks.tick"
MINUTELY = Periodic(TICK, every=timedelta(minutes=1), allow_overlap=True)
T0 = datetime(2030, 5, 6, 7, 8, 30, tzinfo=UTC)


def _enqueued() -> int:
    return DBTaskResult.objects.filter(task_path=TICK).count()


def test_two_workers_ticking_the_same_slot_enqueue_it_once() -> None:
    first = tick(worker_id="w1", now=T0, periodic=[MINUTELY])
    second = tick(worker_id="w2", now=T0 + timedelta(seconds=20), periodic=[MINUTELY])
    assert [(r.name, r.slot_start, r.worker_id) for r in first] == [
        (TICK, datetime(2030, 5, 6, 7, 8, tzinfo=UTC), "w1")
    ]
    assert second == []
    assert _enqueued() == 1
    assert first[0].task_id is not None


def test_each_new_slot_is_enqueued_by_whichever_worker_ticks_first() -> None:
    for seconds, worker in [(0, "w1"), (10, "w2"), (40, "w2"), (70, "w1"), (95, "w1")]:
        tick(worker_id=worker, now=T0 + timedelta(seconds=seconds), periodic=[MINUTELY])
    slots = list(ScheduledRun.objects.order_by("slot_start").values_list("slot_start", "worker_id"))
    assert slots == [
        (datetime(2030, 5, 6, 7, 8, tzinfo=UTC), "w1"),
        (datetime(2030, 5, 6, 7, 9, tzinfo=UTC), "w2"),
        (datetime(2030, 5, 6, 7, 10, tzinfo=UTC), "w1"),
    ]
    assert _enqueued() == 3


def test_a_slot_is_skipped_while_the_previous_run_is_still_pending() -> None:
    no_overlap = Periodic(TICK, every=timedelta(minutes=1))
    tick(worker_id="w1", now=T0, periodic=[no_overlap])
    [skipped] = tick(worker_id="w1", now=T0 + timedelta(minutes=1), periodic=[no_overlap])
    assert skipped.skipped
    assert skipped.task_id is None
    assert _enqueued() == 1

    DBTaskResult.objects.filter(task_path=TICK).update(status=TaskResultStatus.SUCCESSFUL)
    [ran] = tick(worker_id="w1", now=T0 + timedelta(minutes=2), periodic=[no_overlap])
    assert not ran.skipped
    assert _enqueued() == 2


def test_a_broken_job_does_not_stop_the_others() -> None:
    broken = Periodic("jobs.tests.probe_tasks.no_such_task", every=timedelta(minutes=1))
    created = tick(worker_id="w1", now=T0, periodic=[broken, MINUTELY])
    assert [r.name for r in created] == [TICK]
    assert not ScheduledRun.objects.filter(name=broken.name).exists()


def test_slots_tile_time_from_the_epoch() -> None:
    hourly = Periodic(TICK, every=timedelta(hours=1))
    assert hourly.slot_start(T0) == datetime(2030, 5, 6, 7, tzinfo=UTC)
    ninety = Periodic(TICK, every=timedelta(seconds=90))
    assert (ninety.slot_start(T0) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() % 90 == 0


def test_the_registry_lists_every_periodic_job_and_a_tick_enqueues_each() -> None:
    names = [
        "jobs.tasks.prune_finished",
        "intake.tasks.poll_mailboxes",
        "goodwill.tasks.refresh_query_statistics",
    ]
    assert [p.name for p in PERIODIC] == names
    runs = tick(worker_id="w1", now=T0)
    assert sorted(run.name for run in runs) == sorted(names)
