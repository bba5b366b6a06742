"""Public views: "What we are doing" (the listing and one page per commitment), the section
on consultation pages, and the link that stops emails. Views parse, call, render."""

import sys

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from consultations.models import ConsultationPage
from home.one_click import one_click_stop_view

from . import services
from .forms import CommitmentFilterForm
from .models import Commitment, CommitmentIndexPage


def _published():
    return Commitment.objects.published()


def commitment_index(request: HttpRequest, index_page: CommitmentIndexPage) -> HttpResponse:
    filters = CommitmentFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    commitments = _published()
    if chosen.get("priority_area"):
        commitments = commitments.for_priority_area(chosen["priority_area"])
    if chosen.get("status"):
        commitments = commitments.with_status(chosen["status"])
    listing = list(commitments.prefetch_related("priority_areas"))
    for commitment in listing:
        commitment.url = index_page.commitment_url(commitment)
    return TemplateResponse(
        request,
        "commitments/commitment_index_page.html",
        {
            "page": index_page,
            "self": index_page,
            "filters": filters,
            "commitments": listing,
            "count": len(listing),
            "is_filtered": bool(chosen and any(chosen.values())),
        },
    )


def commitment_detail(
    request: HttpRequest, index_page: CommitmentIndexPage, slug: str
) -> HttpResponse:
    commitment = _published().prefetch_related("priority_areas").filter(slug=slug).first()
    if commitment is None:
        raise Http404
    # Linked only while the consultation itself is public.
    consultation = (
        ConsultationPage.objects.live().public().filter(pk=commitment.consultation_id).first()
    )
    return TemplateResponse(
        request,
        "commitments/commitment_page.html",
        {
            "page": index_page,
            "self": index_page,
            "commitment": commitment,
            "consultation": consultation,
            "updates": commitment.progress_updates(),
            "crumbs": [(index_page.title, index_page.url)],
        },
    )


def consultation_section(request: HttpRequest, consultation) -> str:
    """ "What we are doing about it" on a consultation page: its published commitments."""
    commitments = list(_published().for_consultation(consultation).order_by("title"))
    if not commitments:
        return ""
    index = services.what_we_are_doing_page()
    for commitment in commitments:
        commitment.url = services.commitment_url(commitment, index) if index else ""
    return render_to_string(
        "commitments/consultation_section.html",
        {"commitments": commitments, "index": index},
        request=request,
    )


stop_emails = one_click_stop_view(
    check=services.stop_link_target,
    stop=services.stop_emails,
    confirm_template="commitments/stop_emails.html",
    done_template="commitments/emails_stopped.html",
)


def attach_route_views() -> None:
    """Give the "What we are doing" page its views (called by the app's ready())."""
    CommitmentIndexPage.route_views = sys.modules[__name__]
