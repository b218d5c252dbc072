"""Score customer messages and review replies written before coaching was switched on
(or loaded in bulk, like the demo data). Safe to run again: done rows are skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coaching import services
from tickets.models import Message, MessageKind


class Command(BaseCommand):
    help = "Read the mood of unscored customer messages and keep the coach's review of replies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=0, help="Stop after this many of each (0: all)."
        )

    def handle(self, *args: Any, limit: int = 0, **options: Any) -> None:
        customer = Message.objects.filter(kind=MessageKind.CUSTOMER, mood__isnull=True)
        replies = Message.objects.filter(
            kind=MessageKind.REPLY, author_agent__isnull=False, reply_lint__isnull=True
        ).select_related("ticket__requester")
        if limit > 0:
            customer, replies = customer[:limit], replies[:limit]
        scored = 0
        for message_id in customer.values_list("id", flat=True).iterator():
            services.score_message_mood(message_id=message_id)
            scored += 1
        reviewed = 0
        for message in replies.iterator():
            services.record_reply_lint(message=message)
            reviewed += 1
        self.stdout.write(f"Scored {scored} customer message(s), reviewed {reviewed} repl(ies).")
