from django.urls import path

from customers import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/identities/", views.add_identity, name="add_identity"),
    path("<int:pk>/merge/", views.merge_customer, name="merge"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_edit, name="organization_new"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
]
