"""Tickets, their conversation (messages, attachments) and the append-only timeline."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from customers.models import Customer, Organization


class Status(models.TextChoices):
    """Fixed status categories; supervisors may rename them (StatusLabel), not add new ones."""

    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending"  # waiting on the customer
    ON_HOLD = "on_hold", "On hold"  # waiting on a third party
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEB = "web", "Web form"
    PORTAL = "portal", "Portal"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"
    API = "api", "API"


class TicketType(models.TextChoices):
    QUESTION = "question", "Question"
    INCIDENT = "incident", "Incident"
    PROBLEM = "problem", "Problem"
    REQUEST = "request", "Request"
    COMPLAINT = "complaint", "Complaint"


class Priority(models.IntegerChoices):
    # Stored as numbers so that "most urgent first" is a plain ORDER BY.
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TicketQuerySet(models.QuerySet["Ticket"]):
    def open(self) -> TicketQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def live(self) -> TicketQuerySet:
        """Tickets not merged away into another one."""
        return self.filter(merged_into__isnull=True)

    def with_page_data(self) -> TicketQuerySet:
        """What the ticket page shows about the ticket itself, fetched up front."""
        return self.select_related(
            "requester__organization", "team", "assignee", "merged_into"
        ).prefetch_related("requester__identities", "tags", "ccs")

    def for_customer_portal(self, customer: Customer) -> TicketQuerySet:
        """A signed-in customer's view: their own, CC'd and (if shared) their organisation's."""
        condition = Q(requester=customer) | Q(ccs=customer)
        org = customer.organization
        if org is not None and org.shares_tickets:
            condition |= Q(organization=org)
        return self.filter(condition).live().distinct()


