"""The shared test cast and plain factory functions.

The cast: `admin` (admin role), `lead` (supervisor of Support), `agent` (member of
Support), `outsider` (restricted to the Billing team) and `customer` (Alice, of
Acme, with one open ticket).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from accounts.models import AgentProfile, Role, Team
from customers.models import Customer, Organization
from customers.services import create_customer
from tickets.models import Ticket
from tickets.services import open_ticket

CHROMIUM = "/usr/bin/chromium"
# Marks for a real-browser test module: `pytestmark = BROWSER_TEST`.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
PASSWORD = "correct-horse-battery"  # noqa: S105 - test-only credential
_seq = itertools.count(1)


def make_agent(
    username: str,
    *,
    role: str = Role.AGENT,
    teams: tuple[Team, ...] = (),
    restricted: bool = False,
    **profile: Any,
) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@desk.example",
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Tester",
    )
    AgentProfile.objects.create(user=user, role=role, restricted_to_teams=restricted, **profile)
    for team in teams:
        team.members.add(user)
    return user


def make_customer(
    name: str = "", *, email: str = "", organization: Organization | None = None, **kw: Any
) -> Customer:
    n = next(_seq)
    return create_customer(
        name=name or f"Customer {n}",
        email=email or f"customer{n}@example.com",
        organization=organization,
        **kw,
    )


def make_ticket(requester: Customer | None = None, **kw: Any) -> Ticket:
    kw.setdefault("subject", "Printer on fire")
    kw.setdefault("body_text", "It started smoking this morning.")
    return open_ticket(requester=requester or make_customer(), **kw)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@dataclass
class Cast:
    support: Team
    billing: Team
    admin: User
    lead: User
    agent: User
    outsider: User
    acme: Organization
    customer: Customer
    ticket: Ticket


def make_cast() -> Cast:
    support = Team.objects.create(name="Support")
    billing = Team.objects.create(name="Billing")
    admin = make_agent("admin", role=Role.ADMIN)
    lead = make_agent("lead", role=Role.SUPERVISOR, teams=(support,))
    agent = make_agent("agent", teams=(support,))
    outsider = make_agent("outsider", teams=(billing,), restricted=True)
    acme = Organization.objects.create(name="Acme")
    customer = make_customer("Alice Archer", email="alice@acme.example", organization=acme)
    ticket = make_ticket(customer, team=support, subject="Invoice shows the wrong address")
    return Cast(support, billing, admin, lead, agent, outsider, acme, customer, ticket)
