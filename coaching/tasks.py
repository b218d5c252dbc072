"""Background coaching work: reading the mood of customer messages."""

from __future__ import annotations

from django.tasks import task

from coaching import services


@task()
def score_customer_message(message_id: int) -> None:
    """Score one customer message's mood. Idempotent: a second run replaces the score."""
    services.score_message_mood(message_id=message_id)
