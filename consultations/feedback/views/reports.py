"""The synthesis dashboard, the printable report, and exports (streamed or prepared in the
background)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from consultations.models import ConsultationPage, ExportJob, Response

from .. import background, exports
from ..queries import active_filters, filter_summary, period
from ..suggestions import suggestion_progress_of
from ..synthesis import build_synthesis, stored_synthesis
from .common import (
    DASHBOARD_FILTERS,
    PAGE_SIZE,
    _filtered,
    _filterset,
    _query_string,
    permission_required,
)

# --- synthesis ------------------------------------------------------------------------------


def _synthesis_context(request, consultation=None):
    """The dashboard and the report alike: the same filters (the listing's) and figures."""
    responses = Response.objects.counted()
    shown_filters = DASHBOARD_FILTERS
    if consultation is not None:
        responses = responses.filter(consultation=consultation)
        # The consultation is in the address: no second way to choose it.
        shown_filters = tuple(name for name in DASHBOARD_FILTERS if name != "consultation")
    filterset = _filterset(request, responses, only=shown_filters)
    filters = active_filters(filterset)
    invalid = filterset.is_bound and not filterset.is_valid()
    if invalid:
        synthesis = build_synthesis(responses.none())
    elif filters:
        synthesis = build_synthesis(_filtered(filterset), period(filterset))
    else:
        # Unfiltered: the running totals kept by the services, not a million answers.
        synthesis = stored_synthesis(consultation)
    return {
        "consultation": consultation,
        "filterset": filterset,
        # A filter that is not valid still counts as filtering: its error shows, with nothing
        # counted, rather than the first-visit guidance.
        "filtered": bool(filters) or invalid,
        "filter_summary": filter_summary(filterset),
        "synthesis": synthesis,
        "suggestions": suggestion_progress_of(filterset, responses, synthesis),
        "query_string": _query_string(request),
        "consultations": ConsultationPage.objects.order_by("title").only("pk", "title"),
    }


@permission_required("view_response")
def dashboard(request, consultation_pk=None):
    consultation = None
    if consultation_pk is not None:
        consultation = get_object_or_404(ConsultationPage, pk=consultation_pk)
    return render(
        request,
        "consultations/feedback/dashboard.html",
        _synthesis_context(request, consultation),
    )


@permission_required("view_response")
def report(request, consultation_pk=None):
    """The dashboard as a page to print, with the same filters."""
    consultation = None
    if consultation_pk is not None:
        consultation = get_object_or_404(ConsultationPage, pk=consultation_pk)
    return render(
        request,
        "consultations/feedback/report.html",
        _synthesis_context(request, consultation),
    )


# --- exports --------------------------------------------------------------------------------


@permission_required("view_response", "export_response")
def export(request, kind, file_format):
    """Small exports stream straight away. Larger ones (more rows than the background
    threshold) would outlive the web worker's timeout: GET shows what will happen, POST asks
    for the file to be prepared in the background and goes to the list of exports."""
    if file_format not in exports.FORMATS or kind not in exports.KINDS:
        raise Http404
    redacted = request.GET.get("unredacted") != "1"
    if not redacted and not request.user.has_perm("consultations.export_unredacted"):
        raise PermissionDenied
    coded_only = kind == "answers" and request.GET.get("coded") == "1"
    try:
        data, filters = exports.build_export(
            request.GET,
            kind=kind,
            redacted=redacted,
            coded_only=coded_only,
            file_format=file_format,
            user=request.user,
        )
    except exports.WithdrawnNotExported as refused:
        return HttpResponseBadRequest(refused.message)
    except exports.InvalidFilters:
        return HttpResponseBadRequest("Those filters are not valid.")
    if request.method == "POST":
        background.request_export(
            request.user,
            params=request.GET,
            filters=filters,
            kind=kind,
            file_format=file_format,
            redacted=redacted,
            coded_only=coded_only,
        )
        messages.success(
            request,
            "Your export is being prepared. It will be ready to download here; "
            "reload this page to see its progress.",
        )
        return redirect("feedback:export_jobs")
    if data.row_count > background.background_threshold(file_format):
        return render(
            request,
            "consultations/feedback/export_confirm.html",
            {
                "kind": kind,
                "file_format": file_format,
                "row_count": data.row_count,
                "filters": filters,
                "redacted": redacted,
                "coded_only": coded_only,
                "keep_days": background.keep_for().days,
                "back_query": _query_string(request, unredacted=None, coded=None),
            },
        )
    exports.record_export(
        data, file_format=file_format, filters=filters, redacted=redacted, user=request.user
    )
    return exports.RENDERERS[file_format](data)


@permission_required("view_response", "export_response")
def export_codebook(request, kind):
    """The codebook of a CSV export with the same filters, as a second CSV file: each column's
    question, type, values and the versions of the question answered. It holds no answers."""
    if kind not in exports.KINDS:
        raise Http404
    try:
        data, _filters = exports.build_export(
            request.GET, kind=kind, redacted=True, user=request.user
        )
    except exports.InvalidFilters:
        return HttpResponseBadRequest("Those filters are not valid.")
    return exports.codebook_response(data)


@permission_required("view_response", "export_response")
def export_jobs(request):
    """Prepared exports: the user's own, or everyone's for feedback managers."""
    jobs = ExportJob.objects.visible_to(request.user).select_related("requested_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("p"))
    now = timezone.now()
    for job in page.object_list:
        job.can_download = job.is_downloadable(now) and background.can_download(request.user, job)
    return render(
        request,
        "consultations/feedback/export_jobs.html",
        {
            "page": page,
            "keep_days": background.keep_for().days,
            "show_requester": request.user.has_perm("consultations.manage_feedback_exports"),
        },
    )


@permission_required("view_response", "export_response")
def export_download(request, pk):
    job = get_object_or_404(ExportJob.objects.select_related("record"), pk=pk)
    if not background.can_download(request.user, job):
        raise PermissionDenied
    file = background.open_export(job) if job.is_downloadable() else None
    if file is None:
        raise Http404("This export is not ready, or has expired.")
    background.record_download(job, request.user)
    return FileResponse(
        file,
        as_attachment=True,
        filename=exports.filename(job.kind, job.file_format, job.finished_at),
        content_type=exports.CONTENT_TYPES[job.file_format],
    )
