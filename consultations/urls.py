from django.urls import path

from consultations import publishing_views

urlpatterns = [
    path(
        "publish-consent/<str:purpose>/<int:pk>/<str:token>/",
        publishing_views.publication_consent,
        name="publication_consent",
    ),
]
