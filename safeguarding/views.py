"""The Safeguarding queue in the Wagtail admin. Only the Safeguarding lead group (and
superusers) may open any of these views; everyone else gets a 403. Views parse, call a
service in `services.py`, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from wagtail.log_actions import registry as log_registry

from safeguarding.models import SafeguardingCategory, SafeguardingFlag

from . import hand_flag, services, trying
from .access import lead_only, user_is_lead  # noqa: F401 - user_is_lead for the menu hook
from .forms import AssessmentForm, OutcomeForm, QueueFilterForm
from .sources import respondent_profile

FLAGS_PER_PAGE = 50


@lead_only
@require_safe
def queue(request):
    form = QueueFilterForm(request.GET or None)
    flags = SafeguardingFlag.objects.prefetch_related(
        Prefetch("categories", queryset=SafeguardingCategory.objects.order_by("sort_order"))
    ).select_related("acknowledged_by")
    flags = form.filter(flags) if form.is_valid() else flags.open()
    page = Paginator(flags.order_by("-flagged_at"), FLAGS_PER_PAGE).get_page(request.GET.get("p"))
    now = timezone.now()
    return TemplateResponse(
        request,
        "safeguarding/queue.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(flag, flag.is_overdue(now)) for flag in page.object_list],
            "overdue_count": SafeguardingFlag.objects.overdue(now).count(),
            "header_title": "Safeguarding queue",
            "breadcrumbs_items": [],
        },
    )


def _hand_reasons(history):
    """(who, reason) for each time someone flagged this by hand, oldest first."""
    return [
        (entry.user, entry.data["reason"])
        for entry in reversed(history)
        if entry.action == services.LOG_FLAGGED and (entry.data or {}).get("reason")
    ]


def _source(flag):
    try:
        return flag.source
    except Exception:  # noqa: BLE001 - the source's model is gone; the flag still reads
        return None


def _detail_context(request, flag, **forms):
    history = list(
        log_registry.get_logs_for_instance(flag).select_related("user").order_by("-timestamp")[:50]
    )
    return {
        "flag": flag,
        "profile": respondent_profile(_source(flag)),
        "hand_reasons": _hand_reasons(history),
        "is_overdue": flag.is_overdue(),
        "assessment_form": forms.get("assessment_form")
        or AssessmentForm(
            initial={"assessment": flag.assessment, "action_taken": flag.action_taken}
        ),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "history": history,
        "header_title": f"Safeguarding flag {flag.pk}",
        "breadcrumbs_items": [],
    }


def _get_flag(pk):
    return get_object_or_404(
        SafeguardingFlag.objects.prefetch_related("categories").select_related(
            "acknowledged_by", "updated_by", "content_type"
        ),
        pk=pk,
    )


@lead_only
@require_safe
def detail(request, pk: int):
    flag = _get_flag(pk)
    services.record_view(flag, request.user)
    return TemplateResponse(request, "safeguarding/detail.html", _detail_context(request, flag))


def _run(request, flag, change, message):
    """Make one change to a flag; a change its state does not allow becomes a message."""
    try:
        change()
    except services.FlagStateError as error:
        messages.error(request, str(error))
        return redirect("safeguarding:detail", pk=flag.pk)
    messages.success(request, message)
    return redirect("safeguarding:detail", pk=flag.pk)


def _run_form(request, flag, form, form_name, change, message):
    """Make a change from a form, or show the flag again with the form's errors."""
    if form.is_valid():
        return _run(request, flag, lambda: change(form.cleaned_data), message)
    services.record_view(flag, request.user)
    return TemplateResponse(
        request,
        "safeguarding/detail.html",
        _detail_context(request, flag, **{form_name: form}),
        status=400,
    )


@lead_only
@require_POST
def acknowledge(request, pk: int):
    flag = _get_flag(pk)
    return _run(
        request,
        flag,
        lambda: services.acknowledge(flag.pk, request.user),
        "Flag acknowledged.",
    )


@lead_only
@require_POST
def assess(request, pk: int):
    flag = _get_flag(pk)
    return _run_form(
        request,
        flag,
        AssessmentForm(request.POST),
        "assessment_form",
        lambda data: services.record_assessment(flag.pk, request.user, **data),
        "Assessment and action saved.",
    )


@lead_only
@require_POST
def close(request, pk: int):
    flag = _get_flag(pk)
    return _run_form(
        request,
        flag,
        OutcomeForm(request.POST),
        "outcome_form",
        lambda data: services.close(
            flag.pk,
            request.user,
            outcome=data["outcome"],
            finding=data.get("finding", ""),
        ),
        "Outcome saved and flag closed.",
    )


@lead_only
@require_POST
def reopen(request, pk: int):
    flag = _get_flag(pk)
    return _run(request, flag, lambda: services.reopen(flag.pk, request.user), "Flag reopened.")


urlpatterns = [
    path("", queue, name="queue"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/acknowledge/", acknowledge, name="acknowledge"),
    path("<int:pk>/assess/", assess, name="assess"),
    path("<int:pk>/close/", close, name="close"),
    path("<int:pk>/reopen/", reopen, name="reopen"),
    path(
        "flag/<int:content_type_id>/<str:object_id>/",
        hand_flag.flag_by_hand,
        name="flag_by_hand",
    ),
    path("try/", trying.try_screening, name="try"),
    path("try/<str:key>/", trying.try_result, name="try_result"),
    path("try/<str:key>/forget/", trying.forget, name="try_forget"),
]


def admin_urls():
    """For the `register_admin_urls` hook: the queue lives at /admin/safeguarding/."""
    return [
        path(
            "safeguarding/",
            include((urlpatterns, "safeguarding"), namespace="safeguarding"),
        )
    ]
