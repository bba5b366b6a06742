"""Helpers shared by the check-in tests."""

from wagtail.models import PageLogEntry


def page_url(event) -> str:
    return f"/admin/events/attendees/{event.pk}/check-in/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def audit(action):
    return list(PageLogEntry.objects.filter(action=action).order_by("pk"))
