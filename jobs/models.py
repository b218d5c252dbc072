"""Bookkeeping the worker keeps beside django_tasks_db's own task rows.

`DBTaskResult` (django_tasks_db) stays the one row per task. These models add
what the backend lacks: which workers are alive, each run of a task, and which
periodic slots have already been handed out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class WorkerHeartbeat(models.Model):
    """A live worker process. The reaper treats a worker silent for too long as dead."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.worker_id

    def is_alive(self, *, stale_after: timedelta, now: datetime | None = None) -> bool:
        return self.seen_at >= (now or timezone.now()) - stale_after


class Outcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    TIMED_OUT = "timed_out", "Timed out"
    # The worker died mid-run (no heartbeat); the reaper took the task back.
    ORPHANED = "orphaned", "Worker lost"
    # The worker was forced to stop mid-run and put the task back itself.
    INTERRUPTED = "interrupted", "Interrupted"


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def running(self) -> AttemptQuerySet:
        return self.filter(outcome=Outcome.RUNNING)


class Attempt(models.Model):
    """One run of a task by one worker.

    Claiming a task creates the row and finishing it closes it, both in the same
    transaction as the task row's change. Closing is a conditional UPDATE on
    `outcome=running`, so a worker and a reaper can never both close one run.
    """

    # The database deletes attempts with their task, so pruning tasks stays one DELETE.
    task = models.ForeignKey(DBTaskResult, on_delete=models.DB_CASCADE, related_name="attempts")
    # The task's attempt number when this run started (1 for the first run).
    number = models.PositiveIntegerField()
    worker_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.RUNNING)
    error = models.TextField(blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        indexes = [
            models.Index(
                fields=["started_at"],
                name="jobs_attempt_running_idx",
                condition=models.Q(outcome="running"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} #{self.number} ({self.outcome})"


class ScheduledRun(models.Model):
    """A periodic job's slot, handed out once across every worker.

    The unique (name, slot_start) pair is the lock: the worker whose INSERT wins
    enqueues the task in the same transaction; the others get IntegrityError.
    """

    name = models.CharField(max_length=200)
    slot_start = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    worker_id = models.CharField(max_length=64)
    # True when the previous run had not finished yet, so this slot enqueued nothing.
    skipped = models.BooleanField(default=False)
    # Null when skipped, or once the task row has been pruned.
    task = models.ForeignKey(
        DBTaskResult, null=True, blank=True, on_delete=models.DB_SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-slot_start"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot_start"], name="jobs_one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot_start:%Y-%m-%d %H:%M:%S}"
