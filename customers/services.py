"""Changes to customers and organisations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from customers.models import (
    Customer,
    Identity,
    IdentityKind,
    Kind,
    Organization,
    normalize_identity,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _check_identity(kind: str, value: str) -> str:
    value = normalize_identity(kind, value)
    if kind == IdentityKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"email": f"{value!r} is not an email address."}) from None
    elif len(value.lstrip("+")) < 5:
        raise ValidationError({"phone": f"{value!r} is too short to be a phone number."})
    return value


def create_customer(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
    kind: str | None = None,
    last_purchase_at: datetime | None = None,
    notes: str = "",
) -> Customer:
    """A new customer with their identities; an identity already in use is refused."""
    identities = []
    if email:
        identities.append((IdentityKind.EMAIL, _check_identity(IdentityKind.EMAIL, email)))
    if phone:
        identities.append((IdentityKind.PHONE, _check_identity(IdentityKind.PHONE, phone)))
    for ident_kind, value in identities:
        if Identity.objects.filter(kind=ident_kind, value=value).exists():
            raise ValidationError({ident_kind: f"{value} already belongs to another customer."})
    return _insert_customer(
        name=name,
        identities=identities,
        organization=organization,
        kind=kind,
        last_purchase_at=last_purchase_at,
        notes=notes,
    )


def _insert_customer(
    *,
    name: str,
    identities: Sequence[tuple[str, str]],
    organization: Organization | None = None,
    kind: str | None = None,
    last_purchase_at: datetime | None = None,
    notes: str = "",
) -> Customer:
    """Write a customer and identities already checked to be valid and free."""
    name = " ".join(name.split())
    if not name:
        name = identities[0][1].split("@")[0] if identities else ""
    if not name:
        raise ValidationError({"name": "A customer needs a name or an email address."})
    # Nothing is written before this block, and any error inside it leaves the caller's
    # transaction for rollback anyway, so a savepoint would buy nothing here.
    with transaction.atomic(savepoint=False):
        customer = Customer.objects.create(
            name=name[:200],
            organization=organization,
            kind=kind or (organization.kind if organization else Kind.EXTERNAL),
            last_purchase_at=last_purchase_at,
            notes=notes,
        )
        for ident_kind, value in identities:
            Identity.objects.create(customer=customer, kind=ident_kind, value=value)
    return customer


def find_email_identity(email: str) -> Identity | None:
    """The identity holding `email`, with its customer loaded, or None."""
    value = normalize_identity(IdentityKind.EMAIL, email)
    # (kind, value) is unique: no ordering needed to pick the one row.
    found = Identity.objects.select_related("customer").filter(kind=IdentityKind.EMAIL, value=value)
    return next(iter(found.order_by()[:1]), None)


def current_customer(customer: Customer) -> Customer:
    """Follow a merge chain, so mail to an old identity lands with the surviving customer."""
    while customer.merged_into_id is not None:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def find_customer_by_email(email: str) -> Customer | None:
    identity = find_email_identity(email)
    return None if identity is None else current_customer(identity.customer)


def create_email_customer(*, email: str, name: str = "") -> Customer:
    """A new customer for an address the caller has just looked up and found free.

    Skips `create_customer`'s lookup; the unique constraint on identities still holds.
    """
    value = _check_identity(IdentityKind.EMAIL, email)
    return _insert_customer(name=name, identities=[(IdentityKind.EMAIL, value)])


def find_or_create_customer(*, email: str, name: str = "") -> Customer:
    """The customer who owns `email`, or a new one with it."""
    return find_customer_by_email(email) or create_email_customer(email=email, name=name)


@transaction.atomic
def add_identity(*, customer: Customer, kind: str, value: str) -> Identity:
    value = _check_identity(kind, value)
    existing = Identity.objects.filter(kind=kind, value=value).first()
    if existing is not None:
        if existing.customer_id == customer.pk:
            return existing
        raise ValidationError({"value": f"{value} already belongs to {existing.customer.name}."})
    return Identity.objects.create(customer=customer, kind=kind, value=value)


@transaction.atomic
def update_customer(
    *,
    customer: Customer,
    name: str,
    organization: Organization | None,
    kind: str,
    last_purchase_at: datetime | None,
    notes: str,
) -> Customer:
    if not name.strip():
        raise ValidationError({"name": "A customer needs a name."})
    customer.name = " ".join(name.split())[:200]
    customer.organization = organization
    customer.kind = kind
    customer.last_purchase_at = last_purchase_at
    customer.notes = notes
    customer.full_clean(exclude=["password"])
    customer.save()
    return customer


@transaction.atomic
def merge_customers(*, source: Customer, target: Customer, agent: User) -> int:
    """Move `source`'s identities and tickets to `target`; returns the number of tickets moved.

    The source row stays (marked merged) so that links and history keep working.
    """
    from tickets.models import EventKind, Message, Ticket, TicketEvent

    if source.pk == target.pk:
        raise ValidationError({"target": "A customer cannot be merged into themselves."})
    if target.merged_into_id is not None:
        raise ValidationError({"target": f"{target.name} was itself merged into someone else."})
    Identity.objects.filter(customer=source).update(customer=target)
    tickets = list(Ticket.objects.filter(requester=source))
    now = timezone.now()
    Ticket.objects.filter(requester=source).update(requester=target, updated_at=now)
    for ticket in Ticket.objects.filter(ccs=source):
        ticket.ccs.remove(source)
        if ticket.requester_id != target.pk:
            ticket.ccs.add(target)
    Message.objects.filter(author_customer=source).update(author_customer=target)
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=t,
            kind=EventKind.REQUESTER,
            actor_agent=agent,
            field="requester",
            old_value=source.name[:250],
            new_value=target.name[:250],
            created_at=now,
        )
        for t in tickets
    )
    if target.organization_id is None and source.organization_id is not None:
        target.organization_id = source.organization_id
    if source.last_purchase_at and (
        target.last_purchase_at is None or source.last_purchase_at > target.last_purchase_at
    ):
        target.last_purchase_at = source.last_purchase_at
    if source.notes:
        target.notes = (target.notes + "\n\n" + source.notes).strip()
    target.attributes = {**source.attributes, **target.attributes}
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return len(tickets)


@transaction.atomic
def save_organization(
    *,
    organization: Organization | None,
    name: str,
    kind: str,
    shares_tickets: bool,
    last_purchase_at: datetime | None,
    notes: str,
) -> Organization:
    """Create an organisation, or update one; names are unique."""
    name = " ".join(name.split())
    clash = Organization.objects.filter(name__iexact=name)
    if organization is not None:
        clash = clash.exclude(pk=organization.pk)
    if not name or clash.exists():
        raise ValidationError({"name": "Give the organisation a name no other one uses."})
    organization = organization or Organization()
    organization.name = name[:200]
    organization.kind = kind
    organization.shares_tickets = shares_tickets
    organization.last_purchase_at = last_purchase_at
    organization.notes = notes
    organization.save()
    return organization


@transaction.atomic
def record_purchase(*, customer: Customer, purchased_at: datetime) -> Customer:
    """A purchase only ever moves `last_purchase_at` forward (imports may arrive out of order)."""
    if customer.last_purchase_at is None or purchased_at > customer.last_purchase_at:
        customer.last_purchase_at = purchased_at
        customer.save(update_fields=["last_purchase_at"])
    return customer


@transaction.atomic
def set_portal_password(*, customer: Customer, password: str) -> Customer:
    """Let a customer sign in with a password as well as by emailed link."""
    from django.contrib.auth import password_validation

    try:
        password_validation.validate_password(password)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    customer.set_password(password)
    customer.save(update_fields=["password"])
    return customer
