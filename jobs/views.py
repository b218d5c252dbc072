"""The task supervisor page at /settings/tasks/: queues, workers, failures and the schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.tasks.base import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.access import require_supervisor
from jobs import services
from jobs.models import Attempt, ScheduledRun, WorkerHeartbeat
from jobs.registry import DEFAULT_POLICY, PERIODIC, policy_for
from jobs.runtime import STALE_AFTER

LIST_LIMIT = 50
TRACEBACK_LINES = 12


@dataclass
class TaskRow:
    """A task row as the page shows it: what it is, which attempt, why it failed."""

    db: DBTaskResult
    name: str
    arguments: str
    attempt: int
    max_attempts: int
    next_try: datetime | None
    error: str
    traceback_tail: str
    attempts: list[Attempt]
    took: str

    @classmethod
    def of(cls, db: DBTaskResult) -> TaskRow:
        try:
            policy = policy_for(db.task)
        except (ImportError, SuspiciousOperation):
            policy = DEFAULT_POLICY
        lines = db.traceback.strip().splitlines()
        arguments = ", ".join(
            [repr(a) for a in db.args_kwargs.get("args", [])]
            + [f"{k}={v!r}" for k, v in db.args_kwargs.get("kwargs", {}).items()]
        )
        return cls(
            db=db,
            name=db.task_name,
            arguments=arguments if len(arguments) <= 120 else arguments[:117] + "...",
            attempt=len(db.worker_ids),
            max_attempts=policy.max_attempts,
            next_try=None if db.run_after == get_date_max() else db.run_after,
            error=lines[-1] if lines else "",
            traceback_tail="\n".join(lines[-TRACEBACK_LINES:]),
            # Only the failed list prefetches them; elsewhere the page does not show them.
            attempts=list(getattr(db, "attempt_list", [])),
            took=_duration(db.finished_at - db.started_at)
            if db.finished_at and db.started_at
            else "",
        )


def _duration(span: timedelta) -> str:
    seconds = span.total_seconds()
    if seconds < 60:
        return f"{seconds:.2g} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.3g} h"
    return f"{seconds / 86400:.3g} days"


def _rows(queryset: Any) -> list[TaskRow]:
    return [TaskRow.of(db) for db in queryset]


def _schedule() -> list[dict[str, Any]]:
    now = timezone.now()
    latest = ScheduledRun.objects.filter(name=OuterRef("name")).order_by("-slot_start")
    last_runs = {
        run.name: run
        for run in ScheduledRun.objects.filter(
            name__in=[p.name for p in PERIODIC],
            slot_start=Subquery(latest.values("slot_start")[:1]),
        ).select_related("task")
    }
    return [
        {
            "job": p,
            "every": _duration(p.every),
            "last": last_runs.get(p.name),
            "next_slot": p.slot_start(now) + p.every,
        }
        for p in PERIODIC
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require_supervisor(request.user)
    tasks = DBTaskResult.objects.defer("return_value")
    counts = DBTaskResult.objects.aggregate(
        **{
            status.lower(): Count("pk", filter=Q(status=status))
            for status in TaskResultStatus.values
        }
    )
    now = timezone.now()
    workers = [
        (worker, worker.is_alive(stale_after=STALE_AFTER, now=now))
        for worker in WorkerHeartbeat.objects.all()
    ]
    context = {
        "counts": counts,
        "workers": workers,
        "queued": _rows(tasks.filter(status=TaskResultStatus.READY)[:LIST_LIMIT]),
        "running": _rows(tasks.filter(status=TaskResultStatus.RUNNING).order_by("started_at")),
        "failed": _rows(
            tasks.filter(status=TaskResultStatus.FAILED)
            .order_by("-finished_at")
            .prefetch_related(Prefetch("attempts", to_attr="attempt_list"))[:LIST_LIMIT]
        ),
        "succeeded": _rows(
            tasks.filter(status=TaskResultStatus.SUCCESSFUL).order_by("-finished_at")[:20]
        ),
        "schedule": _schedule(),
        "list_limit": LIST_LIMIT,
    }
    return render(request, "jobs/index.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, task_id: UUID) -> HttpResponse:
    require_supervisor(request.user)
    if services.retry_failed_task(task_id=str(task_id)):
        messages.success(request, "Queued again; it starts over at attempt 1.")
    else:
        messages.warning(request, "That task is no longer failed, so nothing was queued.")
    return HttpResponseRedirect(reverse("jobs:index"))
