"""Real Chromium: the reply coach highlights phrases as the agent types and fixes them on click."""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, expect

from goodwill.test import BROWSER_TEST, PASSWORD, Cast

pytestmark = BROWSER_TEST


def test_the_coach_highlights_two_phrases_and_a_click_rewrites_the_reply(
    cast: Cast, live_server: object, browser: Browser
) -> None:
    base = str(live_server)
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/tickets/{cast.ticket.number}/")

    box = page.locator("#reply_body")
    box.click()
    box.press_sequentially("It's our policy, you will have to wait", delay=5)
    marks = page.locator(".coach-preview mark")
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_have_text("It's our policy")
    expect(marks.nth(1)).to_have_text("you will have to")
    expect(page.locator("[data-coach-status]")).to_have_text(
        "Reply coach: 2 phrases to reconsider."
    )
    expect(marks.nth(0)).to_have_attribute(
        "title",
        "Pointing at a policy sounds like hiding "
        "behind it. Customers accept a limit far more "
        "readily when they hear the reason for it.",
    )

    page.get_by_role("button", name="Use: Could you please").click()
    expect(box).to_have_value("It's our policy, could you please wait")
    expect(marks).to_have_count(1)

    # The coach never stands in the way of sending.
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Reply sent to Alice Archer.")).to_be_visible()
    context.close()
