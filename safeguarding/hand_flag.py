"""Flag by hand: a moderator who reads something the screening missed sends it to the
Safeguarding lead from the response page or the coding queue. A plain POST form (no
JavaScript), CSRF-protected, permission-checked against the source's registered permissions
(see sources.py), audited by `services.flag_by_hand`, then back where they came from."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied

from . import services
from .forms import HandFlagForm
from .sources import can_flag_by_hand, flag_source


def _safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _source_or_404(content_type_id: int, object_id: str):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    source = flag_source(model) if model is not None else None
    if source is None:
        raise Http404("This cannot be flagged by hand.")
    try:
        obj = model._default_manager.filter(pk=object_id).first()
    except (ValueError, ValidationError):  # not a valid key for this model
        obj = None
    if obj is None:
        raise Http404("Nothing to flag here.")
    return source, obj


@require_http_methods(["GET", "HEAD", "POST"])
def flag_by_hand(request, content_type_id: int, object_id: str):
    source, obj = _source_or_404(content_type_id, object_id)
    if not can_flag_by_hand(request.user, source):
        return permission_denied(request, exception=None)
    admin_url = source.admin_url(obj)
    back = _safe_next(request, admin_url)
    form = HandFlagForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        flag = services.flag_by_hand(
            obj,
            source.texts(obj),
            source_label=source.label(obj),
            admin_url=admin_url,
            user=request.user,
            category_ids=[category.pk for category in form.cleaned_data["categories"]],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            f"Flagged for the Safeguarding lead (flag {flag.pk}). They have been alerted.",
        )
        return redirect(back)
    return TemplateResponse(
        request,
        "safeguarding/flag_by_hand.html",
        {
            "form": form,
            "label": source.label(obj),
            "back": back,
            "header_title": "Flag for safeguarding",
            "breadcrumbs_items": [],
        },
        status=400 if form.is_bound else 200,
    )
