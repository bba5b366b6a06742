from django.urls import path

from . import my_account

app_name = "accounts"

urlpatterns = [
    path("my-account/", my_account.overview, name="my_account"),
    path("my-account/responses/", my_account.my_responses, name="my_responses"),
    path(
        "my-account/responses/<str:reference>/withdraw/",
        my_account.withdraw,
        name="withdraw_response",
    ),
    path(
        "my-account/responses/<str:reference>/stop-publishing/",
        my_account.stop_publishing,
        name="stop_publishing",
    ),
    path("my-account/bookings/", my_account.my_bookings, name="my_bookings"),
    path(
        "my-account/bookings/<int:booking_id>/cancel/",
        my_account.cancel_booking,
        name="cancel_booking",
    ),
    path("my-account/download/", my_account.download_my_data, name="download_my_data"),
    path("my-account/delete/", my_account.delete_account, name="delete_account"),
]
