"""JSON API for tickets. Every write goes through tickets.services, like the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from accounts.access import get_ticket_for_agent, tickets_for_agent
from accounts.models import Team
from customers.services import find_or_create_customer
from goodwill.lib.http import AgentRequest
from tickets import services
from tickets.inbox import inbox_page
from tickets.models import Channel, Message, Priority, Status, Ticket, TicketType

router = Router(tags=["tickets"])

StatusName = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
PriorityName = Literal["low", "normal", "high", "urgent"]
TypeName = Literal["question", "incident", "problem", "request", "complaint"]
ChannelName = Literal["email", "web", "portal", "phone", "chat", "api"]
PRIORITY_BY_NAME = {p.label.lower(): p.value for p in Priority}


class PersonOut(Schema):
    id: int
    name: str


class TicketOut(Schema):
    number: int
    subject: str
    status: str
    priority: str
    type: str
    channel: str
    requester: PersonOut
    team: str | None
    assignee: str | None
    tags: list[str]
    promised_by: datetime | None
    created_at: datetime
    updated_at: datetime
    first_agent_reply_at: datetime | None
    reopen_count: int
    one_touch: bool

    @staticmethod
    def from_ticket(t: Ticket) -> TicketOut:
        return TicketOut(
            number=t.number,
            subject=t.subject,
            status=t.status,
            priority=Priority(t.priority).label.lower(),
            type=t.type,
            channel=t.channel,
            requester=PersonOut(id=t.requester_id, name=t.requester.name),
            team=t.team.name if t.team else None,
            assignee=t.assignee.username if t.assignee else None,
            tags=[tag.name for tag in t.tags.all()],
            promised_by=t.promised_by,
            created_at=t.created_at,
            updated_at=t.updated_at,
            first_agent_reply_at=t.first_agent_reply_at,
            reopen_count=t.reopen_count,
            one_touch=t.one_touch,
        )


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class MessageOut(Schema):
    id: int
    kind: str
    author: str
    body_text: str
    created_at: datetime

    @staticmethod
    def from_message(m: Message) -> MessageOut:
        return MessageOut(
            id=m.pk,
            kind=m.kind,
            author=m.author_name,
            body_text=m.body_text,
            created_at=m.created_at,
        )


class TicketIn(Schema):
    requester_email: str = Field(..., max_length=254)
    requester_name: str = Field("", max_length=200)
    subject: str = Field(..., min_length=1, max_length=250)
    body: str = Field(..., min_length=1)
    channel: ChannelName = "api"
    type: TypeName = "question"
    priority: PriorityName = "normal"
    team: str | None = None
    tags: list[str] = []


class TicketPatch(Schema):
    status: StatusName | None = None
    priority: PriorityName | None = None
    type: TypeName | None = None
    team: str | None = None
    assignee: str | None = None
    tags: list[str] | None = None
    promised_by: datetime | None = None


class ReplyIn(Schema):
    body: str = Field(..., min_length=1)
    status: StatusName | None = None


class NoteIn(Schema):
    body: str = Field(..., min_length=1)


class ListFilters(Schema):
    status: StatusName | None = None
    team: int | None = None
    assignee: int | None = None
    after: str | None = None
    per_page: int = Field(25, ge=1, le=100)


def _team(name: str | None) -> Team | None:
    if not name:
        return None
    team = Team.objects.filter(name__iexact=name).first()
    if team is None:
        raise ValidationError({"team": f"No team called {name!r}."})
    return team


def _agent(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, agent__isnull=False, is_active=True).first()
    if user is None:
        raise ValidationError({"assignee": f"No agent called {username!r}."})
    return user


@router.get("", response=TicketPage, summary="List tickets (newest activity first)")
def list_tickets(request: AgentRequest, filters: Query[ListFilters]) -> TicketPage:
    data = {"view": "all", **filters.dict(exclude_none=True)}
    page = inbox_page(tickets_for_agent(request.user), request.user, data)
    return TicketPage(
        items=[TicketOut.from_ticket(t) for t in page.tickets], next_cursor=page.next_cursor
    )


@router.post("", response={201: TicketOut}, summary="Open a ticket for a customer")
def create_ticket(request: AgentRequest, payload: TicketIn) -> HttpStatus[TicketOut]:
    with transaction.atomic():
        customer = find_or_create_customer(
            email=payload.requester_email, name=payload.requester_name
        )
        ticket = services.open_ticket(
            requester=customer,
            subject=payload.subject,
            body_text=payload.body,
            channel=Channel(payload.channel),
            type=TicketType(payload.type),
            priority=PRIORITY_BY_NAME[payload.priority],
            team=_team(payload.team),
            tags=payload.tags,
            agent=request.user,
        )
    return HttpStatus(201, TicketOut.from_ticket(ticket))


@router.get("/{number}", response=TicketOut)
def get_ticket(request: AgentRequest, number: int) -> TicketOut:
    return TicketOut.from_ticket(get_ticket_for_agent(request.user, number, for_page=True))


@router.patch("/{number}", response=TicketOut, summary="Change status, priority, team, ...")
def update_ticket(request: AgentRequest, number: int, payload: TicketPatch) -> TicketOut:
    ticket = get_ticket_for_agent(request.user, number)
    agent = request.user
    changes = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if "priority" in changes and payload.priority:
            services.set_priority(
                ticket=ticket, priority=PRIORITY_BY_NAME[payload.priority], agent=agent
            )
        if "type" in changes and payload.type:
            services.set_type(ticket=ticket, type=payload.type, agent=agent)
        if "team" in changes:
            services.set_team(ticket=ticket, team=_team(payload.team), agent=agent)
        if "assignee" in changes:
            services.assign_ticket(ticket=ticket, assignee=_agent(payload.assignee), agent=agent)
        if "tags" in changes and payload.tags is not None:
            services.set_tags(ticket=ticket, names=payload.tags, agent=agent)
        if "promised_by" in changes:
            services.set_promise(ticket=ticket, promised_by=payload.promised_by, agent=agent)
        if "status" in changes and payload.status:
            services.change_status(ticket=ticket, status=Status(payload.status), agent=agent)
    return get_ticket(request, number)


@router.get("/{number}/messages", response=list[MessageOut])
def list_messages(request: AgentRequest, number: int) -> list[MessageOut]:
    ticket = get_ticket_for_agent(request.user, number)
    rows = ticket.messages.select_related("author_agent", "author_customer")
    return [MessageOut.from_message(m) for m in rows]


@router.post("/{number}/replies", response={201: MessageOut}, summary="Reply to the customer")
def reply(request: AgentRequest, number: int, payload: ReplyIn) -> HttpStatus[MessageOut]:
    ticket = get_ticket_for_agent(request.user, number)
    message = services.reply_to_ticket(
        ticket=ticket, agent=request.user, body_text=payload.body, status=payload.status
    )
    return HttpStatus(201, MessageOut.from_message(message))


@router.post("/{number}/notes", response={201: MessageOut}, summary="Add an internal note")
def note(request: AgentRequest, number: int, payload: NoteIn) -> HttpStatus[MessageOut]:
    ticket = get_ticket_for_agent(request.user, number)
    message = services.add_note(ticket=ticket, agent=request.user, body_text=payload.body)
    return HttpStatus(201, MessageOut.from_message(message))
