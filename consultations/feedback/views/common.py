"""What every feedback view shares: the permission check and the listing filters."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from ..queries import (
    ResponseFilterSet,
    listing_queryset,
)

PAGE_SIZE = 50
DASHBOARD_FILTERS = ("age_band", "borough", "priority_area", "tag", "campaigns")


def permission_required(*codenames):
    """403 unless the user holds every `consultations.<codename>` permission."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not all(request.user.has_perm(f"consultations.{name}") for name in codenames):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _filterset(request, queryset=None, *, only=None):
    filterset = ResponseFilterSet(
        request.GET or None, queryset=queryset if queryset is not None else listing_queryset()
    )
    if only is not None:
        for name in list(filterset.filters):
            if name not in only:
                del filterset.filters[name]  # before the form is built from the filters
    return filterset


def _filtered(filterset):
    if filterset.is_bound and filterset.is_valid():
        return filterset.qs
    return filterset.queryset


def _query_string(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()
