from django.urls import path

from . import views

app_name = "email_updates"

urlpatterns = [
    path("email-updates/", views.signup, name="signup"),
    path("email-updates/check-your-email/", views.check_email, name="check_email"),
    path("email-updates/confirm/<str:link>/", views.confirm, name="confirm"),
    path("email-updates/change/<str:link>/", views.change, name="change"),
    path("email-updates/unsubscribe/<str:link>/", views.unsubscribe, name="unsubscribe"),
]
