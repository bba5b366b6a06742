"""Messages a coordinator sends to the people booked on an event (decision 0035)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .pages import EventPage
from .registrations import Registration

SUBJECT_MAX_LENGTH = 120
BODY_MAX_LENGTH = 3000


class AttendeeMessageQuerySet(models.QuerySet):
    def for_event(self, event):
        """An event's messages, newest first, with who sent them."""
        return self.filter(event=event).select_related("sent_by").order_by("-sent_at", "-pk")

    def sent_since(self, event, since):
        return self.filter(event=event, sent_at__gte=since)


class AttendeeMessage(models.Model):
    """One message to a chosen group of an event's bookings: who sent it, when, to whom and
    what it said. Each recipient gets their own email through the outbox."""

    class Audience(models.TextChoices):
        PLACES = "places", "People with a place (confirmed or attended)"
        WAITLIST = "waitlist", "People on the waiting list"
        AWAITING_CONSENT = "awaiting_consent", "People waiting for a parent or carer to agree"

    # Which registration statuses each audience reaches.
    AUDIENCE_STATUSES = {
        Audience.PLACES: (Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
        Audience.WAITLIST: (Registration.Status.WAITLISTED,),
        Audience.AWAITING_CONSENT: (Registration.Status.HELD,),
    }

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="attendee_messages")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    audiences = models.JSONField(default=list, help_text="Audience values, e.g. ['places'].")
    sender_name = models.CharField(max_length=150)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    recipient_count = models.PositiveIntegerField(default=0)
    # Set once every recipient's email is in the outbox, so a retried task sends nothing twice.
    emails_queued_at = models.DateTimeField(null=True, blank=True)
    # The preview page's one-time key: a double click or a resent form sends the message once.
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = AttendeeMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["event", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.event_id}, {self.sent_at:%Y-%m-%d %H:%M})"

    @classmethod
    def statuses_for(cls, audiences) -> list[str]:
        return [status for audience in audiences for status in cls.AUDIENCE_STATUSES[audience]]

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [labels.get(audience, audience) for audience in self.audiences]
