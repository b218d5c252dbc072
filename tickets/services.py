"""Every change to a ticket happens here, in one transaction, with its timeline row.

Views, the JSON API, the portal, email intake, tasks and management commands
call these functions; none of them writes a ticket row directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import AgentProfile, Team
from customers.models import Customer
from goodwill.lib.sanitize import sanitize_html
from tickets import mail
from tickets.models import (
    OPEN_STATUSES,
    Attachment,
    CallDirection,
    Channel,
    EventKind,
    LinkKind,
    Message,
    MessageKind,
    Priority,
    Status,
    Tag,
    Ticket,
    TicketEvent,
    TicketLink,
    TicketNumber,
    TicketPresence,
    TicketRead,
    TicketType,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from intake.models import Mailbox


def _record(
    ticket: Ticket,
    kind: str,
    *,
    agent: User | None = None,
    customer: Customer | None = None,
    field: str = "",
    old: object = "",
    new: object = "",
    message: Message | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor_agent=agent,
        actor_customer=customer,
        field=field,
        old_value=_display(old)[:250],
        new_value=_display(new)[:250],
        message=message,
        created_at=at or timezone.now(),
    )


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    full_name = getattr(value, "get_full_name", None)
    if full_name is not None:
        return full_name() or value.get_username()  # type: ignore[attr-defined]
    return str(value)


def _touch(ticket: Ticket, *fields: str, at: datetime | None = None) -> None:
    ticket.updated_at = at or timezone.now()
    ticket.save(update_fields=[*fields, "updated_at"])


def _next_number() -> int:
    # One statement takes the number: the UPDATE locks the counter row on PostgreSQL until
    # commit (so numbers never repeat), and SQLite's IMMEDIATE transactions serialise writers.
    sql = "UPDATE tickets_ticketnumber SET last = last + 1 WHERE id = 1 RETURNING last"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:  # a fresh desk: write the counter row (once, even when racing)
            TicketNumber.objects.bulk_create([TicketNumber(pk=1, last=1000)], ignore_conflicts=True)
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0])


def _store_attachments(message: Message, files: Iterable[UploadedFile]) -> list[Attachment]:
    stored = []
    limit = settings.GOODWILL_ATTACHMENT_MAX_BYTES
    for upload in files:
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                {"attachments": f"{upload.name} is larger than {limit // (1024 * 1024)} MB."}
            )
        stored.append(
            Attachment.objects.create(
                message=message,
                file=upload,
                filename=(upload.name or "attachment")[:255],
                content_type=(upload.content_type or "application/octet-stream")[:100],
                size=upload.size or 0,
            )
        )
    return stored


def _clean_body(body_text: str, body_html: str) -> tuple[str, str]:
    body_text = body_text.strip()
    body_html = sanitize_html(body_html) if body_html else ""
    if not body_text and not body_html:
        raise ValidationError({"body": "Write a message first."})
    return body_text, body_html


# --- Opening tickets -------------------------------------------------------------------------


@transaction.atomic
def open_ticket(
    *,
    requester: Customer,
    subject: str,
    body_text: str,
    body_html: str = "",
    channel: str = Channel.WEB,
    agent: User | None = None,
    type: str = TicketType.QUESTION,
    priority: int = Priority.NORMAL,
    team: Team | None = None,
    assignee: User | None = None,
    ccs: Sequence[Customer] = (),
    tags: Sequence[str] = (),
    attachments: Iterable[UploadedFile] = (),
    promised_by: datetime | None = None,
    custom_fields: dict[str, Any] | None = None,
    acknowledge: bool = True,
    contact_email: str = "",
    email_message_id: str = "",
    mailbox: Mailbox | None = None,
) -> Ticket:
    """Open a ticket with the requester's first message; auto-assign within the team.

    The customer gets an acknowledgement by email unless `acknowledge` is off (intake turns
    it off for automatic mail, so two robots never answer each other). It goes to
    `contact_email` when given (the address the request just came from), else to the
    requester's first address that is not bouncing. The returned ticket carries the first
    message as `opening_message`.
    """
    subject = " ".join(subject.split())[:250]
    if not subject:
        raise ValidationError({"subject": "A ticket needs a subject."})
    body_text, body_html = _clean_body(body_text, body_html)
    now = timezone.now()
    ticket = Ticket.objects.create(
        number=_next_number(),
        subject=subject,
        requester=requester,
        organization_id=requester.organization_id,
        team=team,
        channel=channel,
        mailbox=mailbox,
        type=type,
        priority=priority,
        promised_by=promised_by,
        custom_fields=custom_fields or {},
        created_at=now,
        updated_at=now,
    )
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.CUSTOMER,
        channel=channel,
        author_customer=requester,
        body_text=body_text,
        body_html=body_html,
        email_message_id=email_message_id,
        created_at=now,
    )
    _store_attachments(message, attachments)
    from coaching.services import schedule_mood  # coaching; imported late to avoid a cycle

    schedule_mood(message_id=message.pk)  # the mood is read in the background after commit
    _record(
        ticket,
        EventKind.CREATED,
        agent=agent,
        customer=None if agent else requester,
        new=ticket.get_channel_display(),
        message=message,
        at=now,
    )
    if ccs:
        ticket.ccs.add(*[c for c in ccs if c.pk != requester.pk])
    for name in tags:
        add_tag(ticket=ticket, name=name, agent=agent)
    if assignee is None and team is not None and team.auto_assign:
        assignee = pick_round_robin_assignee(team=team)
    if assignee is not None:
        assign_ticket(ticket=ticket, assignee=assignee, agent=agent)
    if acknowledge:
        mail.acknowledge(ticket, message, to=contact_email)
    ticket.opening_message = message
    return ticket


def pick_round_robin_assignee(*, team: Team) -> User | None:
    """The available member who has waited longest for a ticket, skipping away or full agents."""
    Team.objects.select_for_update().filter(pk=team.pk).first()  # serialise per team
    candidates = (
        AgentProfile.objects.active()
        .filter(user__desk_teams=team, is_away=False)
        .annotate(
            open_count=Count(
                "user__assigned_tickets",
                filter=Q(user__assigned_tickets__status__in=OPEN_STATUSES),
            )
        )
        .filter(Q(capacity=0) | Q(capacity__gt=F("open_count")))
        .select_related("user")
        .order_by(F("last_assigned_at").asc(nulls_first=True), "user_id")
    )
    profile = candidates.first()
    if profile is None:
        return None
    profile.last_assigned_at = timezone.now()
    profile.save(update_fields=["last_assigned_at"])
    return profile.user


# --- Conversation -----------------------------------------------------------------------------


@transaction.atomic
def reply_to_ticket(
    *,
    ticket: Ticket,
    agent: User,
    body_text: str,
    body_html: str = "",
    attachments: Iterable[UploadedFile] = (),
    status: str | None = None,
    handle_time_s: int | None = None,
) -> Message:
    """A public reply to the customer. A new ticket becomes open unless `status` says otherwise."""
    _ensure_not_closed(ticket)
    body_text, body_html = _clean_body(body_text, body_html)
    now = timezone.now()
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.REPLY,
        channel=ticket.channel,
        author_agent=agent,
        body_text=body_text,
        body_html=body_html,
        handle_time_s=handle_time_s,
        created_at=now,
    )
    _store_attachments(message, attachments)
    if ticket.first_agent_reply_at is None:
        ticket.first_agent_reply_at = now
    ticket.public_reply_count += 1
    _touch(ticket, "first_agent_reply_at", "public_reply_count", at=now)
    _record(ticket, EventKind.REPLIED, agent=agent, message=message, at=now)
    from coaching.services import record_reply_lint  # coaching; imported late to avoid a cycle

    record_reply_lint(message=message)  # keep what the reply coach found, for the agent's trend
    mail.email_reply(ticket, message)
    target = status or (Status.OPEN if ticket.status == Status.NEW else None)
    if target and target != ticket.status:
        change_status(ticket=ticket, status=target, agent=agent)
    if ticket.assignee_id is None:
        assign_ticket(ticket=ticket, assignee=agent, agent=agent)
    return message


@transaction.atomic
def add_note(
    *,
    ticket: Ticket,
    agent: User,
    body_text: str,
    attachments: Iterable[UploadedFile] = (),
    handle_time_s: int | None = None,
) -> Message:
    """An internal note: agents only, never shown to the customer."""
    body_text, _ = _clean_body(body_text, "")
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.NOTE,
        channel=ticket.channel,
        author_agent=agent,
        body_text=body_text,
        handle_time_s=handle_time_s,
    )
    _store_attachments(message, attachments)
    _touch(ticket)
    _record(ticket, EventKind.NOTED, agent=agent, message=message)
    return message


@transaction.atomic
def log_call(
    *,
    ticket: Ticket,
    agent: User,
    direction: str,
    duration_s: int,
    hold_s: int = 0,
    summary: str,
) -> Message:
    """Record a phone call on the ticket; its duration counts as handle time."""
    if direction not in CallDirection.values:
        raise ValidationError({"direction": "Choose inbound or outbound."})
    if duration_s < 0 or hold_s < 0 or hold_s > duration_s:
        raise ValidationError({"hold_s": "Hold time must be between zero and the call's length."})
    summary, _ = _clean_body(summary, "")
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.CALL,
        channel=Channel.PHONE,
        author_agent=agent,
        body_text=summary,
        call_direction=direction,
        call_duration_s=duration_s,
        call_hold_s=hold_s,
        handle_time_s=duration_s,
    )
    _touch(ticket)
    _record(
        ticket,
        EventKind.CALL_LOGGED,
        agent=agent,
        message=message,
        new=f"{direction}, {duration_s // 60} min {duration_s % 60} s",
    )
    return message


@transaction.atomic
def add_customer_message(
    *,
    ticket: Ticket,
    customer: Customer,
    body_text: str,
    body_html: str = "",
    channel: str | None = None,
    attachments: Iterable[UploadedFile] = (),
    email_message_id: str = "",
) -> Message:
    """A customer writes on a ticket.

    A solved ticket reopens; a closed one stays closed and a new follow-up
    ticket, linked to it, carries the message instead.
    """
    if ticket.status == Status.CLOSED:
        follow_up = open_ticket(
            requester=customer,
            subject=ticket.subject,
            body_text=body_text,
            body_html=body_html,
            channel=channel or ticket.channel,
            type=ticket.type,
            priority=ticket.priority,
            team=ticket.team,
            attachments=attachments,
            email_message_id=email_message_id,
        )
        TicketLink.objects.create(source=follow_up, target=ticket, kind=LinkKind.FOLLOW_UP_OF)
        _record(follow_up, EventKind.FOLLOW_UP, customer=customer, new=f"#{ticket.number}")
        _record(ticket, EventKind.FOLLOW_UP, customer=customer, new=f"#{follow_up.number}")
        assert follow_up.opening_message is not None
        return follow_up.opening_message
    body_text, body_html = _clean_body(body_text, body_html)
    now = timezone.now()
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.CUSTOMER,
        channel=channel or ticket.channel,
        author_customer=customer,
        body_text=body_text,
        body_html=body_html,
        email_message_id=email_message_id,
        created_at=now,
    )
    _store_attachments(message, attachments)
    _touch(ticket, at=now)
    _record(ticket, EventKind.CUSTOMER_REPLIED, customer=customer, message=message, at=now)
    from coaching.services import schedule_mood  # coaching; imported late to avoid a cycle

    schedule_mood(message_id=message.pk)  # the mood is read in the background after commit
    mail.notify_customer_reply(ticket, message)
    if ticket.status in {Status.SOLVED, Status.PENDING}:
        change_status(ticket=ticket, status=Status.OPEN, customer=customer)
    return message


# --- Properties -------------------------------------------------------------------------------


def _ensure_not_closed(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise ValidationError(
            {"status": "This ticket is closed. A new message from the customer opens a follow-up."}
        )


@transaction.atomic
def change_status(
    *,
    ticket: Ticket,
    status: str,
    agent: User | None = None,
    customer: Customer | None = None,
) -> None:
    """Move a ticket to another status, keeping solve, reopen and one-touch figures right."""
    if status not in Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    old = ticket.status
    if old == status:
        return
    _ensure_not_closed(ticket)
    now = timezone.now()
    ticket.status = status
    if status == Status.SOLVED:
        ticket.first_solved_at = ticket.first_solved_at or now
        ticket.last_solved_at = now
        # One-touch only counts a ticket solved first time, after a single public reply.
        ticket.one_touch = ticket.reopen_count == 0 and ticket.public_reply_count == 1
    if status == Status.CLOSED:
        ticket.closed_at = now
    reopening = old == Status.SOLVED and status in OPEN_STATUSES
    if reopening:
        ticket.reopen_count += 1
        ticket.one_touch = False
    _touch(
        ticket,
        "status",
        "first_solved_at",
        "last_solved_at",
        "one_touch",
        "closed_at",
        "reopen_count",
        at=now,
    )
    _record(
        ticket,
        EventKind.STATUS,
        agent=agent,
        customer=customer,
        field="status",
        old=Status(old).label,
        new=Status(status).label,
        at=now,
    )
    if reopening:
        _record(ticket, EventKind.REOPENED, agent=agent, customer=customer, at=now)


@transaction.atomic
def assign_ticket(*, ticket: Ticket, assignee: User | None, agent: User | None) -> None:
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return
    old = ticket.assignee
    ticket.assignee = assignee
    _touch(ticket, "assignee")
    _record(ticket, EventKind.ASSIGNEE, agent=agent, field="assignee", old=old, new=assignee)
    if assignee is not None:
        mail.notify_assignee(ticket, assignee, agent)


@transaction.atomic
def set_team(*, ticket: Ticket, team: Team | None, agent: User | None) -> None:
    if ticket.team_id == (team.pk if team else None):
        return
    old = ticket.team
    ticket.team = team
    _touch(ticket, "team")
    _record(ticket, EventKind.TEAM, agent=agent, field="team", old=old, new=team)
    if team is not None and team.auto_assign and ticket.assignee_id is None:
        assignee = pick_round_robin_assignee(team=team)
        if assignee is not None:
            assign_ticket(ticket=ticket, assignee=assignee, agent=agent)


@transaction.atomic
def set_priority(*, ticket: Ticket, priority: int, agent: User | None) -> None:
    if priority not in Priority.values:
        raise ValidationError({"priority": f"Unknown priority {priority!r}."})
    if ticket.priority == priority:
        return
    old = Priority(ticket.priority).label
    ticket.priority = priority
    _touch(ticket, "priority")
    _record(
        ticket,
        EventKind.PRIORITY,
        agent=agent,
        field="priority",
        old=old,
        new=Priority(priority).label,
    )


@transaction.atomic
def set_type(*, ticket: Ticket, type: str, agent: User | None) -> None:
    if type not in TicketType.values:
        raise ValidationError({"type": f"Unknown type {type!r}."})
    if ticket.type == type:
        return
    old = TicketType(ticket.type).label
    ticket.type = type
    _touch(ticket, "type")
    _record(ticket, EventKind.TYPE, agent=agent, field="type", old=old, new=TicketType(type).label)


@transaction.atomic
def set_promise(*, ticket: Ticket, promised_by: datetime | None, agent: User | None) -> None:
    """Record (or withdraw) a promise made to the customer about when they will hear back."""
    if ticket.promised_by == promised_by:
        return
    old = ticket.promised_by
    ticket.promised_by = promised_by
    _touch(ticket, "promised_by")
    _record(
        ticket, EventKind.PROMISED_BY, agent=agent, field="promised_by", old=old, new=promised_by
    )


@transaction.atomic
def set_custom_field(*, ticket: Ticket, key: str, value: Any, agent: User | None) -> None:
    old = ticket.custom_fields.get(key)
    if old == value:
        return
    ticket.custom_fields = {**ticket.custom_fields, key: value}
    _touch(ticket, "custom_fields")
    _record(ticket, EventKind.CUSTOM_FIELD, agent=agent, field=key, old=old, new=value)


@transaction.atomic
def add_tag(*, ticket: Ticket, name: str, agent: User | None) -> None:
    name = name.strip().lower()[:50]
    if not name:
        return
    tag, _ = Tag.objects.get_or_create(name=name)
    if ticket.tags.filter(pk=tag.pk).exists():
        return
    ticket.tags.add(tag)
    _touch(ticket)
    _record(ticket, EventKind.TAG_ADDED, agent=agent, field="tags", new=name)


@transaction.atomic
def remove_tag(*, ticket: Ticket, name: str, agent: User | None) -> None:
    tag = Tag.objects.filter(name=name.strip().lower()).first()
    if tag is None or not ticket.tags.filter(pk=tag.pk).exists():
        return
    ticket.tags.remove(tag)
    _touch(ticket)
    _record(ticket, EventKind.TAG_REMOVED, agent=agent, field="tags", old=tag.name)


@transaction.atomic
def set_tags(*, ticket: Ticket, names: Iterable[str], agent: User | None) -> None:
    wanted = {n.strip().lower()[:50] for n in names if n.strip()}
    current = set(ticket.tags.values_list("name", flat=True))
    for name in sorted(current - wanted):
        remove_tag(ticket=ticket, name=name, agent=agent)
    for name in sorted(wanted - current):
        add_tag(ticket=ticket, name=name, agent=agent)


@transaction.atomic
def add_cc(*, ticket: Ticket, customer: Customer, agent: User | None) -> None:
    if customer.pk == ticket.requester_id or ticket.ccs.filter(pk=customer.pk).exists():
        return
    ticket.ccs.add(customer)
    _touch(ticket)
    _record(ticket, EventKind.CC_ADDED, agent=agent, field="ccs", new=customer.name)


# --- Merging, linking, splitting --------------------------------------------------------------


@transaction.atomic
def merge_tickets(*, source: Ticket, target: Ticket, agent: User) -> None:
    """Fold `source` into `target`: its messages and timeline move; it closes, pointing there."""
    if source.pk == target.pk:
        raise ValidationError({"target": "A ticket cannot be merged into itself."})
    if target.merged_into_id is not None:
        raise ValidationError({"target": f"#{target.number} was itself merged away."})
    if source.merged_into_id is not None:
        raise ValidationError({"source": f"#{source.number} was already merged."})
    Message.objects.filter(ticket=source).update(ticket=target)
    TicketEvent.objects.filter(ticket=source).update(ticket=target)
    target.ccs.add(*source.ccs.all())
    if source.requester_id != target.requester_id:
        target.ccs.add(source.requester)
    target.tags.add(*source.tags.all())
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = timezone.now()
    _touch(source, "merged_into", "status", "closed_at")
    _touch(target)
    TicketLink.objects.get_or_create(
        source=source, target=target, defaults={"kind": LinkKind.MERGED_INTO}
    )
    _record(source, EventKind.MERGED_INTO, agent=agent, new=f"#{target.number}")
    _record(target, EventKind.MERGED_FROM, agent=agent, new=f"#{source.number}")


@transaction.atomic
def link_tickets(
    *, source: Ticket, target: Ticket, agent: User, kind: str = LinkKind.RELATED
) -> TicketLink:
    if source.pk == target.pk:
        raise ValidationError({"target": "A ticket cannot be linked to itself."})
    existing = TicketLink.objects.filter(
        Q(source=source, target=target) | Q(source=target, target=source)
    ).first()
    if existing is not None:
        return existing
    link = TicketLink.objects.create(source=source, target=target, kind=kind)
    _record(source, EventKind.LINKED, agent=agent, new=f"#{target.number}")
    _record(target, EventKind.LINKED, agent=agent, new=f"#{source.number}")
    return link


@transaction.atomic
def split_message(*, message: Message, agent: User, subject: str = "") -> Ticket:
    """Move one customer message out into a ticket of its own, linked back to where it came from."""
    if message.kind != MessageKind.CUSTOMER:
        raise ValidationError({"message": "Only a customer's message can be split off."})
    origin = message.ticket
    if origin.messages.count() < 2:
        raise ValidationError({"message": "The ticket's only message cannot be split off."})
    requester = message.author_customer or origin.requester
    now = timezone.now()
    ticket = Ticket.objects.create(
        number=_next_number(),
        subject=(subject or origin.subject)[:250],
        requester=requester,
        organization_id=requester.organization_id,
        team=origin.team,
        channel=message.channel,
        type=origin.type,
        priority=origin.priority,
        created_at=now,
        updated_at=now,
    )
    message.ticket = ticket
    message.save(update_fields=["ticket"])
    TicketLink.objects.create(source=ticket, target=origin, kind=LinkKind.SPLIT_FROM)
    _record(ticket, EventKind.CREATED, agent=agent, new="Split", message=message, at=now)
    _record(ticket, EventKind.SPLIT, agent=agent, old=f"#{origin.number}")
    _record(origin, EventKind.SPLIT, agent=agent, new=f"#{ticket.number}")
    _touch(origin)
    return ticket


# --- Agent bookkeeping ------------------------------------------------------------------------


def mark_read(*, ticket: Ticket, user: User) -> None:
    """Remember that `user` has seen the ticket as it is now (one UPDATE on every later visit)."""
    now = timezone.now()
    if not TicketRead.objects.filter(ticket=ticket, user=user).update(read_at=now):
        TicketRead.objects.get_or_create(ticket=ticket, user=user, defaults={"read_at": now})


def note_presence(*, ticket: Ticket, user: User, action: str) -> None:
    """Heartbeat from an open ticket page: who is viewing or replying right now."""
    now = timezone.now()
    rows = TicketPresence.objects.filter(ticket=ticket, user=user)
    if not rows.update(action=action, seen_at=now):
        TicketPresence.objects.get_or_create(
            ticket=ticket, user=user, defaults={"action": action, "seen_at": now}
        )
