from django.urls import path

from coaching import recovery_views, rules_views, views

app_name = "coaching"

urlpatterns = [
    path("", views.index, name="index"),
    path("lint/", views.lint, name="lint"),
    path("lint/apply/", views.apply, name="apply"),
    path("trend/", views.my_trend, name="trend"),
    path("trend/<int:user_id>/", views.agent_trend, name="agent_trend"),
    path("rules/", rules_views.rule_list, name="rules"),
    path("rules/new/", rules_views.rule_create, name="rule_new"),
    path("rules/<int:pk>/", rules_views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/toggle/", rules_views.rule_toggle, name="rule_toggle"),
    path("jargon/", rules_views.jargon_list, name="jargon"),
    path("jargon/add/", rules_views.jargon_add, name="jargon_add"),
    path("jargon/<int:pk>/delete/", rules_views.jargon_delete, name="jargon_delete"),
    path("recoveries/", recovery_views.recovery_list, name="recoveries"),
    path("limits/", recovery_views.limits, name="limits"),
    path("limits/<int:pk>/", recovery_views.set_limit, name="limit_set"),
    path("tickets/<int:number>/recovery/start/", recovery_views.start, name="recovery_start"),
    path(
        "tickets/<int:number>/recovery/steps/<slug:key>/",
        recovery_views.tick_step,
        name="recovery_step",
    ),
    path(
        "tickets/<int:number>/recovery/follow-up/",
        recovery_views.follow_up,
        name="recovery_follow_up",
    ),
    path("tickets/<int:number>/recovery/outcome/", recovery_views.outcome, name="recovery_outcome"),
    path(
        "tickets/<int:number>/recovery/compensation/",
        recovery_views.grant,
        name="compensation_grant",
    ),
    path("compensations/<int:pk>/approve/", recovery_views.approve, name="compensation_approve"),
    path("compensations/<int:pk>/reject/", recovery_views.reject, name="compensation_reject"),
]
