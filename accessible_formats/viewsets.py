from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AccessibleFormatRequest


class OpenRequestsIndexView(IndexView):
    """Only requests still to do: a request leaves the list when it is marked done."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(is_done=False)


class AccessibleFormatRequestViewSet(ModelViewSet):
    model = AccessibleFormatRequest
    name = "accessible_format_requests"
    icon = "doc-full"
    menu_label = "Accessible formats"
    add_to_admin_menu = True
    menu_order = 350
    index_view_class = OpenRequestsIndexView
    list_display = ["document", "format", "due_date", "created_at"]
    list_filter = ["format"]
    search_fields = ["document"]
    ordering = ["due_date", "created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
