"""Coding free text: the coding queue (one uncoded answer at a time) and managing tags."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from consultations.models import ConsultationPage, FeedbackTag, Response
from consultations.tallies import answer_is_coded

from .. import services, suggestions
from ..forms import (
    CodingForm,
    TagMergeForm,
    TagRenameForm,
)
from ..queries import (
    free_text_answers,
    uncoded_free_text_answers,
)
from .common import (
    permission_required,
)

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
    refused = ""
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
        if "accept" in request.POST:
            try:
                suggestions.accept(answer, request.user)
            except suggestions.NothingToAccept as error:
                refused = str(error)
                form = CodingForm(prefix=None)
            else:
                return redirect(next_url)
        else:
            form = CodingForm(request.POST)
        if form.is_bound and form.is_valid():
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
    if answer is not None:
        suggestions.attach([answer])
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
            "refused": refused,
        },
        status=400 if form.is_bound or refused else 200,
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
