from __future__ import annotations

from django import forms

from customers.models import IdentityKind, Kind, Lifecycle, Organization


class CustomerForm(forms.Form):
    name = forms.CharField(max_length=200)
    organization = forms.ModelChoiceField(
        Organization.objects.all(), required=False, empty_label="No organisation"
    )
    kind = forms.ChoiceField(
        choices=Kind.choices, help_text="Internal: a colleague; external: a customer."
    )
    last_purchase_at = forms.DateTimeField(
        required=False,
        label="Last purchase",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Decides whether they count as a potential, existing or former customer.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class IdentityForm(forms.Form):
    kind = forms.ChoiceField(choices=IdentityKind.choices)
    value = forms.CharField(max_length=254, label="Address or number")


class MergeCustomerForm(forms.Form):
    target = forms.IntegerField(
        min_value=1,
        label="Merge into customer number",
        help_text="The customer who stays; this one's tickets and addresses move there.",
    )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Name or address")
    lifecycle = forms.ChoiceField(choices=[("", "Any stage"), *Lifecycle.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Internal and external"), *Kind.choices], required=False)
    before = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "shares_tickets", "last_purchase_at", "notes"]
        labels = {"shares_tickets": "Members see each other's tickets in the portal"}
        widgets = {
            "last_purchase_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
