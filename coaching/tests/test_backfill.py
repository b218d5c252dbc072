"""Messages from before coaching existed can be scored and reviewed afterwards."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from coaching.models import MessageMood, ReplyLint
from coaching.tests.factories import ANGRY, customer_writes
from goodwill.test import Cast
from tickets import services


def test_the_backfill_scores_and_reviews_what_is_missing_and_can_run_twice(cast: Cast) -> None:
    customer_writes(cast.ticket, ANGRY)
    services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="No problem.")
    ReplyLint.objects.all().delete()  # as if written before coaching was switched on
    out = StringIO()
    call_command("coaching_backfill", stdout=out)
    assert "Scored 2 customer message(s), reviewed 1 repl(ies)." in out.getvalue()
    assert MessageMood.objects.count() == 2
    assert ReplyLint.objects.get().rule_ids == ["no-problem"]
    out = StringIO()
    call_command("coaching_backfill", stdout=out)
    assert "Scored 0 customer message(s), reviewed 0 repl(ies)." in out.getvalue()
