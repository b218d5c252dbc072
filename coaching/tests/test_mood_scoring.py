"""Every customer message gets a mood in the background; the ticket and inbox show it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coaching.models import MessageMood
from coaching.services import score_message_mood
from coaching.tests.factories import ANGRY, PLEASED, CaptureCallbacks, customer_writes, scored
from goodwill.test import Cast, login, make_customer, make_ticket
from tickets import services


@pytest.mark.usefixtures("immediate_tasks")
def test_a_customer_message_is_scored_after_commit(
    cast: Cast, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = customer_writes(cast.ticket, ANGRY)
    mood = MessageMood.objects.get(message=message)
    assert mood.mood == "angry"
    assert mood.intensity >= 0.6
    assert any(cue.startswith("insult") for cue in mood.cues)
    assert mood.temperament == "angry"


@pytest.mark.usefixtures("immediate_tasks")
def test_a_new_ticket_is_scored_too_and_nothing_runs_before_commit(
    db: None, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = make_ticket(body_text=PLEASED)
    assert not MessageMood.objects.exists()
    for callback in callbacks:
        callback()
    assert MessageMood.objects.get(message__ticket=ticket).mood == "pleased"


def test_scoring_twice_keeps_one_row_and_counts_earlier_contacts(cast: Cast) -> None:
    customer_writes(cast.ticket, "Any news on this?")
    message = customer_writes(cast.ticket, "Still waiting for the corrected invoice.")
    scored(message)
    again = scored(message)
    assert MessageMood.objects.filter(message=message).count() == 1
    assert any("earlier contact" in cue for cue in again.cues)


def test_agent_messages_are_never_scored(cast: Cast) -> None:
    reply = services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="Hi Alice")
    assert score_message_mood(message_id=reply.pk) is None


def test_the_ticket_page_shows_the_mood_its_cues_and_the_trajectory(
    cast: Cast, client: Client
) -> None:
    scored(cast.ticket.messages.get())
    scored(customer_writes(cast.ticket, ANGRY))
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert 'data-mood="angry"' in body
    assert 'data-trajectory="worsening"' in body
    assert "useless" in body  # the cue that explains the reading
    assert "De-escalate first, then solve" in body  # the strategy card for an angry customer
    assert "GUEST" in body
    assert "BEST" in body

    scored(customer_writes(cast.ticket, PLEASED))
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert 'data-mood="pleased"' in body
    assert 'data-trajectory="improving"' in body


def test_an_unscored_latest_message_is_shown_as_being_read(cast: Cast, client: Client) -> None:
    scored(cast.ticket.messages.get())
    customer_writes(cast.ticket, ANGRY)
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "still being read" in body
    assert "data-mood=" not in body


def _inbox(client: Client, query: str) -> list[int]:
    return [t.number for t in client.get(f"/tickets/?view=all{query}").context["page"].tickets]


def test_the_inbox_filters_on_the_mood_of_the_latest_customer_message(
    cast: Cast, client: Client
) -> None:
    calm_then_angry = make_ticket(make_customer(), team=cast.support, body_text="Hello there.")
    scored(calm_then_angry.messages.get())
    scored(customer_writes(calm_then_angry, ANGRY))
    angry_then_pleased = make_ticket(make_customer(), team=cast.support, body_text=ANGRY)
    scored(angry_then_pleased.messages.get())
    scored(customer_writes(angry_then_pleased, PLEASED))
    login(client, cast.agent)
    assert _inbox(client, "&mood=angry") == [calm_then_angry.number]
    assert _inbox(client, "&mood=pleased") == [angry_then_pleased.number]
    assert cast.ticket.number in _inbox(client, "")
    assert client.get("/tickets/?view=all&mood=furious").context["form"].errors


def test_the_mood_filter_keeps_the_inbox_query_count_flat(cast: Cast, client: Client) -> None:
    login(client, cast.agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tickets/?view=all&mood=angry&per_page=50").status_code == 200
        return len(ctx.captured_queries)

    ticket = make_ticket(make_customer(), team=cast.support, body_text=ANGRY)
    scored(ticket.messages.get())
    few = count()
    for _ in range(20):
        ticket = make_ticket(make_customer(), team=cast.support, tags=["x"], body_text=ANGRY)
        scored(ticket.messages.get())
    assert (
        len(client.get("/tickets/?view=all&mood=angry&per_page=50").context["page"].tickets) == 21
    )
    assert count() == few
