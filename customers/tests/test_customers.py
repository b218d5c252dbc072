from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from customers import services
from customers.models import Customer, Identity, Lifecycle
from goodwill.test import Cast, login, make_customer, make_ticket
from tickets.models import EventKind


@override_settings(GOODWILL_LIFECYCLE_WINDOW_DAYS=60)
def test_lifecycle_is_derived_from_the_last_purchase_and_the_window(db: None) -> None:
    now = timezone.now()
    potential = make_customer()
    existing = make_customer(last_purchase_at=now - timedelta(days=10))
    former = make_customer(last_purchase_at=now - timedelta(days=90))
    assert (potential.lifecycle, existing.lifecycle, former.lifecycle) == (
        Lifecycle.POTENTIAL,
        Lifecycle.EXISTING,
        Lifecycle.FORMER,
    )
    assert list(Customer.objects.in_lifecycle("former")) == [former]
    assert list(Customer.objects.in_lifecycle("existing")) == [existing]
    assert list(Customer.objects.in_lifecycle("potential")) == [potential]


def test_identities_are_unique_and_normalised(db: None) -> None:
    make_customer(email="Ann@Example.COM")
    with pytest.raises(ValidationError) as info:
        make_customer(email="ann@example.com")
    assert "email" in info.value.message_dict
    assert Identity.objects.get().value == "ann@example.com"


def test_a_bad_email_names_the_field(db: None) -> None:
    with pytest.raises(ValidationError) as info:
        services.create_customer(name="X", email="nope")
    assert "email" in info.value.message_dict


def test_merging_moves_identities_and_tickets_and_leaves_a_trail(cast: Cast) -> None:
    dup = make_customer("Alice A.", email="alice.personal@example.com")
    ticket = make_ticket(dup)
    moved = services.merge_customers(source=dup, target=cast.customer, agent=cast.lead)
    assert moved == 1
    ticket.refresh_from_db()
    assert ticket.requester == cast.customer
    assert ticket.messages.get().author_customer == cast.customer
    assert set(cast.customer.identities.values_list("value", flat=True)) == {
        "alice@acme.example",
        "alice.personal@example.com",
    }
    assert ticket.events.filter(kind=EventKind.REQUESTER, new_value="Alice Archer").exists()
    dup.refresh_from_db()
    assert dup.merged_into == cast.customer
    assert services.find_customer_by_email("alice.personal@example.com") == cast.customer


def test_the_customer_page_shows_their_history_across_channels(cast: Cast, client: Client) -> None:
    make_ticket(cast.customer, subject="Phone call about delivery", channel="phone")
    login(client, cast.agent)
    body = client.get(f"/customers/{cast.customer.pk}/").content.decode()
    assert "Phone call about delivery" in body
    assert "Invoice shows the wrong address" in body
    assert "alice@acme.example" in body


def test_a_restricted_agent_cannot_open_an_unrelated_customer(cast: Cast, client: Client) -> None:
    login(client, cast.outsider)
    assert client.get(f"/customers/{cast.customer.pk}/").status_code == 404


def test_only_supervisors_merge_customers(cast: Cast, client: Client) -> None:
    dup = make_customer("Dup")
    login(client, cast.agent)
    response = client.post(f"/customers/{dup.pk}/merge/", {"target": cast.customer.pk})
    assert response.status_code == 403
    dup.refresh_from_db()
    assert dup.merged_into is None


def test_editing_a_customer_saves_and_reports_errors_by_field(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    url = f"/customers/{cast.customer.pk}/edit/"
    bad = client.post(url, {"name": "", "kind": "internal"})
    assert "Name: This field is required." in bad.content.decode()
    client.post(url, {"name": "Alice B. Archer", "kind": "internal", "notes": "Prefers phone"})
    cast.customer.refresh_from_db()
    assert (cast.customer.name, cast.customer.kind, cast.customer.notes) == (
        "Alice B. Archer",
        "internal",
        "Prefers phone",
    )


def test_the_customer_list_query_count_is_flat(cast: Cast, client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get("/customers/")
        return len(ctx.captured_queries)

    few = count()
    for _ in range(20):
        make_customer()
    assert count() == few
