from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("feed.ics", views.events_feed_view, name="feed"),
    path("feed/<slug:slug>.ics", views.network_feed_view, name="network_feed"),
    path("<int:pk>/calendar.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/check-your-email/", views.booking_sent, name="booking_sent"),
    path("booking/<int:pk>/<str:token>/", views.manage_booking, name="manage_booking"),
    path("booking/<int:pk>/<str:token>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("booking/<int:pk>/<str:token>/calendar.ics", views.booking_ics, name="booking_ics"),
    path("consent/<int:pk>/<str:token>/", views.parent_consent, name="parent_consent"),
    path("my-bookings/", views.my_bookings, name="my_bookings"),
]
