"""Real worker processes sharing one database: each task runs once, each slot is taken once,
and a killed worker's task is finished by the other.

The processes share a scratch database (jobs.tests.scratch) on the engine the suite
runs on.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from jobs.tests.scratch import ScratchDB, scratch_database

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
DONE = ("SUCCESSFUL", "FAILED")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchDB]:
    with scratch_database(tmp_path_factory, "goodwill_jobs") as db:
        yield db


@dataclass
class Pool:
    """Worker processes shared by the tests in this module; tests that stop one get a new one."""

    db: ScratchDB
    logs: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def live(self, count: int = 2) -> list[str]:
        """Names of `count` running workers, starting fresh ones as needed."""
        running = [name for name, proc in self.procs.items() if proc.poll() is None]
        while len(running) < count:
            name = f"worker-{len(self.procs) + 1}"
            self._start(name)
            running.append(name)
        wait_for(
            lambda: (
                {r[0] for r in self.db.rows("SELECT worker_id FROM jobs_workerheartbeat")}
                >= set(running[:count])
            ),
            what=f"workers {running[:count]} to start",
            pool=self,
        )
        return running[:count]

    def _start(self, worker_id: str) -> None:
        log = (self.logs / f"{worker_id}.log").open("wb")
        self.procs[worker_id] = subprocess.Popen(
            [
                sys.executable, "-m", "jobs.tests.harness", "worker", "--worker-id", worker_id,
                "--interval", "0.05", "--heartbeat", "0.5", "--stale-after", "2",
            ],
            cwd=ROOT, env=self.db.env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()

    def output(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()}" for p in sorted(self.logs.glob("*.log")))

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


@pytest.fixture(scope="module")
def pool(scratch: ScratchDB, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    workers = Pool(scratch, tmp_path_factory.mktemp("worker-logs"))
    try:
        yield workers
    finally:
        workers.stop_all()


def wait_for(check: Callable[[], Any], *, what: str, pool: Pool, timeout: float = 25) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}.\n{pool.output()}")


def enqueue(db: ScratchDB, calls: list[tuple[str, list[Any]]]) -> list[str]:
    return db.python("-m", "jobs.tests.harness", "enqueue", json.dumps(calls)).split()


def task_rows(db: ScratchDB, task_name: str) -> list[tuple[str, str, list[str]]]:
    rows = db.rows(
        "SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s",
        (f"jobs.tests.probe_tasks.{task_name}",),
    )
    return [
        (str(pk).replace("-", ""), status, json.loads(ids) if isinstance(ids, str) else ids)
        for pk, status, ids in rows
    ]


def status_of(db: ScratchDB, task_id: str) -> tuple[str, list[str]] | None:
    for pk, status, ids in task_rows(db, "slow_record"):
        if pk == task_id.replace("-", ""):
            return status, ids
    return None


def test_two_workers_run_every_task_exactly_once_and_share_the_work(pool: Pool) -> None:
    workers = pool.live(2)
    enqueue(pool.db, [("record", [f"key-{n}", 0.05]) for n in range(40)])

    wait_for(
        lambda: sum(status in DONE for _, status, _ in task_rows(pool.db, "record")) == 40,
        what="40 tasks to finish",
        pool=pool,
    )
    rows = task_rows(pool.db, "record")
    assert {status for _, status, _ in rows} == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for _, _, ids in rows)
    assert set(Counter(ids[0] for _, _, ids in rows)) == set(workers)
    keys = Counter(
        k for (k,) in pool.db.rows("SELECT key FROM jobs_probe WHERE key LIKE %s", ("key-%",))
    )
    assert keys == Counter({f"key-{n}": 1 for n in range(40)})


def test_two_workers_ticking_the_schedule_enqueue_each_slot_once(pool: Pool) -> None:
    pool.live(2)
    count_slots = "SELECT count(*) FROM jobs_scheduledrun WHERE name = 'probe-tick'"
    start = pool.db.rows(count_slots)[0][0]
    wait_for(lambda: pool.db.rows(count_slots)[0][0] >= start + 3, what="3 slots", pool=pool)

    slots = pool.db.rows(
        "SELECT slot_start, task_id FROM jobs_scheduledrun WHERE name = 'probe-tick'"
    )
    assert len({slot for slot, _ in slots}) == len(slots) >= 3
    assert all(task_id is not None for _, task_id in slots)
    # Exactly one task per slot, across both workers' ticks.
    ticks = task_rows(pool.db, "tick")
    assert len(ticks) == len(slots)
    assert all(len(ids) <= 1 for _, _, ids in ticks)
    # And each tick that ran, ran once.
    runs = Counter(
        key.removeprefix("tick:").replace("-", "")
        for (key,) in pool.db.rows("SELECT key FROM jobs_probe WHERE key LIKE %s", ("tick:%",))
    )
    assert set(runs.values()) == {1}
    succeeded = {pk for pk, status, _ in task_rows(pool.db, "tick") if status == "SUCCESSFUL"}
    assert succeeded <= set(runs)


def test_a_task_on_a_killed_worker_is_finished_by_the_other(pool: Pool) -> None:
    workers = pool.live(2)
    [task_id] = enqueue(pool.db, [("slow_record", ["survivor", 3])])

    def runner() -> str | None:
        found = status_of(pool.db, task_id)
        return found[1][-1] if found and found[0] == "RUNNING" else None

    victim = wait_for(runner, what="the slow task to start", pool=pool)
    pool.procs[victim].send_signal(signal.SIGKILL)
    pool.procs[victim].wait(timeout=5)
    [rescuer] = [w for w in workers if w != victim]

    def finished() -> tuple[str, list[str]] | None:
        found = status_of(pool.db, task_id)
        return found if found and found[0] in DONE else None

    status, worker_ids = wait_for(finished, what="the rescued task to finish", pool=pool)
    assert (status, worker_ids) == ("SUCCESSFUL", [victim, rescuer]), pool.output()
    outcomes = pool.db.rows(
        "SELECT outcome, worker_id FROM jobs_attempt WHERE worker_id IN (%s, %s)"
        " AND outcome IN ('orphaned', 'succeeded') AND task_id IN"
        " (SELECT id FROM django_tasks_database_dbtaskresult WHERE task_path = %s)"
        " ORDER BY number",
        (victim, rescuer, "jobs.tests.probe_tasks.slow_record"),
    )
    assert outcomes == [("orphaned", victim), ("succeeded", rescuer)]
    probe = pool.db.rows("SELECT pid FROM jobs_probe WHERE key = 'survivor'")
    assert probe == [(pool.procs[rescuer].pid,)]


def test_sigterm_lets_the_running_task_finish_then_exits(pool: Pool) -> None:
    pool.live(2)
    [task_id] = enqueue(pool.db, [("slow_record", ["graceful", 1])])

    def runner() -> str | None:
        found = status_of(pool.db, task_id)
        return found[1][-1] if found and found[0] == "RUNNING" else None

    worker = wait_for(runner, what="the task to start", pool=pool)
    proc = pool.procs[worker]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0, pool.output()
    assert status_of(pool.db, task_id) == ("SUCCESSFUL", [worker])
    assert pool.db.rows("SELECT count(*) FROM jobs_probe WHERE key = 'graceful'") == [(1,)]
    assert not pool.db.rows("SELECT 1 FROM jobs_workerheartbeat WHERE worker_id = %s", (worker,))
