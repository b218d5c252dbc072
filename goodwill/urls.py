from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path, reverse

from accounts.access import agent_profile
from goodwill.api import api


def home(request: HttpRequest) -> HttpResponse:
    if agent_profile(request.user) is not None:
        return HttpResponseRedirect(reverse("tickets:inbox"))
    return HttpResponseRedirect(reverse("portal:home"))


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("tickets/", include("tickets.urls")),
    path("customers/", include("customers.urls")),
    path("portal/", include("portal.urls")),
    path("intake/", include("intake.urls")),
    path("coaching/", include("coaching.urls")),
    path("staffing/", include("staffing.urls")),
    path("settings/tasks/", include("jobs.urls")),
    path("settings/outbox/", include("notifications.urls")),
    path("settings/", include("goodwill.settings_urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
