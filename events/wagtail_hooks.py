from django.urls import reverse

from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from .access import can_view_attendees
from .checkin import CHECK_IN_ACTION, UNDO_CHECK_IN_ACTION, WALK_IN_ACTION
from .messaging import MESSAGE_ACTION
from .models import EventPage
from .viewsets import CHANGE_ACTION, EXPORT_ACTION, AttendeesViewSet


@hooks.register("register_admin_viewset")
def register_attendees_viewset():
    return AttendeesViewSet()


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    actions.register_action(EXPORT_ACTION, "Export attendees", "Exported the attendee list")
    actions.register_action(CHANGE_ACTION, "Change a booking", "Changed a booking")
    actions.register_action(CHECK_IN_ACTION, "Check in", "Checked someone in at the door")
    actions.register_action(UNDO_CHECK_IN_ACTION, "Undo a check-in", "Undid a check-in")
    actions.register_action(
        MESSAGE_ACTION, "Message attendees", "Messaged people booked on the event"
    )
    actions.register_action(WALK_IN_ACTION, "Add a walk-in", "Added a walk-in at the door")


@hooks.register("register_page_listing_buttons")
def attendees_listing_button(page, user, next_url=None):
    if page.specific_class is EventPage and can_view_attendees(user, page.specific_deferred):
        yield ListingButton(
            "Attendees",
            reverse("event_attendees:attendees", args=[page.pk]),
            priority=60,
        )
