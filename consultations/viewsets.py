"""Admin screens owned by the consultations app (the feedback workspace has its own, in
consultations/feedback/viewsets.py): group sessions."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, DeleteView
from wagtail.admin.viewsets.model import ModelViewSet

from consultations.models import GroupSession


class GroupSessionCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        return instance


class GroupSessionDeleteView(DeleteView):
    """A session with responses is kept, so the responses stay marked."""

    def form_valid(self, form):
        if self.object.responses.exists():
            messages.error(
                self.request,
                "This group session has responses, so it cannot be deleted. To stop the link "
                "working, change its end time to now.",
            )
            return HttpResponseRedirect(reverse(self.edit_url_name, args=[self.object.pk]))
        return super().form_valid(form)


class GroupSessionViewSet(ModelViewSet):
    """Staff create a group session for a workshop and share its link. Holders of the
    group session permissions (Feedback moderator, Feedback manager) see this menu item."""

    model = GroupSession
    icon = "group"
    menu_label = "Group sessions"
    menu_order = 260
    add_to_admin_menu = True
    name = "group_sessions"
    add_view_class = GroupSessionCreateView
    delete_view_class = GroupSessionDeleteView
    form_fields = ["name", "consultation", "starts_at", "ends_at", "expected_people"]
    list_display = [
        "name",
        Column("consultation", label="Consultation"),
        Column("window", label="When", accessor="window"),
        Column("expected_people", label="Expected"),
        Column("admitted", label="Opened the link"),
        Column("link", label="Link to share", accessor="link"),
    ]
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "consultation",
        "starts_at",
        "ends_at",
        "expected_people",
        "admitted",
        "created_by",
        "created_at",
    ]
    copy_view_enabled = False
