"""The tag, custom field and status name settings pages."""

from __future__ import annotations

import pytest
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goodwill.test import Cast, login, make_ticket
from tickets.models import CustomField, EventKind, FieldType, Status, StatusLabel, Tag
from tickets.services import add_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings: LazySettings) -> None:
    # The cast signs up four agents per test; the real hasher would spend most of the run on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _field_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "key": "order_number",
        "label": "Order number",
        "field_type": FieldType.TEXT,
        "choices": "",
        "position": "1",
    }
    data.update(overrides)
    return data


def _labels_post(**labels: str) -> dict[str, str]:
    return {status.value: labels.get(status.value, "") for status in Status}


# --- Tags -------------------------------------------------------------------------------------


class TestTags:
    def test_the_list_shows_each_tag_with_how_many_tickets_carry_it(
        self, cast: Cast, client: Client
    ) -> None:
        add_tag(ticket=cast.ticket, name="billing", agent=cast.agent)
        add_tag(ticket=make_ticket(cast.customer), name="billing", agent=cast.agent)
        Tag.objects.create(name="unused")
        response = login(client, cast.lead).get(reverse("desk_settings:tags"))
        assert response.status_code == 200
        counts = {t.name: t.ticket_count for t in response.context["tags"]}
        assert counts == {"billing": 2, "unused": 0}

    def test_the_list_costs_the_same_queries_for_3_tags_as_for_30(
        self, cast: Cast, client: Client
    ) -> None:
        login(client, cast.lead)
        url = reverse("desk_settings:tags")
        for n in range(3):
            add_tag(ticket=cast.ticket, name=f"tag-{n}", agent=cast.agent)
        client.get(url)  # warm up the session and any first-request lookups
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for n in range(3, 30):
            add_tag(ticket=cast.ticket, name=f"tag-{n}", agent=cast.agent)
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert len(response.context["tags"]) == 30
        assert len(many) == len(few)

    def test_a_supervisor_adds_a_tag_in_lower_case(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:tag_new"), {"name": "  VIP  "}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("desk_settings:tags")
        assert Tag.objects.filter(name="vip").exists()

    def test_adding_a_tag_needs_a_post(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).get(reverse("desk_settings:tag_new"))
        assert response.status_code == 405

    def test_a_duplicate_tag_is_refused_and_the_error_names_the_field(
        self, cast: Cast, client: Client
    ) -> None:
        Tag.objects.create(name="vip")
        response = login(client, cast.lead).post(reverse("desk_settings:tag_new"), {"name": "VIP"})
        assert response.status_code == 200
        assert "Tag name: There is already a tag called" in response.content.decode()
        assert Tag.objects.count() == 1

    def test_an_empty_tag_name_is_refused(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(reverse("desk_settings:tag_new"), {"name": " "})
        assert response.status_code == 200
        assert "Tag name: This field is required." in response.content.decode()
        assert not Tag.objects.exists()

    def test_a_supervisor_renames_a_tag_and_tickets_keep_it(
        self, cast: Cast, client: Client
    ) -> None:
        add_tag(ticket=cast.ticket, name="refnd", agent=cast.agent)
        tag = Tag.objects.get(name="refnd")
        response = login(client, cast.lead).post(
            reverse("desk_settings:tag_rename", args=[tag.pk]), {"name": "Refund"}
        )
        assert response.status_code == 302
        tag.refresh_from_db()
        assert tag.name == "refund"
        assert list(cast.ticket.tags.values_list("name", flat=True)) == ["refund"]

    def test_renaming_onto_an_existing_tag_is_refused(self, cast: Cast, client: Client) -> None:
        Tag.objects.create(name="refund")
        tag = Tag.objects.create(name="refnd")
        response = login(client, cast.lead).post(
            reverse("desk_settings:tag_rename", args=[tag.pk]), {"name": "refund"}
        )
        assert response.status_code == 200
        assert "Tag name: There is already a tag called" in response.content.decode()
        tag.refresh_from_db()
        assert tag.name == "refnd"

    def test_deleting_asks_first_and_then_takes_the_tag_off_tickets(
        self, cast: Cast, client: Client
    ) -> None:
        add_tag(ticket=cast.ticket, name="spam", agent=cast.agent)
        tag = Tag.objects.get(name="spam")
        login(client, cast.lead)
        url = reverse("desk_settings:tag_delete", args=[tag.pk])
        confirm = client.get(url)
        assert confirm.status_code == 200
        assert "1 ticket" in confirm.content.decode()
        assert Tag.objects.filter(pk=tag.pk).exists()

        response = client.post(url)
        assert response.status_code == 302
        assert not Tag.objects.filter(pk=tag.pk).exists()
        assert not cast.ticket.tags.exists()
        event = cast.ticket.events.get(kind=EventKind.TAG_REMOVED)
        assert event.old_value == "spam"
        assert event.actor_agent == cast.lead

    def test_a_plain_agent_cannot_add_rename_or_delete_tags(
        self, cast: Cast, client: Client
    ) -> None:
        tag = Tag.objects.create(name="keep")
        login(client, cast.agent)
        assert client.get(reverse("desk_settings:tags")).status_code == 403
        assert client.post(reverse("desk_settings:tag_new"), {"name": "new"}).status_code == 403
        rename = reverse("desk_settings:tag_rename", args=[tag.pk])
        assert client.get(rename).status_code == 403
        assert client.post(rename, {"name": "changed"}).status_code == 403
        delete = reverse("desk_settings:tag_delete", args=[tag.pk])
        assert client.get(delete).status_code == 403
        assert client.post(delete).status_code == 403
        assert list(Tag.objects.values_list("name", flat=True)) == ["keep"]

    def test_an_anonymous_visitor_cannot_delete_a_tag(self, cast: Cast, client: Client) -> None:
        tag = Tag.objects.create(name="keep")
        response = client.post(reverse("desk_settings:tag_delete", args=[tag.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert Tag.objects.filter(pk=tag.pk).exists()


# --- Custom fields ----------------------------------------------------------------------------


class TestCustomFields:
    def test_a_supervisor_creates_a_choice_field_from_one_option_per_line(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:field_new"),
            _field_post(
                key="plan",
                label="Plan",
                field_type=FieldType.CHOICE,
                choices="Free\n\n Pro \nFree\nEnterprise\n",
                visible_to_customer="on",
            ),
        )
        assert response.status_code == 302
        field = CustomField.objects.get(key="plan")
        assert field.label == "Plan"
        assert field.field_type == FieldType.CHOICE
        assert field.choices == ["Free", "Pro", "Enterprise"]
        assert field.visible_to_customer is True
        assert field.position == 1

    def test_the_list_shows_every_field(self, cast: Cast, client: Client) -> None:
        CustomField.objects.create(key="plan", label="Plan", position=2)
        CustomField.objects.create(key="order", label="Order", position=1)
        response = login(client, cast.lead).get(reverse("desk_settings:fields"))
        assert response.status_code == 200
        assert [f.key for f in response.context["fields"]] == ["order", "plan"]

    def test_a_choice_field_without_options_is_refused_and_not_saved(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:field_new"),
            _field_post(field_type=FieldType.CHOICE, choices="\n  \n"),
        )
        assert response.status_code == 200
        assert "Options: A choice field needs at least one option." in response.content.decode()
        assert not CustomField.objects.exists()

    def test_a_key_that_is_not_a_slug_or_already_used_is_refused(
        self, cast: Cast, client: Client
    ) -> None:
        CustomField.objects.create(key="order_number", label="Existing")
        login(client, cast.lead)
        response = client.post(reverse("desk_settings:field_new"), _field_post(key="has space"))
        assert response.status_code == 200
        assert "Key: " in response.content.decode()
        response = client.post(reverse("desk_settings:field_new"), _field_post())
        assert "Key: Another field already uses this key." in response.content.decode()
        assert CustomField.objects.count() == 1

    def test_a_supervisor_edits_a_field_but_its_key_stays(self, cast: Cast, client: Client) -> None:
        field = CustomField.objects.create(
            key="plan", label="Plan", field_type=FieldType.CHOICE, choices=["Free", "Pro"]
        )
        response = login(client, cast.lead).post(
            reverse("desk_settings:field_edit", args=[field.pk]),
            _field_post(key="renamed", label="Subscription", field_type=FieldType.TEXT, position=4),
        )
        assert response.status_code == 302
        field.refresh_from_db()
        assert field.key == "plan"
        assert field.label == "Subscription"
        assert field.field_type == FieldType.TEXT
        assert field.choices == []
        assert field.position == 4
        assert field.visible_to_customer is False

    def test_the_edit_form_shows_options_one_per_line(self, cast: Cast, client: Client) -> None:
        field = CustomField.objects.create(
            key="plan", label="Plan", field_type=FieldType.CHOICE, choices=["Free", "Pro"]
        )
        response = login(client, cast.lead).get(
            reverse("desk_settings:field_edit", args=[field.pk])
        )
        assert response.status_code == 200
        assert "Free\nPro</textarea>" in response.content.decode()

    def test_a_supervisor_deletes_a_field_after_confirming(
        self, cast: Cast, client: Client
    ) -> None:
        field = CustomField.objects.create(key="plan", label="Plan")
        login(client, cast.lead)
        url = reverse("desk_settings:field_delete", args=[field.pk])
        assert client.get(url).status_code == 200
        assert CustomField.objects.filter(pk=field.pk).exists()
        assert client.post(url).status_code == 302
        assert not CustomField.objects.filter(pk=field.pk).exists()

    def test_a_plain_agent_cannot_create_edit_or_delete_fields(
        self, cast: Cast, client: Client
    ) -> None:
        field = CustomField.objects.create(key="plan", label="Plan")
        login(client, cast.agent)
        assert client.get(reverse("desk_settings:field_new")).status_code == 403
        assert client.post(reverse("desk_settings:field_new"), _field_post()).status_code == 403
        edit = reverse("desk_settings:field_edit", args=[field.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, _field_post(label="Hijacked")).status_code == 403
        delete = reverse("desk_settings:field_delete", args=[field.pk])
        assert client.post(delete).status_code == 403
        assert list(CustomField.objects.values_list("key", "label")) == [("plan", "Plan")]


# --- Status names -----------------------------------------------------------------------------


class TestStatusLabels:
    def test_the_form_lists_all_six_statuses_with_their_current_names(
        self, cast: Cast, client: Client
    ) -> None:
        StatusLabel.objects.create(status=Status.PENDING, label="Waiting on you")
        response = login(client, cast.lead).get(reverse("desk_settings:statuses"))
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.fields) == list(Status.values)
        assert form.initial == {"pending": "Waiting on you"}
        assert 'value="Waiting on you"' in response.content.decode()

    def test_a_supervisor_renames_statuses_and_a_blank_resets_to_the_default(
        self, cast: Cast, client: Client
    ) -> None:
        StatusLabel.objects.create(status=Status.ON_HOLD, label="Parked")
        response = login(client, cast.lead).post(
            reverse("desk_settings:statuses"),
            _labels_post(pending="Awaiting reply", solved="Done"),
        )
        assert response.status_code == 302
        assert dict(StatusLabel.objects.values_list("status", "label")) == {
            "pending": "Awaiting reply",
            "solved": "Done",
        }

    def test_typing_the_default_name_stores_no_row(self, cast: Cast, client: Client) -> None:
        login(client, cast.lead).post(reverse("desk_settings:statuses"), _labels_post(new="New"))
        assert not StatusLabel.objects.exists()

    def test_two_statuses_with_the_same_name_are_refused(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:statuses"), _labels_post(solved="Closed")
        )
        assert response.status_code == 200
        assert "Solved: Closed already shows as" in response.content.decode()
        assert not StatusLabel.objects.exists()

    def test_a_plain_agent_cannot_rename_statuses(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.agent).post(
            reverse("desk_settings:statuses"), _labels_post(open="Hacked")
        )
        assert response.status_code == 403
        assert not StatusLabel.objects.exists()

    def test_an_anonymous_visitor_cannot_rename_statuses(self, cast: Cast, client: Client) -> None:
        response = client.post(reverse("desk_settings:statuses"), _labels_post(open="Hacked"))
        assert response.status_code == 302
        assert not StatusLabel.objects.exists()
