from django.urls import path

from staffing import plan_views, roster_views, views

app_name = "staffing"

urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("handle-times/", views.handle_times, name="handle_times"),
    path("handle-times/overrides/", views.override_set, name="override_set"),
    path("handle-times/overrides/<int:pk>/delete/", views.override_delete, name="override_delete"),
    path("plan/", plan_views.plan, name="plan"),
    path("roster/", roster_views.roster, name="roster"),
    path("roster/shifts/", roster_views.shift_add, name="shift_add"),
    path("roster/shifts/<int:pk>/delete/", roster_views.shift_delete, name="shift_delete"),
    path("roster/holidays/", roster_views.holiday_add, name="holiday_add"),
    path("roster/holidays/<int:pk>/delete/", roster_views.holiday_delete, name="holiday_delete"),
]
