"""Customers, their organisations and identities (email addresses, phone numbers)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    EXTERNAL = "external", "External"
    INTERNAL = "internal", "Internal"


class Lifecycle(models.TextChoices):
    POTENTIAL = "potential", "Potential"
    EXISTING = "existing", "Existing"
    FORMER = "former", "Former"


def lifecycle_cutoff(now: datetime | None = None) -> datetime:
    """Purchases after this moment make a customer 'existing'."""
    now = now or timezone.now()
    return now - timedelta(days=settings.GOODWILL_LIFECYCLE_WINDOW_DAYS)


def lifecycle_of(last_purchase_at: datetime | None, now: datetime | None = None) -> str:
    if last_purchase_at is None:
        return Lifecycle.POTENTIAL
    if last_purchase_at >= lifecycle_cutoff(now):
        return Lifecycle.EXISTING
    return Lifecycle.FORMER


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    # When on, members of the organisation see each other's tickets in the portal.
    shares_tickets = models.BooleanField(default=False)
    last_purchase_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def lifecycle(self) -> str:
        return lifecycle_of(self.last_purchase_at)


class CustomerQuerySet(models.QuerySet["Customer"]):
    def active(self) -> CustomerQuerySet:
        return self.filter(merged_into__isnull=True)

    def in_lifecycle(self, stage: str, now: datetime | None = None) -> CustomerQuerySet:
        cutoff = lifecycle_cutoff(now)
        if stage == Lifecycle.POTENTIAL:
            return self.filter(last_purchase_at__isnull=True)
        if stage == Lifecycle.EXISTING:
            return self.filter(last_purchase_at__gte=cutoff)
        if stage == Lifecycle.FORMER:
            return self.filter(last_purchase_at__lt=cutoff)
        return self.none()

    def search(self, text: str) -> CustomerQuerySet:
        return self.filter(
            Q(name__icontains=text) | Q(identities__value__icontains=text.lower())
        ).distinct()


class Customer(models.Model):
    name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    last_purchase_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    # Portal password (hashed); empty means sign-in by emailed link only.
    password = models.CharField(max_length=128, blank=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def lifecycle(self) -> str:
        return lifecycle_of(self.last_purchase_at)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def primary_email(self) -> str:
        for identity in self.identities.all():
            if identity.kind == IdentityKind.EMAIL:
                return identity.value
        return ""

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return bool(self.password) and check_password(raw, self.password)


class IdentityKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


def normalize_identity(kind: str, value: str) -> str:
    """Emails compare case-insensitively; phones by their digits (a leading + kept)."""
    value = value.strip()
    if kind == IdentityKind.EMAIL:
        return value.lower()
    digits = re.sub(r"[^\d]", "", value)
    return ("+" + digits) if value.startswith("+") else digits


class Identity(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=10, choices=IdentityKind.choices)
    value = models.CharField(max_length=254)
    # Set when mail to this address bounced; cleared when the customer writes again.
    bouncing = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="identity_unique_value"),
        ]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return self.value
