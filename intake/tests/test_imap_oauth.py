"""IMAP sign-in with OAuth 2.0 (XOAUTH2) against a real Dovecot that checks the tokens.

The provider's token and introspection endpoints are a loopback stand-in
(intake.tests.oauth_server): it is the one part outside Goodwill.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from goodwill.test import Cast, login
from intake import imap, oauth
from intake.models import Mailbox
from intake.tests import dovecot
from intake.tests.mail import build
from intake.tests.oauth_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    Provider,
    oauth_provider,
)
from tickets.models import Ticket

pytestmark = pytest.mark.skipif(not dovecot.available(), reason="dovecot-imapd not installed")


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with oauth_provider(dovecot.USER) as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def server(provider: Provider) -> Iterator[dovecot.Imap]:
    with dovecot.dovecot(oauth2_introspection_url=provider.introspection_url) as imap_server:
        yield imap_server


@pytest.fixture(autouse=True)
def _fresh_tokens(provider: Provider) -> Iterator[None]:
    oauth.forget_tokens()
    provider.token_requests.clear()
    yield
    oauth.forget_tokens()


@pytest.fixture
def mailbox(
    db: None,
    server: dovecot.Imap,
    provider: Provider,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Mailbox:
    folder = request.node.name[5:40]
    server.create(folder)
    monkeypatch.setenv("GOODWILL_TEST_OAUTH_SECRET", CLIENT_SECRET)
    return Mailbox.objects.create(
        name="Support",
        address=server.user,
        imap_host=server.host,
        imap_port=server.port,
        imap_security="none",
        imap_username=server.user,
        imap_auth="oauth2",
        oauth_token_url=provider.token_url,
        oauth_client_id=CLIENT_ID,
        oauth_client_secret_env="GOODWILL_TEST_OAUTH_SECRET",
        oauth_scope="https://outlook.office365.com/.default",
        imap_folder=folder,
    )


def test_polling_signs_in_with_an_app_only_token(
    server: dovecot.Imap, provider: Provider, mailbox: Mailbox
) -> None:
    server.append(build(subject="Fetched with a token"), mailbox.imap_folder)
    result = imap.poll_mailbox(mailbox)
    assert (result.fetched, result.processed, result.error) == (1, 1, "")
    assert Ticket.objects.filter(subject="Fetched with a token").exists()
    [asked] = provider.token_requests
    assert asked["grant_type"] == "client_credentials"
    assert asked["scope"] == "https://outlook.office365.com/.default"
    assert "refresh_token" not in asked


def test_the_token_is_reused_until_shortly_before_it_expires(
    provider: Provider, mailbox: Mailbox
) -> None:
    assert imap.poll_mailbox(mailbox).error == ""
    assert imap.poll_mailbox(mailbox).error == ""
    assert len(provider.token_requests) == 1
    oauth.forget_tokens()
    first = oauth.access_token(mailbox, now=1000.0)
    renew_at = 1000.0 + provider.expires_in - oauth.MARGIN_S
    assert oauth.access_token(mailbox, now=renew_at - 1) == first
    assert oauth.access_token(mailbox, now=renew_at + 1) != first
    assert len(provider.token_requests) == 3


def test_a_mailbox_with_a_refresh_token_uses_the_refresh_grant(
    server: dovecot.Imap, provider: Provider, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWILL_TEST_REFRESH", REFRESH_TOKEN)
    mailbox.oauth_refresh_token_env = "GOODWILL_TEST_REFRESH"
    mailbox.oauth_scope = "https://mail.google.com/"
    mailbox.save()
    server.append(build(subject="Delegated access"), mailbox.imap_folder)
    assert imap.poll_mailbox(mailbox).processed == 1
    [asked] = provider.token_requests
    assert (asked["grant_type"], asked["refresh_token"]) == ("refresh_token", REFRESH_TOKEN)


def test_a_refused_client_secret_is_recorded_on_the_mailbox(
    provider: Provider, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWILL_TEST_OAUTH_SECRET", "not-the-secret")
    result = imap.poll_mailbox(mailbox)
    assert "invalid_client - Client secret is wrong." in result.error
    mailbox.refresh_from_db()
    assert "Client secret is wrong" in mailbox.imap_last_error


def test_a_missing_secret_variable_is_named(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOODWILL_TEST_OAUTH_SECRET")
    result = imap.poll_mailbox(mailbox)
    assert "GOODWILL_TEST_OAUTH_SECRET" in result.error


def test_a_token_the_server_stops_accepting_is_replaced_on_the_next_poll(
    server: dovecot.Imap, provider: Provider, mailbox: Mailbox
) -> None:
    assert imap.poll_mailbox(mailbox).error == ""
    provider.revoke_all()  # the cached token is dead now
    assert "Could not sign in" in imap.poll_mailbox(mailbox).error
    server.append(build(subject="After a revoked token"), mailbox.imap_folder)
    assert imap.poll_mailbox(mailbox).processed == 1
    assert len(provider.token_requests) == 2


def test_the_mailbox_form_asks_for_what_oauth_needs(cast: Cast, client: Any) -> None:
    login(client, cast.lead)
    response = client.post(
        "/intake/mailboxes/new/",
        {
            "name": "Billing",
            "address": "billing@desk.example",
            "imap_host": "outlook.office365.com",
            "imap_port": 993,
            "imap_security": "ssl",
            "imap_username": "billing@desk.example",
            "imap_auth": "oauth2",
            "oauth_token_url": "http://login.example/token",
            "imap_folder": "INBOX",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["oauth_token_url"] == ["The token endpoint must be an https:// address."]
    assert "oauth_client_id" in errors
    assert "oauth_client_secret_env" in errors
    assert "imap_password_env" not in errors
    assert not Mailbox.objects.filter(name="Billing").exists()
