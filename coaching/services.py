"""Every coaching state change: rules and jargon, reply reviews, mood scores, recoveries and
compensation. Each ticket change records a timeline row (a "recovery" or "compensation"
field event), so the ticket's history tells the whole story."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.access import require_agent, require_supervisor
from coaching import coach, lint
from coaching.models import (
    GIVEN_STATUSES,
    Compensation,
    CompensationKind,
    CompensationPolicy,
    CompensationStatus,
    JargonTerm,
    MessageMood,
    PhraseRule,
    Recovery,
    RecoveryOutcome,
    RecoveryReason,
    RecoveryStepDone,
    ReplyLint,
)
from coaching.mood import score_mood
from coaching.recovery import RECOVERY_STEPS
from coaching.strategies import guess_temperament
from jobs.enqueue import enqueue_with_change
from tickets.models import EventKind, Message, MessageKind, Ticket, TicketEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from accounts.models import Team

_STEP_LABELS = {step.key: step.label for step in RECOVERY_STEPS}


def _record(ticket: Ticket, agent: User | None, field: str, new: str, old: str = "") -> None:
    """A timeline row for a coaching change; the ticket page shows it as a field change."""
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.CUSTOM_FIELD,
        actor_agent=agent,
        field=field,
        old_value=old[:250],
        new_value=new[:250],
    )


# --- Phrase rules and jargon ----------------------------------------------------------------


_RULE_FIELDS = ("unless_before", "unless_after", "requires_before", "pattern")


def _problem_field(problem: str) -> tuple[str, str]:
    """Which form field an engine problem is about, and the problem in plain words."""
    for name in _RULE_FIELDS:
        if problem.startswith(f"{name} is not a valid regex: "):
            detail = problem.split(": ", 1)[1]
            return name, f"This is not a valid regular expression ({detail})."
    if problem == "pattern is empty":
        return "pattern", "Write a pattern."
    if problem == "pattern matches empty text":
        return "pattern", "The pattern matches empty text, so it would flag every reply."
    if problem.startswith("does not match "):
        return "must_match", f"The rule does not catch this example: {problem[15:]}"
    if problem.startswith("matches ") and problem.endswith(", which it must not"):
        return "must_not_match", f"The rule catches this example: {problem[8:-19]}"
    if problem == "the rule has no id":
        return "key", "Give the rule an id."
    if problem == "the rule has no explanation":
        return "explanation", "Say why the phrase lands badly."
    return "__all__", problem


def rule_errors(spec: Mapping[str, Any]) -> dict[str, list[str]]:
    """The engine's complaints about a rule, keyed by the form field they concern."""
    prefix = re.compile(r"^rule '.*?': ")
    errors: dict[str, list[str]] = {}
    for problem in lint.rule_problems(spec):
        name, text = _problem_field(prefix.sub("", problem, count=1))
        errors.setdefault(name, []).append(text)
    return errors


_RULE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@transaction.atomic
def save_phrase_rule(
    *, rule: PhraseRule | None, spec: Mapping[str, Any], actor: User
) -> PhraseRule:
    """Create (``rule=None``) or update a phrase rule. Nothing is saved unless the pattern
    compiles and every example behaves as declared."""
    require_supervisor(actor)
    errors = rule_errors(spec)
    key = str(spec.get("id", "")).strip()
    if key and not _RULE_KEY.match(key):
        errors.setdefault("key", []).append(
            "Use lower-case letters, digits and single dashes, like no-problem."
        )
    clash = PhraseRule.objects.filter(key=key)
    if rule is not None:
        clash = clash.exclude(pk=rule.pk)
    if key and clash.exists():
        errors.setdefault("key", []).append("Another rule already has this id.")
    if errors:
        raise ValidationError(errors)
    row = rule or PhraseRule()
    row.key = key
    row.category = str(spec.get("category") or "general")
    row.pattern = str(spec["pattern"])
    row.explanation = str(spec["explanation"]).strip()
    row.suggestions = list(spec.get("suggestions", []))
    row.enabled = bool(spec.get("enabled", True))
    row.must_match = list(spec.get("must_match", []))
    row.must_not_match = list(spec.get("must_not_match", []))
    row.unless_before = str(spec.get("unless_before") or "")
    row.unless_after = str(spec.get("unless_after") or "")
    row.requires_before = str(spec.get("requires_before") or "")
    row.updated_at = timezone.now()
    row.updated_by = actor
    row.save()
    return row


@transaction.atomic
def set_phrase_rule_enabled(*, rule: PhraseRule, enabled: bool, actor: User) -> None:
    require_supervisor(actor)
    if rule.enabled == enabled:
        return
    rule.enabled = enabled
    rule.updated_at = timezone.now()
    rule.updated_by = actor
    rule.save(update_fields=["enabled", "updated_at", "updated_by"])


