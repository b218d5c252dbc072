"""Inbound email throughput: raw bytes in, tickets and messages out, end to end.

    .venv/bin/python bench/bench_intake.py [--messages 2000] [--database-url URL]
        [--processes N] [--profile N]

Uses its own database (SQLite under var/bench/ by default, or the PostgreSQL database
named in --database-url, created afresh). Two thirds of the messages open tickets; one
third answer an earlier one by In-Reply-To, from its sender, as customers do. Prints
messages per second, the median and p95 time per message, and CPU time per message.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _prepare(url: str | None) -> None:
    data_dir = ROOT / "var" / "bench-intake"
    data_dir.mkdir(parents=True, exist_ok=True)
    if url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    else:
        db = data_dir / "intake.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["GOODWILL_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="feed the messages from this many processes at once (each customer's mail "
        "stays in one process, in order)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="print the top N functions by cumulative time",
    )
    args = parser.parse_args()
    _prepare(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from intake.models import InboundEmail, InboundStatus
    from intake.tests.mail import build
    from tickets.models import Ticket

    rng = random.Random(7)
    words = [
        "order",
        "invoice",
        "parcel",
        "refund",
        "login",
        "password",
        "broken",
        "late",
        "missing",
        "charge",
        "app",
        "screen",
        "update",
        "account",
        "export",
        "report",
        "printer",
        "delivery",
        "address",
    ]
    # (Message-ID, sender) of each message that opened a ticket.
    sent: list[tuple[str, str]] = []
    raws: list[bytes] = []
    senders: list[str] = []
    for i in range(args.messages):
        body = " ".join(rng.choice(words) for _ in range(50)).capitalize() + "."
        mid = f"<bench{i}@client.example>"
        if sent and i % 3 == 2:
            # A reply comes from the person who wrote the message it answers.
            earlier, sender = rng.choice(sent)
            raws.append(
                build(
                    sender=sender,
                    subject="Re: earlier",
                    body=body,
                    message_id=mid,
                    in_reply_to=earlier,
                )
            )
        else:
            sender = f"Customer {i % 500} <customer{i % 500}@example.com>"
            raws.append(build(sender=sender, subject=f"Request {i}", body=body, message_id=mid))
            sent.append((mid, sender))
        senders.append(sender)

    if args.processes > 1:
        elapsed, cpu, timings = _run_parallel(raws, senders, args.processes)
    else:
        elapsed, cpu, timings = _run(raws, args.profile)
    processed = InboundEmail.objects.filter(status=InboundStatus.PROCESSED).count()
    tickets = Ticket.objects.count()
    timings.sort()
    engine = "PostgreSQL" if args.database_url else "SQLite"
    how = "one process" if args.processes == 1 else f"{args.processes} processes"
    print(
        f"{engine}: {len(raws)} messages in {elapsed:.1f} s -> {len(raws) / elapsed:.0f} msg/s "
        f"({how}); per message median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms; processed {processed} into "
        f"{tickets} tickets; "
        f"CPU {cpu / len(raws) * 1000:.1f} ms/msg -> {len(raws) / cpu:.0f} msg/s per core busy"
    )


def _run(raws: list[bytes], profile: int = 0) -> tuple[float, float, list[float]]:
    """Feed `raws` one by one: (wall seconds, CPU seconds, per-message milliseconds)."""
    from intake.services import receive_email

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    timings = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for raw in raws:
        t0 = time.perf_counter()
        receive_email(raw)
        timings.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    # CPU seconds of this process: what "on one core" means when the machine is shared.
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    return elapsed, cpu, timings


def _run_parallel(
    raws: list[bytes], senders: list[str], processes: int
) -> tuple[float, float, list[float]]:
    """Split the messages by sender over forked processes; CPU is the sum of theirs."""
    import multiprocessing

    from django.db import connections

    shares: list[list[bytes]] = [[] for _ in range(processes)]
    for raw, sender in zip(raws, senders, strict=True):
        shares[int(sender.split()[1]) % processes].append(raw)
    connections.close_all()  # each child opens its own connection
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_run, shares)
    elapsed = time.perf_counter() - started
    timings = [t for _, _, share in results for t in share]
    return elapsed, sum(cpu for _, cpu, _ in results), timings


if __name__ == "__main__":
    main()
