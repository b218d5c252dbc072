"""Server-side latency of the desk's busiest pages on a big, seeded database.

    .venv/bin/python bench/bench_desk.py --tickets 200000 --customers 40000
    .venv/bin/python bench/bench_desk.py --tickets 20000 --customers 4000 \\
        --database-url postgresql://postgres@127.0.0.1:5432/goodwill_bench
    .venv/bin/python bench/bench_desk.py ... --reuse   # keep an already seeded database

The benchmark never touches the desk's own data: it uses var/bench/bench.sqlite3, or a
PostgreSQL database of its own (created when missing). Without --reuse that database is
dropped and seeded afresh, so its name must contain "bench".

Requests go through django.test.Client, so the figures are the server's own time per
request (middleware, views, queries, templates), without network or browser.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from django.http.response import HttpResponseBase
    from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "bench.sqlite3"


@dataclass
class Result:
    scenario: str
    user: str
    outcome: str
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--customers", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=None,
        help="a database just for the benchmark (default: SQLite in var/bench/)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the benchmark database if already seeded"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmups", type=int, default=10, help="untimed requests first")
    return parser.parse_args(argv)


def prepare_database(url: str | None, reuse: bool) -> str:
    """The benchmark database's URL; emptied first unless --reuse."""
    import dj_database_url

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = url or f"sqlite:///{SQLITE_PATH}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        sys.exit("--database-url must be a sqlite:/// or postgresql:// URL.")
    name = str(dj_database_url.parse(url)["NAME"])
    # Resetting someone's real desk through a slip of the URL would be unforgivable.
    if not reuse and "bench" not in Path(name).name:
        sys.exit(f"Refusing to reset {name!r}: a benchmark database's name must contain 'bench'.")
    if url.startswith("sqlite"):
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
    else:
        _ensure_postgres_database(url, name, reset=not reuse)
    return url


def _ensure_postgres_database(url: str, name: str, *, reset: bool) -> None:
    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created PostgreSQL database {name}.")


