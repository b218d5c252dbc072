"""Supervisor settings pages, mounted at /settings/ under the desk_settings namespace."""

from django.urls import path

from accounts import settings_views as accounts_views
from tickets import settings_views as tickets_views

app_name = "desk_settings"

urlpatterns = [
    path("", accounts_views.index, name="index"),
    path("teams/", accounts_views.team_list, name="teams"),
    path("teams/new/", accounts_views.team_create, name="team_new"),
    path("teams/<int:pk>/", accounts_views.team_edit, name="team_edit"),
    path("agents/", accounts_views.agent_list, name="agents"),
    path("agents/new/", accounts_views.agent_create, name="agent_new"),
    path("agents/<int:pk>/", accounts_views.agent_edit, name="agent_edit"),
    path("agents/<int:pk>/away/", accounts_views.agent_set_away, name="agent_away"),
    path("tags/", tickets_views.tag_list, name="tags"),
    path("tags/new/", tickets_views.tag_create, name="tag_new"),
    path("tags/<int:pk>/rename/", tickets_views.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/delete/", tickets_views.tag_delete, name="tag_delete"),
    path("fields/", tickets_views.field_list, name="fields"),
    path("fields/new/", tickets_views.field_create, name="field_new"),
    path("fields/<int:pk>/", tickets_views.field_edit, name="field_edit"),
    path("fields/<int:pk>/delete/", tickets_views.field_delete, name="field_delete"),
    path("statuses/", tickets_views.status_labels, name="statuses"),
]
