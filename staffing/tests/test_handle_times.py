"""Handle time per channel and type from agents' recorded time, and supervisors' overrides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from goodwill.test import Cast, login, make_ticket
from staffing.data import effective_handle_time, measured_handle_times
from staffing.models import HandleTimeOverride
from tickets.models import Message, MessageKind, Ticket


def add(ticket: Ticket, kind: str, *, handle: int | None = None, call: int | None = None) -> None:
    Message.objects.create(
        ticket=ticket, kind=kind, handle_time_s=handle, call_duration_s=call, channel=ticket.channel
    )


def test_it_sums_agent_time_per_ticket_and_averages_per_channel_and_type(cast: Cast) -> None:
    first = make_ticket(channel="email", type="question")
    add(first, MessageKind.REPLY, handle=100)
    add(first, MessageKind.NOTE, handle=50)
    second = make_ticket(channel="email", type="question")
    add(second, MessageKind.REPLY, handle=250)
    call = make_ticket(channel="phone", type="incident")
    add(call, MessageKind.CALL, call=400)  # no handle time recorded: the call length counts
    add(call, MessageKind.CALL, handle=60, call=999)  # recorded handle time wins
    today = timezone.localdate()
    rows = measured_handle_times(start=today, end=today)
    by_key = {(r.channel, r.ticket_type): r for r in rows}
    assert by_key[("email", "question")].tickets == 2
    assert by_key[("email", "question")].average_s == 200  # (150 + 250) / 2
    assert by_key[("phone", "incident")].average_s == 460
    # The cast's ticket has only a customer message: no agent time, not averaged.
    assert ("web", "question") not in by_key


def test_it_leaves_out_tickets_created_outside_the_range(cast: Cast) -> None:
    old = make_ticket(channel="email")
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    add(old, MessageKind.REPLY, handle=999)
    today = timezone.localdate()
    assert measured_handle_times(start=today - timedelta(days=7), end=today) == []


def test_an_override_beats_the_measured_figure(cast: Cast) -> None:
    ticket = make_ticket(channel="chat", type="request")
    add(ticket, MessageKind.REPLY, handle=120)
    today = timezone.localdate()
    rows = measured_handle_times(start=today, end=today)
    assert effective_handle_time(channel="chat", ticket_type="request", measured=rows) == (
        120.0,
        "measured",
    )
    HandleTimeOverride.objects.create(channel="chat", ticket_type="", seconds=300)
    assert effective_handle_time(channel="chat", measured=rows) == (300.0, "override")
    HandleTimeOverride.objects.create(channel="chat", ticket_type="request", seconds=90)
    assert effective_handle_time(channel="chat", ticket_type="request", measured=rows) == (
        90.0,
        "override",
    )
    assert effective_handle_time(channel="email", measured=rows)[1] == "fallback"


def test_the_page_shows_the_figures(cast: Cast, client: Client) -> None:
    ticket = make_ticket(channel="email", type="incident")
    add(ticket, MessageKind.REPLY, handle=321)
    login(client, cast.agent)
    html = client.get("/staffing/handle-times/").content.decode()
    assert "321 s" in html
    assert "Set an override" not in html  # agents read, supervisors edit


def test_a_supervisor_sets_and_replaces_an_override(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    data = {"channel": "phone", "ticket_type": "", "seconds": "240"}
    assert client.post("/staffing/handle-times/overrides/", data).status_code == 302
    client.post("/staffing/handle-times/overrides/", {**data, "seconds": "260"})
    override = HandleTimeOverride.objects.get()
    assert override.seconds == 260
    client.post(f"/staffing/handle-times/overrides/{override.pk}/delete/")
    assert not HandleTimeOverride.objects.exists()


def test_agents_may_not_change_overrides(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    data = {"channel": "phone", "ticket_type": "", "seconds": "240"}
    assert client.post("/staffing/handle-times/overrides/", data).status_code == 403
    override = HandleTimeOverride.objects.create(channel="phone", ticket_type="", seconds=1)
    assert client.post(f"/staffing/handle-times/overrides/{override.pk}/delete/").status_code == 403
    assert HandleTimeOverride.objects.exists()


def test_an_override_of_zero_seconds_is_refused(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    client.post("/staffing/handle-times/overrides/", {"channel": "phone", "seconds": "0"})
    assert not HandleTimeOverride.objects.exists()


def test_the_page_runs_the_same_queries_however_many_tickets_and_overrides(
    cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, cast.lead)
    add(make_ticket(channel="email"), MessageKind.REPLY, handle=60)
    HandleTimeOverride.objects.create(channel="phone", ticket_type="", seconds=200)
    with django_assert_max_num_queries(30) as first:
        client.get("/staffing/handle-times/")
    for channel in ("chat", "web", "portal"):
        add(make_ticket(channel=channel, type="incident"), MessageKind.REPLY, handle=90)
        HandleTimeOverride.objects.create(channel=channel, ticket_type="incident", seconds=100)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/staffing/handle-times/")


def test_a_reversed_date_range_is_refused_on_the_end_field(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/handle-times/", {"start": "2026-11-20", "end": "2026-11-01"})
    assert "end" in response.context["form"].errors
    assert response.context["rows"] == []
