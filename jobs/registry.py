"""How tasks declare retries and timeouts, and the one list of periodic jobs.

Declaring a task that retries::

    from django.tasks import task
    from jobs.registry import retrying

    @task()
    @retrying(max_attempts=5, backoff_s=30, max_backoff_s=3600, timeout_s=60)
    def send_message(message_id: int) -> None: ...

`@retrying` goes beneath `@task` (it marks the plain function). A task without
it runs once, under `DEFAULT_TIMEOUT_S`. Retries and time limits are enforced by
`manage.py worker` (jobs.worker), not by django_tasks_db's own `db_worker`.

Registering a periodic job: add a line to `PERIODIC` below, naming the task by
its dotted path. Every worker ticks the schedule; each slot is enqueued once.
While a run is still queued or running, later slots are skipped unless the job
says `allow_overlap=True`.

Every task must be idempotent: running it twice with the same arguments must
leave the same result as running it once. The worker delivers a task at least
once, not exactly once: a retry repeats work a failed attempt half did, and the
reaper hands the task of a worker that went silent (crashed, killed, or cut off
from the database) to another worker, even if the silent one was in fact still
running it. Take IDs, re-read the rows, and check what is already done.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.tasks import Task
from django.utils.module_loading import import_string

# A task that declares nothing may run this long before the worker stops it.
DEFAULT_TIMEOUT_S = 600.0

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 1
    backoff_s: float = 30.0
    max_backoff_s: float = 3600.0
    # None: no limit. The limit also applies to the last attempt.
    timeout_s: float | None = DEFAULT_TIMEOUT_S
    # Exceptions worth another attempt; a timeout always is.
    retry_on: tuple[type[BaseException], ...] = (Exception,)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1.")
        if self.backoff_s < 0 or self.max_backoff_s < self.backoff_s:
            raise ValueError("Need 0 <= backoff_s <= max_backoff_s.")
        if self.timeout_s is not None and self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive, or None for no limit.")

    def delay_after(self, attempt: int) -> timedelta:
        """How long to wait after failed attempt number `attempt` (1-based).

        Doubles each time up to max_backoff_s, spread by +-20% so tasks that
        failed together (an SMTP outage) do not all come back in the same second.
        """
        base = min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))
        return timedelta(seconds=min(self.max_backoff_s, base * random.uniform(0.8, 1.2)))


DEFAULT_POLICY = RetryPolicy()
_policies: dict[str, RetryPolicy] = {}


def retrying(
    *,
    max_attempts: int = 5,
    backoff_s: float = 30.0,
    max_backoff_s: float = 3600.0,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    retry_on: tuple[type[BaseException], ...] = (Exception,),
) -> Callable[[F], F]:
    """Give the task function beneath `@task` retries with backoff and a time limit."""
    policy = RetryPolicy(
        max_attempts=max_attempts,
        backoff_s=backoff_s,
        max_backoff_s=max_backoff_s,
        timeout_s=timeout_s,
        retry_on=retry_on,
    )

    def mark(func: F) -> F:
        if isinstance(func, Task):
            raise TypeError("Put @retrying beneath @task, next to the function.")
        # Keyed like Task.module_path, which is how the worker finds it again.
        _policies[f"{func.__module__}.{func.__qualname__}"] = policy
        return func

    return mark


def policy_for(task: Task[Any, Any]) -> RetryPolicy:
    return _policies.get(task.module_path, DEFAULT_POLICY)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    """Enqueue the task at `task` (a dotted path) once every `every`, on every slot boundary."""

    task: str
    every: timedelta
    name: str = ""
    # False: skip a slot while the previous run is still queued or running.
    allow_overlap: bool = False

    def __post_init__(self) -> None:
        if self.every < timedelta(seconds=1):
            raise ValueError(f"{self.task}: run at most once a second.")
        if not self.name:
            object.__setattr__(self, "name", self.task)

    def slot_start(self, now: datetime) -> datetime:
        """Start of the slot `now` falls in: slots tile time from the Unix epoch."""
        return _EPOCH + ((now - _EPOCH) // self.every) * self.every

    def resolve(self) -> Task[Any, Any]:
        found = import_string(self.task)
        if not isinstance(found, Task):
            raise TypeError(f"{self.task} is not a task; decorate it with @task.")
        return found


# The one place every app registers its periodic jobs.
PERIODIC: list[Periodic] = [
    Periodic("jobs.tasks.prune_finished", every=timedelta(hours=1)),
    Periodic("intake.tasks.poll_mailboxes", every=timedelta(minutes=1)),
    Periodic("goodwill.tasks.refresh_query_statistics", every=timedelta(days=1)),
]
