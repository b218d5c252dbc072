from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goodwill.test import Cast, login, make_customer, make_ticket
from tickets import services


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_inbox_query_count_does_not_grow_with_the_page(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    few = _queries(client, "/tickets/?view=all")
    for i in range(30):
        ticket = make_ticket(make_customer(), team=cast.support, tags=[f"t{i % 3}"])
        services.assign_ticket(ticket=ticket, assignee=cast.lead, agent=cast.lead)
    many = _queries(client, "/tickets/?view=all&per_page=50")
    assert many == few


def test_keyset_pages_cover_every_ticket_exactly_once(cast: Cast, client: Client) -> None:
    for _ in range(59):
        make_ticket()
    login(client, cast.agent)
    seen: list[int] = []
    url = "/tickets/?view=all&per_page=25"
    while True:
        page = client.get(url).context["page"]
        seen += [t.number for t in page.tickets]
        if not page.next_cursor:
            break
        url = f"/tickets/?view=all&per_page=25&after={page.next_cursor}"
    assert len(seen) == 60
    assert len(set(seen)) == 60


def test_keyset_works_for_the_priority_sort(cast: Cast, client: Client) -> None:
    for i in range(12):
        make_ticket(priority=1 + i % 4)
    login(client, cast.agent)
    seen: list[tuple[int, int]] = []
    url = "/tickets/?view=all&sort=priority&per_page=25"
    page = client.get(url).context["page"]
    seen += [(t.priority, t.number) for t in page.tickets]
    assert not page.next_cursor
    assert [p for p, _ in seen] == sorted((p for p, _ in seen), reverse=True)


def test_a_broken_cursor_is_ignored_not_an_error(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get("/tickets/?view=all&after=%%%garbage").status_code == 200


def test_filters_narrow_the_list(cast: Cast, client: Client) -> None:
    billing_urgent = make_ticket(team=cast.billing, priority=4, subject="Refund please")
    make_ticket(team=cast.billing, priority=2)
    login(client, cast.lead)
    page = client.get(f"/tickets/?view=all&team={cast.billing.pk}&priority=4").context["page"]
    assert [t.number for t in page.tickets] == [billing_urgent.number]
    page = client.get("/tickets/?view=all&q=refund").context["page"]
    assert [t.number for t in page.tickets] == [billing_urgent.number]
    page = client.get(f"/tickets/?view=all&q=%23{billing_urgent.number}").context["page"]
    assert [t.number for t in page.tickets] == [billing_urgent.number]


def test_saved_views_mine_and_unassigned(cast: Cast, client: Client) -> None:
    services.assign_ticket(ticket=cast.ticket, assignee=cast.agent, agent=cast.agent)
    other = make_ticket()
    login(client, cast.agent)
    mine = client.get("/tickets/?view=mine").context["page"].tickets
    unassigned = client.get("/tickets/?view=unassigned").context["page"].tickets
    assert [t.number for t in mine] == [cast.ticket.number]
    assert [t.number for t in unassigned] == [other.number]


def test_updated_marker_clears_after_opening_and_returns_on_change(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)

    def unread() -> bool:
        rows = client.get("/tickets/?view=all").context["page"].tickets
        return next(t for t in rows if t.pk == cast.ticket.pk).unread

    assert unread() is True
    client.get(f"/tickets/{cast.ticket.number}/")
    assert unread() is False
    services.add_customer_message(ticket=cast.ticket, customer=cast.customer, body_text="more")
    assert unread() is True


def test_the_htmx_refresh_returns_only_the_rows(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/tickets/?view=all", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<table" in body
    assert "<html" not in body


def test_bulk_assign_and_tag(cast: Cast, client: Client) -> None:
    other = make_ticket()
    login(client, cast.lead)
    client.post(
        "/tickets/bulk/",
        {
            "tickets": [cast.ticket.number, other.number],
            "action": "assign",
            "assignee": cast.agent.pk,
        },
    )
    client.post(
        "/tickets/bulk/",
        {"tickets": [cast.ticket.number, other.number], "action": "tag", "tag": "Outage"},
    )
    for t in (cast.ticket, other):
        t.refresh_from_db()
        assert t.assignee == cast.agent
        assert list(t.tags.values_list("name", flat=True)) == ["outage"]


def test_bulk_status_without_a_status_names_the_field(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    response = client.post(
        "/tickets/bulk/", {"tickets": [cast.ticket.number], "action": "status"}, follow=True
    )
    assert "status: Choose the status to set." in response.content.decode()
