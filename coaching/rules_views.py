"""Supervisor pages for the coach's data: phrase rules and the jargon list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.settings_views import supervisor_required
from coaching import services
from coaching.forms import JargonForm, PhraseRuleForm
from coaching.models import JargonTerm, PhraseRule
from goodwill.forms import apply_service_errors
from goodwill.lib.http import AgentRequest

# --- Phrase rules -------------------------------------------------------------------------------


@supervisor_required
def rule_list(request: AgentRequest) -> HttpResponse:
    rules = PhraseRule.objects.order_by("category", "key")
    return render(request, "coaching/rules.html", {"rules": rules})


def _rule_form_page(
    request: AgentRequest, form: PhraseRuleForm, rule: PhraseRule | None
) -> HttpResponse:
    return render(request, "coaching/rule_form.html", {"form": form, "rule": rule})


def _save_rule(request: AgentRequest, form: PhraseRuleForm, rule: PhraseRule | None) -> bool:
    if not form.is_valid():
        return False
    try:
        saved = services.save_phrase_rule(rule=rule, spec=form.spec(), actor=request.user)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    messages.success(request, f"Rule {saved.key} saved.")
    return True


@supervisor_required
def rule_create(request: AgentRequest) -> HttpResponse:
    form = PhraseRuleForm(request.POST or None)
    if request.method == "POST" and _save_rule(request, form, None):
        return HttpResponseRedirect(reverse("coaching:rules"))
    return _rule_form_page(request, form, None)


@supervisor_required
def rule_edit(request: AgentRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PhraseRule, pk=pk)
    form = PhraseRuleForm(request.POST or None, initial=PhraseRuleForm.initial_for(rule))
    if request.method == "POST" and _save_rule(request, form, rule):
        return HttpResponseRedirect(reverse("coaching:rules"))
    return _rule_form_page(request, form, rule)


@supervisor_required
@require_POST
def rule_toggle(request: AgentRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PhraseRule, pk=pk)
    enabled = not rule.enabled
    services.set_phrase_rule_enabled(rule=rule, enabled=enabled, actor=request.user)
    messages.success(request, f"Rule {rule.key} switched {'on' if enabled else 'off'}.")
    return HttpResponseRedirect(reverse("coaching:rules") + f"#rule-{rule.pk}")


# --- Jargon -------------------------------------------------------------------------------------


def _jargon_page(request: AgentRequest, form: JargonForm) -> HttpResponse:
    terms = JargonTerm.objects.order_by("term")
    return render(request, "coaching/jargon.html", {"terms": terms, "form": form})


@supervisor_required
def jargon_list(request: AgentRequest) -> HttpResponse:
    return _jargon_page(request, JargonForm())


@supervisor_required
@require_POST
def jargon_add(request: AgentRequest) -> HttpResponse:
    form = JargonForm(request.POST)
    if form.is_valid():
        try:
            term = services.add_jargon_term(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{term.term} added to the jargon list.")
            return HttpResponseRedirect(reverse("coaching:jargon"))
    return _jargon_page(request, form)


@supervisor_required
@require_POST
def jargon_delete(request: AgentRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(JargonTerm, pk=pk)
    services.remove_jargon_term(term=term, actor=request.user)
    messages.success(request, f"{term.term} removed from the jargon list.")
    return HttpResponseRedirect(reverse("coaching:jargon"))
