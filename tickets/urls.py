from django.urls import path

from tickets import views

app_name = "tickets"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bulk/", views.bulk_update, name="bulk"),
    path("new/", views.new_ticket, name="new"),
    path("<int:number>/", views.ticket_detail, name="detail"),
    path("<int:number>/reply/", views.reply, name="reply"),
    path("<int:number>/note/", views.note, name="note"),
    path("<int:number>/call/", views.log_call, name="call"),
    path("<int:number>/properties/", views.update_properties, name="properties"),
    path("<int:number>/merge/", views.merge, name="merge"),
    path("<int:number>/link/", views.link, name="link"),
    path("<int:number>/presence/", views.presence, name="presence"),
    path("<int:number>/messages/<int:message_id>/split/", views.split, name="split"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
