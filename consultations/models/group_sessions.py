"""Group sessions: a workshop, youth club or class answering a consultation together on one
connection. Staff create one in the admin and share its link; answers sent through it are
not held to the per-address ceiling and are marked on the response."""

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .pages import ConsultationPage

# Letters and digits that cannot be mistaken for each other when copied from a whiteboard.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 10
# How many more people than expected a session lets in: late arrivals, a shared tablet
# passed round, someone starting again. Past this it falls back to the normal rules.
HEADROOM = 2
LONGEST_WINDOW = timedelta(hours=24)


def new_group_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _day(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _time(moment) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment:%M}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


class GroupSessionQuerySet(models.QuerySet):
    def running(self, now=None):
        """Sessions whose time window is now."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)


class GroupSession(models.Model):
    """A named workshop answering one consultation within a time window, for about
    `expected_people` people. Its link admits up to HEADROOM times that many browsers."""

    name = models.CharField(
        "workshop name",
        max_length=120,
        help_text="For example 'Hackney youth club, Tuesday evening'. Analysts see this name.",
    )
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="group_sessions"
    )
    starts_at = models.DateTimeField("starts", help_text="London time.")
    ends_at = models.DateTimeField(
        "ends", help_text="London time. At most 24 hours after it starts."
    )
    expected_people = models.PositiveSmallIntegerField(
        "expected head count",
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=f"About how many people will answer. Up to {HEADROOM} times this many can "
        "use the link.",
    )
    code = models.CharField(max_length=16, unique=True, default=new_group_code, editable=False)
    # Browsers that opened the link and were let in (each counted once).
    admitted = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = GroupSessionQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        # A plain list of consultations: simpler than the page chooser, and works by keyboard.
        FieldPanel("consultation", widget=forms.Select),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("expected_people"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "group session"
        verbose_name_plural = "group sessions"

    def __str__(self) -> str:
        return f"{self.name} ({_day(timezone.localtime(self.starts_at))})"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError({"ends_at": "The end must be after the start."})
            if self.ends_at - self.starts_at > LONGEST_WINDOW:
                raise ValidationError(
                    {
                        "ends_at": "A group session can last at most 24 hours. Make another one "
                        "for another day."
                    }
                )

    @property
    def capacity(self) -> int:
        return self.expected_people * HEADROOM

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    @property
    def window(self) -> str:
        """For example '1 December 2026, 6:30pm to 8pm' (GOV.UK style)."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        same_day = start.date() == end.date()
        return f"{_day(start)}, {_time(start)} to " + (
            _time(end) if same_day else f"{_day(end)}, {_time(end)}"
        )

    @property
    def starts_display(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{_time(start)} on {_day(start)}"

    @property
    def ends_display(self) -> str:
        end = timezone.localtime(self.ends_at)
        return f"{_time(end)} on {_day(end)}"

    def path(self) -> str:
        return self.consultation.subpage_url("group_route", code=self.code)

    def link(self) -> str:
        """The full address to share with the group."""
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.path()

    link.short_description = "Link to share"
