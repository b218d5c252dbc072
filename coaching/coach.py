"""Read-side helpers for the coaching pages: the coach run against a ticket, the preview
with highlights, the ticket panel's data and the per-agent trend. Nothing here writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.html import strip_tags

from coaching import lint
from coaching.models import (
    Compensation,
    CompensationPolicy,
    JargonTerm,
    MessageMood,
    PhraseRule,
    Recovery,
    RecoveryReason,
    RecoveryStepDone,
    ReplyLint,
)
from coaching.mood import MoodResult, mood_trajectory
from coaching.recovery import RECOVERY_STEPS, RecoveryStep, is_strong_negative
from coaching.strategies import CHECKLISTS, Checklist, StrategyCard, strategy_for
from tickets.models import Message, MessageKind, Ticket, TicketType

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from accounts.models import Team


# --- Running the coach ----------------------------------------------------------------------------


def coach_rules() -> list[lint.PhraseRule]:
    """The enabled rules from the database, as engine rules.

    A rule that no longer compiles (say, edited in the database by hand) is left out
    rather than breaking every reply.
    """
    rules = []
    for row in PhraseRule.objects.enabled():
        rule = row.to_engine()
        try:
            lint.lint_reply("", rules=[rule])
        except lint.RuleError:
            continue
        rules.append(rule)
    return rules


def jargon_terms() -> list[str]:
    return list(JargonTerm.objects.values_list("term", flat=True))


def message_text(message: Message) -> str:
    """The plain text of a message, falling back to its HTML with the tags removed."""
    return message.body_text or strip_tags(message.body_html)


def normalise(text: str) -> str:
    # Browsers may send CRLF; offsets are always computed on the LF form.
    return text.replace("\r\n", "\n")


def lint_for_ticket(
    ticket: Ticket,
    text: str,
    *,
    rules: list[lint.PhraseRule] | None = None,
    jargon: list[str] | None = None,
) -> lint.LintReport:
    """The coach's report on a reply to ``ticket``: its rules, the requester's name, and the
    apology check switched on for complaints."""
    return lint.lint_reply(
        normalise(text),
        rules=coach_rules() if rules is None else rules,
        customer_name=ticket.requester.name,
        is_complaint=ticket.type == TicketType.COMPLAINT,
        jargon=jargon_terms() if jargon is None else jargon,
    )


def fill_suggestion(suggestion: str, ticket: Ticket) -> str:
    """Suggestions may name the customer as ``{name}``; use their first name."""
    first = ticket.requester.name.split()[0] if ticket.requester.name.strip() else "there"
    return suggestion.replace("{name}", first)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the reply for the preview; ``finding`` is set for a highlighted run."""

    text: str
    finding: lint.Finding | None = None
    number: int = 0


@dataclass(frozen=True, slots=True)
class ShownFinding:
    number: int
    finding: lint.Finding
    #: (index into finding.suggestions, text as shown) pairs.
    suggestions: tuple[tuple[int, str], ...]


def preview_segments(report: lint.LintReport) -> list[Segment]:
    """The reply cut into plain and highlighted runs. Overlapping findings keep the first."""
    segments: list[Segment] = []
    pos = 0
    for number, finding in enumerate(report.findings, start=1):
        if finding.start < pos:
            continue
        if finding.start > pos:
            segments.append(Segment(report.text[pos : finding.start]))
        segments.append(Segment(report.text[finding.start : finding.end], finding, number))
        pos = finding.end
    if pos < len(report.text):
        segments.append(Segment(report.text[pos:]))
    return segments


def shown_findings(report: lint.LintReport, ticket: Ticket) -> list[ShownFinding]:
    return [
        ShownFinding(
            number=number,
            finding=finding,
            suggestions=tuple(
                (index, fill_suggestion(text, ticket))
                for index, text in enumerate(finding.suggestions)
            ),
        )
        for number, finding in enumerate(report.findings, start=1)
    ]


def find_finding(report: lint.LintReport, rule_id: str, start: int, end: int) -> lint.Finding:
    for finding in report.findings:
        if (finding.rule_id, finding.start, finding.end) == (rule_id, start, end):
            return finding
    raise LookupError(f"no finding {rule_id} at {start}-{end}")


# --- The ticket panel -------------------------------------------------------------------------


def compensation_limit(team: Team | None) -> Decimal:
    """How much an agent may give on one recovery without approval (0 without a policy)."""
    if team is None:
        return Decimal(0)
    policy = CompensationPolicy.objects.filter(team=team).first()
    return policy.limit if policy else Decimal(0)


def recovery_reasons(ticket: Ticket, latest: MessageMood | None) -> list[str]:
    """Why this ticket qualifies for a service recovery, strongest reason first (may be empty)."""
    reasons = []
    if ticket.type == TicketType.COMPLAINT:
        reasons.append(RecoveryReason.COMPLAINT.value)
    if latest is not None and is_strong_negative(latest.mood, latest.intensity):
        reasons.append(RecoveryReason.MOOD.value)
    if ticket.reopen_count > 0:
        reasons.append(RecoveryReason.REOPENED.value)
    return reasons


def latest_mood(ticket: Ticket) -> MessageMood | None:
    """The mood of the ticket's latest customer message, if it has been read yet."""
    message = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.CUSTOMER)
        .order_by("-created_at", "-id")
        .first()
    )
    return MessageMood.objects.filter(message=message).first() if message else None


