from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import MemberProfile, NetworkCoordinator, PhotoConsent, YPAGInterest


class MemberProfileViewSet(SnippetViewSet):
    model = MemberProfile
    icon = "user"
    menu_label = "Member profiles"
    list_display = ["first_name", "role", "borough", "is_visible"]
    list_filter = ["is_visible"]
    search_fields = ["first_name", "role"]


class PhotoConsentViewSet(SnippetViewSet):
    model = PhotoConsent
    icon = "image"
    menu_label = "Photo consents"
    list_display = ["profile", "scope", "given_on", "withdrawn_at"]
    list_filter = ["scope"]


class NetworkCoordinatorViewSet(SnippetViewSet):
    """Who coordinates which network. Adding or deleting a row here changes what that person
    may edit (through ypag.services.sync_coordinator_groups)."""

    model = NetworkCoordinator
    icon = "group"
    menu_label = "Network coordinators"
    list_display = ["user", "network"]
    list_filter = ["network__kind"]


class YPAGMembersGroup(SnippetViewSetGroup):
    menu_label = "YPAG and networks"
    menu_icon = "group"
    menu_order = 310
    items = (MemberProfileViewSet, PhotoConsentViewSet, NetworkCoordinatorViewSet)


class YPAGInterestViewSet(ModelViewSet):
    """Expressions of interest: personal data, listed only for staff with the view permission
    (nobody gets it by default). No one adds or edits them here."""

    model = YPAGInterest
    icon = "mail"
    menu_label = "YPAG interest"
    menu_order = 311
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["created_at", "age", "borough"]
    list_filter = ["borough"]
    form_fields = ["age", "borough", "reason", "contact_email", "consent"]
