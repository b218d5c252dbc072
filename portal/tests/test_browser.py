"""Real Chromium: an agent replies on a ticket and the customer reads it in the portal.

Set GOODWILL_SCREENSHOTS=<folder> to keep the screenshots the README shows.
"""

from __future__ import annotations

import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, expect

from goodwill.test import BROWSER_TEST, PASSWORD, Cast, make_customer, make_ticket
from tickets import services

pytestmark = BROWSER_TEST


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("GOODWILL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def dress_the_desk(cast: Cast) -> None:
    """A few more tickets so the inbox looks like a working day."""
    bob = make_customer("Bob Brennan", email="bob@brennan.example")
    make_ticket(
        bob,
        subject="Charged twice for the annual plan",
        team=cast.billing,
        priority=3,
        tags=["billing", "refund"],
    )
    t = make_ticket(
        make_customer("Chen Wei"), subject="How do I export my reports to CSV?", team=cast.support
    )
    services.reply_to_ticket(ticket=t, agent=cast.lead, body_text="Here is how.", status="pending")
    make_ticket(
        make_customer("Dora Fix"),
        subject="App crashes when I upload a photo",
        type="incident",
        priority=4,
        team=cast.support,
        tags=["mobile"],
    )


def test_an_agent_reply_reaches_the_customer_in_the_portal(
    cast: Cast, live_server: object, browser: Browser
) -> None:
    base = str(live_server)
    dress_the_desk(cast)
    services.add_customer_message(
        ticket=cast.ticket,
        customer=cast.customer,
        body_text="It still shows our old office in Leeds. Could you change it to Manchester?",
    )
    cast.customer.set_password("alice-portal-password")
    cast.customer.save()

    agent_ctx = browser.new_context(viewport={"width": 1360, "height": 860})
    page = agent_ctx.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="All open")).to_be_visible()
    expect(page.get_by_role("link", name=f"#{cast.ticket.number} Invoice shows")).to_be_visible()
    shoot(page, "inbox")

    # Keyboard: j selects the first row, o opens it.
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page.get_by_role("heading", level=1)).to_contain_text("#")
    page.goto(f"{base}/tickets/{cast.ticket.number}/")
    expect(page.get_by_text("To Alice Archer")).to_be_visible()
    page.locator("#reply_body").fill(
        "Hello Alice, thank you for telling us. I have changed the invoice address to "
        "Manchester and sent you a corrected copy; you will have it within the hour."
    )
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Reply sent to Alice Archer.")).to_be_visible()
    expect(page.locator(".msg-reply").last).to_contain_text("changed the invoice address")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "ticket")
    agent_ctx.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    portal = phone.new_page()
    portal.goto(f"{base}/portal/login/")
    portal.get_by_label("Email").fill("alice@acme.example")
    portal.get_by_label("Password").fill("alice-portal-password")
    portal.get_by_role("button", name="Continue").click()
    portal.get_by_role("link", name=f"#{cast.ticket.number} Invoice shows").click()
    expect(portal.locator(".msg-reply")).to_contain_text("changed the invoice address")
    expect(portal.get_by_text("SECRET")).to_have_count(0)
    # Nothing sideways-scrolls on a phone.
    width = portal.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shoot(portal, "portal-phone")
    phone.close()
