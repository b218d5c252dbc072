"""The jobs app's own periodic housekeeping."""

from __future__ import annotations

from django.tasks import task

from jobs import services
from jobs.registry import retrying


@task()
@retrying(max_attempts=3, backoff_s=60, timeout_s=300)
def prune_finished() -> int:
    return services.prune_finished()
