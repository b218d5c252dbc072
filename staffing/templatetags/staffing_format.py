"""Number formats for staffing figures: percentages and waits that may be endless."""

from __future__ import annotations

import math

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return "\u2013"
    return f"{value * 100:.1f}%"


@register.filter
def seconds(value: float | None) -> str:
    if value is None:
        return "\u2013"
    if not math.isfinite(value):
        # An Erlang C queue with too few agents never empties.
        return "no limit (queue grows)"
    return f"{value:.1f} s"
