"""Demo and benchmark data: a desk with two years of believable history.

`seed()` writes teams, agents, organisations, customers and tickets with their whole
conversation (customer messages, replies, internal notes, phone calls) and timeline.

It deliberately bypasses `tickets.services`. Services make live changes one at a time;
the seed records history that already happened, and it has to write a million messages
in minutes, so it writes rows in bulk (multi-row INSERTs; COPY on PostgreSQL) in
batches of about 2,000 tickets, each batch one transaction. The figures services keep
on a ticket (first reply, solve times, reply and reopen counts, one-touch) are derived
by `_Thread`, which follows the same rules as `tickets.services.change_status`, so
reports read seeded tickets exactly like real ones.

Everything comes from one `random.Random(seed)` and a fixed base moment (default: today
at 00:00 UTC), so the same arguments on the same day produce the same data. The ticket
counter row is moved past the seeded numbers, so tickets opened later continue from there.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Field

from accounts.models import AgentProfile, Role, Team
from customers.models import Customer, Identity, IdentityKind, Kind, Organization
from tickets.models import (
    CallDirection,
    Channel,
    EventKind,
    Message,
    MessageKind,
    Priority,
    Status,
    Tag,
    Ticket,
    TicketEvent,
    TicketNumber,
    TicketType,
)

DEMO_PASSWORD = "goodwill-demo"  # noqa: S105 - the published demo login, not a secret
INTERNAL_ORGANIZATION = "Goodwill Operations"
HISTORY_DAYS = 730
CUSTOMER_HISTORY_DAYS = 3 * 365
# A solved ticket closes by itself after this long without news (a common desk default).
AUTO_CLOSE_S = 4 * 86_400

DAY = 86_400
HOUR = 3_600
MINUTE = 60

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class SeedSummary:
    teams: int
    agents: int
    organizations: int
    customers: int
    tickets: int
    messages: int
    events: int
    first_number: int | None
    last_number: int | None
    seconds: float


# --- The cast ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _AgentSpec:
    username: str
    first: str
    last: str
    role: str
    teams: tuple[str, ...]
    restricted: bool = False
    share: int = 1  # relative share of the team's tickets


_TEAMS: tuple[tuple[str, str, bool], ...] = (
    ("Support", "First line for every customer: orders, accounts, how-to", True),
    ("Billing", "Invoices, payments, refunds and plan changes", False),
    ("Technical", "Devices, the app, integrations and outages", False),
    ("Internal IT", "Laptops, accounts and access for colleagues", False),
)

_AGENTS: tuple[_AgentSpec, ...] = (
    _AgentSpec("admin", "Morgan", "Reyes", Role.ADMIN, ()),
    _AgentSpec("lead", "Hannah", "Lindqvist", Role.SUPERVISOR, ("Support", "Billing")),
    # The demo login gets a double share, so "My tickets" is never empty.
    _AgentSpec("agent", "Alex", "Moreau", Role.AGENT, ("Support",), share=2),
    _AgentSpec("sam", "Sam", "Okafor", Role.AGENT, ("Support", "Billing")),
    _AgentSpec("priya", "Priya", "Raman", Role.AGENT, ("Technical",)),
    _AgentSpec("tomas", "Tomás", "Novak", Role.AGENT, ("Technical", "Support")),
    _AgentSpec("mei", "Mei", "Chen", Role.AGENT, ("Billing",)),
    _AgentSpec("jonas", "Jonas", "Weber", Role.AGENT, ("Internal IT",), restricted=True),
)

_FIRST_NAMES = (
    "Amara", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jamal",
    "Keiko", "Liam", "Maya", "Nils", "Olu", "Paula", "Quentin", "Rosa", "Sanjay", "Tara", "Umar",
    "Vera", "Wes", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Chloe", "Diego", "Emeka", "Freya",
    "Gabriel", "Hana", "Ivan", "Julia", "Kofi", "Lucia", "Marco", "Nadia", "Oscar", "Pia",
    "Rafael", "Selin", "Theo", "Uma", "Viktor", "Wanda", "Yara", "Zain", "Alice", "Bernard",
    "Clara", "David", "Esther", "Felix", "Grace", "Henry", "Isla", "Jonah"
)  # fmt: skip
_LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Bauer", "Becker", "Bianchi", "Brennan", "Castillo", "Costa",
    "Dubois", "Eriksen", "Fontaine", "Garcia", "Haddad", "Hansen", "Ibrahim", "Ivanova", "Jensen",
    "Kapoor", "Kowalski", "Larsen", "Lee", "Mancini", "Mensah", "Murphy", "Nakamura", "Nguyen",
    "O'Brien", "Okonkwo", "Park", "Patel", "Pereira", "Quinn", "Rossi", "Sato", "Schmidt",
    "Silva", "Sokolov", "Tanaka", "Thompson", "Torres", "Usman", "Varga", "Walsh", "Weiss",
    "Wright", "Yilmaz", "Zhang", "Zielinski"
)  # fmt: skip
_ORG_STEMS = (
    "Northwind", "Bluefield", "Copperleaf", "Harbor", "Juniper", "Maple", "Lantern", "Riverside",
    "Saffron", "Stonebridge", "Willow", "Brightside", "Cedar", "Fernhill", "Goldcrest", "Hollow",
    "Ironwood", "Kestrel", "Larkspur", "Meadow", "Oakline", "Pebble", "Quayside", "Redwood",
    "Silverpine", "Tidewater", "Upland", "Velvet", "Westgate", "Yellowbrick", "Alder", "Birch",
    "Cobalt", "Driftwood", "Emberly", "Foxglove", "Granite", "Heron", "Indigo", "Jasper"
)  # fmt: skip
_ORG_TRADES = (
    "Bakery", "Coffee Roasters", "Bistro", "Books", "Florist", "Hardware", "Pharmacy",
    "Bike Shop", "Deli", "Pizzeria", "Tea House", "Boutique", "Gallery", "Wine Bar",
    "Pet Supplies", "Barbers", "Market", "Dental", "Fitness", "Toys", "Records", "Outfitters",
    "Kitchen", "Brewing", "Studio", "Garden Centre", "Optics", "Cycles", "Grocers", "Cafe",
)  # fmt: skip
_ORG_SUFFIXES = ("", "", "", " Ltd", " & Co", " GmbH", " Inc.", " Group")
_PERSONAL_DOMAINS = ("mailbox.example", "inbox.example", "post.example", "webmail.example")
_INTERNAL_DOMAIN = "goodwill.example"
_CITIES = (
    "Leeds", "Porto", "Lyon", "Gdańsk", "Utrecht", "Cork", "Bologna", "Tampere", "Brno",
    "Ghent", "Malmö", "Bilbao", "Graz", "Aarhus", "Bristol", "Nantes", "Turin", "Kraków",
)  # fmt: skip
_PLANS = ("Starter", "Standard", "Pro", "Pro", "Multi-site")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
)  # fmt: skip


# --- What customers write about ---------------------------------------------------------------
# Slots filled per ticket: {first} customer's first name, {agent} agent's first name, {team},
# {company}, {order}, {invoice}, {amount}, {credit}, {serial}, {error}, {weekday}, {date},
# {month}, {city}, {version}, {ref}, {colleague}, {floor}, {plan}, {digits}, {vat},
# {tracking}, {asset}.

Q, INC, PRB, REQ, CMP = (
    TicketType.QUESTION,
    TicketType.INCIDENT,
    TicketType.PROBLEM,
    TicketType.REQUEST,
    TicketType.COMPLAINT,
)


@dataclass(frozen=True)
class _Case:
    """One coherent story: what the customer reports and how it ends."""

    subject: str
    detail: str  # the customer's description
    gist: str  # the agent's restatement, used when recovering a complaint
    probe: str  # the agent's question when more facts are needed
    answer: str  # the customer's answer to the probe
    fix: str  # the resolution


@dataclass(frozen=True)
class _Topic:
    team: str
    types: tuple[str, ...]  # repeated entries weight the choice
    tags: tuple[str, ...]
    asks: tuple[str, ...]
    notes: tuple[str, ...]
    cases: tuple[_Case, ...]
    weight: int = 2


_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        "Billing",
        (Q, INC, INC, CMP),
        ("billing", "double-charge"),
        ("Could you refund the second payment?", "Can you check what happened and put it right?"),
        (
            "Payment log shows two captures on {date}; second one refunded, reference {ref}.",
            "Same double renewal on three other accounts this week. Flagged to the Billing lead.",
        ),
        (
            _Case(
                "Charged twice for the {month} subscription",
                "Our bank statement shows two payments of {amount} on {date}, both for the same "
                "subscription.",
                "you were charged twice for one subscription",
                "Could you send me the last four digits of the card that was charged? Then I can "
                "match both payments on our side.",
                "The card ends in {digits}.",
                "You were right: the renewal ran twice on {date}. I've refunded the second "
                "payment of {amount}; it takes three to five working days to reach your account.",
            ),
            _Case(
                "Two payments taken on {date}",
                "We were billed {amount} twice on {date}, and only one location is on the plan.",
                "you were billed twice although only one location is on the plan",
                "Which email address is the account under? I can see two accounts for {company}.",
                "It's the one I'm writing from.",
                "The second payment came from an old trial account that was never closed. I've "
                "closed it and refunded {amount} (reference {ref}).",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Billing",
        (Q, REQ, REQ),
        ("billing", "invoice"),
        ("Could you send a corrected copy?", "Please email it to me and to our bookkeeper."),
        ("Updated the billing address on the account; reissued the old invoices.",),
        (
            _Case(
                "VAT invoice needed for order {order}",
                "Our accountant needs a proper VAT invoice for order {order}; the card receipt "
                "isn't enough.",
                "your accountant needs a VAT invoice for order {order}",
                "Which company name and VAT number should appear on the invoice?",
                "{company}, VAT number {vat}.",
                "I've attached the VAT invoice for order {order}. From now on one is emailed "
                "automatically with every order.",
            ),
            _Case(
                "Invoice {invoice} shows our old address",
                "Invoice {invoice} still has our old address in {city}, although we moved in "
                "{month}.",
                "invoice {invoice} still shows your old address",
                "Could you send me the new address exactly as it should appear?",
                "It's 12 Station Road, {city}.",
                "I've reissued invoice {invoice} with the new address and attached it here. "
                "Future invoices will use it too.",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Billing",
        (Q, Q, REQ),
        ("billing", "plan-change"),
        ("What happens to the time we've already paid for?", "Can you make the change for us?"),
        ("Plan change scheduled for the renewal date; proration checked.",),
        (
            _Case(
                "Switching from monthly to yearly billing",
                "We'd like to pay yearly instead of monthly from our next renewal on {date}.",
                "you'd like to move to yearly billing",
                "Should yearly billing start right away, or at your renewal on {date}?",
                "At the renewal is fine.",
                "Done: from {date} you're on yearly billing, which works out two months cheaper. "
                "Your current month runs to its end as normal.",
            ),
            _Case(
                "Moving to the {plan} plan",
                "We're closing our second shop, so from {month} we only need the {plan} plan.",
                "you need a smaller plan now that the second shop is closing",
                "Shall I keep the second shop's sales history? It stays readable on any plan.",
                "Yes please, keep the history.",
                "You're on the {plan} plan from your next renewal, and the second shop's history "
                "stays available. The unused part of this month comes off your next invoice.",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Billing",
        (REQ, REQ, CMP),
        ("billing", "refund"),
        ("When will the refund arrive?", "Please confirm the refund has been issued."),
        ("Warehouse confirmed receipt of {serial}; refund released.",),
        (
            _Case(
                "Refund for the returned card reader",
                "We sent the reader back on {date} with the prepaid label and haven't seen the "
                "refund of {amount} yet.",
                "the refund for the reader you sent back hasn't arrived",
                "Could you send me the tracking number of the return parcel?",
                "The tracking number is {tracking}.",
                "The parcel reached our warehouse and I've issued the refund of {amount} today "
                "(reference {ref}). Banks usually show it within five working days.",
            ),
            _Case(
                "Refund for cancelled order {order}",
                "Order {order} was cancelled the same day, but the {amount} is still gone from "
                "our account.",
                "you were charged for order {order} even though it was cancelled",
                "Was the order paid by card or by bank transfer?",
                "By card.",
                "The cancellation never reached the payment step. I've refunded {amount} to your "
                "card (reference {ref}).",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Support",
        (Q, INC, INC),
        ("account", "login"),
        ("Can you let me back in?", "What should I do?"),
        ("Identity checked against the card on file before resetting two-step sign-in.",),
        (
            _Case(
                "Can't sign in to the dashboard",
                "Since {weekday} the dashboard says my password is wrong, even right after a "
                "reset.",
                "you can't sign in even with a fresh password",
                "Are you signing in on the web dashboard or in the app on the till?",
                "On the web dashboard, in Chrome.",
                "Your browser was filling in an old saved password. I've sent you a fresh reset "
                "link; type the new password by hand the first time and it will work.",
            ),
            _Case(
                "Locked out after changing phones",
                "I got a new phone and the sign-in code app stayed on the old one, so I can't get "
                "past the second step.",
                "your sign-in codes stayed on your old phone",
                "To keep your account safe, could you tell me the last four digits of the card on "
                "file?",
                "It ends in {digits}.",
                "Thanks, that matches. I've reset the second sign-in step: next time you sign in "
                "you'll be asked to set it up on your new phone.",
            ),
            _Case(
                "Password reset email never arrives",
                "The reset link never turns up, and it isn't in spam either.",
                "the password reset email never arrives",
                "Which address are you requesting the reset for?",
                "The one I'm writing from.",
                "Your address was on our mail provider's bounce list after an outage at your "
                "provider. I've cleared it, and a new reset link is on its way.",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Support",
        (REQ, REQ, Q),
        ("account", "users"),
        ("Can you set this up?", "Please take care of it today if possible."),
        ("Owner confirmed the request by phone.",),
        (
            _Case(
                "Add a staff login for {colleague}",
                "{colleague} starts on {weekday} and needs to run the till.",
                "{colleague} needs a login by {weekday}",
                "Should {colleague} see the sales reports, or only run the till?",
                "Only the till for now.",
                "Done. {colleague} will get an invitation email; the link works for seven days "
                "and gives access to the till only.",
            ),
            _Case(
                "Remove access for a former employee",
                "One of our staff left last week and still has a login.",
                "a former employee still has a login",
                "Which login should I remove? I can see four staff accounts.",
                "It's {colleague}'s.",
                "{colleague}'s access is removed, and their sessions are signed out on every "
                "device.",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Technical",
        (INC, INC, PRB, CMP),
        ("card-reader", "hardware"),
        ("We can only take cash right now. Please help quickly.", "How do we get it working?"),
        (
            "Firmware 3.2 fault again ({serial}). Added to the problem ticket.",
            "Reader out of warranty by two weeks; replaced free anyway given the trouble.",
        ),
        (
            _Case(
                "Card reader won't pair",
                "The reader shows a red light and the app can't find it any more.",
                "your card reader no longer connects to the app",
                "Could you tell me the serial number on the back of the reader?",
                "The serial number is {serial}.",
                "This was a known fault in firmware 3.2. I've pushed 3.2.1 to your reader: leave "
                "it on the charger for ten minutes and it will pair again.",
            ),
            _Case(
                "Reader declines contactless payments",
                "Contactless payments fail with error {error}; chip and PIN still works.",
                "contactless payments fail on your reader",
                "Does it fail for every card, or only for phones and watches?",
                "Every card, phones too.",
                "The reader's contactless antenna has failed, so I've sent a replacement by "
                "express courier (order {order}). Use the prepaid label in the box to send the "
                "old one back.",
            ),
            _Case(
                "Card reader stuck on the update screen",
                "The reader has shown 'updating' for two hours and won't respond.",
                "your reader is stuck halfway through an update",
                "Is the reader on its charger, and does the light blink or stay on?",
                "It's on the charger and the light stays on.",
                "The update stalled. Hold the power button for fifteen seconds to restart the "
                "reader; it finishes the update by itself in about five minutes.",
            ),
        ),
        weight=5,
    ),
    _Topic(
        "Technical",
        (INC, INC, Q),
        ("printer", "hardware"),
        ("Any idea what's going on?", "Could someone walk me through it?"),
        ("Walked the customer through the printer's network settings.",),
        (
            _Case(
                "Receipt printer prints blank paper",
                "Receipts have come out completely blank since this morning.",
                "your receipts print blank",
                "Could you check that the roll is thermal paper, loaded shiny side up?",
                "You were right, the roll was in the wrong way round.",
                "Glad it was that simple - it happens to everyone on a busy shift. I've also sent "
                "you our quick card for changing rolls.",
            ),
            _Case(
                "Printer offline after router change",
                "We changed our internet router on {weekday} and the receipt printer has shown "
                "offline ever since.",
                "the printer went offline after the router change",
                "Is the printer connected by cable or by Wi-Fi?",
                "By Wi-Fi.",
                "The printer still looked for the old router. I've sent the steps to connect it "
                "to the new one; it takes about two minutes.",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Technical",
        (INC, PRB, PRB),
        ("sync", "bug"),
        ("Can you look into it?", "This makes our end-of-day count impossible."),
        (
            "Reproduced with two tills closing in the same minute. Bug filed as {ref}.",
            "Diagnostics show the sync queue stuck on one malformed sale.",
        ),
        (
            _Case(
                "Sales not syncing to the dashboard",
                "Since {date}, sales from our second till don't show up in the dashboard.",
                "sales from your second till are missing from the dashboard",
                "Could you send the device log? In the app, open Help > Send diagnostics.",
                "Done, I've just sent the diagnostics.",
                "We found the cause: a bug in version {version} when two tills close in the same "
                "minute. Today's update fixes it, and I've re-sent your missing sales, so the "
                "dashboard is complete again.",
            ),
            _Case(
                "Stock counts wrong after sync",
                "After the last sync, stock for half our products went negative.",
                "your stock levels went negative after a sync",
                "Did anyone import a product list around that time?",
                "Yes, my colleague imported a spreadsheet on {weekday}.",
                "The import counted the stock twice. I've rolled the counts back to just before "
                "it and checked a few products; they're all correct now.",
            ),
            _Case(
                "App crashes when closing the till",
                "Every time we close the till the app freezes and then crashes (version "
                "{version}).",
                "the app crashes at closing time",
                "Could you send the device log? In the app, open Help > Send diagnostics.",
                "Done, I've just sent the diagnostics.",
                "The crash came from one sale with an empty product name. I've corrected that "
                "sale, and the next app version handles it properly.",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Technical",
        (Q, PRB),
        ("reports",),
        ("Which number is right?", "Is there a way to fix it?"),
        ("Time-zone setting again; pointed to the help article on business settings.",),
        (
            _Case(
                "End-of-day report doesn't match the till",
                "The end-of-day report for {date} is {amount} lower than what's in the drawer.",
                "the end-of-day report doesn't match your cash",
                "Which time zone is set under Settings > Business?",
                "It says UTC.",
                "That's the cause: late sales were counted on the next day. I've set your shop's "
                "time zone and rebuilt the reports, so they match the drawer now.",
            ),
            _Case(
                "CSV export is missing refunds",
                "When I export sales to CSV the refunds are missing, so our books don't balance.",
                "refunds are missing from your CSV export",
                "Are you using the Sales export or the Transactions export?",
                "The Sales export.",
                "Refunds are only in the Transactions export. I've switched your saved export to "
                "that one, so your books will balance.",
            ),
        ),
        weight=2,
    ),
    _Topic(
        "Support",
        (Q, Q, CMP),
        ("orders", "delivery"),
        ("We need it before we open on {weekday}.", "Where is it?"),
        ("Courier claim opened, reference {ref}.", "Reshipped by express at our cost."),
        (
            _Case(
                "Where is order {order}?",
                "Order {order} was due on {date} and the tracking hasn't moved for three days.",
                "order {order} is late and its tracking has stopped",
                "Could you confirm the delivery address, including the unit number?",
                "Unit 4, at the back of the building.",
                "The courier lost the parcel in transit. I've sent a new one by express today; it "
                "will reach you by {weekday}.",
            ),
            _Case(
                "Parcel marked delivered but not here",
                "Tracking says delivered, but nobody here received anything.",
                "the parcel shows as delivered but never arrived",
                "Could you check with your neighbours? Couriers sometimes leave parcels next door.",
                "Nobody has it.",
                "I've opened a claim with the courier and sent a replacement by express, so you "
                "don't have to wait for their investigation.",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Support",
        (INC, REQ, CMP),
        ("orders", "damaged"),
        ("Can you send the right one?", "How do we return it?"),
        ("Warehouse packing error; reported to logistics.",),
        (
            _Case(
                "Printer arrived damaged",
                "The box was crushed and the printer's paper cover is cracked.",
                "the printer arrived broken",
                "Could you send a photo of the printer and of the box?",
                "Photos attached.",
                "Thanks for the photos. A new printer goes out by express today (order {order}), "
                "and the courier will collect the broken one when they deliver.",
            ),
            _Case(
                "Wrong item in order {order}",
                "We ordered the black card reader and received a cash drawer instead.",
                "you received a cash drawer instead of a card reader",
                "Could you send a photo of the label on the box?",
                "Photo attached.",
                "I've sent the card reader by express and emailed a prepaid label for the cash "
                "drawer. There's no need to repack it nicely.",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Support",
        (REQ, REQ, Q),
        ("feature-request",),
        ("Is this planned?", "Would you consider adding it?"),
        ("Added to the feature board; several shops asked for the same.",),
        (
            _Case(
                "Feature request: split bills by seat",
                "Our guests often want to split the bill by seat, and we do it on paper.",
                "you'd like to split bills by seat",
                "How many tills do you run, and would you use this on all of them?",
                "Two tills, and yes, on both.",
                "Thanks, this is useful. I've passed your request to the product team with your "
                "example. It's planned for next quarter, and I'll write to you when it ships.",
            ),
            _Case(
                "Any plans for a tips report?",
                "Our staff keep asking how much they made in tips each week.",
                "your staff would like a weekly tips report",
                "Do tips go to each person, or are they pooled?",
                "They're pooled and shared weekly.",
                "There's a way to do it today: the Payments report can group tips by week. I've "
                "also added your vote for a proper tips report.",
            ),
        ),
        weight=3,
    ),
    _Topic(
        "Support",
        (Q,),
        ("how-to",),
        ("Could you point me to the right place?", "What's the easiest way?"),
        ("Sent the help article; suggested the onboarding call.",),
        (
            _Case(
                "How do I set up a discount code?",
                "We're running a {month} promotion and want a code for 10% off.",
                "you'd like a 10% discount code",
                "Should the code work online, in the shop, or both?",
                "Only in the shop.",
                "Go to Discounts > New, choose 10% and 'In store only'. Staff can then apply it "
                "with the till's discount button.",
            ),
            _Case(
                "How do I add product variants?",
                "We sell t-shirts in four sizes and I don't want four separate products.",
                "you'd like sizes as variants of one product",
                "Are you using the app on a tablet or the web dashboard?",
                "The web dashboard.",
                "Open the product and choose Add variant; each size can have its own price and "
                "stock. Here is the help article with pictures.",
            ),
            _Case(
                "Can the app work offline?",
                "Our internet drops a few times a week and we worry about losing sales.",
                "you need the till to keep working when the internet drops",
                "Which app version is on your tills (Settings > About)?",
                "Version {version}.",
                "Yes: the app keeps taking card and cash payments offline and sends everything "
                "once the connection is back.",
            ),
        ),
        weight=4,
    ),
    _Topic(
        "Technical",
        (INC, INC, CMP),
        ("outage",),
        ("Is there an outage?", "Please tell us what's happening."),
        ("Part of the {date} incident; see the status page.",),
        (
            _Case(
                "Payments down since this morning",
                "No card payment has gone through since about nine this morning; every one "
                "fails with {error}.",
                "no card payment has worked all morning",
                "Is this on every till, or only some?",
                "Every till.",
                "There was an outage at our payment provider between 09:05 and 10:40. "
                "Everything works again, and the payments taken offline have gone through.",
            ),
            _Case(
                "Dashboard very slow today",
                "The dashboard takes a minute to load any page today.",
                "the dashboard is too slow to use",
                "Is it slow on every page, or mainly on reports?",
                "Mainly on reports.",
                "One of our report servers was overloaded. We've added capacity, and pages load "
                "normally again.",
            ),
        ),
        weight=2,
    ),
    _Topic(
        "Support",
        (CMP,),
        ("service",),
        ("I want someone to take responsibility.", "I want this sorted properly."),
        ("Earlier tickets closed without a real answer - raised with the lead for the trends.",),
        (
            _Case(
                "Nobody answers my emails",
                "I've written three times about the same issue and got nothing but automatic "
                "replies.",
                "you wrote three times and only got automatic replies",
                "So that I fix the right thing, could you give me your earlier ticket numbers?",
                "They were all about the card reader.",
                "I went through your earlier tickets: they were closed without a real answer. "
                "That's on us. I've fixed the underlying problem myself and checked it works.",
            ),
            _Case(
                "Promised callback never came",
                "On {date} someone promised to call me back the same day. Nobody did.",
                "we promised to call you back and didn't",
                "What's the best number and time to reach you today?",
                "Any time before five, on my mobile.",
                "I called as agreed and we sorted out the original question together. I've also "
                "put a reminder on your account so a callback can't slip again.",
            ),
        ),
        weight=2,
    ),
)

_INTERNAL_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        "Internal IT",
        (INC, INC, Q),
        ("vpn", "laptop"),
        ("Could you take a look?", "Can someone help today?"),
        ("Certificate expired; renewed remotely.",),
        (
            _Case(
                "VPN won't connect from home",
                "Since {weekday} the VPN times out whenever I work from home.",
                "the VPN fails from home",
                "Could you tell me the asset number on the sticker under your laptop?",
                "It's {asset}.",
                "Your VPN certificate had expired. I've issued a new one; restart the laptop "
                "while on the office network and it will pick it up.",
            ),
            _Case(
                "Laptop very slow since the update",
                "My laptop takes ten minutes to start since last week's update.",
                "your laptop has been slow since the update",
                "Could you leave the laptop on tonight so I can look at it remotely?",
                "Sure, it's on.",
                "A stuck update kept retrying in the background. I've cleared it, and start-up "
                "is back to under a minute.",
            ),
        ),
    ),
    _Topic(
        "Internal IT",
        (REQ,),
        ("onboarding", "access"),
        ("Thanks!", "My manager has approved it."),
        ("Manager approval on file.",),
        (
            _Case(
                "New starter on {weekday}: {colleague}",
                "{colleague} joins the {floor}-floor team on {weekday} and needs a laptop, email "
                "and a door badge.",
                "{colleague} needs a laptop, email and a badge by {weekday}",
                "Which team and manager should I set up {colleague} under?",
                "Customer Success, reporting to me.",
                "All set: the laptop and badge are waiting at the IT desk, and the accounts work "
                "from {weekday} morning.",
            ),
            _Case(
                "Access to the finance share",
                "I need read access to the finance share for the quarterly report.",
                "you need the finance share for the quarterly report",
                "Which manager approved the access? I need it for the record.",
                "{colleague} approved it this morning.",
                "Access granted until the end of the quarter.",
            ),
        ),
    ),
    _Topic(
        "Internal IT",
        (INC, REQ),
        ("printer", "office"),
        ("Could someone come by?", "Can I get a replacement?"),
        ("Printer roller worn; ordered spares.",),
        (
            _Case(
                "Printer on the {floor} floor jammed again",
                "The big printer on the {floor} floor is jammed again and shows an error.",
                "the {floor}-floor printer keeps jamming",
                "Which error code does the display show?",
                "It says {error}.",
                "I've cleared the jam and replaced the worn roller that kept causing it.",
            ),
            _Case(
                "Monitor flickering",
                "My second monitor flickers every few minutes.",
                "your second monitor flickers",
                "Does it still flicker with a different cable?",
                "Yes, same with another cable.",
                "The monitor itself was faulty. A replacement is on your desk.",
            ),
        ),
    ),
    _Topic(
        "Internal IT",
        (INC, Q, CMP),
        ("email", "password"),
        ("Can you sort it out?", "I need it working for a client call."),
        ("Identity checked by video call before the reset.",),
        (
            _Case(
                "Work email stopped on my phone",
                "Work email stopped syncing on my phone on {date}.",
                "work email stopped on your phone",
                "Is it the company phone or your own?",
                "My own phone.",
                "Your phone needed approving again after the new security policy. Done; mail "
                "should arrive within a few minutes.",
            ),
            _Case(
                "Password expired while on holiday",
                "My password expired while I was away and now I can't sign in anywhere.",
                "your password expired while you were away",
                "Could you join a short video call so I can confirm it's you?",
                "Joining now.",
                "Reset done - you'll choose a new password the first time you sign in.",
            ),
        ),
    ),
)


# --- Message building blocks ------------------------------------------------------------------

_GREETINGS = ("Hi,", "Hello,", "Hi there,", "Good morning,", "Hello support team,", "Hi team,")
_INTERNAL_GREETINGS = ("Hi IT,", "Hi team,", "Hello,", "Morning,")
_CONTEXTS = (
    "We run a small {business} in {city}.",
    "We've been using Counter for about two years and it's been great until now.",
    "It's busy season for us, so timing is bad.",
)
_CONTEXTS_TECHNICAL = (
    "I've already restarted everything twice.",
    "My colleague tried as well, same result.",
    "We're on version {version} of the app.",
)
_CLOSINGS = ("Thanks,", "Thanks in advance,", "Regards,", "Cheers,", "Best,", "Kind regards,")

_TEMPERAMENTS = ("amiable", "assertive", "aggressive", "angry")
_TEMPERAMENT_WEIGHTS = (25, 35, 20, 20)
_COMPLAINT_SUBJECTS: dict[str, tuple[str, ...]] = {
    "amiable": ("{subject}", "A bit disappointed: {subject}"),
    "assertive": ("Complaint: {subject}", "{subject} - please resolve"),
    "aggressive": ("Unacceptable: {subject}", "{subject} - I want a refund"),
    "angry": ("{subject} - THIRD TIME ASKING", "FURIOUS: {subject}", "{subject}!!!"),
}
_COMPLAINT_OPENERS: dict[str, tuple[str, ...]] = {
    "amiable": (
        "I don't like to complain, and your team has always been lovely, but this has "
        "been bothering me.",
        "Sorry to bother you with this, I'm sure you're busy.",
    ),
    "assertive": ("I'd like to raise a complaint.", "I'll keep this short."),
    "aggressive": (
        "This is completely unacceptable.",
        "Frankly, I'm fed up with your company.",
    ),
    "angry": (
        "I am absolutely FURIOUS.",
        "This is the THIRD time I'm writing and I'm losing my patience.",
        "Does anyone there actually read these messages??",
    ),
}
_COMPLAINT_CLOSERS: dict[str, tuple[str, ...]] = {
    "amiable": ("I'm sure it's just a mix-up. Could someone look when you have a moment?",),
    "assertive": ("Please tell me by {weekday} what you will do about it.",),
    "aggressive": (
        "I expect a full refund and an explanation today.",
        "If I don't hear back today, I'm cancelling.",
    ),
    "angry": (
        "Fix it TODAY or I cancel and tell every shop owner I know to stay away from you.",
        "I've lost sales because of you. Someone had better call me.",
    ),
}

_AGENT_GREETINGS = ("Hi {first},", "Hello {first},", "Dear {first},")
_THANKS: dict[str, tuple[str, ...]] = {
    Q: ("Thanks for your question.", "Happy to help with this."),
    INC: (
        "Thanks for reporting this, and for the detail - it helps a lot.",
        "Thanks for letting us know so quickly.",
    ),
    PRB: ("Thanks for sticking with us on this one.", "Thanks for the detailed report."),
    REQ: ("Thanks for the request.", "Happy to take care of this for you."),
}
_RECOVERY_OPENERS = (
    "I'm {agent} from the {team} team, and I'm taking this on personally.",
    "This clearly matters, and I want to put it right.",
    "I'm sorry about how this has gone. You shouldn't have had to chase us.",
)
_RECOVERY_RECAPS = (
    "So that I'm sure I've understood: {gist}. I'm sorry - that is not the service you should "
    "get from us.",
    "If I have this right, {gist}, and it has cost you time you didn't have. I apologise.",
)
_RECOVERY_CHOICES = (
    "For the trouble, you can choose between a {credit} credit on your next invoice and a free "
    "month of your plan - just tell me which suits you better.",
    "I've added a {credit} credit to your account for the trouble; there's nothing you need to "
    "do, it comes off your next invoice.",
)
_RECOVERY_THANKS = (
    "Thank you for telling us so plainly. It helps us fix this for everyone, not just you.",
    "I'm sorry again, and thank you for your patience while we put it right.",
)
_FOLLOW_UPS = (
    "I'll check in with you on {weekday} to make sure everything is still working.",
    "If anything else comes up, just reply to this email and it comes straight to me.",
    "I'll keep an eye on your account over the next few days.",
)
_PROBE_NEXT = (
    "As soon as I have that, I'll take it from there.",
    "Once I hear back, I'll sort it out the same day.",
)
_UPDATES = (
    "Quick update: I'm still working on this with our {team} colleagues. I'll write again "
    "by {weekday} at the latest.",
    "Thanks, that helps. I'm checking a couple of things on our side and will get back to you "
    "by {weekday}.",
)
_HOLD_REPLIES = (
    "I've asked the courier to investigate; they promise an answer within five working "
    "days. I'll let you know as soon as I hear, and I'll write by {weekday} either way.",
    "This needs a fix from our supplier. I'll keep the ticket open and update you by {weekday}.",
)
_REOPEN_REPLIES = (
    "I'm sorry it came back. I've looked again and found a second setting that caused it; "
    "that's changed now, and I've tested it on your account.",
    "Thanks for telling me straight away. I've replaced the part rather than repairing it again.",
)
_PHONE_RECAPS = (
    "As we discussed on the phone, here is a summary of what we agreed.",
    "Thanks for your time on the call just now. Here's a recap.",
)

_CUSTOMER_AFTER_UPDATE = (
    "Thanks for the update.",
    "OK, thanks. Please keep me posted.",
    "Any news yet? It's still happening here.",
    "Thanks. Is there anything I can do in the meantime?",
)
_CUSTOMER_CHASES = (
    "Any update on this?",
    "Just checking whether anyone has looked at this yet.",
    "Hello? Still waiting to hear back.",
    "Is there any news? It's getting urgent for us.",
)
_CUSTOMER_REOPENS = (
    "Sorry to come back to this, but it started again on {weekday}.",
    "It worked for a day and now it's back to the same problem.",
)

_NOTES_GENERIC = (
    "Customer prefers phone over email.",
    "Checked the account history: no similar tickets before.",
    "Asked {agent2} for a second opinion before replying.",
    "Same question came up twice this week - worth a help article.",
)
_NOTES_COMPLAINT = (
    "Customer was upset on the phone. Listened, recapped, agreed on a replacement.",
    "Offered {credit} credit - within my limit, no approval needed.",
    "Escalation: customer mentions cancelling. Keep the lead in the loop.",
)
_NOTES_HOLD = (
    "Waiting for the courier's investigation, reference {ref}.",
    "Escalated to the supplier; they expect a fix next week.",
    "Waiting for the payment provider's answer, reference {ref}.",
)
_CALL_INBOUND = (
    "{first} called about this. Talked it through and took the details down.",
    "Inbound call from {first}; explained what we'll do next and when.",
)
_CALL_OUTBOUND = (
    "Called {first} to apologise and agree the next steps. Customer calmer by the end.",
    "Called {first} to go through the fix step by step; it works now.",
    "Called back as promised; {first} confirmed everything is fine.",
)


# --- Distributions ----------------------------------------------------------------------------

_CHANNELS_EXTERNAL = (
    (Channel.EMAIL, 40),
    (Channel.WEB, 14),
    (Channel.PORTAL, 16),
    (Channel.PHONE, 13),
    (Channel.CHAT, 13),
    (Channel.API, 4),
)
_CHANNELS_INTERNAL = ((Channel.EMAIL, 50), (Channel.PORTAL, 30), (Channel.CHAT, 20))
_PRIORITIES: dict[str, tuple[int, int, int, int]] = {
    # low, normal, high, urgent
    Q: (35, 60, 5, 0),
    INC: (5, 45, 35, 15),
    PRB: (0, 50, 40, 10),
    REQ: (40, 55, 5, 0),
    CMP: (0, 50, 40, 10),
}
# Hour-of-day weights (UTC, which is the desk's zone by default): a working-day curve.
_HOUR_WEIGHTS = (
    1, 1, 1, 1, 1, 2, 5, 12, 24, 30, 30, 28, 24, 26, 28, 26, 22, 16, 11, 9, 7, 5, 3, 2,
)  # fmt: skip


def _status_odds(age_s: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """What a ticket of this age is likely to be by now: young ones open, old ones done."""
    statuses = ("new", "open", "pending", "on_hold", "done")
    days = age_s / DAY
    if days < 1:
        return statuses, (45, 28, 12, 3, 12)
    if days < 3:
        return statuses, (8, 30, 22, 5, 35)
    if days < 10:
        return statuses, (2, 12, 14, 5, 67)
    if days < 30:
        return statuses, (0, 3, 3, 2, 92)
    # A few long-running ones stay unresolved (waiting on a supplier, forgotten).
    return statuses, (0, 2, 1, 3, 1994)


# --- Row writing ------------------------------------------------------------------------------


class _Writer:
    """Multi-row INSERTs through a plain cursor.

    The plain cursor keeps DEBUG's query log out of the way (it would hold every
    statement of a million-row seed); RETURNING gives ids back in insertion order, the
    same thing bulk_create relies on. Fields a caller does not list get the model's
    default, so a field added to a model later does not break the seed.
    """

    def __init__(self) -> None:
        # SQLite reports its bound-variable limit; PostgreSQL allows 65,535 per statement.
        self.limit = connection.features.max_query_params or 30_000
        self.vendor = connection.vendor

    def value(self, model: type[models.Model], name: str, value: Any) -> Any:
        """A Python value as the database expects it for this field (JSON, for one)."""
        return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]

    def ts(self, value: int | None) -> Any:
        """A UTC timestamp in seconds as a datetime column value."""
        if value is None:
            return None
        moment = datetime.fromtimestamp(value, UTC)
        # Shortcuts for the two supported backends: this runs millions of times.
        if self.vendor == "sqlite":
            return moment.replace(tzinfo=None).isoformat(" ")  # what Django itself stores
        if self.vendor == "postgresql":
            return moment
        return connection.ops.adapt_datetimefield_value(moment)

    def insert(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        returning: bool = False,
    ) -> list[int]:
        if not rows:
            return []
        quote = connection.ops.quote_name
        meta = model._meta
        listed = [cast("Field[Any, Any]", meta.get_field(name)) for name in fields]
        rest = [f for f in meta.concrete_fields if not f.primary_key and f not in listed]
        defaults = [f.get_db_prep_save(f.get_default(), connection) for f in rest]
        columns = ", ".join(quote(str(f.column)) for f in [*listed, *rest])
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            return self._copy(model, columns, defaults, rows, returning)
        width = len(listed) + len(rest)
        one_row = "(" + ", ".join(["%s"] * width) + ")"
        per_statement = max(1, min(500, self.limit // width))
        ids: list[int] = []
        cursor = CursorWrapper(connection.create_cursor(), connection)
        try:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                # Names come from model metadata; every value is a bound parameter.
                rows_sql = ", ".join([one_row] * len(chunk))
                sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {rows_sql}"  # noqa: S608
                params: list[Any] = []
                for row in chunk:
                    params.extend(row)
                    params.extend(defaults)
                if returning:
                    cursor.execute(f"{sql} RETURNING {quote(_pk_column(model))}", params)
                    ids.extend(row[0] for row in cursor.fetchall())
                else:
                    cursor.execute(sql, params)
        finally:
            cursor.close()
        return ids

    def _copy(
        self,
        model: type[models.Model],
        columns: str,
        defaults: list[Any],
        rows: Sequence[Sequence[Any]],
        returning: bool,
    ) -> list[int]:
        """PostgreSQL: COPY is several times faster than INSERT for a million rows.

        COPY returns nothing, so ids are first reserved from the table's own sequence,
        which stays safe next to other writers.
        """
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk = quote(_pk_column(model))
        ids: list[int] = []
        with connection.connection.cursor() as cursor:
            if returning:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                    "FROM generate_series(1, %s) ORDER BY 1",
                    [table, _pk_column(model), len(rows)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                columns = f"{pk}, {columns}"
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for index, row in enumerate(rows):
                    if returning:
                        copy.write_row((ids[index], *row, *defaults))
                    else:
                        copy.write_row((*row, *defaults))
        return ids


def _pk_column(model: type[models.Model]) -> str:
    assert model._meta.pk is not None
    return str(model._meta.pk.column)


# --- One ticket's history ---------------------------------------------------------------------


@dataclass
class _Agent:
    id: int
    first: str
    name: str


@dataclass
class _Person:
    id: int
    first: str
    name: str
    org_id: int | None
    company: str


class _Thread:
    """A ticket's conversation and timeline, built step by step.

    Status bookkeeping mirrors tickets.services.change_status and reply_to_ticket, so the
    counters on the ticket agree with its messages.
    """

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.status: str = Status.NEW
        self.assignee: _Agent | None = None
        self.first_reply: int | None = None
        self.first_solved: int | None = None
        self.last_solved: int | None = None
        self.closed: int | None = None
        self.promised_by: int | None = None
        self.reopens = 0
        self.replies = 0
        self.one_touch = False
        # [kind, channel, customer id, agent id, body, handle s, direction, duration, hold, ts]
        self.messages: list[list[Any]] = []
        # [kind, agent id, customer id, field, old, new, message index, ts]
        self.events: list[list[Any]] = []

    def event(
        self,
        kind: str,
        ts: int,
        *,
        agent: _Agent | None = None,
        customer: _Person | None = None,
        field: str = "",
        old: str = "",
        new: str = "",
        message: int | None = None,
    ) -> None:
        self.events.append(
            [
                kind,
                agent.id if agent else None,
                customer.id if customer else None,
                field,
                old[:250],
                new[:250],
                message,
                ts,
            ]
        )

    def _message(
        self,
        kind: str,
        ts: int,
        body: str,
        *,
        channel: str,
        customer: _Person | None = None,
        agent: _Agent | None = None,
        handle_s: int | None = None,
        call: tuple[str, int, int] | None = None,
    ) -> int:
        direction, duration, hold = call if call else ("", None, None)
        self.messages.append(
            [
                kind,
                channel,
                customer.id if customer else None,
                agent.id if agent else None,
                body,
                handle_s,
                direction,
                duration,
                hold,
                ts,
            ]
        )
        return len(self.messages) - 1

    def set_status(
        self,
        status: str,
        ts: int,
        *,
        agent: _Agent | None = None,
        customer: _Person | None = None,
    ) -> None:
        old = self.status
        if old == status:
            return
        self.status = status
        if status == Status.SOLVED:
            self.first_solved = self.first_solved or ts
            self.last_solved = ts
            self.one_touch = self.reopens == 0 and self.replies == 1
        if status == Status.CLOSED:
            self.closed = ts
        reopening = old == Status.SOLVED and status in {
            Status.NEW,
            Status.OPEN,
            Status.PENDING,
            Status.ON_HOLD,
        }
        if reopening:
            self.reopens += 1
            self.one_touch = False
        self.event(
            EventKind.STATUS,
            ts,
            agent=agent,
            customer=customer,
            field="status",
            old=Status(old).label,
            new=Status(status).label,
        )
        if reopening:
            self.event(EventKind.REOPENED, ts, agent=agent, customer=customer)

    def open(self, ts: int, customer: _Person, body: str, by_agent: _Agent | None) -> None:
        index = self._message(
            MessageKind.CUSTOMER, ts, body, channel=self.channel, customer=customer
        )
        self.event(
            EventKind.CREATED,
            ts,
            agent=by_agent,
            customer=None if by_agent else customer,
            new=Channel(self.channel).label,
            message=index,
        )

    def customer_writes(self, ts: int, customer: _Person, body: str) -> None:
        channel = Channel.EMAIL if self.channel == Channel.PHONE else self.channel
        index = self._message(MessageKind.CUSTOMER, ts, body, channel=channel, customer=customer)
        self.event(EventKind.CUSTOMER_REPLIED, ts, customer=customer, message=index)
        if self.status in {Status.SOLVED, Status.PENDING}:
            self.set_status(Status.OPEN, ts, customer=customer)

    def reply(self, ts: int, agent: _Agent, body: str, status: str | None, handle_s: int) -> None:
        index = self._message(
            MessageKind.REPLY, ts, body, channel=self.channel, agent=agent, handle_s=handle_s
        )
        self.first_reply = self.first_reply or ts
        self.replies += 1
        self.event(EventKind.REPLIED, ts, agent=agent, message=index)
        target = status or (Status.OPEN if self.status == Status.NEW else None)
        if target:
            self.set_status(target, ts, agent=agent)
        if self.assignee is None:
            self.assign(ts, agent, actor=agent)

    def note(self, ts: int, agent: _Agent, body: str, handle_s: int) -> None:
        index = self._message(
            MessageKind.NOTE, ts, body, channel=self.channel, agent=agent, handle_s=handle_s
        )
        self.event(EventKind.NOTED, ts, agent=agent, message=index)

    def call(
        self, ts: int, agent: _Agent, direction: str, duration: int, hold: int, body: str
    ) -> None:
        index = self._message(
            MessageKind.CALL,
            ts,
            body,
            channel=Channel.PHONE,
            agent=agent,
            handle_s=duration,
            call=(direction, duration, hold),
        )
        self.event(
            EventKind.CALL_LOGGED,
            ts,
            agent=agent,
            message=index,
            new=f"{direction}, {duration // 60} min {duration % 60} s",
        )

    def assign(self, ts: int, assignee: _Agent, *, actor: _Agent | None) -> None:
        self.assignee = assignee
        self.event(EventKind.ASSIGNEE, ts, agent=actor, field="assignee", new=assignee.name)

    def last_ts(self) -> int:
        return max(row[-1] for row in itertools.chain(self.messages, self.events))

    def squeeze(self, start: int, limit: int) -> None:
        """Compress the timeline proportionally so that nothing happens after `limit`."""
        end = self.last_ts()
        if end <= limit:
            return
        factor = (limit - start) / (end - start)

        def fit(ts: int) -> int:
            return start + int((ts - start) * factor)

        for row in itertools.chain(self.messages, self.events):
            row[-1] = fit(row[-1])
        self.first_reply = self.first_reply and fit(self.first_reply)
        self.first_solved = self.first_solved and fit(self.first_solved)
        self.last_solved = self.last_solved and fit(self.last_solved)


@dataclass
class _Built:
    ticket: list[Any]
    thread: _Thread
    tag_ids: list[int]
    cc_ids: list[int]


class _TicketMaker:
    """Turns a creation moment into one complete, self-consistent ticket."""

    def __init__(
        self,
        rng: random.Random,
        base_ts: int,
        agents_by_team: dict[str, list[_Agent]],
        team_ids: dict[str, int],
        lead: _Agent,
        pools: dict[bool, tuple[list[int], list[_Person]]],
        org_members: dict[int, list[_Person]],
        tag_ids: dict[str, int],
    ) -> None:
        self.rng = rng
        self.base_ts = base_ts
        self.agents_by_team = agents_by_team
        self.team_ids = team_ids
        self.lead = lead
        self.pools = pools
        self.org_members = org_members
        self.tag_ids = tag_ids
        self.topic_weights = list(itertools.accumulate(t.weight for t in _TOPICS))
        self.all_agents = [a for team in agents_by_team.values() for a in team]
        self.channels = {
            internal: tuple(zip(*choices, strict=True))
            for internal, choices in ((False, _CHANNELS_EXTERNAL), (True, _CHANNELS_INTERNAL))
        }

    # -- small helpers

    def gap(self, median_s: float, sigma: float = 0.9) -> int:
        return max(MINUTE, int(median_s * self.rng.lognormvariate(0, sigma)))

    def work_time(self, ts: int) -> int:
        """The same moment if it falls in working hours, else the next working morning."""
        day, second = divmod(ts, DAY)
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
        if weekday < 5 and 8 * HOUR <= second < 18 * HOUR:
            return ts
        if weekday >= 5 or second >= 18 * HOUR:
            day += 1
        while (day + 3) % 7 >= 5:
            day += 1
        return day * DAY + 8 * HOUR + self.rng.randrange(0, 90 * MINUTE)

    def pick(self, options: Sequence[str], slots: dict[str, str]) -> str:
        return self.rng.choice(options).format_map(slots)

    def requester(self, ts: int, internal: bool) -> _Person:
        created, people = self.pools[internal]
        known = max(1, bisect.bisect_right(created, ts - HOUR))
        return people[self.rng.randrange(known)]

    def slots(self, customer: _Person, agent: _Agent | None, team: str, ts: int) -> dict[str, str]:
        rng = self.rng
        when = datetime.fromtimestamp(ts - rng.randrange(0, 5) * DAY, UTC)
        return {
            "first": customer.first,
            "agent": agent.first if agent else "",
            "agent2": rng.choice(self.all_agents).first,
            "team": team,
            "order": f"GW-{rng.randrange(10_000, 99_999)}",
            "invoice": f"INV-{when.year}-{rng.randrange(1000, 9999)}",
            "amount": f"${rng.choice((29, 49, 79, 99, 149, 249))}.00",
            "credit": f"${rng.choice((10, 15, 20, 25, 50))}",
            "serial": f"C2-{rng.randrange(16**6):06X}",
            "error": f"E-{rng.randrange(100, 999)}",
            "weekday": rng.choice(_WEEKDAYS),
            "date": f"{when.day} {_MONTHS[when.month - 1]}",
            "month": _MONTHS[when.month - 1],
            "city": rng.choice(_CITIES),
            "business": rng.choice(_ORG_TRADES).lower(),
            "version": f"4.{rng.randrange(0, 12)}",
            "ref": f"REF-{rng.randrange(100_000, 999_999)}",
            "colleague": rng.choice(_FIRST_NAMES),
            "floor": rng.choice(("first", "second", "third", "fourth")),
            "plan": rng.choice(_PLANS),
            "company": customer.company,
            "digits": f"{rng.randrange(10_000):04d}",
            "vat": f"VAT {rng.randrange(10**8, 10**9)}",
            "tracking": f"1Z{rng.randrange(16**10):010X}",
            "asset": f"GW-L{rng.randrange(1000, 9999)}",
        }

    # -- texts

    def first_message(
        self, topic: _Topic, case: _Case, kind: str, temper: str, slots: dict[str, str], phone: bool
    ) -> str:
        """The customer's opening message; on the phone the agent notes down only the facts."""
        rng = self.rng
        body = [case.detail.format_map(slots)]
        if topic.team != "Internal IT" and rng.random() < 0.5:
            contexts = _CONTEXTS + _CONTEXTS_TECHNICAL if topic.team == "Technical" else _CONTEXTS
            body.append(self.pick(contexts, slots))
        body.append(self.pick(topic.asks, slots))
        if phone:
            return " ".join(body)
        greetings = _INTERNAL_GREETINGS if topic.team == "Internal IT" else _GREETINGS
        parts = []
        if kind != CMP or temper in {"amiable", "assertive"}:
            parts.append(rng.choice(greetings))
        if kind == CMP:
            parts.append(self.pick(_COMPLAINT_OPENERS[temper], slots))
            body.append(self.pick(_COMPLAINT_CLOSERS[temper], slots))
        parts.append(" ".join(body))
        if kind != CMP or temper != "angry":
            parts.append(f"{rng.choice(_CLOSINGS)}\n{slots['first']}")
        return "\n\n".join(parts)

    def agent_message(
        self, case: _Case, kind: str, stage: str, slots: dict[str, str], first: bool
    ) -> str:
        rng = self.rng
        parts = [self.pick(_AGENT_GREETINGS, slots)]
        if kind == CMP and first:
            parts.append(
                self.pick(_RECOVERY_OPENERS, slots) + " " + self.pick(_RECOVERY_RECAPS, slots)
            )
        elif first and stage != "phone":
            parts.append(rng.choice(_THANKS[kind]))
        if stage == "phone":
            parts.append(rng.choice(_PHONE_RECAPS) + " " + case.fix.format_map(slots))
        elif stage == "probe":
            parts.append(case.probe.format_map(slots) + " " + rng.choice(_PROBE_NEXT))
        elif stage == "update":
            parts.append(self.pick(_UPDATES, slots))
        elif stage == "hold":
            parts.append(self.pick(_HOLD_REPLIES, slots))
        elif stage == "reopen":
            parts.append(self.pick(_REOPEN_REPLIES, slots))
        else:
            parts.append(case.fix.format_map(slots))
            if kind == CMP:
                # Service recovery: an extra step beyond the fix, then a sincere thank-you.
                if slots["team"] != "Internal IT":
                    parts.append(self.pick(_RECOVERY_CHOICES, slots))
                parts.append(self.pick(_RECOVERY_THANKS, slots))
            parts.append(self.pick(_FOLLOW_UPS, slots))
        team = slots["team"]
        signature = team if team == "Internal IT" else f"Goodwill {team}"
        parts.append(f"Best regards,\n{slots['agent']}\n{signature}")
        return "\n\n".join(parts)

    # -- the ticket

    def make(self, number: int, t0: int) -> _Built:
        rng = self.rng
        internal = bool(self.pools[True][1]) and rng.random() < 0.07
        customer = self.requester(t0, internal)
        if internal:
            topic = rng.choice(_INTERNAL_TOPICS)
        else:
            topic = rng.choices(_TOPICS, cum_weights=self.topic_weights)[0]
        channel = rng.choices(*self.channels[internal])[0]
        kind = rng.choice(topic.types)
        if kind == CMP and len(set(topic.types)) > 1 and rng.random() < 0.5:
            # Few unhappy customers complain: keep complaints near a tenth of all tickets.
            kind = rng.choice([t for t in topic.types if t != CMP])
        temper = rng.choices(_TEMPERAMENTS, _TEMPERAMENT_WEIGHTS)[0] if kind == CMP else ""
        priority = rng.choices(Priority.values, _PRIORITIES[kind])[0]
        if temper == "angry" and priority < Priority.HIGH:
            priority = Priority.HIGH
        limit = self.base_ts - 1  # creation moments run up to one second before the base
        statuses, weights = _status_odds(self.base_ts - t0)
        target = rng.choices(statuses, weights)[0]
        if target == "new" and channel == Channel.PHONE:
            channel = Channel.EMAIL  # a phone ticket is logged by the agent who took the call
        team = topic.team
        members = self.agents_by_team[team]
        agent = self.lead if kind == CMP and rng.random() < 0.3 else rng.choice(members)
        case = rng.choice(topic.cases)
        slots = self.slots(customer, agent, team, t0)
        slots["gist"] = case.gist.format_map(slots)
        subject = case.subject.format_map(slots)
        if kind == CMP:
            subject = rng.choice(_COMPLAINT_SUBJECTS[temper]).format(subject=subject)

        thread = _Thread(channel)
        phone = channel == Channel.PHONE
        thread.open(
            t0,
            customer,
            self.first_message(topic, case, kind, temper, slots, phone),
            agent if phone else None,
        )
        tag_names = []
        if rng.random() < 0.85:
            tag_names.append(topic.tags[0])
        if len(topic.tags) > 1 and rng.random() < 0.4:
            tag_names.append(topic.tags[1])
        if temper in {"aggressive", "angry"}:
            tag_names.append("escalated")
        for name in tag_names:
            thread.event(EventKind.TAG_ADDED, t0, field="tags", new=name)
        cc_ids: list[int] = []
        colleagues = self.org_members.get(customer.org_id or 0, ())
        if len(colleagues) > 1 and rng.random() < 0.05:
            cc = rng.choice(colleagues)
            if cc.id != customer.id:
                cc_ids.append(cc.id)
                thread.event(EventKind.CC_ADDED, t0, customer=customer, field="ccs", new=cc.name)

        t = t0
        if phone:
            duration = self.gap(6 * MINUTE, 0.6)
            hold = 0 if rng.random() < 0.6 else min(duration // 3, self.gap(45, 0.8))
            t = t0 + duration
            thread.call(
                t, agent, CallDirection.INBOUND, duration, hold, self.pick(_CALL_INBOUND, slots)
            )
            thread.assign(t, agent, actor=agent)

        if target == "new":
            if rng.random() < 0.3 and team == "Support":
                thread.assign(t0 + rng.randrange(5, 60), agent, actor=None)  # round robin
            if self.base_ts - t0 > 8 * HOUR and rng.random() < 0.25:
                t += self.gap(6 * HOUR)
                thread.customer_writes(t, customer, self.pick(_CUSTOMER_CHASES, slots))
        else:
            self.converse(thread, topic, case, kind, target, customer, agent, slots, t, phone)
        if thread.last_ts() > limit:
            # History may not run past the base moment; end somewhere before it, not on it.
            thread.squeeze(t0, t0 + int((limit - t0) * rng.uniform(0.5, 0.98)))

        if target == "done" and thread.last_solved is not None:
            close_at = thread.last_solved + AUTO_CLOSE_S + rng.randrange(0, 6 * HOUR)
            if close_at <= limit:
                thread.set_status(Status.CLOSED, close_at)
        if thread.status in {Status.OPEN, Status.PENDING, Status.ON_HOLD} and rng.random() < 0.25:
            promise = self.work_time(thread.last_ts() + rng.randrange(1, 4) * DAY)
            thread.promised_by = promise
            thread.event(
                EventKind.PROMISED_BY,
                thread.last_ts(),
                agent=thread.assignee,
                field="promised_by",
                new=datetime.fromtimestamp(promise, UTC).isoformat(timespec="minutes"),
            )
        ticket = [
            number,
            subject[:250],
            customer.id,
            customer.org_id,
            self.team_ids[team],
            thread.assignee.id if thread.assignee else None,
            channel,
            kind,
            priority,
            thread.status,
            thread.promised_by,
            t0,
            thread.last_ts(),
            thread.first_reply,
            thread.first_solved,
            thread.last_solved,
            thread.closed,
            thread.reopens,
            thread.replies,
            thread.one_touch,
        ]
        return _Built(ticket, thread, [self.tag_ids[n] for n in tag_names], cc_ids)

    def converse(
        self,
        thread: _Thread,
        topic: _Topic,
        case: _Case,
        kind: str,
        target: str,
        customer: _Person,
        agent: _Agent,
        slots: dict[str, str],
        t: int,
        phone: bool,
    ) -> None:
        """Replies, notes, calls and customer answers leading to the target status."""
        rng = self.rng
        is_chat = thread.channel == Channel.CHAT
        agent_gap = 4 * MINUTE if is_chat else 2 * HOUR
        customer_gap = 6 * MINUTE if is_chat else 7 * HOUR

        def handle() -> int:
            return self.gap(5 * MINUTE, 0.7)

        def agent_time(after: int) -> int:
            return after + rng.randrange(30, 300) if is_chat else self.work_time(after)

        t = agent_time(t + (0 if phone else self.gap(agent_gap)))
        if thread.assignee is None:
            round_robin = topic.team == "Support" and kind != CMP
            thread.assign(t, agent, actor=None if round_robin else agent)
        if rng.random() < (0.45 if kind == CMP else 0.12):
            notes = _NOTES_COMPLAINT if kind == CMP else topic.notes + _NOTES_GENERIC
            thread.note(t, agent, self.pick(notes, slots), handle())
            t += rng.randrange(60, 600)
        if not phone and kind in {CMP, INC} and rng.random() < 0.15:
            duration = self.gap(9 * MINUTE, 0.6)
            hold = 0 if rng.random() < 0.5 else min(duration // 3, self.gap(60, 0.8))
            t += duration
            thread.call(
                t, agent, CallDirection.OUTBOUND, duration, hold, self.pick(_CALL_OUTBOUND, slots)
            )

        if target == "done":
            one_touch_odds = 0.5 if kind == Q else 0.3 if kind != CMP else 0.15
            rounds = 1 if rng.random() < one_touch_odds else rng.choice((2, 2, 3, 3, 4))
        elif target == "on_hold":
            rounds = rng.choice((1, 2))
        else:
            rounds = rng.choice((1, 1, 2, 3))
        ends_with_customer = target == "open" and rng.random() < 0.7

        for i in range(rounds):
            last = i == rounds - 1
            status: str | None = Status.PENDING
            stage = "probe" if i == 0 else "update"
            if last and target == "done":
                status, stage = Status.SOLVED, "fix"
            elif last and target == "open" and not ends_with_customer:
                status, stage = Status.OPEN, "update"
            elif last and target == "on_hold":
                status, stage = Status.OPEN, "hold"
            if phone and i == 0 and stage == "fix":
                stage = "phone"
            thread.reply(
                t, agent, self.agent_message(case, kind, stage, slots, i == 0), status, handle()
            )
            if last and not (target == "open" and ends_with_customer):
                break
            t += self.gap(customer_gap)
            if i == 0:
                opener = rng.choice(("Thanks for getting back to me.", "Hi again.", "", ""))
                answer = f"{opener} {case.answer.format_map(slots)}".strip()
            else:
                answer = rng.choice(_CUSTOMER_AFTER_UPDATE)
            thread.customer_writes(t, customer, f"{answer}\n\n{customer.first}")
            t = agent_time(t + self.gap(agent_gap))

        if target == "on_hold":
            t += rng.randrange(60, 900)
            thread.note(t, agent, self.pick(_NOTES_HOLD, slots), handle())
            thread.set_status(Status.ON_HOLD, t, agent=agent)
        elif target == "done" and rng.random() < 0.06:
            t += self.gap(2 * DAY, 0.6)
            thread.customer_writes(t, customer, self.pick(_CUSTOMER_REOPENS, slots))
            t = agent_time(t + self.gap(agent_gap))
            reply = self.agent_message(case, kind, "reopen", slots, False)
            thread.reply(t, agent, reply, Status.SOLVED, handle())


# --- Setting the stage ------------------------------------------------------------------------


def _base_ts(base: datetime | None) -> int:
    if base is None:
        today = datetime.now(UTC).date()
        base = datetime(today.year, today.month, today.day, tzinfo=UTC)
    if base.tzinfo is None:
        raise ValueError("The seed's base moment must be timezone-aware.")
    return int(base.timestamp())


def _cast(password: str) -> tuple[dict[str, Team], dict[str, list[_Agent]], _Agent]:
    teams: dict[str, Team] = {}
    for name, description, auto in _TEAMS:
        teams[name], _ = Team.objects.get_or_create(
            name=name, defaults={"description": description, "auto_assign": auto}
        )
    hashed = make_password(password)  # hashed once: every demo login shares the password
    by_team: dict[str, list[_Agent]] = {name: [] for name in teams}
    lead: _Agent | None = None
    for spec in _AGENTS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create(
                username=spec.username,
                first_name=spec.first,
                last_name=spec.last,
                email=f"{spec.username}@{_INTERNAL_DOMAIN}",
                password=hashed,
                is_staff=spec.role == Role.ADMIN,
                is_superuser=spec.role == Role.ADMIN,
            )
        AgentProfile.objects.get_or_create(
            user=user,
            defaults={
                "role": spec.role,
                "restricted_to_teams": spec.restricted,
                "signature": f"{spec.first}, Goodwill",
            },
        )
        agent = _Agent(user.pk, spec.first, user.get_full_name() or user.get_username())
        for team_name in spec.teams:
            teams[team_name].members.add(user)
            by_team[team_name].extend([agent] * spec.share)
        if spec.role == Role.SUPERVISOR:
            lead = agent
    assert lead is not None
    return teams, by_team, lead


def _org_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    seen = set(taken)
    combos = [(s, t) for s in _ORG_STEMS for t in _ORG_TRADES]
    rng.shuffle(combos)
    for n in itertools.count():
        if len(names) >= count:
            break
        stem, trade = combos[n % len(combos)]
        suffix = rng.choice(_ORG_SUFFIXES)
        name = f"{stem} {trade}{suffix}"
        if n >= len(combos):
            name = f"{stem} {trade} {rng.choice(_CITIES)}{suffix}"
        if n >= 4 * len(combos):
            name = f"{stem} {trade} {n}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _people(
    rng: random.Random, writer: _Writer, count: int, base_ts: int
) -> tuple[dict[bool, tuple[list[int], list[_Person]]], dict[int, list[_Person]], int]:
    """Organisations and customers with identities; returns who may open tickets when."""
    window_s = settings.GOODWILL_LIFECYCLE_WINDOW_DAYS * DAY
    internal_org, _ = Organization.objects.get_or_create(
        name=INTERNAL_ORGANIZATION,
        defaults={"kind": Kind.INTERNAL, "notes": "Colleagues served by Internal IT."},
    )
    taken_orgs = set(Organization.objects.values_list("name", flat=True))
    org_count = max(2, count // 10)
    org_rows: list[list[Any]] = []
    org_domains: list[str] = []
    for name in _org_names(rng, org_count, taken_orgs):
        created = base_ts - rng.randrange(CUSTOMER_HISTORY_DAYS, CUSTOMER_HISTORY_DAYS + 400) * DAY
        attributes = {"plan": rng.choice(_PLANS), "locations": rng.choice((1, 1, 1, 2, 3, 5))}
        org_rows.append([name, Kind.EXTERNAL, rng.random() < 0.25, None, "", attributes, created])
        org_domains.append(_slug(name) + ".example")
    org_weights = list(itertools.accumulate(1 / (i + 1) ** 0.5 for i in range(len(org_rows))))

    emails = set(Identity.objects.filter(kind=IdentityKind.EMAIL).values_list("value", flat=True))
    phones = set(Identity.objects.filter(kind=IdentityKind.PHONE).values_list("value", flat=True))
    phone_numbers = (f"+1{area}55501{n:02d}" for area in range(201, 1000) for n in range(100))

    internal_count = max(1, round(count * 0.06)) if count >= 5 else 0
    external_count = count - internal_count
    # Fixed proportions, shuffled, so every lifecycle stage appears even in small seeds.
    stages = (
        ["potential"] * max(1, round(external_count * 0.2))
        + ["former"] * max(1, round(external_count * 0.25))
    )[:external_count]
    stages += ["existing"] * (external_count - len(stages))
    rng.shuffle(stages)

    customers: list[dict[str, Any]] = []
    org_last_purchase: dict[int, int] = {}
    for index in range(count):
        internal = index >= external_count
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        org_index: int | None = None
        if internal:
            domain = _INTERNAL_DOMAIN
            stage = "existing"
        else:
            stage = stages[index]
            if rng.random() < 0.7:
                org_index = rng.choices(range(len(org_rows)), cum_weights=org_weights)[0]
                domain = org_domains[org_index]
            else:
                domain = rng.choice(_PERSONAL_DOMAINS)
        local = _slug(first) + "." + _slug(last)
        email = f"{local}@{domain}"
        for n in itertools.count(2):
            if email not in emails:
                break
            email = f"{local}{n}@{domain}"
        emails.add(email)
        phone = ""
        if not internal and rng.random() < 0.35:
            phone = next((p for p in phone_numbers if p not in phones), "")
        # The first of each group existed from the start, so every ticket finds a requester.
        first_of_group = index in (0, external_count)
        created = base_ts - (
            CUSTOMER_HISTORY_DAYS * DAY
            if first_of_group
            else rng.randrange(DAY, CUSTOMER_HISTORY_DAYS * DAY)
        )
        purchase: int | None = None
        if stage == "existing":
            purchase = base_ts - rng.randrange(DAY, max(2 * DAY, int(window_s * 0.95)))
        elif stage == "former":
            purchase = base_ts - int(window_s * 1.05) - rng.randrange(0, 2 * 365 * DAY)
        if purchase is not None:
            created = min(created, purchase - DAY)
        if org_index is not None and purchase is not None:
            org_last_purchase[org_index] = max(org_last_purchase.get(org_index, 0), purchase)
        customers.append(
            {
                "name": f"{first} {last}",
                "company": (
                    INTERNAL_ORGANIZATION
                    if internal
                    else org_rows[org_index][0]
                    if org_index is not None
                    else f"{last} Trading"
                ),
                "first": first,
                "org_index": org_index,
                "internal": internal,
                "purchase": purchase,
                "created": created,
                "email": email,
                "phone": phone,
                "notes": "Prefers a phone call to email." if rng.random() < 0.04 else "",
            }
        )

    for org_index, purchase in org_last_purchase.items():
        org_rows[org_index][3] = purchase
    org_ids = writer.insert(
        Organization,
        ("name", "kind", "shares_tickets", "last_purchase_at", "notes", "attributes", "created_at"),
        [
            [
                n,
                k,
                s,
                writer.ts(p),
                notes,
                writer.value(Organization, "attributes", a),
                writer.ts(c),
            ]
            for n, k, s, p, notes, a, c in org_rows
        ],
        returning=True,
    )
    customer_ids = writer.insert(
        Customer,
        (
            "name",
            "organization",
            "kind",
            "last_purchase_at",
            "notes",
            "created_at",
        ),
        [
            [
                c["name"],
                internal_org.pk
                if c["internal"]
                else (org_ids[c["org_index"]] if c["org_index"] is not None else None),
                Kind.INTERNAL if c["internal"] else Kind.EXTERNAL,
                writer.ts(c["purchase"]),
                c["notes"],
                writer.ts(c["created"]),
            ]
            for c in customers
        ],
        returning=True,
    )
    identity_rows = []
    for pk, c in zip(customer_ids, customers, strict=True):
        identity_rows.append([pk, IdentityKind.EMAIL, c["email"], False, writer.ts(c["created"])])
        if c["phone"]:
            identity_rows.append(
                [pk, IdentityKind.PHONE, c["phone"], False, writer.ts(c["created"])]
            )
    writer.insert(Identity, ("customer", "kind", "value", "bouncing", "created_at"), identity_rows)

    pools: dict[bool, tuple[list[int], list[_Person]]] = {}
    org_members: dict[int, list[_Person]] = {}
    for internal in (False, True):
        group = sorted(
            (
                (c["created"], pk, c)
                for pk, c in zip(customer_ids, customers, strict=True)
                if c["internal"] == internal
            ),
            key=lambda item: (item[0], item[1]),
        )
        people = []
        for _, pk, c in group:
            org_id = (
                internal_org.pk
                if internal
                else org_ids[c["org_index"]]
                if c["org_index"] is not None
                else None
            )
            person = _Person(pk, c["first"], c["name"], org_id, c["company"])
            people.append(person)
            if org_id is not None:
                org_members.setdefault(org_id, []).append(person)
        pools[internal] = ([g[0] for g in group], people)
    return pools, org_members, len(org_rows)


def _creation_times(rng: random.Random, count: int, base_ts: int) -> list[int]:
    """When tickets arrived: growing over two years, quieter at weekends and at night."""
    start_day = base_ts // DAY - HISTORY_DAYS
    day_weights = []
    for offset in range(HISTORY_DAYS):
        weekday = (start_day + offset + 3) % 7
        day_weights.append((1 + offset / HISTORY_DAYS) * (0.35 if weekday >= 5 else 1.0))
    # A small demo spread over two years would leave an empty inbox, so at least
    # min(15%, 60) tickets land in the last ten days; big seeds have that many anyway.
    recent_days = 10
    natural = count * sum(day_weights[-recent_days:]) / sum(day_weights)
    extra = max(0, min(count * 15 // 100, 60) - round(natural))
    days = rng.choices(range(HISTORY_DAYS), weights=day_weights, k=count - extra)
    days += rng.choices(
        range(HISTORY_DAYS - recent_days, HISTORY_DAYS), range(1, recent_days + 1), k=extra
    )
    hours = rng.choices(range(24), weights=_HOUR_WEIGHTS, k=count)
    return sorted(
        (start_day + day) * DAY + hour * HOUR + rng.randrange(HOUR)
        for day, hour in zip(days, hours, strict=True)
    )


# --- The entry point --------------------------------------------------------------------------

_TICKET_FIELDS = (
    "number",
    "subject",
    "requester",
    "organization",
    "team",
    "assignee",
    "channel",
    "type",
    "priority",
    "status",
    "promised_by",
    "created_at",
    "updated_at",
    "first_agent_reply_at",
    "first_solved_at",
    "last_solved_at",
    "closed_at",
    "reopen_count",
    "public_reply_count",
    "one_touch",
)
_TICKET_TIME_COLUMNS = (10, 11, 12, 13, 14, 15, 16)
_MESSAGE_FIELDS = (
    "ticket",
    "kind",
    "channel",
    "author_customer",
    "author_agent",
    "body_text",
    "handle_time_s",
    "call_direction",
    "call_duration_s",
    "call_hold_s",
    "created_at",
)
_EVENT_FIELDS = (
    "ticket",
    "kind",
    "actor_agent",
    "actor_customer",
    "field",
    "old_value",
    "new_value",
    "message",
    "created_at",
)


def _write_batch(writer: _Writer, batch: list[_Built]) -> tuple[int, int]:
    ticket_rows = []
    for built in batch:
        row = list(built.ticket)
        for column in _TICKET_TIME_COLUMNS:
            row[column] = writer.ts(row[column])
        ticket_rows.append(row)
    ticket_ids = writer.insert(Ticket, _TICKET_FIELDS, ticket_rows, returning=True)

    message_rows = []
    for ticket_id, built in zip(ticket_ids, batch, strict=True):
        for m in built.thread.messages:
            message_rows.append([ticket_id, *m[:-1], writer.ts(m[-1])])
    message_ids = writer.insert(Message, _MESSAGE_FIELDS, message_rows, returning=True)

    event_rows = []
    offset = 0
    for ticket_id, built in zip(ticket_ids, batch, strict=True):
        for e in built.thread.events:
            message_id = None if e[6] is None else message_ids[offset + e[6]]
            event_rows.append([ticket_id, *e[:6], message_id, writer.ts(e[7])])
        offset += len(built.thread.messages)
    writer.insert(TicketEvent, _EVENT_FIELDS, event_rows)

    tag_rows = [
        [ticket_id, tag_id]
        for ticket_id, built in zip(ticket_ids, batch, strict=True)
        for tag_id in built.tag_ids
    ]
    writer.insert(Ticket.tags.through, ("ticket", "tag"), tag_rows)
    cc_rows = [
        [ticket_id, customer_id]
        for ticket_id, built in zip(ticket_ids, batch, strict=True)
        for customer_id in built.cc_ids
    ]
    writer.insert(Ticket.ccs.through, ("ticket", "customer"), cc_rows)
    return len(message_rows), len(event_rows)


def _analyze() -> None:
    """Refresh the query planner's statistics for the tables just filled.

    After a bulk load SQLite has none, and without them it picks poor indexes: the
    inbox's first page took 120 ms instead of well under 1 ms on 200,000 tickets.
    """
    quote = connection.ops.quote_name
    models_filled: list[type[models.Model]] = [
        Organization,
        Customer,
        Identity,
        Ticket,
        Message,
        TicketEvent,
        Ticket.tags.through,
        Ticket.ccs.through,
    ]
    with connection.cursor() as cursor:
        for model in models_filled:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def seed(
    *,
    tickets: int,
    customers: int,
    seed: int = 42,
    progress: ProgressCallback | None = None,
    base: datetime | None = None,
    password: str = DEMO_PASSWORD,
    batch_size: int = 2000,
) -> SeedSummary:
    """Fill the desk with `customers` customers and `tickets` tickets of history.

    Adds to whatever is there: existing teams, agents and organisations of the same
    name are reused, and ticket numbers continue from the counter. `progress` is
    called with (tickets written, tickets wanted) after every committed batch.
    """
    if tickets < 0 or customers < 1:
        raise ValueError("Seeding needs at least one customer and a non-negative ticket count.")
    started = time.monotonic()
    rng = random.Random(seed)
    base_ts = _base_ts(base)
    writer = _Writer()

    with transaction.atomic():
        teams, by_team, lead = _cast(password)
        tag_ids = {}
        names = {t for topic in _TOPICS + _INTERNAL_TOPICS for t in topic.tags} | {"escalated"}
        for name in sorted(names):
            tag_ids[name] = Tag.objects.get_or_create(name=name)[0].pk
        pools, org_members, org_count = _people(rng, writer, customers, base_ts)

    maker = _TicketMaker(
        rng,
        base_ts,
        by_team,
        {name: team.pk for name, team in teams.items()},
        lead,
        pools,
        org_members,
        tag_ids,
    )
    times = _creation_times(rng, tickets, base_ts)
    # Small seeds still report progress a few times; big ones commit every `batch_size`.
    step = max(50, min(batch_size, math.ceil(tickets / 20))) if tickets else 1
    messages = events = 0
    first_number: int | None = None
    number = 0
    for start in range(0, tickets, step):
        with transaction.atomic():
            counter, _ = TicketNumber.objects.select_for_update().get_or_create(
                pk=1, defaults={"last": 1000}
            )
            number = max(counter.last, Ticket.objects.aggregate(m=models.Max("number"))["m"] or 0)
            if first_number is None:
                first_number = number + 1
            batch = []
            for t0 in times[start : start + step]:
                number += 1
                batch.append(maker.make(number, t0))
            written = _write_batch(writer, batch)
            messages += written[0]
            events += written[1]
            TicketNumber.objects.filter(pk=1).update(last=number)
        if progress is not None:
            progress(min(start + step, tickets), tickets)
    _analyze()
    return SeedSummary(
        teams=len(teams),
        agents=len(_AGENTS),
        organizations=org_count + 1,
        customers=customers,
        tickets=tickets,
        messages=messages,
        events=events,
        first_number=first_number,
        last_number=number if tickets else None,
        seconds=time.monotonic() - started,
    )


def every_template() -> list[str]:
    """Each text template in this module, for a test that fills them all."""
    texts: list[str] = []
    for topic in _TOPICS + _INTERNAL_TOPICS:
        texts.extend(topic.asks)
        texts.extend(topic.notes)
        for case in topic.cases:
            texts.extend((case.subject, case.detail, case.gist, case.probe, case.answer, case.fix))
    for group in (
        _CONTEXTS,
        _CONTEXTS_TECHNICAL,
        _AGENT_GREETINGS,
        _RECOVERY_OPENERS,
        _RECOVERY_RECAPS,
        _RECOVERY_CHOICES,
        _RECOVERY_THANKS,
        _FOLLOW_UPS,
        _PROBE_NEXT,
        _UPDATES,
        _HOLD_REPLIES,
        _REOPEN_REPLIES,
        _CUSTOMER_AFTER_UPDATE,
        _CUSTOMER_CHASES,
        _CUSTOMER_REOPENS,
        _NOTES_GENERIC,
        _NOTES_COMPLAINT,
        _NOTES_HOLD,
        _CALL_INBOUND,
        _CALL_OUTBOUND,
        *_COMPLAINT_OPENERS.values(),
        *_COMPLAINT_CLOSERS.values(),
    ):
        texts.extend(group)
    return texts
