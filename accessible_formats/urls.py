from django.urls import path

from . import views

app_name = "accessible_formats"

urlpatterns = [
    path("accessible-formats/", views.request_format, name="request"),
    path("accessible-formats/request-sent/", views.sent, name="sent"),
]