@transaction.atomic
def add_jargon_term(*, term: str, plain: str = "", actor: User) -> JargonTerm:
    require_supervisor(actor)
    term = " ".join(term.split())
    if not term:
        raise ValidationError({"term": "Write the term."})
    if JargonTerm.objects.filter(term__iexact=term).exists():
        raise ValidationError({"term": f"{term} is already on the list."})
    return JargonTerm.objects.create(term=term, plain=plain.strip())


@transaction.atomic
def remove_jargon_term(*, term: JargonTerm, actor: User) -> None:
    require_supervisor(actor)
    term.delete()


# --- Reply reviews and mood ---------------------------------------------------------------------


@transaction.atomic
def record_reply_lint(*, message: Message) -> ReplyLint | None:
    """Keep what the coach found in a sent public reply, for the agent's trend."""
    if message.kind != MessageKind.REPLY or message.author_agent_id is None:
        return None
    report = coach.lint_for_ticket(message.ticket, coach.message_text(message))
    review, _ = ReplyLint.objects.update_or_create(
        message=message,
        defaults={
            "agent_id": message.author_agent_id,
            "findings_count": len(report.findings),
            "rule_ids": [f.rule_id for f in report.findings],
            "failed_checks": [c.id for c in report.failed_checks],
            "word_count": report.word_count,
            "created_at": message.created_at,
        },
    )
    return review


def schedule_mood(*, message_id: int) -> None:
    """Read the mood of a customer message in the background, once the message is committed."""
    from coaching.tasks import score_customer_message

    enqueue_with_change(score_customer_message, message_id)


@transaction.atomic
def score_message_mood(*, message_id: int) -> MessageMood | None:
    """Score one customer message (again). Safe to run twice: the row is replaced."""
    message = (
        Message.objects.filter(pk=message_id, kind=MessageKind.CUSTOMER)
        .select_related("ticket")
        .first()
    )
    if message is None:
        return None
    text = coach.message_text(message)
    earlier = Message.objects.filter(
        ticket_id=message.ticket_id, kind=MessageKind.CUSTOMER, created_at__lt=message.created_at
    ).count()
    result = score_mood(text, prior_contacts=earlier)
    mood, _ = MessageMood.objects.update_or_create(
        message=message,
        defaults={
            "mood": result.mood,
            "intensity": result.intensity,
            "compound": result.compound,
            "cues": list(result.cues),
            "temperament": guess_temperament(text, result),
            "scored_at": timezone.now(),
        },
    )
    return mood


# --- Service recovery ---------------------------------------------------------------------------


def _ensure_open(recovery: Recovery) -> None:
    if not recovery.is_open:
        raise ValidationError({"recovery": "This recovery is finished."})


@transaction.atomic
def start_recovery(*, ticket: Ticket, agent: User, reason: str | None = None) -> Recovery:
    """Start a service recovery on a ticket. Without a reason, the strongest one that
    applies (complaint, strongly negative mood, reopened) is used, else "started by hand"."""
    require_agent(agent)
    if reason is not None and reason not in RecoveryReason.values:
        raise ValidationError({"reason": f"Unknown reason {reason!r}."})
    if Recovery.objects.open().filter(ticket=ticket).exists():
        raise ValidationError({"recovery": "A recovery is already under way on this ticket."})
    if reason is None:
        reasons = coach.recovery_reasons(ticket, coach.latest_mood(ticket))
        reason = reasons[0] if reasons else RecoveryReason.MANUAL.value
    recovery = Recovery.objects.create(ticket=ticket, reason=reason, started_by=agent)
    _record(ticket, agent, "recovery", f"started ({RecoveryReason(reason).label.lower()})")
    return recovery


@transaction.atomic
def tick_recovery_step(*, recovery: Recovery, key: str, agent: User) -> RecoveryStepDone:
    """Mark one playbook step done, keeping who did it and when. Ticking twice is harmless."""
    require_agent(agent)
    if key not in _STEP_LABELS:
        raise ValidationError({"step": f"Unknown step {key!r}."})
    _ensure_open(recovery)
    done, created = RecoveryStepDone.objects.get_or_create(
        recovery=recovery, key=key, defaults={"done_by": agent}
    )
    if created:
        _record(recovery.ticket, agent, "recovery", f"step done: {_STEP_LABELS[key]}")
    return done


@transaction.atomic
def set_recovery_follow_up(*, recovery: Recovery, on: date, agent: User) -> None:
    """Plan the check that the fix held and the customer is happy now."""
    require_agent(agent)
    _ensure_open(recovery)
    if on < timezone.localdate():
        raise ValidationError({"on": "Choose today or a later day."})
    if recovery.follow_up_on == on:
        return
    old = recovery.follow_up_on
    recovery.follow_up_on = on
    recovery.save(update_fields=["follow_up_on"])
    _record(
        recovery.ticket,
        agent,
        "recovery",
        f"follow-up on {on.isoformat()}",
        old=f"follow-up on {old.isoformat()}" if old else "",
    )


