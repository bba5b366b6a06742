"""The people who book places on events, and each event's capacity lock."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .pages import EventPage


class EventCapacity(models.Model):
    """One row per event, locked with SELECT ... FOR UPDATE while places change hands.

    Locking the page row itself would also lock it against editors and Wagtail's own updates,
    so bookings serialise on this small row instead. See docs/decisions/0007.
    """

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="capacity_lock")

    class Meta:
        verbose_name_plural = "event capacities"

    def __str__(self) -> str:
        return f"Capacity lock for {self.event_id}"


class RegistrationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A signed-in person's bookings, soonest event first."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).select_related("event").order_by("event__start", "pk")

    def active(self):
        """Bookings still in play: held, confirmed, waitlisted or attended."""
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def holding_a_place(self):
        """Bookings that use up one of the event's places."""
        return self.filter(status__in=Registration.PLACE_STATUSES)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("pk")


def new_token_nonce() -> str:
    return secrets.token_urlsafe(24)


# No 0/O or 1/I, so a reference read out at a noisy door, or copied from a phone, is
# never ambiguous. 32 symbols, 6 long: about a billion references per event.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6


def new_reference() -> str:
    """A random booking reference. Unique per event: services.free_reference checks."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Registration(models.Model):
    """One person's place (or waiting-list spot) at one event."""

    class Status(models.TextChoices):
        HELD = "held", "Waiting for parent or carer"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"

    PLACE_STATUSES = (Status.HELD, Status.CONFIRMED, Status.ATTENDED)
    ACTIVE_STATUSES = (*PLACE_STATUSES, Status.WAITLISTED)

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    first_name = models.CharField(max_length=80)
    email = models.EmailField(help_text="Stored in lower case.")
    access_needs = models.TextField(blank=True)
    under_16 = models.BooleanField(default=False)
    parent_name = models.CharField(max_length=80, blank=True)
    parent_email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)

    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    parent_confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Secret input to the manage-link HMAC. Replaced on anonymisation, which kills old links.
    token_nonce = models.CharField(max_length=64, default=new_token_nonce, editable=False)
    # Said or shown at the door (docs/decisions/0028-check-in-at-the-door.md).
    reference = models.CharField(max_length=REFERENCE_LENGTH, default=new_reference, editable=False)
    # Added at the door by a coordinator: no email, already attended, counted separately.
    walk_in = models.BooleanField(default=False)
    # The walk-in form's one-time key, so a retried POST adds the person once.
    walk_in_key = models.CharField(max_length=32, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(
                    status__in=["held", "confirmed", "waitlisted", "attended"],
                    anonymised_at__isnull=True,
                    walk_in=False,
                ),
                name="events_one_active_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "reference"], name="events_one_reference_per_event"
            ),
            models.UniqueConstraint(
                fields=["event", "walk_in_key"],
                condition=~models.Q(walk_in_key=""),
                name="events_one_walk_in_per_key",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]
        permissions = [
            ("view_attendees", "Can see attendee lists for their own network's events"),
            ("view_all_attendees", "Can see attendee lists for every event"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name or 'Anonymised'} at {self.event_id} ({self.status})"

    # Manage and consent links: an HMAC keyed on SECRET_KEY, salted with the registration's
    # id, over a random nonce. The database alone cannot produce a link, and a link for one
    # booking never validates for another.
    def _token(self, purpose: str) -> str:
        return salted_hmac(
            f"events.{purpose}.{self.pk}", self.token_nonce, algorithm="sha256"
        ).hexdigest()

    @property
    def manage_token(self) -> str:
        return self._token("manage-booking")

    @property
    def consent_token(self) -> str:
        return self._token("parent-consent")

    def check_manage_token(self, token: str) -> bool:
        return constant_time_compare(self.manage_token, token or "")

    def check_consent_token(self, token: str) -> bool:
        return constant_time_compare(self.consent_token, token or "")

    def get_manage_path(self) -> str:
        return reverse("events:manage_booking", args=[self.pk, self.manage_token])

    def get_consent_path(self) -> str:
        return reverse("events:parent_consent", args=[self.pk, self.consent_token])

    def get_cancel_path(self) -> str:
        return reverse("events:cancel_booking", args=[self.pk, self.manage_token])

    def get_calendar_path(self) -> str:
        return reverse("events:booking_ics", args=[self.pk, self.manage_token])

    # The QR code's check-in link: Django signing, salted with the nonce so anonymisation
    # kills it too. It only says which booking; only a coordinator's session can act on it.
    def _check_in_signer(self) -> signing.Signer:
        return signing.Signer(salt=f"events.check-in.{self.token_nonce}")

    @property
    def check_in_token(self) -> str:
        return self._check_in_signer().sign(str(self.pk))

    def check_check_in_token(self, token: str) -> bool:
        try:
            return self._check_in_signer().unsign(token or "") == str(self.pk)
        except signing.BadSignature:
            return False

    def get_check_in_path(self) -> str:
        return reverse("event_attendees:scan", args=[self.check_in_token])

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.PLACE_STATUSES

    @property
    def can_see_joining_link(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.ATTENDED)

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Registration.objects.filter(
                event_id=self.event_id, status=self.Status.WAITLISTED, pk__lte=self.pk
            ).count()
            or None
        )


CONSENT_HOLD = timedelta(hours=48)
