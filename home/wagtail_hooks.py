from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .cache import PURGING_HOOKS, connect_publish_signals, purge_on_content_change
from .viewsets import ReferenceDataGroup

register_snippet(ReferenceDataGroup)

# Anonymous page cache: any content change in the admin, and any publish anywhere, purges it.
for hook_name in PURGING_HOOKS:
    hooks.register(hook_name, purge_on_content_change)
connect_publish_signals()
