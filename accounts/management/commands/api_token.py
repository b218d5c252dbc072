from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create a JSON API token for an agent. The token is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API token")
        parser.add_argument(
            "--days", type=int, default=365, help="0 for a token that never expires"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], agent__isnull=False).first()
        if user is None:
            raise CommandError(f"No agent called {options['username']!r}.")
        token, secret = create_api_token(
            user=user, name=options["name"], days=options["days"] or None
        )
        self.stdout.write(f"{secret}\n")
        self.stderr.write(f"Token {token.prefix}… for {user.username}; keep it secret.\n")
