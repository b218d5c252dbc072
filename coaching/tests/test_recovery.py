"""Service recovery on a ticket: start, tick the steps, follow up, record the outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import services
from coaching.models import Recovery, RecoveryOutcome, RecoveryReason
from coaching.recovery import STEP_KEYS
from coaching.tests.factories import ANGRY, customer_writes, scored
from goodwill.test import Cast, login
from tickets import services as ticket_services
from tickets.models import EventKind, Status, TicketType


def _recovery_events(cast: Cast) -> list[tuple[str, str]]:
    return list(
        cast.ticket.events.filter(kind=EventKind.CUSTOM_FIELD, field="recovery").values_list(
            "actor_agent__username", "new_value"
        )
    )


def test_an_ordinary_ticket_offers_only_a_manual_start(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "Start a recovery anyway" in body
    assert "Worth a recovery" not in body


@pytest.mark.parametrize("why", ["complaint", "mood", "reopened"])
def test_a_ticket_qualifies_by_complaint_strong_mood_or_reopening(
    cast: Cast, client: Client, why: str
) -> None:
    if why == "complaint":
        ticket_services.set_type(ticket=cast.ticket, type=TicketType.COMPLAINT, agent=cast.agent)
    elif why == "mood":
        scored(customer_writes(cast.ticket, ANGRY))
    else:
        ticket_services.change_status(ticket=cast.ticket, status=Status.SOLVED, agent=cast.agent)
        customer_writes(cast.ticket, "It is back to the old address again.")
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "Worth a recovery" in body
    assert "Start service recovery" in body
    client.post(f"/coaching/tickets/{cast.ticket.number}/recovery/start/")
    assert Recovery.objects.get(ticket=cast.ticket).reason == why


def test_the_recovery_workflow_end_to_end(cast: Cast, client: Client) -> None:
    ticket_services.set_type(ticket=cast.ticket, type=TicketType.COMPLAINT, agent=cast.agent)
    number = cast.ticket.number
    login(client, cast.agent)
    assert client.post(f"/coaching/tickets/{number}/recovery/start/").status_code == 302
    recovery = Recovery.objects.get(ticket=cast.ticket)
    assert recovery.reason == RecoveryReason.COMPLAINT
    assert recovery.started_by == cast.agent
    assert recovery.is_open

    client.post(f"/coaching/tickets/{number}/recovery/steps/react/")
    client.post(f"/coaching/tickets/{number}/recovery/steps/apologise/")
    client.post(f"/coaching/tickets/{number}/recovery/steps/react/")  # twice is harmless
    login(client, cast.lead)
    client.post(f"/coaching/tickets/{number}/recovery/steps/facts/")
    done = {s.key: s for s in recovery.steps_done.all()}
    assert set(done) == {"react", "apologise", "facts"}
    assert done["react"].done_by == cast.agent
    assert done["facts"].done_by == cast.lead
    assert timezone.now() - done["react"].done_at < timedelta(minutes=1)

    body = client.get(f"/tickets/{number}/").content.decode()
    assert "3 of 8 steps done" in body
    assert "Agent Tester" in body  # who ticked

    follow_up = timezone.localdate() + timedelta(days=3)
    client.post(f"/coaching/tickets/{number}/recovery/follow-up/", {"on": follow_up.isoformat()})
    recovery.refresh_from_db()
    assert recovery.follow_up_on == follow_up

    client.post(
        f"/coaching/tickets/{number}/recovery/outcome/",
        {"outcome": "recovered", "note": "Happy with the corrected invoice."},
    )
    recovery.refresh_from_db()
    assert recovery.outcome == RecoveryOutcome.RECOVERED
    assert recovery.outcome_by == cast.lead
    assert recovery.outcome_note == "Happy with the corrected invoice."
    assert _recovery_events(cast) == [
        ("agent", "started (complaint)"),
        ("agent", "step done: React straight away and own it"),
        ("agent", "step done: Show concern and apologise"),
        ("lead", "step done: Get the whole story"),
        ("lead", f"follow-up on {follow_up.isoformat()}"),
        ("lead", "outcome: Recovered"),
    ]
    body = client.get(f"/tickets/{number}/").content.decode()
    assert "Earlier recoveries" in body
    assert "follow-up on" in body  # the timeline rows are on the page


def test_a_finished_recovery_takes_no_more_ticks_and_a_new_one_can_start(cast: Cast) -> None:
    recovery = services.start_recovery(ticket=cast.ticket, agent=cast.agent)
    assert recovery.reason == RecoveryReason.MANUAL
    with pytest.raises(ValidationError):
        services.start_recovery(ticket=cast.ticket, agent=cast.agent)
    services.record_recovery_outcome(
        recovery=recovery, outcome=RecoveryOutcome.NOT_RECOVERED, agent=cast.agent
    )
    with pytest.raises(ValidationError):
        services.tick_recovery_step(recovery=recovery, key="react", agent=cast.agent)
    with pytest.raises(ValidationError):
        services.record_recovery_outcome(
            recovery=recovery, outcome=RecoveryOutcome.RECOVERED, agent=cast.agent
        )
    assert services.start_recovery(ticket=cast.ticket, agent=cast.agent).is_open


def test_unknown_steps_past_follow_ups_and_bad_outcomes_are_refused(cast: Cast) -> None:
    recovery = services.start_recovery(ticket=cast.ticket, agent=cast.agent)
    with pytest.raises(ValidationError):
        services.tick_recovery_step(recovery=recovery, key="bribe", agent=cast.agent)
    with pytest.raises(ValidationError):
        services.set_recovery_follow_up(
            recovery=recovery, on=timezone.localdate() - timedelta(days=1), agent=cast.agent
        )
    with pytest.raises(ValidationError):
        services.record_recovery_outcome(recovery=recovery, outcome="", agent=cast.agent)
    assert len(STEP_KEYS) == 8


def test_a_restricted_agent_cannot_touch_a_recovery_they_cannot_see(
    cast: Cast, client: Client
) -> None:
    services.start_recovery(ticket=cast.ticket, agent=cast.agent)
    login(client, cast.outsider)
    number = cast.ticket.number
    assert client.post(f"/coaching/tickets/{number}/recovery/start/").status_code == 404
    assert client.post(f"/coaching/tickets/{number}/recovery/steps/react/").status_code == 404
    assert not Recovery.objects.get(ticket=cast.ticket).steps_done.exists()


def test_a_step_on_a_ticket_without_a_recovery_is_404(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.post(f"/coaching/tickets/{cast.ticket.number}/recovery/steps/react/")
    assert response.status_code == 404


def test_the_ticket_page_query_count_stays_flat_with_a_busy_recovery(
    cast: Cast, client: Client
) -> None:
    login(client, cast.lead)
    recovery = services.start_recovery(ticket=cast.ticket, agent=cast.agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/tickets/{cast.ticket.number}/").status_code == 200
        return len(ctx.captured_queries)

    count()
    few = count()
    for key in STEP_KEYS:
        services.tick_recovery_step(recovery=recovery, key=key, agent=cast.agent)
    for value in (5, 10, 500):
        services.grant_compensation(recovery=recovery, agent=cast.agent, kind="credit", value=value)
    for _ in range(5):
        scored(customer_writes(cast.ticket, ANGRY))
    assert count() == few
