from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .cache import PURGING_HOOKS, connect_publish_signals, purge_on_content_change
from .safeguarding import services as safeguarding_services
from .safeguarding import views as safeguarding_views
from .safeguarding.viewsets import SafeguardingPhrasesGroup
from .viewsets import ReferenceDataGroup

register_snippet(ReferenceDataGroup)

# Anonymous page cache: any content change in the admin, and any publish anywhere, purges it.
for hook_name in PURGING_HOOKS:
    hooks.register(hook_name, purge_on_content_change)
connect_publish_signals()


# Safeguarding: the phrase lists (snippets), the queue (admin URLs and a menu item only leads
# see) and the audit log actions for every view and status change.
register_snippet(SafeguardingPhrasesGroup)


@hooks.register("register_admin_urls")
def register_safeguarding_urls():
    return safeguarding_views.admin_urls()


class SafeguardingQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return safeguarding_views.user_is_lead(request.user)


@hooks.register("register_admin_menu_item")
def register_safeguarding_menu_item():
    return SafeguardingQueueMenuItem(
        "Safeguarding queue", reverse("home_safeguarding:queue"), icon_name="warning", order=305
    )


@hooks.register("register_log_actions")
def register_safeguarding_log_actions(actions):
    for action, label, message in (
        (safeguarding_services.LOG_FLAGGED, "Safeguarding: flag", "Flagged for safeguarding"),
        (safeguarding_services.LOG_VIEWED, "Safeguarding: view", "Viewed flagged answers"),
        (safeguarding_services.LOG_ACKNOWLEDGED, "Safeguarding: acknowledge", "Acknowledged"),
        (safeguarding_services.LOG_ASSESSED, "Safeguarding: assess", "Assessment recorded"),
        (safeguarding_services.LOG_CLOSED, "Safeguarding: close", "Outcome recorded, closed"),
        (safeguarding_services.LOG_REOPENED, "Safeguarding: reopen", "Reopened"),
    ):
        actions.register_action(action, label, message)
