"""Admin views of the feedback workspace. They parse input, check permissions, call
`services`, and render. Wagtail wraps every admin URL in its own sign-in check; each view
checks the feedback permission it needs on top of that."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.models import ModelLogEntry

from consultations.models import Answer, ConsultationPage, ExportJob, FeedbackTag, Response
from consultations.tallies import answer_is_coded

from . import background, exports, services
from .forms import (
    BulkActionForm,
    CodingForm,
    ModerationForm,
    NoteForm,
    QuoteForm,
    TagMergeForm,
    TagRenameForm,
)
from .queries import (
    ResponseFilterSet,
    active_filters,
    free_text_answers,
    listing_queryset,
    uncoded_free_text_answers,
)
from .synthesis import build_synthesis, stored_synthesis

PAGE_SIZE = 50
DASHBOARD_FILTERS = ("age_band", "borough", "priority_area", "tag")


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


# --- listing and bulk actions ---------------------------------------------------------------


@permission_required("view_response")
def response_index(request):
    filterset = _filterset(request)
    responses = _filtered(filterset)
    if filterset.is_bound and not filterset.is_valid():
        responses = responses.none()
    paginator = Paginator(responses, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("p"))
    titles = dict(
        ConsultationPage.objects.filter(
            pk__in={response.consultation_id for response in page.object_list}
        ).values_list("pk", "title")
    )
    for response in page.object_list:
        response.consultation_title = titles.get(response.consultation_id, "")
    return render(
        request,
        "consultations/feedback/response_index.html",
        {
            "filterset": filterset,
            "page": page,
            "result_count": paginator.count,
            "query_string": _query_string(request, p=None),
            "bulk_form": BulkActionForm(),
            "can_moderate": request.user.has_perm("consultations.moderate_response"),
            "can_tag": request.user.has_perm("consultations.tag_response"),
            "can_export": request.user.has_perm("consultations.export_response"),
            "shows_withdrawn": filterset.shows_withdrawn,
            "can_export_unredacted": request.user.has_perm("consultations.export_unredacted"),
            "background_rows": background.background_threshold("csv"),
            "background_rows_xlsx": background.background_threshold("xlsx"),
        },
    )


@require_POST
@permission_required("view_response")
def bulk_action(request):
    form = BulkActionForm(request.POST)
    back = reverse("feedback:responses") + "?" + request.POST.get("return_query", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    needed = "moderate_response" if action in ("mark_reviewed", "hide") else "tag_response"
    if not request.user.has_perm(f"consultations.{needed}"):
        raise PermissionDenied
    responses = list(form.cleaned_data["responses"])
    if action == "add_priority_area":
        count = services.add_priority_area(
            responses, form.cleaned_data["priority_area"], request.user
        )
    elif action == "add_tag":
        count = services.add_tag(responses, form.cleaned_data["tag"], request.user)
    elif action == "mark_reviewed":
        count = services.set_moderation_status(
            responses, Response.ModerationStatus.REVIEWED, request.user
        )
    else:
        count = services.set_moderation_status(
            responses, Response.ModerationStatus.HIDDEN, request.user
        )
    messages.success(request, f"{dict(BulkActionForm.ACTIONS)[action]}: {count} responses changed.")
    return redirect(back)


# --- one response ---------------------------------------------------------------------------


def _response_context(request, response, **forms):
    answers = list(
        response.answers.order_by("position").prefetch_related("priority_areas", "tags", "quotes")
    )
    for answer in answers:
        answer.is_free_text = answer.holds_own_words
        answer.coding_form = forms.get(f"answer-{answer.pk}") or CodingForm.for_object(
            answer, prefix=f"answer-{answer.pk}"
        )
    history = (
        ModelLogEntry.objects.for_instance(response).select_related("user").order_by("-timestamp")
    )
    return {
        "response": response,
        "answers": answers,
        "notes": response.staff_notes.select_related("author"),
        "history": history,
        "moderation_form": forms.get("moderation")
        or ModerationForm(initial={"status": response.moderation_status}),
        "coding_form": forms.get("coding") or CodingForm.for_object(response, prefix="response"),
        "note_form": forms.get("note") or NoteForm(),
        "quote_form": QuoteForm(),
        "can_moderate": request.user.has_perm("consultations.moderate_response"),
        "can_tag": request.user.has_perm("consultations.tag_response"),
        "can_delete": request.user.has_perm("consultations.delete_response"),
    }


def _get_response(pk):
    return get_object_or_404(
        Response.objects.select_related("consultation", "borough", "moderated_by"), pk=pk
    )


@permission_required("view_response")
def response_detail(request, pk):
    response = _get_response(pk)
    return render(
        request,
        "consultations/feedback/response_detail.html",
        _response_context(request, response),
    )


def _invalid(request, response, **forms):
    return render(
        request,
        "consultations/feedback/response_detail.html",
        _response_context(request, response, **forms),
        status=400,
    )


@require_POST
@permission_required("view_response", "moderate_response")
def moderate(request, pk):
    response = _get_response(pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, response, moderation=form)
    services.set_moderation_status([response], form.cleaned_data["status"], request.user)
    messages.success(request, f"Status set to {response.get_moderation_status_display()}.")
    return redirect("feedback:response", pk=response.pk)


@require_POST
@permission_required("view_response", "tag_response")
def code_response(request, pk):
    response = _get_response(pk)
    form = CodingForm(request.POST, prefix="response")
    if not form.is_valid():
        return _invalid(request, response, coding=form)
    services.set_response_coding(
        response, form.cleaned_data["priority_areas"], form.cleaned_data["tags"], request.user
    )
    messages.success(request, "Priority areas and tags saved.")
    return redirect("feedback:response", pk=response.pk)


@require_POST
@permission_required("view_response", "tag_response")
def code_answer(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("response"), pk=pk)
    form = CodingForm(request.POST, prefix=f"answer-{answer.pk}")
    if not form.is_valid():
        return _invalid(request, _get_response(answer.response_id), **{f"answer-{pk}": form})
    services.set_answer_coding(
        answer, form.cleaned_data["priority_areas"], form.cleaned_data["tags"], request.user
    )
    messages.success(request, f"Answer to “{answer.question_label}” coded.")
    return redirect(reverse("feedback:response", args=[answer.response_id]) + f"#answer-{pk}")


@require_POST
@permission_required("view_response", "tag_response")
def add_note(request, pk):
    response = _get_response(pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, response, note=form)
    services.add_note(response, form.cleaned_data["text"], request.user)
    messages.success(request, "Note added.")
    return redirect(reverse("feedback:response", args=[pk]) + "#notes")


@require_POST
@permission_required("view_response", "tag_response")
def add_quote(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("response"), pk=pk)
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _get_response(answer.response_id))
    try:
        services.highlight_quote(
            answer, form.cleaned_data["text"], form.cleaned_data["priority_area"], request.user
        )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Quote highlighted for reports.")
    return redirect(reverse("feedback:response", args=[answer.response_id]) + f"#answer-{pk}")


@permission_required("view_response", "delete_response")
def delete(request, pk):
    response = _get_response(pk)
    if request.method == "POST":
        services.delete_response(response, request.user)
        messages.success(request, f"Response {response.reference} deleted.")
        return redirect("feedback:responses")
    return render(request, "consultations/feedback/confirm_delete.html", {"response": response})


# --- coding queue ---------------------------------------------------------------------------


@permission_required("view_response", "tag_response")
def queue_index(request):
    """Every free-text question with how much of it is coded."""
    answers = free_text_answers().filter(response__in=Response.objects.counted().values("pk"))
    questions = (
        answers.values("response__consultation_id", "question_id")
        .annotate(
            label=Max("question_label"),
            position=Min("position"),
            total=Count("pk"),
        )
        .order_by("response__consultation_id", "position")
    )
    coded = {
        (row["response__consultation_id"], row["question_id"]): row["count"]
        for row in answers.filter(answer_is_coded())
        .values("response__consultation_id", "question_id")
        .annotate(count=Count("pk"))
    }
    titles = dict(ConsultationPage.objects.values_list("pk", "title"))
    rows = [
        {
            **question,
            "consultation": titles.get(question["response__consultation_id"], ""),
            "coded": coded.get((question["response__consultation_id"], question["question_id"]), 0),
        }
        for question in questions
    ]
    return render(request, "consultations/feedback/queue_index.html", {"questions": rows})


@permission_required("view_response", "tag_response")
def queue(request, consultation_pk, question_id):
    consultation = get_object_or_404(ConsultationPage, pk=consultation_pk)
    base = free_text_answers().filter(
        response__consultation=consultation,
        response__in=Response.objects.counted().values("pk"),
        question_id=question_id,
    )
    form = None
    if request.method == "POST":
        answer_pk = request.POST.get("answer", "")
        if not answer_pk.isdigit():
            return HttpResponseBadRequest("Which answer? The form was incomplete.")
        answer = get_object_or_404(base.select_related("response"), pk=answer_pk)
        next_url = (
            reverse("feedback:queue", args=[consultation_pk, question_id])
            + "?"
            + urlencode({"after": answer.pk})
        )
        if "skip" in request.POST:
            return redirect(next_url)
        form = CodingForm(request.POST)
        if form.is_valid():
            services.set_answer_coding(
                answer, form.cleaned_data["priority_areas"], form.cleaned_data["tags"], request.user
            )
            return redirect(next_url)
    total = base.count()
    if total == 0:
        raise Http404("No free-text answers to this question.")
    coded = base.filter(answer_is_coded()).count()
    waiting = uncoded_free_text_answers().filter(pk__in=base.values("pk")).order_by("pk")
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        return HttpResponseBadRequest("Unknown position in the queue.")
    answer = None
    if form is not None:  # redisplay the one that failed
        answer = get_object_or_404(base, pk=answer_pk)
    else:
        answer = waiting.filter(pk__gt=after).first() or waiting.first()
        form = CodingForm(prefix=None)
    return render(
        request,
        "consultations/feedback/queue.html",
        {
            "consultation": consultation,
            "question_id": question_id,
            "question_label": base.values_list("question_label", flat=True).first(),
            "answer": answer,
            "form": form,
            "coded": coded,
            "total": total,
        },
        status=400 if form.is_bound else 200,
    )


# --- synthesis ------------------------------------------------------------------------------


def _synthesis_context(request, consultation=None):
    responses = Response.objects.counted()
    if consultation is not None:
        responses = responses.filter(consultation=consultation)
    filterset = _filterset(request, responses, only=DASHBOARD_FILTERS)
    if filterset.is_bound and not filterset.is_valid():
        synthesis = build_synthesis(responses.none())
    elif active_filters(filterset):
        synthesis = build_synthesis(_filtered(filterset))
    else:
        # Unfiltered: the running totals kept by the services, not a million answers.
        synthesis = stored_synthesis(consultation)
    return {
        "consultation": consultation,
        "filterset": filterset,
        "synthesis": synthesis,
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
def report(request, consultation_pk):
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
            request.GET, kind=kind, redacted=redacted, coded_only=coded_only
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
    path = background.file_path(job) if job.is_downloadable() else None
    if path is None or not path.is_file():
        raise Http404("This export is not ready, or has expired.")
    background.record_download(job, request.user)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=exports.filename(job.kind, job.file_format, job.finished_at),
        content_type=exports.CONTENT_TYPES[job.file_format],
    )


# --- tags -----------------------------------------------------------------------------------


@permission_required("view_response")
def tag_index(request):
    tags = FeedbackTag.objects.annotate(
        responses=Count("tagged_responses", distinct=True),
        answers=Count("tagged_answers", distinct=True),
    ).order_by("name")
    return render(
        request,
        "consultations/feedback/tag_index.html",
        {
            "tags": tags,
            "merge_form": TagMergeForm(),
            "can_manage": request.user.has_perm("consultations.manage_feedback_tags"),
        },
    )


@require_POST
@permission_required("view_response", "manage_feedback_tags")
def tag_rename(request, pk):
    tag = get_object_or_404(FeedbackTag, pk=pk)
    form = TagRenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a new name for the tag.")
    else:
        services.rename_tag(tag, form.cleaned_data["name"], request.user)
        messages.success(request, "Tag renamed.")
    return redirect("feedback:tags")


@require_POST
@permission_required("view_response", "manage_feedback_tags")
def tag_merge(request):
    form = TagMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the tags to merge and the tag to keep.")
    else:
        target = services.merge_tags(
            form.cleaned_data["sources"], form.cleaned_data["target"], request.user
        )
        messages.success(request, f"Tags merged into “{target.name}”.")
    return redirect("feedback:tags")
