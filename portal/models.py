"""Portal bookkeeping that must be shared by every app server (so not the process cache)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Throttle(models.Model):
    """A fixed-window counter per key (e.g. "request-form:<ip>")."""

    key = models.CharField(max_length=120, unique=True)
    window_start = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
