"""Requests for a document in another format (large print, easy read, audio, BSL...)."""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel


class AccessibleFormatRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests not yet marked done, the soonest due first."""
        return self.filter(is_done=False).order_by("due_date", "created_at")


class AccessibleFormatRequest(models.Model):
    """Someone asked for a document in another format. Staff answer within 5 working days."""

    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        AUDIO = "audio", "Audio"
        BRAILLE = "braille", "Braille"
        BSL_VIDEO = "bsl_video", "British Sign Language (BSL) video"
        OTHER = "other", "Something else"

    document = models.CharField(max_length=255, help_text="Which document or page.")
    document_url = models.CharField(max_length=500, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices)
    format_details = models.CharField(
        max_length=255, blank=True, help_text="What the person asked for, if something else."
    )
    assistive_technology = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=100)
    contact = models.CharField(max_length=255, help_text="Email address or phone number.")
    created_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField()
    is_done = models.BooleanField(
        "done", default=False, help_text="Tick when the person has their document."
    )
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    staff_notes = models.TextField(blank=True)

    objects = AccessibleFormatRequestQuerySet.as_manager()

    panels = [
        FieldPanel("document"),
        FieldPanel("document_url"),
        FieldPanel("format"),
        FieldPanel("format_details"),
        FieldPanel("assistive_technology"),
        FieldPanel("name"),
        FieldPanel("contact"),
        FieldPanel("due_date"),
        FieldPanel("is_done"),
        FieldPanel("staff_notes"),
    ]

    class Meta:
        ordering = ["due_date", "created_at"]
        verbose_name = "accessible format request"

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.document}"

    def save(self, *args, **kwargs):
        # The admin edit form only has the tick box; keep the time it was ticked.
        if self.is_done and self.done_at is None:
            self.done_at = timezone.now()
        elif not self.is_done:
            self.done_at = None
        super().save(*args, **kwargs)
