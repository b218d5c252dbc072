"""Read one email on stdin (an MTA pipe: `| goodwill mail-in --mailbox support`)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from intake.services import mailbox_for, receive_email

# sysexits.h: EX_TEMPFAIL asks the mail server to keep the message and try again later.
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Receive one email from standard input into Goodwill."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mailbox", help="mailbox name or address the mail was sent to")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.buffer.read()
        try:
            mailbox = mailbox_for(options["mailbox"]) if options["mailbox"] else None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            inbound = receive_email(raw, mailbox=mailbox, transport="pipe")
        except DatabaseError as error:
            self.stderr.write(f"Database unavailable, try again later: {error}")
            sys.exit(EX_TEMPFAIL)
        # A rejected message is stored and listed for supervisors, so the MTA must not bounce it.
        where = f" -> ticket #{inbound.ticket.number}" if inbound.ticket else ""
        self.stdout.write(f"{inbound.status}{where} {inbound.reason}".strip())
