from wagtail import hooks
from wagtail.snippets.models import register_snippet

from events.models import EventIndexPage, EventPage

from . import services
from .models import NetworkPage, YPAGLandingPage
from .viewsets import YPAGInterestViewSet, YPAGMembersGroup

register_snippet(YPAGMembersGroup)


@hooks.register("register_admin_viewset")
def register_ypag_interest_viewset():
    return YPAGInterestViewSet("ypag_interest")


@hooks.register("after_create_page")
def set_up_section_permissions(request, page):
    """A new YPAG landing page gets the review workflow; a new network page gets its
    coordinators' group. Both are services, so seeding and the admin do the same thing."""
    specific = page.specific
    if isinstance(specific, YPAGLandingPage):
        services.ensure_ypag_permissions(specific)
    elif isinstance(specific, NetworkPage):
        services.ensure_network_coordinator_group(specific)
    elif isinstance(specific, EventIndexPage):
        services.ensure_event_permissions(event_ids=[])
    elif isinstance(specific, EventPage):
        services.ensure_event_permissions(event_ids=[specific.pk])


@hooks.register("after_edit_page")
def follow_event_networks(request, page):
    """A saved event's networks decide which coordinators may change it (decision 0035).
    Publishing through a review is followed by `apps.follow_published_event_networks`."""
    if page.specific_class is EventPage:
        services.ensure_event_permissions(event_ids=[page.pk])
