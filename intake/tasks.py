"""Background intake work."""

from __future__ import annotations

from django.tasks import task

from intake.imap import poll_all
from jobs.registry import retrying


@task()
@retrying(max_attempts=1, timeout_s=300)
def poll_mailboxes() -> int:
    """Fetch new mail from every mailbox with an IMAP server; returns messages processed."""
    return sum(result.processed for result in poll_all())
