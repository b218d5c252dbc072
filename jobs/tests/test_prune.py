"""The pruning job deletes old finished tasks with their attempts, and nothing else."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.models import Attempt, ScheduledRun
from jobs.tests.helpers import run_next
from jobs.tests.probe_tasks import remember

pytestmark = pytest.mark.django_db


def test_it_deletes_finished_tasks_older_than_two_weeks_with_their_attempts() -> None:
    old = remember.enqueue("old")
    run_next()
    recent = remember.enqueue("recent")
    run_next()
    queued = remember.enqueue("queued")
    DBTaskResult.objects.filter(pk=old.id).update(finished_at=timezone.now() - timedelta(days=15))
    ScheduledRun.objects.create(
        name="x", slot_start=timezone.now() - timedelta(days=20), worker_id="w", task_id=old.id
    )

    assert services.prune_finished() == 1

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in remaining} == {recent.id, queued.id}
    assert not Attempt.objects.filter(task_id=UUID(old.id)).exists()
    assert not ScheduledRun.objects.exists()
    assert DBTaskResult.objects.get(pk=queued.id).status == TaskResultStatus.READY
