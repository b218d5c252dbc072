"""Handing work to the worker as part of a change.

`enqueue_with_change(task, *args)` is what services call. With the database backend
(the product's only configured backend) the task row is written inside the caller's
transaction: the worker cannot see it before the change commits, a rolled-back change
leaves no task behind, and a process that dies right after its commit loses nothing.
With any other backend (tests run tasks in-line with the immediate one) the task is
enqueued once the transaction has committed, so it never runs against rows that may
still roll back.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.tasks import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def _shares_transaction(task: Task[Any, Any]) -> bool:
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return (router.db_for_write(DBTaskResult) or DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS


def enqueue_with_change(task: Task[Any, Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` so that it exists if, and only if, the current transaction commits."""
    if _shares_transaction(task) or not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
