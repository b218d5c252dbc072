"""The task supervisor page: who may see it, what it shows, and the Retry button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.tasks.base import TaskResultStatus
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from goodwill.test import Cast, login
from jobs.models import WorkerHeartbeat
from jobs.tests.helpers import make_due, run_next
from jobs.tests.probe_tasks import always_fails, remember

URL = "/settings/tasks/"


def _failed_task(note: str = "tray 2") -> str:
    result = always_fails.enqueue(note)
    while run_next() is not None:
        make_due(result.id)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    return result.id


def test_the_url_is_mounted_under_settings() -> None:
    assert reverse("jobs:index") == URL


def test_a_supervisor_sees_a_failed_task_with_its_error_and_attempts(
    client: Client, cast: Cast
) -> None:
    _failed_task()
    login(client, cast.lead)
    page = client.get(URL).content.decode()
    assert "always_fails" in page
    assert "RuntimeError: the printer is on fire (tray 2)" in page
    assert "3 of 3" in page
    assert "Retry" in page


def test_a_waiting_retry_shows_its_attempt_and_next_try(client: Client, cast: Cast) -> None:
    DBTaskResult.objects.all().delete()  # the cast's ticket queued mail and mood work
    always_fails.enqueue("paper jam")
    run_next()
    login(client, cast.lead)
    page = client.get(URL).content.decode()
    assert "attempt 2 of 3, next try" in page
    assert "last error: RuntimeError" in page


def test_it_lists_live_workers_and_the_schedule(client: Client, cast: Cast) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="box-1-abc", hostname="box", pid=4242, queues="default",
        started_at=now - timedelta(hours=1), seen_at=now,
    )  # fmt: skip
    login(client, cast.lead)
    page = client.get(URL).content.decode()
    assert "box-1-abc" in page
    assert "alive" in page
    assert "jobs.tasks.prune_finished" in page


def test_retry_queues_a_failed_task_again_from_attempt_one(client: Client, cast: Cast) -> None:
    task_id = _failed_task()
    login(client, cast.lead)
    response = client.post(reverse("jobs:retry", args=[task_id]), follow=True)
    assert "Queued again" in response.content.decode()
    row = DBTaskResult.objects.get(pk=task_id)
    assert row.status == TaskResultStatus.READY
    assert row.worker_ids == []
    assert row.args_kwargs == {"args": ["tray 2"], "kwargs": {}}

    # A second click finds nothing to retry.
    response = client.post(reverse("jobs:retry", args=[task_id]), follow=True)
    assert "no longer failed" in response.content.decode()

    run_next()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert len(row.worker_ids) == 1


def test_retry_needs_a_post(client: Client, cast: Cast) -> None:
    task_id = _failed_task()
    login(client, cast.lead)
    assert client.get(reverse("jobs:retry", args=[task_id])).status_code == 405
    assert DBTaskResult.objects.get(pk=task_id).status == TaskResultStatus.FAILED


def test_an_agent_gets_403(client: Client, cast: Cast) -> None:
    task_id = _failed_task()
    login(client, cast.agent)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("jobs:retry", args=[task_id])).status_code == 403
    assert DBTaskResult.objects.get(pk=task_id).status == TaskResultStatus.FAILED


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_query_count_does_not_grow_with_the_number_of_tasks(client: Client, cast: Cast) -> None:
    login(client, cast.lead)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    _failed_task("one")
    remember.enqueue("queued")
    few = count_queries()
    for n in range(4):
        _failed_task(f"more {n}")
        remember.enqueue(f"queued {n}")
        remember.enqueue(f"done {n}")
        run_next()
    assert count_queries() == few
