"""What residents sent: responses, their answers (with a snapshot of each question), feedback
tags, and unfinished answers kept for later."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from consultations.blocks import AGE_BANDS, OWN_WORDS_TYPES, question_block
from home.formatting import format_date
from home.models import Borough, Network, PriorityArea

from .group_sessions import GroupSession
from .pages import ConsultationPage

AgeBand = models.TextChoices("AgeBand", [(key.upper(), (key, label)) for key, label in AGE_BANDS])


class FeedbackTag(TagBase):
    """Free tags analysts put on responses and answers. Separate from any page tags."""

    class Meta:
        verbose_name = "feedback tag"
        verbose_name_plural = "feedback tags"


class ResponseQuerySet(models.QuerySet):
    def for_user(self, user):
        """Responses the signed-in resident sent (none for anonymous visitors)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def not_hidden(self):
        """Everything but spam and abuse: what synthesis and exports count by default."""
        return self.exclude(moderation_status=Response.ModerationStatus.HIDDEN)

    def active(self):
        """Not withdrawn by the respondent."""
        return self.filter(is_withdrawn=False)

    def withdrawn(self):
        """Withdrawn by the respondent: shown to staff only when they ask, and marked."""
        return self.filter(is_withdrawn=True)

    def hearing_back(self):
        """Responses whose respondent left an email address to hear what happened, and did
        not withdraw: who "you said, we did" and commitment updates are emailed to."""
        return self.active().exclude(contact_email="")

    def counted(self):
        """The responses that are counted, coded, quoted and exported: not hidden as spam or
        abuse, and not withdrawn (respondents are told a withdrawn response is not used).
        Every read of "the responses" in the feedback workspace starts here."""
        return self.not_hidden().active()


class EntrySource(models.TextChoices):
    """How a response reached us: sent online, or typed in by staff."""

    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"
    WORKSHOP = "workshop", "Workshop"


class Response(models.Model):
    """One person's submitted answers to one consultation."""

    class ModerationStatus(models.TextChoices):
        NEW = "new", "New"
        REVIEWED = "reviewed", "Reviewed"
        HIDDEN = "hidden", "Hidden (spam or abusive)"

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.PROTECT, related_name="responses"
    )
    reference = models.CharField(max_length=12, unique=True, editable=False)
    # The one-time token from the check-answers page: unique, so a repeated or concurrent
    # submission of the same answers can never create a second response.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Only when the respondent asked to hear what happened."
    )
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When we emailed them the results."
    )
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="responses")
    priority_areas = models.ManyToManyField(PriorityArea, blank=True, related_name="responses")
    tags = TaggableManager(through="consultations.TaggedResponse", blank=True)
    moderation_status = models.CharField(
        max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.NEW
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    is_withdrawn = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Sent from a browser that opened a group session's link, during the session. PROTECT:
    # a session with responses is never deleted, so the mark cannot be lost.
    group_session = models.ForeignKey(
        GroupSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        editable=False,
    )

    # Typed in by staff from a paper form or a workshop (decision 0032): who typed it and
    # when. `user` stays empty: the staff member is never the respondent.
    entry_source = models.CharField(
        max_length=10, choices=EntrySource.choices, default=EntrySource.ONLINE, editable=False
    )
    entry_note = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Which workshop or session."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [
            ("enter_paper_response", "Can enter paper and workshop responses"),
        ]
        indexes = [
            # Newest first, for the feedback listing. Created by migration 0004 before it was
            # declared here (0007 adopts it into the model state).
            models.Index(fields=["-submitted_at"], name="feedback_response_submitted"),
            models.Index(fields=["consultation", "submitted_at"], name="response_consult_time"),
            models.Index(fields=["moderation_status", "submitted_at"], name="response_status"),
            models.Index(
                fields=["consultation", "moderation_status"], name="response_consult_status"
            ),
            models.Index(fields=["user", "submitted_at"], name="response_user"),
        ]

    def __str__(self) -> str:
        return f"Response {self.reference}"

    @property
    def is_staff_entry(self) -> bool:
        return self.entry_source != EntrySource.ONLINE

    @property
    def entry_description(self) -> str:
        """'Entered by staff (paper), Sam Jones, 2 December 2026' ("" for online)."""
        if not self.is_staff_entry:
            return ""
        user = self.entered_by
        who = (user.get_full_name() or user.get_username()) if user else "former staff"
        parts = [f"Entered by staff ({self.get_entry_source_display().lower()})", who]
        if self.entered_at:
            parts.append(format_date(self.entered_at))
        if self.entry_note:
            parts.append(self.entry_note)
        return ", ".join(parts)