class Ticket(models.Model):
    number = models.PositiveIntegerField(unique=True)
    subject = models.CharField(max_length=250)
    requester = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    ccs = models.ManyToManyField(Customer, related_name="cc_tickets", blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    # The address the customer wrote to; replies go out from it.
    mailbox = models.ForeignKey(
        "intake.Mailbox", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    type = models.CharField(max_length=10, choices=TicketType.choices, default=TicketType.QUESTION)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    tags = models.ManyToManyField(Tag, related_name="tickets", blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    promised_by = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_agent_reply_at = models.DateTimeField(null=True, blank=True)
    first_solved_at = models.DateTimeField(null=True, blank=True)
    last_solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    public_reply_count = models.PositiveIntegerField(default=0)
    # Solved after exactly one public agent reply: the customer got what they needed at once.
    one_touch = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = TicketQuerySet.as_manager()

    # Not stored: open_ticket() leaves the requester's first message here on the instance
    # it returns, so callers need not query for it.
    opening_message: Message | None = None

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated"),
            models.Index(fields=["status", "-updated_at", "-id"], name="ticket_status_updated"),
            models.Index(
                fields=["team", "status", "-updated_at", "-id"], name="ticket_team_status"
            ),
            models.Index(
                fields=["assignee", "status", "-updated_at", "-id"], name="ticket_assignee_status"
            ),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester"),
            models.Index(fields=["organization", "-created_at"], name="ticket_org"),
            models.Index(fields=["-created_at", "-id"], name="ticket_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def promise_overdue(self) -> bool:
        return bool(self.promised_by and self.is_open and self.promised_by < timezone.now())


class MessageKind(models.TextChoices):
    CUSTOMER = "customer", "Customer message"
    REPLY = "reply", "Public reply"
    NOTE = "note", "Internal note"
    CALL = "call", "Phone call"


class CallDirection(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    author_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_messages",
    )
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)  # always sanitised before it is stored
    # Seconds an agent actively spent on this message (composing, or on the call).
    handle_time_s = models.PositiveIntegerField(null=True, blank=True)
    call_direction = models.CharField(
        max_length=10, choices=CallDirection.choices, blank=True, default=""
    )
    call_duration_s = models.PositiveIntegerField(null=True, blank=True)
    call_hold_s = models.PositiveIntegerField(null=True, blank=True)
    # The Message-ID of the email that carried this message in or out (without brackets).
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="customer") | Q(author_agent__isnull=True),
                name="message_customer_has_no_agent_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket.number}"

    @property
    def is_public(self) -> bool:
        """Customers see their own messages and public replies, never notes or call logs."""
        return self.kind in {MessageKind.CUSTOMER, MessageKind.REPLY}

    @property
    def author_name(self) -> str:
        if self.author_agent is not None:
            return self.author_agent.get_full_name() or self.author_agent.get_username()
        if self.author_customer is not None:
            return self.author_customer.name
        return "Goodwill"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random folder keeps names unguessable and lets two files share a name.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.filename


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    STATUS = "status", "Status changed"
    ASSIGNEE = "assignee", "Assignee changed"
    TEAM = "team", "Team changed"
    PRIORITY = "priority", "Priority changed"
    TYPE = "type", "Type changed"
    TAG_ADDED = "tag_added", "Tag added"
    TAG_REMOVED = "tag_removed", "Tag removed"
    CC_ADDED = "cc_added", "CC added"
    PROMISED_BY = "promised_by", "Promise changed"
    CUSTOM_FIELD = "custom_field", "Field changed"
    REPLIED = "replied", "Replied"
    NOTED = "noted", "Internal note"
    CALL_LOGGED = "call_logged", "Call logged"
    CUSTOMER_REPLIED = "customer_replied", "Customer replied"
    REOPENED = "reopened", "Reopened"
    MERGED_INTO = "merged_into", "Merged into another ticket"
    MERGED_FROM = "merged_from", "Ticket merged in"
    LINKED = "linked", "Linked"
    SPLIT = "split", "Split"
    FOLLOW_UP = "follow_up", "Follow-up opened"
    REQUESTER = "requester", "Requester changed"
    EMAIL_RESENT = "email_resent", "Email sent again"


class TicketEvent(models.Model):
    """One row per change. Rows are only ever added; the timeline is the audit trail."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(max_length=40, blank=True)
    old_value = models.CharField(max_length=250, blank=True)
    new_value = models.CharField(max_length=250, blank=True)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket")]

    def __str__(self) -> str:
        return f"{self.kind} on ticket {self.ticket_id}"

    @property
    def actor_name(self) -> str:
        if self.actor_agent is not None:
            return self.actor_agent.get_full_name() or self.actor_agent.get_username()
        if self.actor_customer is not None:
            return self.actor_customer.name
        return "Goodwill"


class LinkKind(models.TextChoices):
    RELATED = "related", "Related"
    SPLIT_FROM = "split_from", "Split from"
    FOLLOW_UP_OF = "follow_up_of", "Follow-up of"
    MERGED_INTO = "merged_into", "Merged into"


class TicketLink(models.Model):
    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=15, choices=LinkKind.choices, default=LinkKind.RELATED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="ticket_link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="no_self_link"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class FieldType(models.TextChoices):
    TEXT = "text", "Text"
    NUMBER = "number", "Number"
    DATE = "date", "Date"
    CHOICE = "choice", "Choice"
    CHECKBOX = "checkbox", "Checkbox"


class CustomField(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    field_type = models.CharField(max_length=10, choices=FieldType.choices, default=FieldType.TEXT)
    choices = models.JSONField(default=list, blank=True)
    visible_to_customer = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class StatusLabelQuerySet(models.QuerySet["StatusLabel"]):
    def as_dict(self) -> dict[str, str]:
        """{status: display name} for the statuses a desk has renamed."""
        return dict(self.values_list("status", "label"))


class StatusLabel(models.Model):
    """A desk's own display name for a fixed status category."""

    status = models.CharField(max_length=10, choices=Status.choices, unique=True)
    label = models.CharField(max_length=40)

    objects = StatusLabelQuerySet.as_manager()

    def __str__(self) -> str:
        return self.label


class TicketNumber(models.Model):
    """A single-row counter; taking a number locks the row so numbers never repeat."""

    last = models.PositiveIntegerField(default=1000)

    def __str__(self) -> str:
        return str(self.last)


class TicketRead(models.Model):
    """When an agent last opened a ticket, for the inbox's 'updated since you looked' marker."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "ticket"], name="ticket_read_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.ticket_id}"


class PresenceAction(models.TextChoices):
    VIEWING = "viewing", "viewing"
    REPLYING = "replying", "replying"


class TicketPresence(models.Model):
    """Who has a ticket open right now; rows older than a minute count as gone."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=PresenceAction.choices)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="ticket_presence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.ticket_id}"
