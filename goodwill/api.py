"""Shared JSON API plumbing: one auth mechanism, one error shape, versioned under /api/v1/.

Every error answers {"error": {"code": ..., "message": ..., "fields": {...}}} so clients can
rely on one shape whatever went wrong.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from accounts.access import agent_profile
from accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        digest = hashlib.sha256(token.encode()).hexdigest()
        row = ApiToken.objects.select_related("user__agent").filter(key_hash=digest).first()
        if row is None or (row.expires_at and row.expires_at < timezone.now()):
            return None
        if agent_profile(row.user) is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="Goodwill API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description="Tickets, customers and staffing figures. Authenticate with "
    "`Authorization: Bearer <token>` (create one with `goodwill manage api_token USER`).",
)


def error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "fields": fields or {}}},
        status=status,
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error(request, 422, "invalid", "Some values were not accepted.", fields)


_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        # ninja reports ("body", "<parameter>", "<field>", ...): keep only the field path.
        if loc and loc[0] in _LOCATIONS:
            loc = loc[2:] if len(loc) > 2 else loc[1:]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(item.get("msg", "invalid")))
    return error(request, 422, "invalid", "Some values were not accepted.", fields)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", str(exc) or "Not allowed.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(
        request, 401, "unauthenticated", "Send a valid token: Authorization: Bearer <token>."
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "error", str(exc))


api.add_router("/tickets", "tickets.api.router")
api.add_router("/customers", "customers.api.router")
api.add_router("/staffing", "staffing.api.router")
