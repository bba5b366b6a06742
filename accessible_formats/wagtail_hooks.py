from wagtail import hooks

from .viewsets import AccessibleFormatRequestViewSet


@hooks.register("register_admin_viewset")
def register_accessible_format_requests():
    return AccessibleFormatRequestViewSet()