class Answer(models.Model):
    """One answer to one question, with the question as it was when answered.

    `question_id` is the survey block's id. The snapshot (label, hint, type, options and
    settings) means editing or reordering a live survey never changes what this answer meant.
    Values: free text in `value_text`; every choice-type answer (single, multiple, scale, yes or
    no, about-you) as a list of the chosen option labels in `value_choices` (single-choice
    answers also in `value_text`); ranking as the options in ranked order in `value_choices`;
    numbers in `value_number`. 'Other, please say' text goes in `value_text`.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    question_label = models.CharField(max_length=250)
    question_hint = models.CharField(max_length=400, blank=True)
    question_type = models.CharField(max_length=30)
    question_options = models.JSONField(default=list, blank=True)
    question_settings = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField()
    value_text = models.TextField(blank=True)
    value_choices = models.JSONField(default=list, blank=True)
    value_number = models.IntegerField(null=True, blank=True)
    priority_areas = models.ManyToManyField(PriorityArea, blank=True, related_name="answers")
    tags = TaggableManager(through="consultations.TaggedAnswer", blank=True)

    class Meta:
        ordering = ["response", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_answer_per_question"
            )
        ]
        indexes = [
            models.Index(fields=["question_id"], name="answer_question"),
            models.Index(fields=["question_type"], name="answer_type"),
            # From the coding tables (which name answers) to responses without reading the
            # answers themselves: the priority area and tag filters, the coded-answer counts.
            models.Index(fields=["id", "response"], name="answer_to_response"),
            # Free text worth coding (own words, including "Other, please say"), by
            # response: coding progress and the coding queue.
            models.Index(
                fields=["response", "id"],
                condition=models.Q(question_type__in=OWN_WORDS_TYPES) & ~models.Q(value_text=""),
                name="answer_free_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_label}: {self.display_value}"

    @property
    def block(self):
        """The question block that reads this answer's stored type."""
        return question_block(self.question_type)

    @property
    def display_value(self) -> str:
        return self.block.display(self.value_text, self.value_choices, self.value_number)

    @property
    def holds_own_words(self) -> bool:
        """Whether this answer holds words the person typed (offered for coding)."""
        return self.block.holds_own_words and bool(self.value_text)


class SeenQuestion(models.Model):
    """A question on the route a response took: the person was asked it, answered or not.
    With routes (skip logic) not everyone sees every question, so the dashboard says how many
    saw each one next to how many answered. Question ids only: nothing about the person."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="seen_questions")
    question_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question_id"], name="seen_once")
        ]

    def __str__(self) -> str:
        return f"{self.response} saw {self.question_id}"


class TaggedResponse(TaggedItemBase):
    tag = models.ForeignKey(FeedbackTag, on_delete=models.CASCADE, related_name="tagged_responses")
    content_object = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="tagged_items"
    )


class TaggedAnswer(TaggedItemBase):
    tag = models.ForeignKey(FeedbackTag, on_delete=models.CASCADE, related_name="tagged_answers")
    content_object = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="tagged_items"
    )


class ResponseDraft(models.Model):
    """A signed-in resident's unfinished answers, so they can leave and come back.

    `draft_key` names the answers, as a continue-later link's does: every device that saves
    or loads them carries it. Sending them empties `answers` and adds the key to
    `sent_keys`, so another device still holding the same answers can neither save them
    back nor send them again (consultations.services.submit_response). A new set of answers
    gets a new key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_drafts"
    )
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="drafts"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    draft_key = models.CharField(max_length=32, blank=True)
    sent_keys = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "consultation"], name="one_draft_per_user")
        ]

    def __str__(self) -> str:
        return f"Draft for {self.consultation_id} by {self.user_id}"


class ContinueLaterLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links that still restore answers: not expired and not used to send them."""
        return self.filter(expires_at__gt=now or timezone.now(), used_at__isnull=True)


class ContinueLaterLink(models.Model):
    """A private link, sent by email, that restores unfinished answers. Only a hash of the
    token is kept, and no email address: whoever holds the link can continue.

    It ends when its answers are sent (the answers are deleted and `used_at` set, so the
    link can say it was used and no second browser can send them again), when the account
    that made or resumed it is deleted (`user`, CASCADE), or when it expires; expired rows
    are deleted by the hourly purge."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="continue_later_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="continue_later_links",
        help_text="The signed-in resident who made or resumed the link, if any.",
    )
    used_at = models.DateTimeField(null=True, blank=True)
    # The same unfinished answers carried by several links and browsers share one key, so
    # between them they can be sent only once (consultations.services.submit_response).
    draft_key = models.CharField(max_length=32, blank=True)

    objects = ContinueLaterLinkQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["expires_at"], name="continue_link_expiry"),
            models.Index(fields=["consultation", "draft_key"], name="continue_link_draft"),
        ]

    def __str__(self) -> str:
        return f"Continue-later link for {self.consultation_id}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()
