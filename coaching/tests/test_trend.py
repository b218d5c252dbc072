"""Each sent reply keeps the coach's findings; agents see their weekly trend per 100 replies."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.coach import agent_trend, rate_per_100
from coaching.models import ReplyLint
from goodwill.test import Cast, login
from tickets import services


def _reply(cast: Cast, text: str, agent: User | None = None) -> None:
    services.reply_to_ticket(ticket=cast.ticket, agent=agent or cast.agent, body_text=text)


def test_a_sent_reply_keeps_the_coachs_findings(cast: Cast) -> None:
    _reply(cast, "It's our policy, you will have to wait")
    review = ReplyLint.objects.get()
    assert review.agent == cast.agent
    assert review.findings_count == 2
    assert review.rule_ids == ["policy", "you-will-have-to"]
    assert "name" in review.failed_checks


def test_notes_are_not_reviewed(cast: Cast) -> None:
    services.add_note(ticket=cast.ticket, agent=cast.agent, body_text="No problem, I don't know")
    assert not ReplyLint.objects.exists()


def test_three_replies_with_two_flagged_phrases_make_66_7_per_100(
    cast: Cast, client: Client
) -> None:
    _reply(cast, "Hi Alice, no problem.")
    _reply(cast, "Hi Alice, unfortunately it has sold out.")
    _reply(cast, "Hi Alice, thank you, the refund went out today.")
    trend = agent_trend(cast.agent)
    assert (trend.replies, trend.flagged, trend.rate) == (3, 2, 66.7)
    this_week = trend.weeks[-1]
    assert this_week.start == timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert (this_week.replies, this_week.flagged, this_week.rate) == (3, 2, 66.7)
    assert len(trend.weeks) == 12
    assert trend.weeks[0].rate is None  # no replies that week: no number, not zero

    login(client, cast.agent)
    body = client.get("/coaching/trend/").content.decode()
    assert "<strong data-rate>66.7</strong>" in body
    assert "Your reply coach trend" in body
    assert "Where to focus next" in body
    assert "no-problem" in body


def test_weeks_are_counted_separately(cast: Cast) -> None:
    _reply(cast, "Hi Alice, no problem.")
    _reply(cast, "Hi Alice, the refund went out today.")
    ReplyLint.objects.update(created_at=timezone.now() - timedelta(weeks=2))
    _reply(cast, "Hi Alice, sadly it sold out. No problem though.")
    weeks = agent_trend(cast.agent).weeks
    assert [w.rate for w in weeks[-3:]] == [50.0, None, 200.0]


def test_the_rate_is_flagged_phrases_per_100_replies() -> None:
    assert rate_per_100(2, 3) == 66.7
    assert rate_per_100(0, 5) == 0.0
    assert rate_per_100(1, 0) is None


def test_a_supervisor_sees_any_agents_trend_and_an_agent_only_their_own(
    cast: Cast, client: Client
) -> None:
    _reply(cast, "Hi Alice, no problem.", agent=cast.agent)
    login(client, cast.lead)
    body = client.get(f"/coaching/trend/{cast.agent.pk}/").content.decode()
    assert "Reply coach trend: Agent Tester" in body
    assert "<strong data-rate>100.0</strong>" in body
    login(client, cast.agent)
    assert client.get(f"/coaching/trend/{cast.agent.pk}/").status_code == 200
    assert client.get(f"/coaching/trend/{cast.lead.pk}/").status_code == 403
    login(client, cast.outsider)
    assert client.get(f"/coaching/trend/{cast.agent.pk}/").status_code == 403


def test_customers_and_visitors_do_not_see_trends(cast: Cast, client: Client) -> None:
    response = client.get("/coaching/trend/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_trend_page_query_count_does_not_grow_with_the_replies(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/coaching/trend/").status_code == 200
        return len(ctx.captured_queries)

    _reply(cast, "Hi Alice, no problem.")
    few = count()
    for i in range(20):
        _reply(cast, f"Hi Alice, unfortunately {i} is gone. I don't know.")
    assert count() == few


def test_a_new_agent_sees_an_encouraging_empty_trend(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    body = client.get("/coaching/trend/").content.decode()
    assert "Your trend starts with your first reply" in body
    assert isinstance(agent_trend(cast.agent, today=date(2030, 1, 2)).weeks[-1].start, date)
