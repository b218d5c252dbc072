from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.access import agent_profile


def desk(request: HttpRequest) -> dict[str, Any]:
    return {
        "desk_name": settings.GOODWILL_DESK_NAME,
        "agent": agent_profile(request.user) if hasattr(request, "user") else None,
    }
