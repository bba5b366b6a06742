from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("hear-back/stop/<str:link>/", views.stop_emails, name="stop_emails"),
]
