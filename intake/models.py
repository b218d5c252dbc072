"""Mailboxes and every inbound email exactly as it arrived."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Mailbox(models.Model):
    """An address customers write to (support@, billing@); its mail lands in its team."""

    name = models.CharField(max_length=80, unique=True)
    address = models.EmailField(unique=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="mailboxes"
    )
    active = models.BooleanField(default=True)
    # IMAP polling (optional). The password is read from the environment variable named
    # here, so no secret sits in the database.
    imap_host = models.CharField(max_length=200, blank=True)
    imap_port = models.PositiveIntegerField(default=993)
    imap_security = models.CharField(
        max_length=10,
        choices=[("ssl", "SSL/TLS"), ("starttls", "STARTTLS"), ("none", "None (loopback only)")],
        default="ssl",
    )
    imap_username = models.CharField(max_length=200, blank=True)
    imap_password_env = models.CharField(
        max_length=100, blank=True, help_text="Name of the environment variable with the password."
    )
    # Microsoft 365 turned password sign-in off for IMAP, and Google prefers tokens too:
    # with OAuth 2.0 the poller gets an access token from the provider's token endpoint
    # and signs in with XOAUTH2. Secrets, again, only by environment variable name.
    imap_auth = models.CharField(
        max_length=10,
        choices=[("password", "Password"), ("oauth2", "OAuth 2.0 (XOAUTH2)")],
        default="password",
    )
    oauth_token_url = models.URLField(blank=True)
    oauth_client_id = models.CharField(max_length=200, blank=True)
    oauth_client_secret_env = models.CharField(max_length=100, blank=True)
    # Empty: the client-credentials grant (Microsoft 365 app-only access). Set: the
    # refresh-token grant with the token in that variable (Gmail, delegated access).
    oauth_refresh_token_env = models.CharField(max_length=100, blank=True)
    oauth_scope = models.CharField(max_length=300, blank=True)
    imap_folder = models.CharField(max_length=200, default="INBOX")
    # Where processed mail goes; empty keeps it in place, flagged as done.
    imap_processed_folder = models.CharField(max_length=200, blank=True)
    imap_last_polled_at = models.DateTimeField(null=True, blank=True)
    imap_last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", "Received"  # stored, not processed yet (or processing crashed)
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored"  # e.g. a bounce or an unlinked out-of-office reply
    REJECTED = "rejected", "Rejected"


class InboundEmailQuerySet(models.QuerySet["InboundEmail"]):
    def needs_attention(self) -> InboundEmailQuerySet:
        return self.filter(status__in=[InboundStatus.REJECTED, InboundStatus.RECEIVED])


class InboundEmail(models.Model):
    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    raw = models.BinaryField()
    size = models.PositiveIntegerField()
    # The Message-ID header, or a hash of the bytes when there is none: one row per message,
    # so a redelivered email does nothing.
    dedupe_key = models.CharField(max_length=255, unique=True)
    transport = models.CharField(max_length=20, default="api")
    from_address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    reason = models.TextField(blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    message = models.ForeignKey(
        "tickets.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    attempts = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = InboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "-received_at"], name="inbound_status")]

    def __str__(self) -> str:
        return f"{self.from_address or 'unknown sender'}: {self.subject or '(no subject)'}"