@transaction.atomic
def record_recovery_outcome(
    *, recovery: Recovery, outcome: str, agent: User, note: str = ""
) -> None:
    """Close the recovery with what the follow-up found: recovered or not."""
    require_agent(agent)
    _ensure_open(recovery)
    if outcome not in (RecoveryOutcome.RECOVERED, RecoveryOutcome.NOT_RECOVERED):
        raise ValidationError({"outcome": "Choose recovered or not recovered."})
    recovery.outcome = outcome
    recovery.outcome_note = note.strip()[:500]
    recovery.outcome_by = agent
    recovery.outcome_at = timezone.now()
    recovery.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
    _record(recovery.ticket, agent, "recovery", f"outcome: {recovery.get_outcome_display()}")


def _money(value: Decimal | str | int) -> Decimal:
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"value": "Enter an amount such as 25 or 12.50."}) from None
    if amount <= 0:
        raise ValidationError({"value": "The value must be more than zero."})
    if amount >= Decimal("100000000"):
        raise ValidationError({"value": "That amount is too large."})
    return amount


@transaction.atomic
def grant_compensation(
    *,
    recovery: Recovery,
    agent: User,
    kind: str,
    value: Decimal | str | int,
    note: str = "",
) -> Compensation:
    """Give compensation on a recovery.

    A front-line agent decides alone while the recovery's total (what is already given plus
    this) stays within their team's limit; above it the record waits for a supervisor.
    A supervisor's grant is approved at once. The status is decided here and nowhere else.
    """
    profile = require_agent(agent)
    if kind not in CompensationKind.values:
        raise ValidationError({"kind": "Choose refund, replacement, credit or gift."})
    amount = _money(value)
    # Lock the recovery so two grants at once cannot both slip under the limit.
    locked = (
        Recovery.objects.select_for_update(of=("self",))
        .select_related("ticket__team")
        .get(pk=recovery.pk)
    )
    _ensure_open(locked)
    now = timezone.now()
    decided_by: User | None = None
    if profile.is_supervisor:
        status, decided_by = CompensationStatus.APPROVED, agent
    else:
        given = locked.compensations.filter(status__in=GIVEN_STATUSES).aggregate(
            total=Sum("value")
        )["total"] or Decimal(0)
        limit = coach.compensation_limit(locked.ticket.team)
        within = given + amount <= limit
        status = CompensationStatus.GRANTED if within else CompensationStatus.PENDING
    compensation = Compensation.objects.create(
        recovery=locked,
        kind=kind,
        value=amount,
        note=note.strip()[:300],
        status=status,
        requested_by=agent,
        requested_at=now,
        decided_by=decided_by,
        decided_at=now if decided_by else None,
    )
    _record(
        locked.ticket,
        agent,
        "compensation",
        f"{compensation.get_kind_display()} {amount}: {compensation.get_status_display().lower()}",
    )
    return compensation


@transaction.atomic
def decide_compensation(*, compensation: Compensation, supervisor: User, approve: bool) -> None:
    """A supervisor approves or rejects compensation that went over an agent's limit."""
    try:
        require_supervisor(supervisor)
    except PermissionDenied:
        raise PermissionDenied("Only supervisors may approve or reject compensation.") from None
    locked = (
        Compensation.objects.select_for_update(of=("self",))
        .select_related("recovery__ticket")
        .get(pk=compensation.pk)
    )
    if locked.status != CompensationStatus.PENDING:
        raise ValidationError({"status": "This compensation is not waiting for a decision."})
    locked.status = CompensationStatus.APPROVED if approve else CompensationStatus.REJECTED
    locked.decided_by = supervisor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    compensation.status, compensation.decided_by = locked.status, supervisor
    compensation.decided_at = locked.decided_at
    _record(
        locked.recovery.ticket,
        supervisor,
        "compensation",
        f"{locked.get_kind_display()} {locked.value}: {locked.get_status_display().lower()}",
        old="pending approval",
    )


@transaction.atomic
def set_compensation_limit(*, team: Team, limit: Decimal | str | int, actor: User) -> None:
    """What an agent of ``team`` may give on one recovery without asking a supervisor."""
    require_supervisor(actor)
    try:
        amount = Decimal(limit).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"limit": "Enter an amount such as 50 or 0."}) from None
    if amount < 0:
        raise ValidationError({"limit": "The limit cannot be negative."})
    CompensationPolicy.objects.update_or_create(team=team, defaults={"limit": amount})
