"""The outbox: every email Goodwill sends is first a row here, written with its change."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone


class OutboundKind(models.TextChoices):
    REPLY = "reply", "Agent reply"
    ACKNOWLEDGEMENT = "ack", "Acknowledgement"
    AGENT_NOTICE = "agent_notice", "Agent notification"
    LOGIN_LINK = "login_link", "Portal sign-in link"


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SUPPRESSED = "suppressed", "Not sent"


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def automatic_to(self, address: str, since: datetime) -> OutboundEmailQuerySet:
        return self.filter(auto_generated=True, recipient=address, created_at__gte=since)


class OutboundEmail(models.Model):
    kind = models.CharField(max_length=15, choices=OutboundKind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="outbound"
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
    )
    from_email = models.CharField(max_length=300)
    to = models.JSONField(default=list)
    # The first of `to`, lowercased: what per-recipient limits count by.
    recipient = models.CharField(max_length=254, db_index=True)
    cc = models.JSONField(default=list, blank=True)
    reply_to = models.CharField(max_length=300, blank=True)
    # Rendered by the worker just before sending, from `template` and `context`: rendering is
    # a side effect and stays off the path that records the change.
    template = models.CharField(max_length=100, blank=True)
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # Without angle brackets; stable across retries so a resend never forks the thread.
    email_message_id = models.CharField(max_length=255, unique=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    auto_generated = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbound_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {', '.join(self.to)}"
