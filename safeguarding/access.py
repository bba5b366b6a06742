"""Who may use the Safeguarding lead's pages."""

from functools import wraps

from django.views.defaults import permission_denied

QUEUE_PERMISSION = "safeguarding.view_safeguarding_queue"


def user_is_lead(user) -> bool:
    return user.is_active and user.has_perm(QUEUE_PERMISSION)


def lead_only(view):
    """403 for anyone who is not a Safeguarding lead. Returned, not raised: Wagtail's admin
    wrapper turns a raised PermissionDenied into a redirect."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_is_lead(request.user):
            return permission_denied(request, exception=None)
        return view(request, *args, **kwargs)

    return wrapped
