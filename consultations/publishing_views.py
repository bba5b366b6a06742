"""Public side of publishing responses (decision 0036): the consultation's published
answers, and the personal links to agree to or stop publication (a parent or carer's, and
the respondent's own). They parse, call consultations.services, render."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from consultations import services
from consultations.models import PublicationConsent, PublishedAnswer

PUBLISHED_PAGE_SIZE = 20
LINK_PURPOSES = ("parent", "respondent")


def published_responses(request, page):
    """Approved answers, with their questions: no references, nothing about the person.
    Only while the consultation publishes responses."""
    if not page.publish_responses:
        raise Http404("This consultation does not publish responses")
    if request.method not in ("GET", "HEAD"):
        return redirect(page.subpage_url("published_responses_route"))
    published = PublishedAnswer.objects.on_public_page(page).only(
        "published_text", "answer__question_label"
    )
    paginator = Paginator(published, PUBLISHED_PAGE_SIZE)
    answers = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "consultations/published_responses.html",
        {"page": page, "self": page, "answers": answers},
    )


def _consent_from_link(purpose: str, pk: int, token: str) -> PublicationConsent:
    if purpose not in LINK_PURPOSES:
        raise Http404("This link is not valid.")
    consent = (
        PublicationConsent.objects.select_related("response__consultation").filter(pk=pk).first()
    )
    if consent is None or not consent.check_token(purpose, token):
        raise Http404("This link is not valid.")
    if purpose == "parent" and not consent.needs_parent_consent:
        raise Http404("This link is not valid.")
    return consent


@require_http_methods(["GET", "HEAD", "POST"])
def publication_consent(request, purpose: str, pk: int, token: str):
    """A parent or carer agrees (or stops publication); a respondent stops publication.
    GET only shows the question, so link scanners in mail systems never act by visiting."""
    consent = _consent_from_link(purpose, pk, token)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "agree" and purpose == "parent":
            services.confirm_parent_consent(consent)
        elif action == "stop":
            services.withdraw_consent(consent)
        return redirect(consent.get_link_path(purpose))
    consent.refresh_from_db()
    response = TemplateResponse(
        request,
        "consultations/publication_consent.html",
        {
            "consent": consent,
            "purpose": purpose,
            "consultation": consent.response.consultation,
            "can_agree": purpose == "parent" and services.parent_link_usable(consent),
            "action": consent.get_link_path(purpose),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
