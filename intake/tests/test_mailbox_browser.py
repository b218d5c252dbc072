"""Real Chromium: the mailbox form shows the sign-in fields for the method chosen."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, expect

from goodwill.test import BROWSER_TEST, PASSWORD, Cast
from intake.models import Mailbox

pytestmark = BROWSER_TEST


def test_choosing_oauth_shows_its_fields_and_saves_the_mailbox(
    cast: Cast, live_server: object, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{live_server}/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/intake/mailboxes/new/")
    password_var = page.get_by_label("Password variable")
    client_id = page.get_by_label("OAuth client ID")
    expect(password_var).to_be_visible()
    expect(client_id).to_be_hidden()

    page.locator("#id_name").fill("Billing")
    page.get_by_label("Address").fill("billing@desk.example")
    page.get_by_label("IMAP server").fill("outlook.office365.com")
    page.get_by_label("IMAP user name").fill("billing@desk.example")
    page.get_by_label("Sign in with").select_option("oauth2")
    expect(password_var).to_be_hidden()
    expect(client_id).to_be_visible()
    page.get_by_label("OAuth token endpoint").fill(
        "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token"
    )
    client_id.fill("0f1e2d3c-app")
    page.get_by_label("Client secret variable").fill("GOODWILL_BILLING_OAUTH_SECRET")
    page.get_by_label("OAuth scope").fill("https://outlook.office365.com/.default")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("OAuth", exact=True)).to_be_visible()
    box = Mailbox.objects.get(name="Billing")
    assert (box.imap_auth, box.oauth_client_id, box.imap_password_env) == (
        "oauth2",
        "0f1e2d3c-app",
        "",
    )
    page.close()
