from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("inbound/<str:mailbox>/", views.inbound_webhook, name="webhook"),
    path("mail/", views.inbound_list, name="list"),
    path("mail/<int:pk>/retry/", views.inbound_retry, name="retry"),
    path("tickets/<int:number>/emails/<int:pk>/", views.original, name="original"),
]
