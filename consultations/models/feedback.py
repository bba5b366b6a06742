"""What staff add while working through feedback: notes, highlighted quotes and a record of
every export. Moderation and tagging history lives in Wagtail's audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from home.models import PriorityArea
from language.redaction import redact

from .responses import Answer, Response


class StaffNote(models.Model):
    """A note an analyst leaves on a response for colleagues. Never shown to the public."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note on {self.response_id}"


class QuoteQuerySet(models.QuerySet):
    def visible(self):
        """Quotes from counted responses: not hidden as spam or abuse, not withdrawn."""
        return self.filter(answer__response__in=Response.objects.counted().values("pk"))


class Quote(models.Model):
    """An answer, or a passage of it, marked to use in reports. `text` may carry manual
    redactions (names, places); it is always shown through `redact()` as well."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(max_length=2000)
    priority_area = models.ForeignKey(
        PriorityArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_text[:60]

    @property
    def display_text(self) -> str:
        return redact(self.text)


class FeedbackExport(models.Model):
    """One download of feedback: who, when, what filters, how many rows. Each is also written
    to Wagtail's audit log."""

    class Kind(models.TextChoices):
        RESPONSES = "responses", "Responses"
        ANSWERS = "answers", "Coded answers"

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_format = models.CharField(max_length=10)
    filters = models.JSONField(default=dict, blank=True)
    redacted = models.BooleanField(default=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_format} export"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Exports a user may see: their own, or everyone's for feedback managers."""
        if user.has_perm("consultations.manage_feedback_exports"):
            return self
        return self.filter(requested_by=user)

    def expired(self, now):
        return self.filter(expires_at__lte=now).exclude(status=ExportJob.Status.EXPIRED)


class ExportJob(models.Model):
    """A large export prepared by a background task and kept, for a few days, as a file in
    private storage (`settings.PRIVATE_EXPORT_ROOT`, never under the public media URL)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired (file deleted)"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=FeedbackExport.Kind.choices)
    file_format = models.CharField(max_length=10)
    query = models.JSONField(
        default=dict, blank=True, help_text="The listing filters as submitted, to rebuild them."
    )
    filters = models.JSONField(default=dict, blank=True, help_text="The filters, readable.")
    redacted = models.BooleanField(default=True)
    coded_only = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    row_count = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True, help_text="In PRIVATE_EXPORT_ROOT.")
    file_size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    record = models.OneToOneField(
        FeedbackExport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job",
        help_text="The audited export, once the file is made.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="export_job_requester"),
            models.Index(fields=["expires_at"], name="export_job_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_format} export #{self.pk}"

    def is_downloadable(self, now=None) -> bool:
        return (
            self.status == self.Status.DONE
            and bool(self.file_name)
            and (self.expires_at is None or self.expires_at > (now or timezone.now()))
        )


class SynthesisCount(models.Model):
    """A running total behind the synthesis dashboard: how many counted responses (not hidden,
    not withdrawn) of one consultation fall under one `measure` and `key` (and `option`).

    Kept by `consultations.feedback.counts`, in the same transaction as every write that
    changes what the dashboard shows (submitting, withdrawing, moderating, deleting, coding,
    merging tags), so the unfiltered dashboard reads a few hundred rows instead of aggregating
    every answer. Filtered dashboards still aggregate the answers themselves.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    measure = models.CharField(max_length=20)
    key = models.CharField(max_length=64, blank=True)
    option = models.CharField(max_length=250, blank=True)
    count = models.IntegerField(default=0)
    # For measure "question" only: the question as answered (as the live aggregates read it).
    question_label = models.CharField(max_length=250, blank=True)
    question_type = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "measure", "key", "option"], name="one_synthesis_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.key} {self.option}: {self.count}"
