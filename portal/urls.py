from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new_request, name="new"),
    path("login/", views.login, name="login"),
    path("login/<str:token>/", views.magic, name="magic"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.set_password, name="password"),
    path("tickets/<int:number>/", views.ticket_detail, name="ticket"),
    path("tickets/<int:number>/reply/", views.reply, name="reply"),
    path("tickets/<int:number>/solved/", views.mark_solved, name="solved"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
