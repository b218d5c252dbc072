"""Compensation within the team's limit needs nobody's approval; above it, a supervisor's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coaching import services
from coaching.models import Compensation, CompensationPolicy, CompensationStatus, Recovery
from goodwill.test import Cast, login, make_customer, make_ticket
from tickets.models import EventKind


@pytest.fixture
def recovery(cast: Cast) -> Recovery:
    CompensationPolicy.objects.create(team=cast.support, limit=Decimal(50))
    return services.start_recovery(ticket=cast.ticket, agent=cast.agent)


def _grant(client: Client, cast: Cast, **data: object) -> Compensation:
    url = f"/coaching/tickets/{cast.ticket.number}/recovery/compensation/"
    assert client.post(url, {"kind": "refund", "note": "", **data}).status_code == 302
    return Compensation.objects.latest("id")


def _events(cast: Cast) -> list[str]:
    return list(
        cast.ticket.events.filter(kind=EventKind.CUSTOM_FIELD, field="compensation").values_list(
            "new_value", flat=True
        )
    )


def test_an_agent_grants_within_the_limit_without_approval(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    login(client, cast.agent)
    given = _grant(client, cast, value="50.00")
    assert given.status == CompensationStatus.GRANTED
    assert given.requested_by == cast.agent
    assert given.decided_by is None
    assert _events(cast) == ["Refund 50.00: granted (within the limit)"]


def test_above_the_limit_the_grant_waits_for_a_supervisor(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    login(client, cast.agent)
    given = _grant(client, cast, value="80")
    assert given.status == CompensationStatus.PENDING
    assert _events(cast) == ["Refund 80.00: pending approval"]


def test_small_grants_cannot_add_up_past_the_limit(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    login(client, cast.agent)
    assert _grant(client, cast, value="30").status == CompensationStatus.GRANTED
    assert _grant(client, cast, value="30").status == CompensationStatus.PENDING


def test_posting_an_approved_status_directly_grants_nothing_more(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    login(client, cast.agent)
    given = _grant(client, cast, value="500", status="approved", decided_by=cast.agent.pk)
    assert given.status == CompensationStatus.PENDING
    assert given.decided_by is None
    # Nor can the agent approve it, by form or through the service.
    response = client.post(f"/coaching/compensations/{given.pk}/approve/")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.decide_compensation(compensation=given, supervisor=cast.agent, approve=True)
    given.refresh_from_db()
    assert given.status == CompensationStatus.PENDING


def test_a_team_without_a_policy_sends_every_grant_for_approval(cast: Cast) -> None:
    recovery = services.start_recovery(ticket=cast.ticket, agent=cast.agent)
    given = services.grant_compensation(recovery=recovery, agent=cast.agent, kind="gift", value="1")
    assert given.status == CompensationStatus.PENDING


def test_a_supervisor_approves_from_the_recovery_list(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    pending = services.grant_compensation(
        recovery=recovery, agent=cast.agent, kind="replacement", value="120"
    )
    login(client, cast.lead)
    body = client.get("/coaching/recoveries/").content.decode()
    assert "Waiting for approval (1)" in body
    assert "Replacement 120.00" in body
    client.post(f"/coaching/compensations/{pending.pk}/approve/")
    pending.refresh_from_db()
    assert pending.status == CompensationStatus.APPROVED
    assert pending.decided_by == cast.lead
    assert pending.decided_at is not None
    assert _events(cast)[-1] == "Replacement 120.00: approved"
    with pytest.raises(ValidationError):  # decided once, for good
        services.decide_compensation(compensation=pending, supervisor=cast.lead, approve=False)


def test_a_supervisor_rejects_from_the_ticket_page(
    cast: Cast, client: Client, recovery: Recovery
) -> None:
    pending = services.grant_compensation(
        recovery=recovery, agent=cast.agent, kind="credit", value="75"
    )
    login(client, cast.lead)
    page = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert f"/coaching/compensations/{pending.pk}/reject/" in page
    response = client.post(
        f"/coaching/compensations/{pending.pk}/reject/",
        {"next": f"/tickets/{cast.ticket.number}/#recovery"},
    )
    assert response["Location"] == f"/tickets/{cast.ticket.number}/#recovery"
    pending.refresh_from_db()
    assert pending.status == CompensationStatus.REJECTED


def test_an_offsite_next_is_ignored(cast: Cast, client: Client, recovery: Recovery) -> None:
    pending = services.grant_compensation(
        recovery=recovery, agent=cast.agent, kind="credit", value="75"
    )
    login(client, cast.lead)
    response = client.post(
        f"/coaching/compensations/{pending.pk}/approve/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/coaching/recoveries/"


def test_a_supervisors_own_grant_is_approved_at_once(cast: Cast, recovery: Recovery) -> None:
    given = services.grant_compensation(
        recovery=recovery, agent=cast.lead, kind="refund", value="900"
    )
    assert given.status == CompensationStatus.APPROVED
    assert given.decided_by == cast.lead


def test_bad_values_and_kinds_are_refused(cast: Cast, client: Client, recovery: Recovery) -> None:
    for value in ("0", "-5", "abc"):
        with pytest.raises(ValidationError):
            services.grant_compensation(
                recovery=recovery, agent=cast.agent, kind="refund", value=value
            )
    with pytest.raises(ValidationError):
        services.grant_compensation(recovery=recovery, agent=cast.agent, kind="cash", value="5")
    login(client, cast.agent)
    client.post(
        f"/coaching/tickets/{cast.ticket.number}/recovery/compensation/",
        {"kind": "refund", "value": "-1"},
    )
    assert not Compensation.objects.exists()


def test_supervisors_set_team_limits_and_agents_cannot(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get("/coaching/limits/").status_code == 403
    assert client.post(f"/coaching/limits/{cast.billing.pk}/", {"limit": "999"}).status_code == 403
    login(client, cast.lead)
    client.post(f"/coaching/limits/{cast.billing.pk}/", {"limit": "25"})
    assert CompensationPolicy.objects.get(team=cast.billing).limit == Decimal(25)
    assert 'value="25.00"' in client.get("/coaching/limits/").content.decode()


def test_the_recovery_list_is_for_supervisors_and_its_query_count_is_flat(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    assert client.get("/coaching/recoveries/").status_code == 403
    login(client, cast.lead)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/coaching/recoveries/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(6):
        ticket = make_ticket(make_customer(), team=cast.support)
        recovery = services.start_recovery(ticket=ticket, agent=cast.agent)
        services.tick_recovery_step(recovery=recovery, key="react", agent=cast.agent)
        services.grant_compensation(recovery=recovery, agent=cast.agent, kind="gift", value="9")
    body = client.get("/coaching/recoveries/").content.decode()
    assert "Under way (6)" in body
    assert "Waiting for approval (6)" in body
    assert count() == few
