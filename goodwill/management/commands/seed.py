"""`manage.py seed`: fill the desk with demo history (see goodwill.seed)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from goodwill.seed import DEMO_PASSWORD, seed
from tickets.models import Ticket


class ProgressBar:
    """A text progress bar with percentage, rate and ETA.

    On a terminal it redraws one line with carriage returns; in a log or a pipe it
    prints a line at every tenth of the way instead, so logs stay readable.
    """

    width = 30

    def __init__(self, stream: TextIO | OutputWrapper, label: str = "tickets") -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = 0

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if self.tty:
            self._emit("\r" + self.line(done, total) + ("\n" if done >= total else ""))
            return
        tenth = int(fraction * 10)
        if tenth > self.last_tenth:
            self.last_tenth = tenth
            self._emit(self.line(done, total) + "\n")

    def _emit(self, text: str) -> None:
        # A command's OutputWrapper would add its own line ending; the bar chooses its own.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def line(self, done: int, total: int) -> str:
        fraction = done / total if total else 1.0
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else 0.0
        filled = int(fraction * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        return (
            f"[{bar}] {fraction:4.0%}  {done:,}/{total:,} {self.label}  "
            f"{rate:,.0f}/s  elapsed {_clock(elapsed)}  ETA {_clock(eta)}"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Command(BaseCommand):
    help = "Generate demo customers and tickets with two years of history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tickets", type=int, default=300, help="tickets to create")
        parser.add_argument("--customers", type=int, default=120, help="customers to create")
        parser.add_argument(
            "--seed", type=int, default=42, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when tickets already exist"
        )
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"password of the demo agents (default {DEMO_PASSWORD})",
        )
        parser.add_argument(
            "--base-date",
            type=date.fromisoformat,
            default=None,
            help="the day history runs up to, YYYY-MM-DD (default today, UTC)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tickets"] < 0 or options["customers"] < 1:
            raise CommandError("Use --tickets 0 or more and --customers 1 or more.")
        if options["if_empty"] and Ticket.objects.exists():
            self.stdout.write("Tickets already exist; leaving the data as it is.")
            return
        base_day: date | None = options["base_date"]
        base = (
            datetime(base_day.year, base_day.month, base_day.day, tzinfo=UTC) if base_day else None
        )
        self.stdout.write(
            f"Seeding {options['tickets']:,} tickets for {options['customers']:,} customers..."
        )
        summary = seed(
            tickets=options["tickets"],
            customers=options["customers"],
            seed=options["seed"],
            progress=ProgressBar(self.stderr),
            base=base,
            password=options["password"],
        )
        numbers = (
            f" (#{summary.first_number}-#{summary.last_number})" if summary.first_number else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.customers:,} customers in {summary.organizations:,} "
                f"organisations, {summary.tickets:,} tickets{numbers}, "
                f"{summary.messages:,} messages and {summary.events:,} timeline events "
                f"in {summary.seconds:.1f} s."
            )
        )
