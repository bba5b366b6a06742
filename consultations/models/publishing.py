"""Publishing responses with consent (decision 0036): the respondent's consent, a parent or
carer's for under-16s, and staff's decision on each own-words answer. The original answer is
never changed; what is published is kept beside it."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from consultations.blocks import OWN_WORDS_TYPES

from .responses import Answer, Response

UNDER_16_BANDS = ("under_11", "11_15")


def _new_nonce() -> str:
    return secrets.token_hex(16)


class PublicationConsentQuerySet(models.QuerySet):
    def in_force(self):
        """Consent given and not withdrawn, with a parent or carer's agreement where needed."""
        return self.filter(withdrawn_at__isnull=True).filter(
            models.Q(needs_parent_consent=False) | models.Q(parent_confirmed_at__isnull=False)
        )


class PublicationConsent(models.Model):
    """A respondent agreed that their answers may be published (without anything that
    identifies them). Only made when they said yes; withdrawing it ends publication at once.
    Under-16s (by their age band, or by saying so) also need a parent or carer to agree
    through an emailed link; their email address is not kept here."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="publication_consent"
    )
    consented_at = models.DateTimeField(default=timezone.now)
    says_16_or_over = models.BooleanField(
        null=True, help_text="Their answer to 'Are you 16 or over?', when it was asked."
    )
    needs_parent_consent = models.BooleanField(default=False)
    parent_asked_at = models.DateTimeField(null=True, blank=True)
    parent_link_expires_at = models.DateTimeField(null=True, blank=True)
    parent_confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    token_nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)

    objects = PublicationConsentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Consent to publish response {self.response_id}"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None and (
            not self.needs_parent_consent or self.parent_confirmed_at is not None
        )

    # Links: an HMAC keyed on SECRET_KEY, salted with the consent's id, over a random
    # nonce, as events' booking links. The parent's link and the respondent's never mix.
    def _token(self, purpose: str) -> str:
        return salted_hmac(
            f"consultations.{purpose}.{self.pk}", self.token_nonce, algorithm="sha256"
        ).hexdigest()

    @property
    def parent_token(self) -> str:
        return self._token("parent-publication-consent")

    @property
    def respondent_token(self) -> str:
        return self._token("respondent-publication-consent")

    def check_token(self, purpose: str, token: str) -> bool:
        expected = self.parent_token if purpose == "parent" else self.respondent_token
        return constant_time_compare(expected, token or "")

    def get_link_path(self, purpose: str) -> str:
        token = self.parent_token if purpose == "parent" else self.respondent_token
        return reverse("publication_consent", args=[purpose, self.pk, token])


class PublishedAnswerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PublishedAnswer.Status.APPROVED)

    def on_public_page(self, consultation):
        """What the public page shows, checked at every read, so a response withdrawn,
        hidden, flagged or whose consent ended leaves the page at once, even if approved
        earlier: approved answers of responses that are not withdrawn, not hidden, have
        consent in force and no safeguarding flag (other than one closed as not a concern),
        on a consultation with publishing on."""
        if not consultation.publish_responses:
            return self.none()
        return (
            self.approved()
            .filter(answer__response__consultation=consultation)
            .filter(answer__response__in=publishable_responses())
            .select_related("answer")
            .order_by("-answer__response__submitted_at", "answer__position", "pk")
        )


def flagged_response_ids():
    """Responses with a safeguarding flag that is open, or closed as a concern. Only a flag
    the lead closed as 'not a concern' lets a response be published."""
    from safeguarding.models import SafeguardingFlag

    flags = SafeguardingFlag.objects.filter(
        content_type=ContentType.objects.get_for_model(Response)
    ).exclude(
        status=SafeguardingFlag.Status.CLOSED,
        finding=SafeguardingFlag.Finding.NOT_A_CONCERN,
    )
    return flags.values("object_id")


def publishable_responses():
    """Responses whose answers may be published now: consent in force, not withdrawn, not
    hidden, not flagged for safeguarding. The one definition the staff queue, approval and
    the public page share."""
    from django.db.models.functions import Cast

    consents = PublicationConsent.objects.in_force().values("response_id")
    # A flag names its response by text (a generic relation): compare the id as text.
    return (
        Response.objects.counted()
        .filter(pk__in=consents)
        .annotate(text_pk=Cast("pk", models.CharField()))
        .exclude(text_pk__in=flagged_response_ids())
    )


class PublishedAnswer(models.Model):
    """Staff's decision on publishing one own-words answer: approved with the text to
    publish (the redaction proposal, edited), or left out. Anything removed from the
    original, or an answer left out, has a reason (also in the audit log)."""

    class Status(models.TextChoices):
        APPROVED = "approved", "Publish"
        REJECTED = "rejected", "Leave out"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="publication")
    status = models.CharField(max_length=10, choices=Status.choices)
    published_text = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    objects = PublishedAnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved") | ~models.Q(published_text=""),
                name="approved_answer_has_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: answer {self.answer_id}"


def publishable_answers(response: Response):
    """The answers of a response that could be published: own words only (choices and
    'about you' answers are counted in the results, never shown one by one)."""
    return (
        response.answers.filter(question_type__in=OWN_WORDS_TYPES)
        .exclude(value_text="")
        .order_by("position")
    )
