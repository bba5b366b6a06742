from wagtail import hooks
from wagtail.snippets.models import register_snippet

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
