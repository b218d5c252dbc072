from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from coaching.models import CompensationKind, PhraseRule, RecoveryOutcome
from coaching.services import rule_errors

#: Written in the suggestions box for "just remove the phrase" (stored as an empty string).
REMOVE_MARK = "-"


class LintForm(forms.Form):
    ticket = forms.IntegerField(min_value=1)
    # Not stripped: finding offsets must point into exactly what the agent typed.
    text = forms.CharField(required=False, max_length=100_000, strip=False)


class ApplyForm(LintForm):
    rule = forms.CharField(max_length=60)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    suggestion = forms.IntegerField(min_value=0)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class LinesField(forms.CharField):
    """A list of strings edited as one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(REMOVE_MARK if item == "" else item for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return _lines(super().to_python(value) or "")


class PhraseRuleForm(forms.Form):
    key = forms.SlugField(max_length=60, label="Rule id", help_text="For example no-problem.")
    category = forms.CharField(max_length=40, initial="general")
    pattern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        strip=False,
        help_text="A regular expression, matched one sentence at a time, ignoring case. "
        "A space matches any whitespace.",
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the agent: why the phrase lands badly.",
    )
    suggestions = LinesField(
        label="Better alternatives",
        help_text=f"One per line. A line with just {REMOVE_MARK} offers to remove the phrase. "
        "{name} is replaced with the customer's first name.",
    )
    must_match = LinesField(label="Must flag", help_text="Example sentences, one per line.")
    must_not_match = LinesField(label="Must not flag", help_text="Example sentences, one per line.")
    unless_before = forms.CharField(
        required=False,
        strip=False,
        label="Not when preceded by",
        help_text="Optional regular expression, searched in the text before the phrase.",
    )
    unless_after = forms.CharField(
        required=False,
        strip=False,
        label="Not when followed by",
        help_text="Optional regular expression, searched in the text after the phrase.",
    )
    requires_before = forms.CharField(
        required=False,
        strip=False,
        label="Only when preceded by",
        help_text="Optional regular expression the text before the phrase must contain.",
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Switched on")

    @classmethod
    def initial_for(cls, rule: PhraseRule) -> dict[str, Any]:
        spec = rule.spec()
        spec["key"] = spec.pop("id")
        return spec

    def spec(self) -> dict[str, Any]:
        """The cleaned form as the engine's rule data."""
        data = self.cleaned_data
        return {
            "id": data["key"],
            "pattern": data["pattern"],
            "explanation": data["explanation"],
            "suggestions": ["" if s == REMOVE_MARK else s for s in data["suggestions"]],
            "category": data["category"] or "general",
            "enabled": data["enabled"],
            "must_match": data["must_match"],
            "must_not_match": data["must_not_match"],
            "unless_before": data["unless_before"],
            "unless_after": data["unless_after"],
            "requires_before": data["requires_before"],
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            for field, messages in rule_errors(self.spec()).items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class JargonForm(forms.Form):
    term = forms.CharField(max_length=60)
    plain = forms.CharField(max_length=120, required=False, label="Say instead")


class CompensationForm(forms.Form):
    # Deliberately no status field: the service decides whether a grant needs approval.
    kind = forms.ChoiceField(choices=CompensationKind.choices)
    value = forms.DecimalField(min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    note = forms.CharField(max_length=300, required=False)


class FollowUpForm(forms.Form):
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Follow up on")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (RecoveryOutcome.RECOVERED, "Recovered: they are happy now"),
            (RecoveryOutcome.NOT_RECOVERED, "Not recovered"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(max_length=500, required=False, label="What the follow-up found")


class LimitForm(forms.Form):
    limit = forms.DecimalField(min_value=0, max_digits=10, decimal_places=2)
