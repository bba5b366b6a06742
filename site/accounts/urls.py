from django.urls import path

from . import my_account, views

app_name = "accounts"

urlpatterns = [
    path("email-updates/", views.updates_signup, name="updates_signup"),
    path(
        "email-updates/check-your-email/",
        views.updates_check_email,
        name="updates_check_email",
    ),
    path("email-updates/confirm/<str:link>/", views.updates_confirm, name="updates_confirm"),
    path("email-updates/change/<str:link>/", views.updates_change, name="updates_change"),
    path(
        "email-updates/unsubscribe/<str:link>/",
        views.updates_unsubscribe,
        name="updates_unsubscribe",
    ),
    path(
        "accessible-formats/",
        views.accessible_format_request,
        name="accessible_format_request",
    ),
    path(
        "accessible-formats/request-sent/",
        views.accessible_format_sent,
        name="accessible_format_sent",
    ),
]

urlpatterns += [
    path("my-account/", my_account.overview, name="my_account"),
    path("my-account/responses/", my_account.my_responses, name="my_responses"),
    path(
        "my-account/responses/<str:reference>/withdraw/",
        my_account.withdraw,
        name="withdraw_response",
    ),
    path("my-account/bookings/", my_account.my_bookings, name="my_bookings"),
    path(
        "my-account/bookings/<int:booking_id>/cancel/",
        my_account.cancel_booking,
        name="cancel_booking",
    ),
    path("my-account/download/", my_account.download_my_data, name="download_my_data"),
]
urlpatterns += [
    path("my-account/delete/", my_account.delete_account, name="delete_account"),
]
