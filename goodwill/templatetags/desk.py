from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from tickets.models import Status

register = template.Library()


@register.simple_tag
def status_badge(status: str, labels: dict[str, str] | None = None) -> SafeString:
    label = (labels or {}).get(status) or Status(status).label
    return format_html('<span class="badge status-{}">{}</span>', status, label)


@register.filter
def ago(value: datetime | None) -> str:
    """'5 minutes ago' for recent moments, a date for older ones."""
    if value is None:
        return ""
    age = timezone.now() - value
    if age > timedelta(days=6):
        return timezone.localtime(value).strftime("%d %b %Y")
    if age < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value).split(',')[0]} ago"


@register.filter
def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
