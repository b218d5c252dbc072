"""Entry points the IMAP process tests run in child processes, against a scratch database.

    python -m intake.tests.harness mailbox HOST PORT USER FOLDER   add the IMAP mailbox
    python -m intake.tests.harness poll [--die-at processing|flagging]

`poll` runs the periodic task's body (`intake.tasks.poll_mailboxes`). With `--die-at`,
the process SIGKILLs itself mid-way: `processing` once the raw message is stored and
the ticket transaction has begun writing (the customer row exists, nothing committed);
`flagging` after the ticket committed, before the message is flagged on the server.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn

PASSWORD_ENV = "GOODWILL_TEST_IMAP_PASSWORD"


def _die(*args: Any, **kwargs: Any) -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def add_mailbox(host: str, port: str, user: str, folder: str) -> None:
    from intake.models import Mailbox

    Mailbox.objects.create(
        name="Support",
        address=user,
        imap_host=host,
        imap_port=int(port),
        imap_security="none",
        imap_username=user,
        imap_password_env=PASSWORD_ENV,
        imap_folder=folder,
    )


def poll(args: list[str]) -> None:
    from intake import imap
    from intake.tasks import poll_mailboxes
    from tickets import services as tickets

    if args[:1] == ["--die-at"]:
        if args[1] == "processing":
            tickets.open_ticket = _die
        elif args[1] == "flagging":
            imap._mark_done = _die
        else:
            raise SystemExit(f"unknown point {args[1]!r}")
    print(poll_mailboxes.call())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    if command == "mailbox":
        add_mailbox(*rest)
    elif command == "poll":
        poll(rest)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
