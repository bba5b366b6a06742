"""Retention for consultation responses (registered with home.retention in apps.py).

Once a consultation's retention period has passed (closing date + `retention_days`), each of
its responses loses what could identify the person: the contact email, the link to their
account, unfinished drafts and continue-later links, and personal data inside free text
(emails, phone numbers, postcodes, links, handles are redacted). Counts, age bands, boroughs,
priority areas, tags and the redacted text stay, so synthesis still works.
"""

from django.db import transaction

from consultations.models import (
    Answer,
    ConsultationPage,
    ContinueLaterLink,
    Response,
    ResponseDraft,
)
from consultations.services import redact_free_text


def expired_consultation_ids(now) -> list[int]:
    """Consultations whose personal-data retention period has ended by `now`."""
    return [
        page.pk
        for page in ConsultationPage.objects.only("pk", "closes_at", "retention_days")
        if page.closes_at and page.personal_data_removed_after <= now
    ]


def apply(now) -> dict[str, int]:
    """Remove personal data from responses past their retention period. Idempotent."""
    consultation_ids = expired_consultation_ids(now)
    if not consultation_ids:
        return {"responses_anonymised": 0, "answers_redacted": 0, "drafts_deleted": 0}
    with transaction.atomic():
        anonymised = (
            Response.objects.filter(consultation_id__in=consultation_ids)
            .exclude(contact_email="", user__isnull=True)
            .update(contact_email="", user=None)
        )
        drafts, _ = ResponseDraft.objects.filter(consultation_id__in=consultation_ids).delete()
        links, _ = ContinueLaterLink.objects.filter(consultation_id__in=consultation_ids).delete()
    redacted = redact_free_text(
        Answer.objects.filter(response__consultation_id__in=consultation_ids)
    )
    return {
        "responses_anonymised": anonymised,
        "answers_redacted": redacted,
        "drafts_deleted": drafts + links,
    }
