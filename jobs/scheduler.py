"""The periodic scheduler every worker ticks.

Slots tile time from the Unix epoch (`Periodic.slot_start`), so all workers,
on all machines, agree on which slot "now" is. The first worker to INSERT the
(name, slot_start) row enqueues the task in the same transaction; everyone
else hits the unique constraint and moves on. Slots missed while no worker ran
are not caught up: the next tick enqueues the current slot only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from functools import reduce
from operator import or_

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.tasks.base import TaskResultStatus
from django.utils import timezone

from jobs.models import ScheduledRun
from jobs.registry import PERIODIC, Periodic

logger = logging.getLogger("jobs")

_PENDING = [TaskResultStatus.READY, TaskResultStatus.RUNNING]


def tick(
    *,
    worker_id: str,
    now: datetime | None = None,
    periodic: Sequence[Periodic] | None = None,
) -> list[ScheduledRun]:
    """Enqueue every periodic job whose current slot nobody has taken yet.

    Returns the runs this call created. Costs one query when every slot is taken.
    """
    now = now or timezone.now()
    jobs = {p.name: p for p in (PERIODIC if periodic is None else periodic)}
    if not jobs:
        return []
    slots = {name: p.slot_start(now) for name, p in jobs.items()}
    wanted = reduce(or_, (Q(name=name, slot_start=slot) for name, slot in slots.items()))
    taken = set(ScheduledRun.objects.filter(wanted).values_list("name", flat=True))
    created = []
    for name, periodic_job in jobs.items():
        if name in taken:
            continue
        try:
            run = _take_slot(periodic_job, slots[name], worker_id)
        except DatabaseError:
            raise
        except Exception:
            # A broken job (say its task no longer imports) must not stop the others.
            logger.exception("Could not enqueue periodic job %s", name)
            continue
        if run is not None:
            created.append(run)
    return created


def _take_slot(periodic: Periodic, slot_start: datetime, worker_id: str) -> ScheduledRun | None:
    try:
        with transaction.atomic():
            previous_pending = (
                not periodic.allow_overlap
                and ScheduledRun.objects.filter(
                    name=periodic.name, task__status__in=_PENDING
                ).exists()
            )
            run = ScheduledRun.objects.create(
                name=periodic.name,
                slot_start=slot_start,
                worker_id=worker_id,
                skipped=previous_pending,
            )
            if not previous_pending:
                result = periodic.resolve().enqueue()
                run.task_id = result.id
                run.save(update_fields=["task"])
    except IntegrityError:
        return None
    if run.skipped:
        logger.info("Skipped %s for %s: the previous run is still pending.", run.name, slot_start)
    return run
