from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import services, views
from .viewsets import SafeguardingPhrasesGroup

# Safeguarding: the phrase lists (snippets), the queue (admin URLs and a menu item only leads
# see) and the audit log actions for every view and status change.
register_snippet(SafeguardingPhrasesGroup)


@hooks.register("register_admin_urls")
def register_safeguarding_urls():
    return views.admin_urls()


class SafeguardingQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_is_lead(request.user)


@hooks.register("register_admin_menu_item")
def register_safeguarding_menu_item():
    return SafeguardingQueueMenuItem(
        "Safeguarding queue", reverse("safeguarding:queue"), icon_name="warning", order=305
    )


@hooks.register("register_admin_menu_item")
def register_try_screening_menu_item():
    return SafeguardingQueueMenuItem(
        "Try the screening", reverse("safeguarding:try"), icon_name="search", order=306
    )


@hooks.register("register_log_actions")
def register_safeguarding_log_actions(actions):
    for action, label, message in (
        (services.LOG_FLAGGED, "Safeguarding: flag", "Flagged for safeguarding"),
        (services.LOG_VIEWED, "Safeguarding: view", "Viewed flagged answers"),
        (services.LOG_ACKNOWLEDGED, "Safeguarding: acknowledge", "Acknowledged"),
        (services.LOG_ASSESSED, "Safeguarding: assess", "Assessment recorded"),
        (services.LOG_CLOSED, "Safeguarding: close", "Outcome recorded, closed"),
        (services.LOG_REOPENED, "Safeguarding: reopen", "Reopened"),
    ):
        actions.register_action(action, label, message)
