"""The agent inbox as a query: saved views, filters, sorting and keyset pagination.

Keyset (seek) pagination keeps every page as cheap as the first on 200k tickets,
where OFFSET would scan everything skipped.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Team
from coaching.models import MOOD_CHOICES, latest_customer_mood
from goodwill.widgets import use_fast_selects
from tickets.forms import AgentChoiceField
from tickets.models import OPEN_STATUSES, Channel, Priority, Status, Tag, TicketRead, TicketType

if TYPE_CHECKING:
    from tickets.models import Ticket, TicketQuerySet

SAVED_VIEWS: dict[str, str] = {
    "mine": "Mine",
    "unassigned": "Unassigned",
    "my_teams": "My teams",
    "open": "All open",
    "pending": "Pending",
    "solved": "Solved recently",
    "all": "Everything",
}

# Each sort is a tuple of (field, descending); `id` last makes every key unique.
SORTS: dict[str, tuple[str, tuple[tuple[str, bool], ...]]] = {
    "updated": ("Recently updated", (("updated_at", True), ("id", True))),
    "created": ("Newest", (("created_at", True), ("id", True))),
    "oldest": ("Oldest", (("created_at", False), ("id", False))),
    "priority": ("Most urgent", (("priority", True), ("updated_at", True), ("id", True))),
}
PAGE_SIZES = (25, 50, 100)


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(choices=list(SAVED_VIEWS.items()), required=False)
    q = forms.CharField(required=False, max_length=100, label="Subject contains")
    status = forms.ChoiceField(choices=_blank("Any status") + Status.choices, required=False)
    priority = forms.TypedChoiceField(
        choices=_blank("Any priority") + [(str(v), label) for v, label in Priority.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    type = forms.ChoiceField(choices=_blank("Any type") + TicketType.choices, required=False)
    channel = forms.ChoiceField(choices=_blank("Any channel") + Channel.choices, required=False)
    team = forms.ModelChoiceField(Team.objects.all(), required=False, empty_label="Any team")
    assignee = AgentChoiceField(required=False, empty_label="Anyone")
    tag = forms.ModelChoiceField(
        Tag.objects.all(), to_field_name="name", required=False, empty_label="Any tag"
    )
    # coaching: the mood of the ticket's latest customer message
    mood = forms.ChoiceField(choices=_blank("Any mood") + MOOD_CHOICES, required=False)
    customer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    organization = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(choices=[(k, v[0]) for k, v in SORTS.items()], required=False)
    per_page = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=None,
        label="Per page",
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)


@dataclass
class InboxPage:
    tickets: list[Ticket]
    next_cursor: str | None
    view: str
    sort: str


def _apply_view(qs: TicketQuerySet, view: str, user: User) -> TicketQuerySet:
    if view == "mine":
        return qs.filter(assignee=user, status__in=OPEN_STATUSES)
    if view == "unassigned":
        return qs.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
    if view == "my_teams":
        team_ids = list(user.desk_teams.values_list("id", flat=True))
        return qs.filter(team_id__in=team_ids, status__in=OPEN_STATUSES)
    if view == "open":
        return qs.filter(status__in=OPEN_STATUSES)
    if view == "pending":
        return qs.filter(status=Status.PENDING)
    if view == "solved":
        return qs.filter(
            status=Status.SOLVED, last_solved_at__gte=timezone.now() - timedelta(days=7)
        )
    return qs


def _apply_filters(qs: TicketQuerySet, data: dict[str, Any]) -> TicketQuerySet:
    for name in ("status", "priority", "type", "channel", "team", "assignee"):
        if data.get(name) not in (None, ""):
            qs = qs.filter(**{name: data[name]})
    if data.get("tag"):
        qs = qs.filter(tags=data["tag"])
    if data.get("mood"):  # coaching: one subquery, however many rows
        qs = qs.annotate(latest_mood=latest_customer_mood()).filter(latest_mood=data["mood"])
    if data.get("customer"):
        qs = qs.filter(requester_id=data["customer"])
    if data.get("organization"):
        qs = qs.filter(organization_id=data["organization"])
    if data.get("q"):
        text = data["q"].strip()
        if text.lstrip("#").isdigit():
            qs = qs.filter(Q(subject__icontains=text) | Q(number=int(text.lstrip("#"))))
        else:
            qs = qs.filter(subject__icontains=text)
    return qs


def encode_cursor(ticket: Ticket, keys: tuple[tuple[str, bool], ...]) -> str:
    values = []
    for field, _ in keys:
        value = getattr(ticket, field)
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, keys: tuple[tuple[str, bool], ...]) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        decoded: list[Any] = []
        for (field, _), value in zip(keys, values, strict=True):
            if field.endswith("_at"):
                decoded.append(datetime.fromisoformat(value))
            elif isinstance(value, int):
                decoded.append(value)
            else:
                return None
        return decoded
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None


def _seek(
    qs: TicketQuerySet, keys: tuple[tuple[str, bool], ...], values: list[Any]
) -> TicketQuerySet:
    """Rows strictly after the cursor in sort order: (a, b, c) > (va, vb, vc) spelled out."""
    condition = Q()
    for i, (field, desc) in enumerate(keys):
        step = Q(**{f"{field}__{'lt' if desc else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{keys[j][0]: values[j]})
        condition |= step
    return qs.filter(condition)


def inbox_page(base: TicketQuerySet, user: User, data: dict[str, Any]) -> InboxPage:
    view = data.get("view") or "open"
    sort = data.get("sort") or "updated"
    keys = SORTS[sort][1]
    per_page = data.get("per_page") or PAGE_SIZES[0]
    qs = _apply_filters(_apply_view(base.live(), view, user), data)
    if data.get("after"):
        values = _decode_cursor(data["after"], keys)
        if values is not None:
            qs = _seek(qs, keys, values)
    last_read = TicketRead.objects.filter(ticket=OuterRef("pk"), user=user).values("read_at")[:1]
    qs = (
        qs.select_related("requester", "assignee", "team", "organization")
        .prefetch_related("tags")
        .annotate(read_at=Subquery(last_read))
        .order_by(*[F(f).desc() if d else F(f).asc() for f, d in keys])
    )
    rows: list[Ticket] = list(qs[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    for row in rows:
        row.unread = row.read_at is None or row.read_at < row.updated_at  # type: ignore[attr-defined]
    return InboxPage(
        tickets=rows,
        next_cursor=encode_cursor(rows[-1], keys) if more and rows else None,
        view=view,
        sort=sort,
    )
