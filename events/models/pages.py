"""Event pages: the events index and each event.

Operational state (who booked, the capacity lock) lives in ordinary models, never on the page:
page fields are overwritten whenever an editor publishes a revision.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events.page_forms import EventPageForm
from home.blocks import BodyBlock
from home.models import Borough, Network, PriorityArea

# Reminders are found by looking this far ahead, so the lead time is capped at it.
MAX_REMINDER_HOURS = 7 * 24


class EventIndexPage(Page):
    """Lists upcoming events (filterable by network, borough and priority area) and, on a
    separate listing, past events."""

    introduction = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event listing page"

    def get_context(self, request, *args, **kwargs):
        from events.views import event_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing_context(self, request))
        return context


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not finished yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that have finished, most recent first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def for_network(self, network):
        """Events run for a network's members (not every open event)."""
        return self.filter(networks=network)

    def for_priority_area(self, area):
        return self.filter(priority_areas=area)

    def for_borough(self, borough):
        return self.filter(borough=borough)


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPage(Page):
    """One event people can book a place on: in person at a venue, or online."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    class StepFreeAccess(models.TextChoices):
        YES = "yes", "Yes, there is step-free access"
        NO = "no", "No step-free access"
        UNKNOWN = "unknown", "Not known yet"

    summary = models.TextField(
        max_length=300, help_text="One or two plain-English sentences for listings and emails."
    )
    description = StreamField(BodyBlock(), blank=True, use_json_field=True)
    start = models.DateTimeField(help_text="London time.")
    end = models.DateTimeField(help_text="London time.")

    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue_name = models.CharField(max_length=150, blank=True)
    venue_address = models.TextField(blank=True, help_text="Full address with postcode.")
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    step_free_access = models.CharField(
        max_length=10, choices=StepFreeAccess.choices, default=StepFreeAccess.UNKNOWN
    )
    access_information = models.TextField(
        blank=True,
        help_text="Toilets, quiet space, hearing loop, interpreters, travel help and so on.",
    )
    joining_link = models.URLField(
        blank=True,
        help_text="For online events. Only people with a confirmed place ever see it.",
    )

    open_to_all = models.BooleanField(
        default=True, help_text="Untick if the event is only for members of the networks below."
    )
    networks = ParentalManyToManyField(Network, blank=True, related_name="events")
    priority_areas = ParentalManyToManyField(PriorityArea, blank=True, related_name="events")
    minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )

    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit on places."
    )
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to open booking as soon as it is published."
    )
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to close booking when the event starts."
    )
    waitlist_enabled = models.BooleanField(
        default=True, help_text="When the event is full, people can join a waiting list."
    )
    parent_consent_for_under_16s = models.BooleanField(
        default=False,
        help_text="Under-16s need a parent or carer to confirm by email before their place "
        "is confirmed.",
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REMINDER_HOURS)],
        help_text="How many hours before the start to send a reminder.",
    )
    anonymise_after_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Days after the event when attendees' names, emails and access needs are "
        "removed. Counts and attendance stay.",
    )

    objects = EventPageManager()
    base_form_class = EventPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("borough"),
                FieldPanel("step_free_access"),
                FieldPanel("access_information"),
                FieldPanel("joining_link"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("open_to_all"),
                FieldPanel("networks"),
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("priority_areas"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("waitlist_enabled"),
                FieldPanel("parent_consent_for_under_16s"),
                FieldPanel("reminder_hours_before"),
                FieldPanel("anonymise_after_days"),
            ],
            heading="Booking",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The end must be after the start."
        if self.format == self.Format.ONLINE and not self.joining_link:
            errors["joining_link"] = "Add the link people use to join the online event."
        if self.format == self.Format.IN_PERSON and not self.venue_address:
            errors["venue_address"] = "Add the venue's address."
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.maximum_age < self.minimum_age
        ):
            errors["maximum_age"] = "The oldest age must not be less than the youngest age."
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = "Booking must close after it opens."
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self) -> bool:
        return self.format == self.Format.ONLINE

    @property
    def location_text(self) -> str:
        """Where the event is, for listings and calendars. Never the joining link."""
        if self.is_online:
            return "Online"
        parts = [self.venue_name, " ".join(self.venue_address.split())]
        return ", ".join(part for part in parts if part)

    @property
    def age_range_text(self) -> str:
        if self.minimum_age is not None and self.maximum_age is not None:
            return f"Ages {self.minimum_age} to {self.maximum_age}"
        if self.minimum_age is not None:
            return f"Ages {self.minimum_age} and over"
        if self.maximum_age is not None:
            return f"Ages up to {self.maximum_age}"
        return "All ages"

    @property
    def effective_registration_close(self):
        return self.registration_closes_at or self.start

    def registration_state(self, now=None) -> str:
        """'not_yet_open', 'open', 'closed' or 'finished'."""
        now = now or timezone.now()
        if self.end and self.end < now:
            return "finished"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        if now >= self.effective_registration_close:
            return "closed"
        return "open"

    def places_taken(self) -> int:
        return self.registrations.holding_a_place().count()

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken(), 0)

    def get_context(self, request, *args, **kwargs):
        from events.views import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from events.views import book_place_view

            return book_place_view(self, request)
        return super().serve(request, *args, **kwargs)
