"""The responses listing with its bulk actions, and one response: moderating, coding,
notes, quotes and deleting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.models import ModelLogEntry

from consultations.models import Answer, ConsultationPage, Response

from .. import background, disclosure, services, suggestions
from ..forms import (
    BulkActionForm,
    CodingForm,
    ModerationForm,
    NoteForm,
    QuoteForm,
)
from .common import (
    PAGE_SIZE,
    _filtered,
    _filterset,
    _query_string,
    permission_required,
)

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
            "suppression_threshold": disclosure.threshold(),
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
    suggestions.attach(answers)
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
        Response.objects.select_related("consultation", "borough", "moderated_by", "entered_by"),
        pk=pk,
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
def accept_suggestion(request, pk):
    """Code one answer with its suggested priority areas (the button, without JavaScript)."""
    answer = get_object_or_404(Answer.objects.select_related("response"), pk=pk)
    try:
        suggestions.accept(answer, request.user)
    except suggestions.NothingToAccept as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Suggested areas accepted for “{answer.question_label}”.")
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