def as_result(row: MessageMood) -> MoodResult:
    return MoodResult(
        mood=row.mood, intensity=row.intensity, compound=row.compound, cues=tuple(row.cues)
    )


@dataclass
class StepRow:
    step: RecoveryStep
    done: RecoveryStepDone | None


@dataclass
class TicketCoaching:
    """Everything the coaching panel on a ticket page shows."""

    moods: list[MessageMood]
    current: MessageMood | None
    waiting_for_mood: bool
    trajectory: str
    card: StrategyCard
    checklists: list[Checklist]
    recovery: Recovery | None
    steps: list[StepRow]
    compensations: list[Compensation]
    limit: Decimal
    reasons: list[str]
    reason_labels: list[str]
    past: list[Recovery] = field(default_factory=list)
    is_supervisor: bool = False

    @property
    def steps_done(self) -> int:
        return sum(1 for row in self.steps if row.done is not None)


def ticket_coaching(ticket: Ticket, *, is_supervisor: bool) -> TicketCoaching:
    """The panel's data in a fixed number of queries, however long the conversation."""
    moods = list(
        MessageMood.objects.filter(
            message__ticket=ticket, message__kind=MessageKind.CUSTOMER
        ).order_by("message__created_at", "message__id")
    )
    latest_id = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.CUSTOMER)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
        .first()
    )
    current = next((m for m in moods if m.message_id == latest_id), None)
    recoveries = list(
        ticket.recoveries.select_related("started_by", "outcome_by").prefetch_related(
            Prefetch("steps_done", queryset=RecoveryStepDone.objects.select_related("done_by")),
            Prefetch(
                "compensations",
                queryset=Compensation.objects.select_related("requested_by", "decided_by"),
            ),
        )
    )
    recovery = next((r for r in recoveries if r.is_open), None)
    done = {s.key: s for s in recovery.steps_done.all()} if recovery else {}
    reasons = recovery_reasons(ticket, current)
    card = (
        strategy_for(current.mood, current.temperament or None)
        if current
        else strategy_for("neutral")
    )
    return TicketCoaching(
        moods=moods,
        current=current,
        waiting_for_mood=latest_id is not None and current is None,
        trajectory=mood_trajectory([as_result(m) for m in moods]),
        card=card,
        checklists=list(CHECKLISTS.values()),
        recovery=recovery,
        steps=[StepRow(step, done.get(step.key)) for step in RECOVERY_STEPS],
        compensations=list(recovery.compensations.all()) if recovery else [],
        limit=compensation_limit(ticket.team) if recovery else Decimal(0),
        reasons=reasons,
        reason_labels=[RecoveryReason(r).label for r in reasons],
        past=[r for r in recoveries if not r.is_open],
        is_supervisor=is_supervisor,
    )


# --- The agent trend ----------------------------------------------------------------------------


def rate_per_100(flagged: int, replies: int) -> float | None:
    """Flagged phrases per 100 replies, to one decimal; None when there were no replies."""
    if replies <= 0:
        return None
    return round(flagged * 100 / replies, 1)


@dataclass(frozen=True, slots=True)
class TrendWeek:
    start: date
    replies: int
    flagged: int

    @property
    def rate(self) -> float | None:
        return rate_per_100(self.flagged, self.replies)


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    count: int
    explanation: str
    suggestions: tuple[str, ...]


@dataclass
class AgentTrend:
    weeks: list[TrendWeek]
    replies: int
    flagged: int
    top_rules: list[RuleCount]

    @property
    def rate(self) -> float | None:
        return rate_per_100(self.flagged, self.replies)

    @property
    def peak(self) -> float:
        return max((w.rate or 0.0 for w in self.weeks), default=0.0)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def agent_trend(agent: User, *, weeks: int = 12, today: date | None = None) -> AgentTrend:
    """Flagged phrases per 100 replies for each of the last ``weeks`` weeks (Monday starts)."""
    today = today or timezone.localdate()
    first = _week_start(today) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    rows = ReplyLint.objects.filter(agent=agent, created_at__gte=since)
    buckets: dict[date, tuple[int, int]] = {}
    for row in (
        rows.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(replies=Count("id"), flagged=Sum("findings_count"))
    ):
        week = row["week"]
        day = timezone.localtime(week).date() if isinstance(week, datetime) else week
        buckets[day] = (row["replies"], row["flagged"] or 0)
    series = []
    for offset in range(weeks):
        start = first + timedelta(weeks=offset)
        replies, flagged = buckets.get(start, (0, 0))
        series.append(TrendWeek(start=start, replies=replies, flagged=flagged))
    counts: Counter[str] = Counter()
    for rule_ids in rows.values_list("rule_ids", flat=True):
        counts.update(rule_ids)
    rules = {r.key: r for r in PhraseRule.objects.filter(key__in=list(counts))}
    top = [
        RuleCount(
            rule_id=key,
            count=count,
            explanation=rules[key].explanation if key in rules else "",
            suggestions=tuple(s for s in rules[key].suggestions if s) if key in rules else (),
        )
        for key, count in counts.most_common(5)
    ]
    return AgentTrend(
        weeks=series,
        replies=sum(w.replies for w in series),
        flagged=sum(w.flagged for w in series),
        top_rules=top,
    )
