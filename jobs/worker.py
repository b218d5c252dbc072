"""The worker loop: heartbeat, scheduler tick, reaper, then one task.

django_tasks_db's own Worker keeps claiming and running in one `run()` with no
hooks, so this loop is written afresh on the same parts it uses: the backend's
`ready()` queryset, its locked claim, and Django's task signals.

A background thread refreshes the heartbeat while the main thread runs a task,
so a long task does not look like a dead worker; the task itself runs in the
main thread, where SIGALRM can enforce its time limit.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType

from django.db import DatabaseError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from jobs import runtime, scheduler
from jobs.models import WorkerHeartbeat

logger = logging.getLogger("jobs")

HEARTBEAT_EVERY = 5.0
# Housekeeping (tick, reap) runs at most this often while tasks run back to back.
HOUSEKEEPING_EVERY = 1.0


def default_worker_id() -> str:
    host = socket.gethostname().split(".")[0][:40]
    return f"{host}-{os.getpid()}-{get_random_string(6)}"


def _drop_stale_connections() -> None:
    # Like Django after a request; never mid-transaction (only a test holds one open).
    if not connection.in_atomic_block:
        close_old_connections()


class _Heartbeat(threading.Thread):
    def __init__(self, worker: Worker) -> None:
        super().__init__(name=f"heartbeat-{worker.worker_id}", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.worker.heartbeat_every):
                try:
                    _drop_stale_connections()
                    self.worker.beat()
                except DatabaseError:
                    logger.warning("Heartbeat of %s failed; retrying.", self.worker.worker_id)
        finally:
            # This thread's own connections: Django keeps one per thread.
            connections.close_all()


@dataclass
class Worker:
    queue_names: list[str]
    worker_id: str = field(default_factory=default_worker_id)
    interval: float = 1.0
    max_tasks: int | None = None
    once: bool = False
    stale_after: timedelta = runtime.STALE_AFTER
    heartbeat_every: float = HEARTBEAT_EVERY
    backend_name: str = "default"

    running: bool = field(default=True, init=False)
    tasks_run: int = field(default=0, init=False)
    _busy: bool = field(default=False, init=False)
    _unrecorded: list[runtime.Claim] = field(default_factory=list, init=False)
    _wake: threading.Event = field(default_factory=threading.Event, init=False)
    _started_at: datetime = field(default_factory=timezone.now, init=False)
    _last_housekeeping: float = field(default=float("-inf"), init=False)

    def beat(self) -> None:
        runtime.beat(
            worker_id=self.worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            queues=",".join(self.queue_names)[:255],
            started_at=self._started_at,
        )

    def housekeeping(self, *, now: datetime | None = None) -> None:
        """Tick the schedule and reap orphans; a database hiccup here only costs a turn."""
        try:
            scheduler.tick(worker_id=self.worker_id, now=now)
            runtime.reap_orphans(stale_after=self.stale_after, now=now)
        except DatabaseError:
            logger.exception("Housekeeping failed on %s", self.worker_id)

    def run_once(self) -> bool:
        """One turn of the loop; True when it ran a task."""
        _drop_stale_connections()
        while self._unrecorded:
            # Ran, but the database went away before the result was written: run it again.
            runtime.release(self._unrecorded[0])
            self._unrecorded.pop(0)
        if time.monotonic() - self._last_housekeeping >= HOUSEKEEPING_EVERY:
            self._last_housekeeping = time.monotonic()
            self.housekeeping()
        claim = runtime.claim_next(
            worker_id=self.worker_id,
            queue_names=self.queue_names,
            backend_name=self.backend_name,
        )
        if claim is None:
            return False
        self._busy = True
        try:
            runtime.run_claimed(claim)
        except DatabaseError:
            self._unrecorded.append(claim)
            raise
        finally:
            self._busy = False
            self.tasks_run += 1
        return True

    def run(self) -> None:
        """Loop until told to stop, --once is done, or --max-tasks is reached."""
        logger.info("Worker %s serving queues %s", self.worker_id, ",".join(self.queue_names))
        self.beat()
        heartbeat = _Heartbeat(self)
        heartbeat.start()
        restore = self._install_signals()
        try:
            while self.running:
                try:
                    ran = self.run_once()
                except DatabaseError:
                    logger.exception("Worker %s lost the database; waiting.", self.worker_id)
                    ran = False
                if self.once or (self.max_tasks is not None and self.tasks_run >= self.max_tasks):
                    break
                if not ran and self.running:
                    self._wake.wait(self.interval)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=10)
            # Gone on purpose, so the supervisor page does not list it as silent.
            with suppress(DatabaseError):
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            logger.info("Worker %s stopped after %d tasks", self.worker_id, self.tasks_run)
            # Last, so a second SIGTERM during the clean-up above cannot cut it short.
            restore()

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if self._busy and not self.running and signum == signal.SIGINT:
            # Ctrl-C twice: interrupt the task; run_claimed hands it back to the queue.
            raise KeyboardInterrupt
        if self._busy:
            logger.warning(
                "%s: finishing the current task, then stopping (Ctrl-C twice to force).",
                signal.strsignal(signum),
            )
        self.running = False
        self._wake.set()

    def _install_signals(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGINT, signal.SIGTERM)}

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return restore
