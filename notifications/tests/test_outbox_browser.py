"""Real Chromium: a supervisor finds a failed email in the outbox and sends it again."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, expect

from goodwill.test import BROWSER_TEST, PASSWORD, Cast
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus
from portal.tests.test_browser import shoot

pytestmark = BROWSER_TEST


def test_a_supervisor_sends_a_failed_email_again(
    cast: Cast, live_server: object, browser: Browser
) -> None:
    OutboundEmail.objects.filter(ticket=cast.ticket).update(
        status=OutboundStatus.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: 450 mailbox busy",
        subject="[#1001] We received your request",
    )
    failed = OutboundEmail.objects.get(ticket=cast.ticket, kind=OutboundKind.ACKNOWLEDGEMENT)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{live_server}/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/settings/")
    page.get_by_role("link", name="Outgoing mail").click()
    expect(page.get_by_role("heading", name="Outgoing mail")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="450 mailbox busy")
    expect(row).to_contain_text("Failed")
    shoot(page, "outbox")
    row.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("Queued again for alice@acme.example")).to_be_visible()
    expect(page.get_by_text("Nothing needs attention.")).to_be_visible()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboundStatus.QUEUED, 0)
    page.close()
