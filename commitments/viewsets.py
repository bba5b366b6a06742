from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Commitment


class CommitmentViewSet(SnippetViewSet):
    """Commitments: Content editors add, change and publish them (drafts and revisions, like
    pages). Publishing a new progress update emails the consultation's hear-back list."""

    model = Commitment
    icon = "tasks"
    menu_label = "Commitments"
    menu_order = 205
    add_to_admin_menu = True
    list_display = ["title", "status", "progress", "consultation", "owner"]
    list_filter = ["status", "priority_areas"]
    search_fields = ["title", "what_we_said", "owner"]
    copy_view_enabled = False
