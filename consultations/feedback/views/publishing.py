"""Publishing responses with consent (decision 0036): the queue of consented responses and
the page where staff approve or leave out each own-words answer, starting from the
redaction proposal. The rules live in consultations.services.publishing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from consultations import services
from consultations.models import PublishedAnswer, Response, publishable_answers

from .common import PAGE_SIZE, permission_required

STATUS_CHOICES = PublishedAnswer.Status.choices


@permission_required("view_response", "publish_response")
def publication_queue(request):
    """Consented responses that may be published, with how many answers are decided."""
    responses = services.publication_queue().select_related("consultation")
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
    decided = set(
        PublishedAnswer.objects.filter(answer__response__in=[row.pk for row in page]).values_list(
            "answer__response_id", flat=True
        )
    )
    return render(
        request,
        "consultations/feedback/publication_queue.html",
        {"page_obj": page, "decided": decided},
    )


def _rows(response, data=None):
    """One row per own-words answer: the original, the proposal or the saved decision."""
    rows = []
    for answer in publishable_answers(response).select_related("publication"):
        saved = getattr(answer, "publication", None)
        proposal = services.proposal(answer)
        if data is not None:
            status = data.get(f"status-{answer.pk}", "")
            text = data.get(f"text-{answer.pk}", "")
            reason = data.get(f"reason-{answer.pk}", "")
        elif saved is not None:
            status, text, reason = saved.status, saved.published_text or proposal, saved.reason
        else:
            status, text, reason = "", proposal, ""
        rows.append(
            {
                "answer": answer,
                "proposal_differs": proposal != answer.value_text,
                "status": status,
                "text": text,
                "reason": reason,
                "saved": saved,
            }
        )
    return rows


@permission_required("view_response", "publish_response")
def publication_decide(request, pk: int):
    response = Response.objects.select_related("consultation").filter(pk=pk).first()
    if response is None:
        raise Http404
    # Only while the response may be published: the service refuses anything else anyway.
    if not services.publication_queue().filter(pk=pk).exists():
        messages.error(
            request,
            "This response cannot be published: it has no consent (or no parent or carer's "
            "agreement), or it is withdrawn, hidden or flagged for safeguarding.",
        )
        return redirect("feedback:publication_queue")
    error = ""
    if request.method == "POST":
        rows = _rows(response, request.POST)
        decisions = [
            services.AnswerDecision(
                answer_id=row["answer"].pk,
                status=row["status"],
                published_text=row["text"],
                reason=row["reason"],
            )
            for row in rows
            if row["status"]
        ]
        try:
            if not decisions:
                raise services.PublicationError("Choose whether to publish each answer.")
            services.decide(response, decisions, request.user)
        except services.PublicationError as refused:
            error = str(refused)
        else:
            messages.success(request, f"Saved what to publish from response {response.reference}.")
            return redirect("feedback:publication_queue")
    else:
        rows = _rows(response)
    return render(
        request,
        "consultations/feedback/publication_decide.html",
        {
            "response": response,
            "rows": rows,
            "error": error,
            "status_choices": STATUS_CHOICES,
        },
        status=400 if error else 200,
    )
