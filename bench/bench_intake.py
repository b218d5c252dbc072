"""Inbound email throughput: raw bytes in, tickets and messages out, end to end.

    .venv/bin/python bench/bench_intake.py [--messages 2000] [--database-url URL]

Uses its own database (SQLite under var/bench/ by default, or the PostgreSQL database
named in --database-url, created if missing). Two thirds of the messages open tickets;
one third reply to an earlier one by In-Reply-To, as customers do. Prints messages per
second and the median and p95 time per message.
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
    args = parser.parse_args()
    _prepare(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from intake.models import InboundEmail, InboundStatus
    from intake.services import receive_email
    from intake.tests.mail import build

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
    sent: list[str] = []
    raws: list[bytes] = []
    for i in range(args.messages):
        body = " ".join(rng.choice(words) for _ in range(50)).capitalize() + "."
        sender = f"Customer {i % 500} <customer{i % 500}@example.com>"
        mid = f"<bench{i}@client.example>"
        if sent and i % 3 == 2:
            raws.append(
                build(
                    sender=sender,
                    subject="Re: earlier",
                    body=body,
                    message_id=mid,
                    in_reply_to=rng.choice(sent),
                )
            )
        else:
            raws.append(build(sender=sender, subject=f"Request {i}", body=body, message_id=mid))
            sent.append(mid)

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
    processed = InboundEmail.objects.filter(status=InboundStatus.PROCESSED).count()
    timings.sort()
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{engine}: {len(raws)} messages in {elapsed:.1f} s -> {len(raws) / elapsed:.0f} msg/s "
        f"(one process); per message median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms; processed {processed}; "
        f"CPU {cpu / len(raws) * 1000:.1f} ms/msg -> {len(raws) / cpu:.0f} msg/s per core busy"
    )


if __name__ == "__main__":
    main()
