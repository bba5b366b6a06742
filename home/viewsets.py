from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Borough, Network, PartnerOrganisation, PriorityArea, SupportService


class PriorityAreaViewSet(SnippetViewSet):
    model = PriorityArea
    icon = "pick"
    menu_label = "Priority areas"
    list_display = ["number", "name", "short_name"]
    # The five areas are fixed by the strategy: editable wording, no additions or deletions.
    inspect_view_enabled = True


class BoroughViewSet(SnippetViewSet):
    model = Borough
    icon = "site"
    list_display = ["name"]
    search_fields = ["name"]


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "group"
    list_display = ["name", "kind", "borough"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "openquote"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class SupportServiceViewSet(SnippetViewSet):
    model = SupportService
    icon = "help"
    menu_label = "Support services"
    list_display = ["name", "phone", "website", "is_emergency"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = "Reference data"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        PriorityAreaViewSet,
        BoroughViewSet,
        NetworkViewSet,
        PartnerOrganisationViewSet,
        SupportServiceViewSet,
    )
