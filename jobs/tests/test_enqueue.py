"""enqueue_with_change: a task exists if, and only if, the change that asked for it commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from jobs.enqueue import enqueue_with_change
from jobs.tests import probe_tasks


def _queued() -> list[Any]:
    return list(DBTaskResult.objects.filter(task_path__endswith="remember"))


def test_with_the_database_backend_the_task_row_is_part_of_the_transaction(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        enqueue_with_change(probe_tasks.remember, "kept")
        # Written already, inside the transaction: nothing waits for a commit hook
        # that a dying process would never run.
        assert [r.args_kwargs["args"] for r in _queued()] == [["kept"]]
    assert callbacks == []


def test_a_rolled_back_change_leaves_no_task(db: None) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_with_change(probe_tasks.remember, "lost")
        raise RuntimeError("the change failed")
    assert _queued() == []


@pytest.mark.usefixtures("immediate_tasks")
def test_other_backends_run_the_task_only_after_commit(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            enqueue_with_change(probe_tasks.remember, "later")
        assert probe_tasks.CALLS == []
    for callback in callbacks:
        callback()
    assert probe_tasks.CALLS == ["later"]
