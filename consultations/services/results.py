"""You said, we did: publishing the results and emailing everyone who asked to hear back."""

from django.db import transaction
from django.utils import timezone

from consultations.models import (
    ConsultationPage,
    Response,
)
from home.email import queue_templated_email
from home.links import site_url
from home.ratelimit import keyed_hash


def publish_results(consultation: ConsultationPage, now=None) -> bool:
    """Mark the results as published (once) and email everyone who asked to hear back.

    Safe to call on every publish: the date is set only the first time, and each respondent
    is emailed at most once. Returns True when the results became published now.
    """
    from consultations.tasks import notify_respondents_of_results

    now = now or timezone.now()
    if not consultation.has_results() or consultation.status(now) == "open":
        return False
    if consultation.status(now) == "upcoming":
        return False
    with transaction.atomic():
        newly = ConsultationPage.objects.filter(
            pk=consultation.pk, results_published_at__isnull=True
        ).update(results_published_at=now)
        # Enqueued in the same transaction (the task row commits with it). The task is
        # idempotent, so enqueueing on every publish also picks up anyone missed before.
        notify_respondents_of_results.enqueue(consultation.pk)
    if newly:
        consultation.results_published_at = now
    return bool(newly)


def notify_respondents(consultation_id: int, *, batch_size: int = 500, now=None) -> int:
    """Email the results to every respondent who opted in and was not yet told. Each email
    is queued in the same transaction that sets `notified_at`, so nobody is told twice."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.results_published_at:
        return 0
    page_url = site_url(consultation)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Response.objects.select_for_update(skip_locked=True)
                .filter(consultation_id=consultation_id, notified_at__isnull=True)
                .hearing_back()
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return sent
            for response in batch:
                queue_templated_email(
                    purpose="consultation-results",
                    to=response.contact_email,
                    template="consultations/email/results_published",
                    context={
                        "consultation": consultation,
                        "reference": response.reference,
                        "page_url": page_url,
                    },
                )
                response.notified_at = now or timezone.now()
            Response.objects.bulk_update(batch, ["notified_at"])
            sent += len(batch)


def hear_back_key(email: str) -> str:
    """Who someone is among the people hearing back, without their address: a keyed hash of
    it, the same for every response they sent with it (any capitals)."""
    return keyed_hash(email.strip().lower())


def hear_back_addresses(consultation_id: int) -> dict[str, str]:
    """The addresses of everyone hearing back from a consultation, once each, by
    `hear_back_key`. Withdrawn responses are left out."""
    addresses = {}
    for email in (
        Response.objects.filter(consultation_id=consultation_id)
        .hearing_back()
        .order_by("pk")
        .values_list("contact_email", flat=True)
    ):
        addresses.setdefault(hear_back_key(email), email.strip())
    return addresses


def stop_hearing_back(consultation_id: int, key: str) -> int:
    """Forget the address with this `hear_back_key` on every response to the consultation, so
    nothing more is emailed to it about the consultation. Safe to repeat; returns how many
    responses changed."""
    with transaction.atomic():
        responses = [
            response
            for response in Response.objects.select_for_update()
            .filter(consultation_id=consultation_id)
            .exclude(contact_email="")
            .only("pk", "contact_email")
            if hear_back_key(response.contact_email) == key
        ]
        for response in responses:
            response.contact_email = ""
        Response.objects.bulk_update(responses, ["contact_email"])
    return len(responses)
