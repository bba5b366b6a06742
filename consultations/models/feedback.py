"""What staff add while working through feedback: notes, highlighted quotes and a record of
every export. Moderation and tagging history lives in Wagtail's audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from home.models import PriorityArea
from home.redaction import redact

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
        """Quotes from responses that are not hidden as spam or abuse."""
        return self.exclude(answer__response__moderation_status=Response.ModerationStatus.HIDDEN)


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
