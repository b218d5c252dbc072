"""Claiming, running and closing one task, with retries, a time limit and orphan recovery.

Each run of a task is an `Attempt` row, opened in the same transaction as the
claim. Whoever closes it (the worker when the task ends, or the reaper when the
worker went silent) does so with a conditional UPDATE on `outcome=running`, and
only the winner touches the task row. A worker whose run was taken from it
therefore cannot overwrite the result of the worker that took over.

A task that fails with attempts left goes back to READY on the same row with a
later `run_after`; `worker_ids` keeps one entry per run, so the attempt number
is `len(worker_ids)`, which is also what Django's `TaskContext.attempt` reports.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from traceback import format_exception, format_exception_only
from types import FrameType
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError, connection, transaction
from django.tasks import TaskContext
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception, retry

from jobs.models import Attempt, Outcome, WorkerHeartbeat
from jobs.registry import DEFAULT_POLICY, RetryPolicy, policy_for

logger = logging.getLogger("jobs")

# A worker silent this long is taken for dead and its running tasks are requeued.
STALE_AFTER = timedelta(seconds=60)
# However a task declares its retries, losing its worker is forgiven this many times.
MIN_ATTEMPTS_AFTER_WORKER_LOSS = 3


class TaskTimeout(BaseException):
    """Raised inside a task that ran past its time limit.

    A BaseException, like KeyboardInterrupt, so a task's `except Exception:`
    cannot swallow it and carry on past its limit.
    """


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped sending heartbeats while running it."""


@dataclass
class Deadline:
    seconds: float | None
    expired: bool = False


@contextmanager
def time_limit(seconds: float | None) -> Iterator[Deadline]:
    """Raise TaskTimeout in the block once `seconds` have passed, using SIGALRM.

    Signals reach only the main thread, where the worker runs its tasks; off it
    (or with no limit) the block runs unguarded.
    """
    deadline = Deadline(seconds)
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield deadline
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        deadline.expired = True
        raise TaskTimeout(f"Ran past its time limit of {seconds:g} s.")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)


@dataclass
class Claim:
    row: DBTaskResult
    attempt: Attempt

    @property
    def number(self) -> int:
        return self.attempt.number


def claim_next(
    *, worker_id: str, queue_names: list[str], backend_name: str = "default"
) -> Claim | None:
    """Take the next ready task for this worker, or None when there is none."""
    tasks = DBTaskResult.objects.ready().filter(backend_name=backend_name)
    if "*" not in queue_names:
        tasks = tasks.filter(queue_name__in=queue_names)
    try:
        # SKIP LOCKED on PostgreSQL; an exclusive transaction on SQLite.
        with exclusive_transaction(tasks.db):
            row = tasks.get_locked()
            if row is None:
                return None
            row.claim(worker_id)
            attempt = Attempt.objects.create(
                task=row,
                number=len(row.worker_ids),
                worker_id=worker_id,
                started_at=row.started_at,
            )
    except OperationalError as error:
        if is_locked_database_exception(error):
            return None
        raise
    return Claim(row, attempt)


