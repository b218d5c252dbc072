from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("inbound/<str:mailbox>/", views.inbound_webhook, name="webhook"),
    path("mail/", views.inbound_list, name="list"),
    path("mailboxes/", views.mailbox_list, name="mailboxes"),
    path("mailboxes/new/", views.mailbox_edit, name="mailbox_new"),
    path("mailboxes/<int:pk>/", views.mailbox_edit, name="mailbox_edit"),
    path("mailboxes/<int:pk>/poll/", views.mailbox_poll, name="mailbox_poll"),
    path("mail/<int:pk>/retry/", views.inbound_retry, name="retry"),
    path("tickets/<int:number>/emails/<int:pk>/", views.original, name="original"),
]