def setup_django(url: str) -> None:
    # Everything the settings read must be in place before django.setup().
    os.environ["DATABASE_URL"] = url
    os.environ["GOODWILL_DATA_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    os.environ["DEBUG"] = "false"
    os.environ["SMTP_URL"] = "locmem://"  # acknowledgements stay in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed_if_needed(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from goodwill.management.commands.seed import ProgressBar
    from goodwill.seed import seed
    from tickets.models import Ticket

    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse and Ticket.objects.exists():
        print(f"Reusing the seeded database ({Ticket.objects.count():,} tickets).")
        return
    print(f"Seeding {args.tickets:,} tickets for {args.customers:,} customers...")
    summary = seed(
        tickets=args.tickets,
        customers=args.customers,
        seed=args.seed,
        progress=ProgressBar(sys.stderr),
    )
    print(
        f"Seeded {summary.tickets:,} tickets, {summary.messages:,} messages and "
        f"{summary.events:,} events in {summary.seconds:.1f} s "
        f"({summary.tickets / max(summary.seconds, 1e-9):,.0f} tickets/s)."
    )


def _outcome(response: HttpResponseBase, expected: tuple[int, ...]) -> str | None:
    """None when the page answered as expected, else a short description of what went wrong."""
    if response.status_code in expected:
        return None
    detail = ""
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        detail = f": {exc_info[0].__name__}: {exc_info[1]}"[:160]
    return f"HTTP {response.status_code}{detail}"


def measure(
    scenario: str,
    user: str,
    request: Callable[[int], HttpResponseBase],
    *,
    requests: int,
    warmups: int,
    expected: tuple[int, ...] = (200,),
) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        for i in range(warmups):
            problem = _outcome(request(i), expected)
            if problem:
                return Result(scenario, user, problem)
        with CaptureQueriesContext(connection) as captured:
            problem = _outcome(request(warmups), expected)
        # The captured list is a view on the live query log, which the next request resets.
        queries = len(captured.captured_queries)
        if problem:
            return Result(scenario, user, problem)
        timings = []
        failures = 0
        for i in range(requests):
            started = time.perf_counter()
            response = request(warmups + 1 + i)
            timings.append((time.perf_counter() - started) * 1000)
            failures += _outcome(response, expected) is not None
    except Exception as error:  # one broken page must not stop the others
        return Result(scenario, user, f"error: {type(error).__name__}: {error}"[:160])
    outcome = "ok" if not failures else f"{failures} of {requests} failed"
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    return Result(scenario, user, outcome, statistics.median(timings), p95, queries)


def _query_count(client: Client, url: str) -> int | str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    problem = _outcome(response, (200,))
    return problem or len(captured.captured_queries)


def _get(client: Client, url: Callable[[int], str]) -> Callable[[int], HttpResponseBase]:
    """A request maker for `measure`: the i-th request asks for url(i)."""
    return lambda i: client.get(url(i))


def run_benchmarks(args: argparse.Namespace) -> list[Result]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from accounts.models import Team
    from customers.models import Customer
    from tickets.models import Ticket

    # The portal's per-address limit would otherwise turn most requests into 429s.
    settings.GOODWILL_PORTAL_RATE_LIMIT = 10**9
    rng = random.Random(args.seed)
    total = args.warmups + 1 + args.requests
    numbers = list(Ticket.objects.values_list("number", flat=True))
    customer_ids = list(Customer.objects.values_list("id", flat=True))
    ticket_sample = [rng.choice(numbers) for _ in range(total)]
    customer_sample = [rng.choice(customer_ids) for _ in range(total)]
    support = Team.objects.filter(name="Support").first()
    team_query = f"team={support.pk}&" if support else ""

    results: list[Result] = []
    timing = {"requests": args.requests, "warmups": args.warmups}
    for username in ("agent", "admin"):
        user = User.objects.get(username=username)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        pages = [
            ("inbox, first page", _get(client, lambda i: "/tickets/")),
            ("inbox, team + open", _get(client, lambda i: f"/tickets/?{team_query}status=open")),
            ("ticket page", _get(client, lambda i: f"/tickets/{ticket_sample[i]}/")),
            ("customer page", _get(client, lambda i: f"/customers/{customer_sample[i]}/")),
        ]
        for scenario, request in pages:
            result = measure(scenario, username, request, **timing)
            results.append(result)
            _print_progress(result)

    before = Ticket.objects.count()
    visitor = Client(raise_request_exception=False)

    def portal_request(i: int) -> HttpResponseBase:
        data = {
            "name": f"Bench Visitor {i}",
            "email": f"visitor{i}@bench.example",
            "subject": "The card reader keeps disconnecting",
            "message": "Since this morning the reader drops the connection every few minutes.",
        }
        return visitor.post("/portal/new/", data, REMOTE_ADDR=f"10.9.{i // 250}.{i % 250 + 1}")

    result = measure(
        "portal: new request", "visitor", portal_request, expected=(200, 302), **timing
    )
    created = Ticket.objects.count() - before
    if result.outcome == "ok" and created < total:
        result.outcome = f"only {created} of {total} requests opened a ticket"
    results.append(result)
    _print_progress(result)
    return results


def _print_progress(result: Result) -> None:
    if result.median_ms is None:
        print(f"  {result.scenario} ({result.user}): {result.outcome}", flush=True)
    else:
        print(
            f"  {result.scenario} ({result.user}): median {result.median_ms:.1f} ms, "
            f"p95 {result.p95_ms:.1f} ms, {result.queries} queries",
            flush=True,
        )


def page_size_queries() -> list[tuple[str, int | str]]:
    """The inbox's query count should not grow with the number of rows on the page."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="agent"))
    return [
        (f"per_page={size}", _query_count(client, f"/tickets/?view=all&per_page={size}"))
        for size in (25, 100)
    ]


def print_report(results: list[Result], page_sizes: list[tuple[str, int | str]]) -> None:
    from django.db import connection

    from tickets.models import Message, Ticket, TicketEvent

    print()
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"{Ticket.objects.count():,} tickets, {Message.objects.count():,} messages, "
        f"{TicketEvent.objects.count():,} events"
    )
    header = f"{'page':<24} {'user':<8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  outcome"
    print(header)
    print("-" * len(header))
    for r in results:
        median = f"{r.median_ms:.1f}" if r.median_ms is not None else "-"
        p95 = f"{r.p95_ms:.1f}" if r.p95_ms is not None else "-"
        queries = str(r.queries) if r.queries is not None else "-"
        print(f"{r.scenario:<24} {r.user:<8} {median:>10} {p95:>8} {queries:>8}  {r.outcome}")
    print()
    print(
        "Inbox queries by page size (view=all, agent): "
        + ", ".join(f"{label}: {count}" for label, count in page_sizes)
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = prepare_database(args.database_url, args.reuse)
    setup_django(url)
    started = time.monotonic()
    seed_if_needed(args)
    print(f"Database ready in {time.monotonic() - started:.1f} s.")
    print(f"Timing {args.requests} requests per page after {args.warmups} warm-ups:")
    results = run_benchmarks(args)
    print_report(results, page_size_queries())
    return 0


if __name__ == "__main__":
    sys.exit(main())