def run_claimed(claim: Claim) -> str:
    """Run a claimed task to its end and record what happened; returns the Outcome."""
    row = claim.row
    try:
        task = row.task
    except (ImportError, SuspiciousOperation) as error:
        # The code is gone; retrying cannot help.
        _close(claim, Outcome.FAILED, error=error, policy=DEFAULT_POLICY)
        return Outcome.FAILED
    policy = policy_for(task)
    sender = type(task.get_backend())
    deadline = Deadline(policy.timeout_s)
    try:
        task_started.send(sender=sender, task_result=row.task_result)
        with time_limit(policy.timeout_s) as deadline:
            args, kwargs = row.args_kwargs["args"], row.args_kwargs["kwargs"]
            if task.takes_context:
                value = task.call(TaskContext(task_result=row.task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
        value = normalize_json(value)
    except KeyboardInterrupt:
        # A forced stop (Ctrl-C twice) is nobody's failure: hand the task back, then exit.
        release(claim)
        raise
    except BaseException as error:
        if deadline.expired:
            # The alarm may surface as another error (say a broken query); call it what it was.
            _reset_connection()
            if not isinstance(error, TaskTimeout):
                error = TaskTimeout(f"Ran past its time limit of {policy.timeout_s:g} s.")
            outcome = Outcome.TIMED_OUT
        else:
            outcome = Outcome.FAILED
        return _close(claim, outcome, error=error, policy=policy, sender=sender)
    return _close(claim, Outcome.SUCCEEDED, value=value, policy=policy, sender=sender)


def _reset_connection() -> None:
    # An alarm can interrupt a query half-way, leaving the connection unusable.
    # Inside an atomic block (only ever a test's) closing would break the block.
    if not connection.in_atomic_block:
        connection.close()


def _close(
    claim: Claim,
    outcome: str,
    *,
    policy: RetryPolicy,
    error: BaseException | None = None,
    value: Any = None,
    sender: type | None = None,
) -> str:
    """Record how the attempt ended: done, waiting for a retry, or given up.

    Returns the outcome as recorded, or "lost" when the reaper closed the
    attempt first (the task then belongs to whichever worker runs it next).
    """
    row = claim.row
    now = timezone.now()
    final = outcome in {Outcome.SUCCEEDED, Outcome.FAILED, Outcome.TIMED_OUT}
    changes: dict[str, Any]
    if outcome == Outcome.SUCCEEDED:
        changes = {
            "status": TaskResultStatus.SUCCESSFUL,
            "finished_at": now,
            "return_value": value,
            "exception_class_path": "",
            "traceback": "",
        }
    elif outcome == Outcome.INTERRUPTED:
        changes = {"status": TaskResultStatus.READY, "run_after": get_date_max()}
        final = False
    else:
        assert error is not None
        changes = {
            "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
            "traceback": "".join(format_exception(error)),
            "return_value": None,
        }
        retryable = outcome == Outcome.TIMED_OUT or isinstance(error, policy.retry_on)
        if retryable and claim.number < policy.max_attempts:
            # Keep the error on the row so the supervisor sees why it is waiting.
            changes |= {
                "status": TaskResultStatus.READY,
                "run_after": now + policy.delay_after(claim.number),
                "finished_at": None,
            }
            final = False
        else:
            changes |= {"status": TaskResultStatus.FAILED, "finished_at": now}
    summary = "".join(format_exception_only(error)).strip() if error else ""

    if not _write(claim, outcome, summary, changes, now):
        logger.warning(
            "Task %s attempt %s: the reaper gave it to another worker; dropping this result.",
            row.id,
            claim.number,
        )
        return "lost"
    for name, new in changes.items():
        setattr(row, name, new)
    if error is not None:
        then = "gave up" if final else f"next try at {row.run_after:%H:%M:%S}"
        logger.info(
            "Task %s %s on attempt %d of %d (%s): %s",
            row.id,
            outcome,
            claim.number,
            policy.max_attempts,
            then,
            summary,
        )
    if final and sender is not None:
        try:
            task_finished.send(sender=sender, task_result=row.task_result)
        except Exception:
            logger.exception("A task_finished receiver failed for task %s", row.id)
    return outcome


@retry()
def _write(
    claim: Claim, outcome: str, summary: str, changes: dict[str, Any], now: datetime
) -> bool:
    with transaction.atomic():
        won = (
            Attempt.objects.running()
            .filter(pk=claim.attempt.pk)
            .update(outcome=outcome, finished_at=now, error=summary[:2000])
        )
        if won:
            DBTaskResult.objects.filter(pk=claim.row.pk).update(**changes)
    return bool(won)


def release(claim: Claim) -> str:
    """Hand a claimed task back to the queue unfinished (its result could not be recorded)."""
    return _close(claim, Outcome.INTERRUPTED, policy=DEFAULT_POLICY)


def reap_orphans(*, stale_after: timedelta = STALE_AFTER, now: datetime | None = None) -> int:
    """Take back running tasks whose worker has gone silent; returns how many.

    A run started before the cut-off by a worker with no heartbeat since then
    is closed as orphaned and its task made READY again, or FAILED once it has
    used up its attempts (and at least MIN_ATTEMPTS_AFTER_WORKER_LOSS), so a
    task that kills its worker every time cannot take the whole pool down.
    """
    now = now or timezone.now()
    cutoff = now - stale_after
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values("worker_id")
    orphans = (
        Attempt.objects.running()
        .filter(started_at__lt=cutoff)
        .exclude(worker_id__in=alive)
        .select_related("task")
    )
    reaped = 0
    for attempt in orphans:
        row = attempt.task
        try:
            policy = policy_for(row.task)
        except (ImportError, SuspiciousOperation):
            policy = DEFAULT_POLICY
        error = WorkerLost(
            f"Worker {attempt.worker_id} stopped sending heartbeats while running attempt "
            f"{attempt.number}."
        )
        changes: dict[str, Any] = {
            "exception_class_path": f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            "traceback": str(error),
        }
        if attempt.number < max(policy.max_attempts, MIN_ATTEMPTS_AFTER_WORKER_LOSS):
            # The date the backend reads as "no run_after": ready at once, in queue order.
            changes |= {
                "status": TaskResultStatus.READY,
                "run_after": get_date_max(),
                "started_at": None,
            }
        else:
            changes |= {"status": TaskResultStatus.FAILED, "finished_at": now}
        if _write(Claim(row, attempt), Outcome.ORPHANED, str(error), changes, now):
            reaped += 1
            logger.warning("Took back task %s: %s", row.id, error)
    return reaped


def beat(*, worker_id: str, hostname: str, pid: int, queues: str, started_at: datetime) -> None:
    """Record that this worker is alive (creating its row if it was pruned)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": hostname,
                "pid": pid,
                "queues": queues,
                "started_at": started_at,
                "seen_at": now,
            },
        )
