"""OAuth 2.0 access tokens for IMAP mailboxes that sign in with XOAUTH2.

Two grants, both plain form posts to the provider's token endpoint:

- client credentials (no refresh token configured): Microsoft 365 app-only access, with
  the scope `https://outlook.office365.com/.default`;
- refresh token (its environment variable named on the mailbox): Gmail and other
  delegated access, e.g. the scope `https://mail.google.com/`.

Tokens are kept in memory until a minute before they expire, per mailbox settings, so a
poll every minute asks the provider about once an hour.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from intake.models import Mailbox

TIMEOUT_S = 20
# Renew this long before the provider says the token expires.
MARGIN_S = 60


class OAuthError(Exception):
    """The token endpoint refused, or could not be reached; the message says why."""


@dataclass(frozen=True)
class _Cached:
    token: str
    expires_at: float  # time.monotonic()


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def _env(name: str, what: str) -> str:
    value = os.environ.get(name, "") if name else ""
    if not value:
        raise OAuthError(
            f"The environment variable {name or '(none named)'} with the {what} is empty."
        )
    return value


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_token_url(url: str) -> None:
    """https only (the client secret travels in the request), plain http on loopback."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return
    raise OAuthError("The token endpoint must be an https:// address.")


def _request(mailbox: Mailbox) -> dict[str, str]:
    form = {
        "client_id": mailbox.oauth_client_id,
        "client_secret": _env(mailbox.oauth_client_secret_env, "client secret"),
    }
    if mailbox.oauth_refresh_token_env:
        form["grant_type"] = "refresh_token"
        form["refresh_token"] = _env(mailbox.oauth_refresh_token_env, "refresh token")
    else:
        form["grant_type"] = "client_credentials"
    if mailbox.oauth_scope:
        form["scope"] = mailbox.oauth_scope
    return form


def _key(mailbox: Mailbox, form: dict[str, str]) -> str:
    # Changing any setting or secret gives a new key, so an old token is never reused.
    material = json.dumps([mailbox.pk, mailbox.oauth_token_url, sorted(form.items())])
    return hashlib.sha256(material.encode()).hexdigest()


def access_token(mailbox: Mailbox, *, now: float | None = None) -> str:
    """A valid access token for `mailbox`, from memory or fresh from its token endpoint."""
    form = _request(mailbox)
    key = _key(mailbox, form)
    clock = time.monotonic() if now is None else now
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.expires_at > clock:
            return cached.token
    token, lifetime = _fetch(mailbox.oauth_token_url, form)
    with _lock:
        _cache[key] = _Cached(token, clock + max(lifetime - MARGIN_S, 0))
    return token


def _fetch(url: str, form: dict[str, str]) -> tuple[str, float]:
    check_token_url(url)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise OAuthError(f"The token endpoint refused: {_describe(error.read(100_000))}") from None
    except (urllib.error.URLError, OSError) as error:
        raise OAuthError(f"The token endpoint could not be reached: {error}") from None
    try:
        data = json.loads(body)
        token = str(data["access_token"])
    except (ValueError, KeyError, TypeError):
        raise OAuthError("The token endpoint answered without an access token.") from None
    try:
        lifetime = float(data.get("expires_in", 3600))
    except (TypeError, ValueError):
        lifetime = 3600.0
    return token, lifetime


def _describe(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:300] or "no details"
    if not isinstance(data, dict):
        return "no details"
    parts = [str(data.get("error") or ""), str(data.get("error_description") or "")]
    return " - ".join(p for p in parts if p)[:500] or "no details"


def xoauth2(user: str, token: str) -> bytes:
    """The XOAUTH2 initial response (RFC-less, as Google and Microsoft define it)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01".encode()


def discard(mailbox: Mailbox) -> None:
    """Forget this mailbox's token: the server refused it, so the next poll asks afresh."""
    try:
        key = _key(mailbox, _request(mailbox))
    except OAuthError:
        return
    with _lock:
        _cache.pop(key, None)


def forget_tokens() -> None:
    """Drop every cached token (tests; a supervisor saving a mailbox)."""
    with _lock:
        _cache.clear()
