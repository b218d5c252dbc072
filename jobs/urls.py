"""The task supervisor page, mounted at /settings/tasks/ under the jobs namespace."""

from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:task_id>/retry/", views.retry, name="retry"),
]
