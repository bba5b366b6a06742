"""Accounts' own records: which sessions a user has open, email updates for people without
an account, and requests for a document in another format."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

from home.models import Network, PriorityArea


class UserSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every session we know the user has signed in with."""
        return self.filter(user=user)


class UserSession(models.Model):
    """A session key a user signed in with, so other sessions can be ended on the server
    when the password or MFA changes (the session store cannot be searched by user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "signed-in session"

    def __str__(self) -> str:
        return f"Session for user {self.user_id}"


def new_confirm_token() -> str:
    return secrets.token_urlsafe(32)


class UpdatesSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """People who confirmed their address and have not unsubscribed."""
        return self.filter(status=UpdatesSubscription.Status.CONFIRMED)


class UpdatesSubscription(models.Model):
    """Someone without an account who asked for emails about new consultations and events.

    Double opt-in: nothing is sent except the confirmation email until they click its link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(unique=True)
    priority_areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+")
    networks = models.ManyToManyField(Network, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    confirm_token = models.CharField(max_length=64, unique=True, default=new_confirm_token)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = UpdatesSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "email updates subscription"

    def __str__(self) -> str:
        return f"Updates subscription {self.pk} ({self.get_status_display()})"


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
