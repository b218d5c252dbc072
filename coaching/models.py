"""Coaching data: phrase rules and jargon the coach uses, what it found in each reply, the
mood of each customer message, and service recoveries with their compensation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from coaching import lint
from coaching.mood import MOODS
from coaching.recovery import RECOVERY_STEPS
from coaching.strategies import TEMPERAMENTS
from tickets.models import Message, MessageKind, Ticket

MOOD_CHOICES = [(m, m.capitalize()) for m in MOODS]


# --- The reply coach's rules --------------------------------------------------------------------


class PhraseRuleQuerySet(models.QuerySet["PhraseRule"]):
    def enabled(self) -> PhraseRuleQuerySet:
        return self.filter(enabled=True)


class PhraseRule(models.Model):
    """A phrase to avoid, editable by supervisors. Mirrors `coaching.lint.PhraseRule`."""

    key = models.SlugField(max_length=60, unique=True, verbose_name="rule id")
    category = models.CharField(max_length=40, default="general")
    pattern = models.TextField(help_text="A regular expression; a space matches any whitespace.")
    explanation = models.TextField(help_text="Why the phrase lands badly, in a sentence or two.")
    suggestions = models.JSONField(default=list, blank=True)
    enabled = models.BooleanField(default=True)
    must_match = models.JSONField(default=list, blank=True)
    must_not_match = models.JSONField(default=list, blank=True)
    unless_before = models.TextField(blank=True)
    unless_after = models.TextField(blank=True)
    requires_before = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PhraseRuleQuerySet.as_manager()

    class Meta:
        ordering = ["category", "key"]

    def __str__(self) -> str:
        return self.key

    def spec(self) -> dict[str, Any]:
        """The rule as the engine's plain data."""
        return {
            "id": self.key,
            "pattern": self.pattern,
            "explanation": self.explanation,
            "suggestions": list(self.suggestions),
            "category": self.category,
            "enabled": self.enabled,
            "must_match": list(self.must_match),
            "must_not_match": list(self.must_not_match),
            "unless_before": self.unless_before,
            "unless_after": self.unless_after,
            "requires_before": self.requires_before,
        }

    def to_engine(self) -> lint.PhraseRule:
        return lint.PhraseRule.from_dict(self.spec())


class JargonTerm(models.Model):
    """A word the coach flags as jargon in replies, with a plainer way to say it."""

    term = models.CharField(max_length=60, unique=True)
    plain = models.CharField(max_length=120, blank=True, verbose_name="say instead")

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class ReplyLint(models.Model):
    """What the coach found in one sent public reply; the agent trend is built from these."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="reply_lint")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reply_lints"
    )
    findings_count = models.PositiveIntegerField(default=0)
    rule_ids = models.JSONField(default=list, blank=True)
    failed_checks = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["agent", "created_at"], name="reply_lint_agent")]

    def __str__(self) -> str:
        return f"{self.findings_count} finding(s) on message {self.message_id}"


# --- Customer mood ------------------------------------------------------------------------------


class MessageMood(models.Model):
    """The mood read from one customer message, with the cues that explain it."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="mood")
    mood = models.CharField(max_length=15, choices=MOOD_CHOICES)
    intensity = models.FloatField(default=0.0)
    compound = models.FloatField(default=0.0)
    cues = models.JSONField(default=list, blank=True)
    temperament = models.CharField(
        max_length=15, choices=[(t, t.capitalize()) for t in TEMPERAMENTS], blank=True
    )
    scored_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.mood} ({self.intensity:.2f}) on message {self.message_id}"


def latest_customer_mood() -> Subquery:
    """For annotating tickets: the mood of each ticket's latest customer message (or NULL)."""
    latest = Message.objects.filter(ticket=OuterRef("pk"), kind=MessageKind.CUSTOMER).order_by(
        "-created_at", "-id"
    )
    return Subquery(latest.values("mood__mood")[:1])


# --- Service recovery ---------------------------------------------------------------------------


class RecoveryReason(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    MOOD = "mood", "Strongly negative mood"
    REOPENED = "reopened", "Reopened ticket"
    MANUAL = "manual", "Started by hand"


class RecoveryOutcome(models.TextChoices):
    OPEN = "", "In progress"
    RECOVERED = "recovered", "Recovered"
    NOT_RECOVERED = "not_recovered", "Not recovered"


class RecoveryQuerySet(models.QuerySet["Recovery"]):
    def open(self) -> RecoveryQuerySet:
        return self.filter(outcome=RecoveryOutcome.OPEN)

    def follow_up_due(self) -> RecoveryQuerySet:
        return self.open().filter(follow_up_on__lte=timezone.localdate())


class Recovery(models.Model):
    """A service recovery on one ticket: the playbook's steps, a follow-up and an outcome."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="recoveries")
    reason = models.CharField(max_length=10, choices=RecoveryReason.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    follow_up_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=15, choices=RecoveryOutcome.choices, blank=True, default=RecoveryOutcome.OPEN
    )
    outcome_note = models.CharField(max_length=500, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    objects = RecoveryQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(outcome=""), name="one_open_recovery_per_ticket"
            ),
        ]

    def __str__(self) -> str:
        return f"Recovery on ticket {self.ticket_id}"

    @property
    def is_open(self) -> bool:
        return self.outcome == RecoveryOutcome.OPEN


class RecoveryStepDone(models.Model):
    """One ticked playbook step: who ticked it, and when."""

    recovery = models.ForeignKey(Recovery, on_delete=models.CASCADE, related_name="steps_done")
    key = models.CharField(max_length=20, choices=[(s.key, s.label) for s in RECOVERY_STEPS])
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recovery", "key"], name="recovery_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} on recovery {self.recovery_id}"


class CompensationKind(models.TextChoices):
    REFUND = "refund", "Refund"
    REPLACEMENT = "replacement", "Replacement"
    CREDIT = "credit", "Credit"
    GIFT = "gift", "Gift"


class CompensationStatus(models.TextChoices):
    GRANTED = "granted", "Granted (within the limit)"
    PENDING = "pending", "Pending approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


#: Statuses whose value counts against an agent's limit on a recovery.
GIVEN_STATUSES = (CompensationStatus.GRANTED, CompensationStatus.APPROVED)


class Compensation(models.Model):
    recovery = models.ForeignKey(Recovery, on_delete=models.CASCADE, related_name="compensations")
    kind = models.CharField(max_length=15, choices=CompensationKind.choices)
    value = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=CompensationStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="compensation_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value} ({self.status})"


class CompensationPolicy(models.Model):
    """How much compensation an agent of a team may give on one recovery without approval.

    A team without a policy has a limit of zero: every compensation needs a supervisor.
    """

    team = models.OneToOneField(
        "accounts.Team", on_delete=models.CASCADE, related_name="compensation_policy"
    )
    limit = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name_plural = "compensation policies"

    def __str__(self) -> str:
        return f"{self.team} up to {self.limit}"
