"""Plain helpers for the jobs tests: run the next task the way a worker does, skip a backoff."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.runtime import claim_next, run_claimed


def run_next(worker_id: str = "worker-a") -> str | None:
    """Claim and run one ready task; returns its outcome, or None when nothing was ready."""
    claim = claim_next(worker_id=worker_id, queue_names=["default"])
    return None if claim is None else run_claimed(claim)


def make_due(task_id: str, now: datetime | None = None) -> None:
    """Move a waiting retry's run_after into the past, as if its backoff had elapsed."""
    past = (now or timezone.now()) - timedelta(seconds=1)
    DBTaskResult.objects.filter(pk=task_id).update(run_after=past)
