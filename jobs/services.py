"""State changes a person or a periodic job asks for: retrying a failed task, pruning old rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from jobs.models import ScheduledRun, WorkerHeartbeat

KEEP_FINISHED = timedelta(days=14)
KEEP_SILENT_WORKERS = timedelta(days=1)


def retry_failed_task(*, task_id: str) -> bool:
    """Queue a FAILED task again, same arguments, with its attempt count back at zero.

    Returns False when the task is not (or no longer) FAILED, so a double click
    queues it once. Earlier attempts stay on record.
    """
    updated = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        worker_ids=[],
        run_after=get_date_max(),
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
    )
    return bool(updated)


@transaction.atomic
def prune_finished(*, now: datetime | None = None, keep: timedelta = KEEP_FINISHED) -> int:
    """Delete finished tasks (and their attempts), slots and silent workers past their keep.

    Returns how many task rows went.
    """
    now = now or timezone.now()
    # The database cascades to the attempts and blanks the slots' task links.
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - keep,
    ).delete()
    ScheduledRun.objects.filter(slot_start__lt=now - keep).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=now - KEEP_SILENT_WORKERS).delete()
    return deleted
