"""Rosters and holidays: supervisors edit, agents are refused."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.test import Client

from goodwill.test import Cast, login, make_agent
from staffing.models import Holiday, Shift

SHIFT = {"weekday": "0", "start": "09:00", "end": "17:00", "channel": "phone"}


def test_a_supervisor_adds_and_removes_a_shift(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    response = client.post("/staffing/roster/shifts/", {**SHIFT, "agent": cast.agent.pk})
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert (shift.agent, shift.start, shift.end) == (cast.agent, time(9), time(17))
    client.post(f"/staffing/roster/shifts/{shift.pk}/delete/")
    assert not Shift.objects.exists()


def test_a_shift_must_end_after_it_starts(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    response = client.post(
        "/staffing/roster/shifts/", {**SHIFT, "agent": cast.agent.pk, "end": "08:00"}, follow=True
    )
    assert not Shift.objects.exists()
    assert "end" in response.content.decode().lower()


def test_a_supervisor_marks_a_holiday(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    client.post("/staffing/roster/holidays/", {"date": "2026-12-25", "name": "Christmas"})
    client.post("/staffing/roster/holidays/", {"date": "2026-12-25", "name": "Christmas Day"})
    holiday = Holiday.objects.get()
    assert (holiday.date, holiday.name) == (date(2026, 12, 25), "Christmas Day")
    client.post(f"/staffing/roster/holidays/{holiday.pk}/delete/")
    assert not Holiday.objects.exists()


def test_agents_get_403_on_every_roster_page(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    shift = Shift.objects.create(
        agent=cast.agent, weekday=0, start=time(9), end=time(17), channel="phone"
    )
    holiday = Holiday.objects.create(date=date(2026, 12, 25), name="Christmas")
    assert client.get("/staffing/roster/").status_code == 403
    assert (
        client.post("/staffing/roster/shifts/", {**SHIFT, "agent": cast.agent.pk}).status_code
        == 403
    )
    assert client.post(f"/staffing/roster/shifts/{shift.pk}/delete/").status_code == 403
    assert (
        client.post("/staffing/roster/holidays/", {"date": "2026-12-26", "name": "x"}).status_code
        == 403
    )
    assert client.post(f"/staffing/roster/holidays/{holiday.pk}/delete/").status_code == 403
    assert Shift.objects.count() == 1 and Holiday.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(db: None, client: Client) -> None:
    assert client.get("/staffing/roster/").status_code == 302


def test_the_roster_page_runs_the_same_queries_however_many_shifts(
    cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, cast.lead)
    Shift.objects.create(agent=cast.agent, weekday=0, start=time(9), end=time(17), channel="phone")
    with django_assert_max_num_queries(30) as first:
        assert client.get("/staffing/roster/").status_code == 200
    for i in range(5):
        user = make_agent(f"extra{i}")
        Shift.objects.create(agent=user, weekday=i, start=time(8), end=time(12), channel="chat")
        Holiday.objects.create(date=date(2027, 1, i + 1), name=f"Day {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/staffing/roster/").status_code == 200
