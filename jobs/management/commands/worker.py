"""`manage.py worker`: run tasks from the database queue, with retries, time limits,
orphan recovery and the periodic schedule. Run as many as you like, anywhere."""

from __future__ import annotations

import logging
import math
from argparse import ArgumentParser, ArgumentTypeError
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobs.runtime import STALE_AFTER
from jobs.worker import HEARTBEAT_EVERY, Worker, default_worker_id


def _seconds(value: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ArgumentTypeError("must be a number of seconds, zero or more")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ArgumentTypeError("must be greater than zero")
    return number


def _worker_id(value: str) -> str:
    if not 0 < len(value) <= 64:
        raise ArgumentTypeError("must be 1 to 64 characters")
    return value


class Command(BaseCommand):
    help = "Run a background task worker (several may run at once, on several machines)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue",
            default="default",
            help="queues to serve, comma-separated; '*' for all (default: %(default)s)",
        )
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=1.0,
            help="seconds to wait when the queue is empty (default: %(default)s)",
        )
        parser.add_argument(
            "--max-tasks", type=_positive, default=None, help="stop after this many tasks"
        )
        parser.add_argument(
            "--worker-id",
            type=_worker_id,
            default=None,
            help="unique name for this worker (default: host-pid-random)",
        )
        parser.add_argument(
            "--once", action="store_true", help="one turn (housekeeping and one task), then exit"
        )
        parser.add_argument(
            "--stale-after",
            type=_seconds,
            default=STALE_AFTER.total_seconds(),
            help="seconds of silence before another worker's tasks are taken back "
            "(default: %(default)s)",
        )
        parser.add_argument(
            "--heartbeat",
            type=_seconds,
            default=HEARTBEAT_EVERY,
            help="seconds between heartbeats (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["heartbeat"] <= 0 or options["heartbeat"] * 2 > options["stale_after"]:
            raise CommandError("--heartbeat must be positive and at most half of --stale-after.")
        level = logging.WARNING if options["verbosity"] == 0 else logging.INFO
        logger = logging.getLogger("jobs")
        logger.setLevel(logging.DEBUG if options["verbosity"] > 1 else level)
        worker = Worker(
            queue_names=[q.strip() for q in options["queue"].split(",") if q.strip()],
            worker_id=options["worker_id"] or default_worker_id(),
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            once=options["once"],
            stale_after=timedelta(seconds=options["stale_after"]),
            heartbeat_every=options["heartbeat"],
        )
        try:
            worker.run()
        except KeyboardInterrupt:
            raise CommandError(
                "Stopped by force; the running task went back to the queue."
            ) from None
