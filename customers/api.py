"""JSON API for customers: look one up, create one, record a purchase."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus

from accounts.access import get_customer_for_agent
from customers import services
from customers.models import Customer
from goodwill.lib.http import AgentRequest

router = Router(tags=["customers"])


class CustomerOut(Schema):
    id: int
    name: str
    kind: str
    lifecycle: str
    organization: str | None
    emails: list[str]
    phones: list[str]
    last_purchase_at: datetime | None
    attributes: dict[str, Any]

    @staticmethod
    def from_customer(c: Customer) -> CustomerOut:
        identities = list(c.identities.all())
        return CustomerOut(
            id=c.pk,
            name=c.name,
            kind=c.kind,
            lifecycle=c.lifecycle,
            organization=c.organization.name if c.organization else None,
            emails=[i.value for i in identities if i.kind == "email"],
            phones=[i.value for i in identities if i.kind == "phone"],
            last_purchase_at=c.last_purchase_at,
            attributes=c.attributes,
        )


class CustomerIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = ""
    phone: str = ""
    last_purchase_at: datetime | None = None


class PurchaseIn(Schema):
    purchased_at: datetime


@router.get("/{customer_id}", response=CustomerOut)
def get_customer(request: AgentRequest, customer_id: int) -> CustomerOut:
    return CustomerOut.from_customer(get_customer_for_agent(request.user, customer_id))


@router.post("", response={201: CustomerOut})
def create_customer(request: AgentRequest, payload: CustomerIn) -> HttpStatus[CustomerOut]:
    customer = services.create_customer(
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        last_purchase_at=payload.last_purchase_at,
    )
    return HttpStatus(201, CustomerOut.from_customer(customer))


@router.post(
    "/{customer_id}/purchases",
    response=CustomerOut,
    summary="Record a purchase; it moves the customer's lifecycle",
)
def record_purchase(request: AgentRequest, customer_id: int, payload: PurchaseIn) -> CustomerOut:
    customer = get_customer_for_agent(request.user, customer_id)
    with transaction.atomic():
        services.record_purchase(customer=customer, purchased_at=payload.purchased_at)
    return CustomerOut.from_customer(customer)
