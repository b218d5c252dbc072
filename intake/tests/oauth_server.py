"""A stand-in for a provider's OAuth 2.0 endpoints, on loopback, for the XOAUTH2 tests.

POST /token issues access tokens (client credentials, or a refresh token) to the one
client it knows; POST /introspect tells Dovecot whether a token is live and whose it is.
The provider is outside Goodwill, so this is the one thing the tests stand in for.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID = "goodwill-desk"
CLIENT_SECRET = "client-secret-for-tests"  # a throwaway test provider's secret
REFRESH_TOKEN = "refresh-token-for-tests"


@dataclass
class Provider:
    url: str
    user: str
    issued: dict[str, str] = field(default_factory=dict)  # access token -> grant type
    token_requests: list[dict[str, str]] = field(default_factory=list)
    expires_in: int = 3600

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def introspection_url(self) -> str:
        return f"{self.url}/introspect"

    def revoke_all(self) -> None:
        self.issued.clear()


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _reply(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.path == "/token":
                self._token(form)
            elif self.path == "/introspect":
                grant = provider.issued.get(form.get("token", ""))
                body: dict[str, object] = {"active": False}
                if grant is not None:
                    body = {"active": "true", "username": provider.user}
                self._reply(200, body)
            else:
                self._reply(404, {"error": "not_found"})

        def _token(self, form: dict[str, str]) -> None:
            provider.token_requests.append(form)
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                self._reply(
                    401,
                    {"error": "invalid_client", "error_description": "Client secret is wrong."},
                )
                return
            grant = form.get("grant_type", "")
            if grant == "refresh_token" and form.get("refresh_token") != REFRESH_TOKEN:
                self._reply(400, {"error": "invalid_grant", "error_description": "Expired."})
                return
            if grant not in ("client_credentials", "refresh_token"):
                self._reply(400, {"error": "unsupported_grant_type"})
                return
            token = secrets.token_urlsafe(24)
            provider.issued[token] = grant
            self._reply(
                200,
                {"access_token": token, "token_type": "Bearer", "expires_in": provider.expires_in},
            )

    return Handler


@contextmanager
def oauth_provider(user: str) -> Iterator[Provider]:
    provider = Provider(url="", user=user)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
