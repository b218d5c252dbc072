"""An agent's own preferences."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from accounts.access import require_agent
from accounts.services import set_notification_preferences
from goodwill.lib.http import AgentRequest
from tickets.views import agent_required


class NotificationForm(forms.Form):
    on_assignment = forms.BooleanField(required=False, label="When a ticket is assigned to me")
    on_customer_reply = forms.BooleanField(
        required=False, label="When a customer replies on one of my tickets"
    )


@agent_required
def notifications(request: AgentRequest) -> HttpResponse:
    profile = require_agent(request.user)
    form = NotificationForm(
        request.POST or None,
        initial={
            "on_assignment": profile.notify_on_assignment,
            "on_customer_reply": profile.notify_on_customer_reply,
        },
    )
    if request.method == "POST" and form.is_valid():
        set_notification_preferences(profile=profile, **form.cleaned_data)
        messages.success(request, "Saved your email preferences.")
        return HttpResponseRedirect(reverse("accounts:notifications"))
    return render(request, "accounts/notifications.html", {"form": form})
