"""Start-up check: every periodic job names a real task, once."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core import checks

from jobs.registry import PERIODIC


@checks.register()
def check_schedule(**kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for name, count in Counter(p.name for p in PERIODIC).items():
        if count > 1:
            errors.append(
                checks.Error(f"Periodic job {name!r} is registered twice.", id="jobs.E001")
            )
    for periodic in PERIODIC:
        try:
            periodic.resolve()
        except (ImportError, TypeError) as error:
            errors.append(checks.Error(f"Periodic job {periodic.name!r}: {error}", id="jobs.E002"))
    return errors
