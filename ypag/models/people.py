"""The people side of the YPAG: member profiles with recorded photo consent, expressions of
interest (private to staff) and the link between a network and its coordinators' group."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from home.formatting import format_date, format_datetime


class MemberProfileQuerySet(models.QuerySet):
    def visible(self):
        """Profiles that may appear on the public site, in the order editors chose."""
        return self.filter(is_visible=True).select_related("borough", "photo")


class MemberProfile(models.Model):
    """A YPAG member as shown on the public site. Chosen first name only: nothing identifying
    is required, and a profile can be hidden (untick "Show on the website") or deleted at once.

    A photo is shown only while a photo consent covering the website is recorded and not
    withdrawn (`can_show_photo`); `clean()` refuses a photo without one.
    """

    first_name = models.CharField(
        max_length=40,
        help_text="The first name the member chose to use. Never a surname or a nickname "
        "that could identify them.",
    )
    role = models.CharField(
        max_length=80,
        blank=True,
        help_text="What they do in the group, for example 'Online harms lead'. Optional.",
    )
    borough = models.ForeignKey(
        "home.Borough",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only if the member is happy for people to know where they live. Optional.",
    )
    about = models.TextField(
        blank=True,
        max_length=400,
        help_text="A sentence or two in the member's own words. Optional.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only add a photo after recording the member's photo consent. Optional.",
    )
    photo_alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the photo for people who cannot see it. Required if there is a photo.",
    )
    is_visible = models.BooleanField(
        default=True,
        verbose_name="Show on the website",
        help_text="Untick to hide this profile from the website straight away.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are shown first."
    )

    objects = MemberProfileQuerySet.as_manager()

    panels = [
        FieldPanel("first_name"),
        FieldPanel("role"),
        FieldPanel("borough"),
        FieldPanel("about"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt_text")],
            heading="Photo (only with recorded consent)",
        ),
        FieldPanel("is_visible"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "first_name"]
        verbose_name = "YPAG member profile"

    def __str__(self) -> str:
        return self.first_name

    def active_photo_consent(self) -> "PhotoConsent | None":
        """The recorded consent that lets us show this member's photo on the website."""
        if self.pk is None:
            return None
        return self.photo_consents.covering_website().first()

    def can_show_photo(self) -> bool:
        """True only with a photo, its alt text and a current consent. Templates use this."""
        return bool(
            self.photo_id and self.photo_alt_text and self.active_photo_consent() is not None
        )

    def clean(self):
        super().clean()
        if " " in self.first_name.strip():
            raise ValidationError({"first_name": "Use a first name only, with no surname."})
        if self.photo_id:
            errors = {}
            if not self.photo_alt_text.strip():
                errors["photo_alt_text"] = "Describe the photo for people who cannot see it."
            if self.active_photo_consent() is None:
                errors["photo"] = (
                    "Record the member's photo consent first (YPAG > Photo consents), "
                    "then add the photo."
                )
            if errors:
                raise ValidationError(errors)


class PhotoConsentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)

    def covering_website(self):
        return self.current().filter(
            scope__in=[PhotoConsent.Scope.WEBSITE, PhotoConsent.Scope.WEBSITE_AND_SOCIAL]
        )


class PhotoConsent(models.Model):
    """A record that a member (or, for under-16s, their parent or carer) agreed to their
    photo being used, for what, and when. Withdrawing it hides the photo at once."""

    class GivenBy(models.TextChoices):
        MEMBER = "member", "The member"
        PARENT_CARER = "parent_carer", "Their parent or carer"

    class Scope(models.TextChoices):
        WEBSITE = "website", "This website only"
        WEBSITE_AND_SOCIAL = "website_and_social", "This website and VRU social media"
        PRINT_ONLY = "print_only", "Printed material only (not the website)"

    profile = models.ForeignKey(
        MemberProfile,
        on_delete=models.CASCADE,
        related_name="photo_consents",
        help_text="The member this consent is for.",
    )
    given_by = models.CharField(
        max_length=20, choices=GivenBy.choices, help_text="Who gave the consent."
    )
    given_on = models.DateField(help_text="The date consent was given.")
    scope = models.CharField(
        max_length=30, choices=Scope.choices, help_text="Where the photo may be used."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who recorded this consent.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Fill this in as soon as consent is withdrawn: the photo disappears at once.",
    )
    notes = models.TextField(
        blank=True, help_text="Where the signed form is kept. No personal details here."
    )

    objects = PhotoConsentQuerySet.as_manager()

    panels = [
        FieldPanel("profile"),
        FieldPanel("given_by"),
        FieldPanel("given_on"),
        FieldPanel("scope"),
        FieldPanel("recorded_by"),
        FieldPanel("withdrawn_at"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["-given_on"]
        verbose_name = "photo consent"

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_scope_display()} ({format_date(self.given_on)})"

    def clean(self):
        super().clean()
        if self.given_on and self.given_on > timezone.localdate():
            raise ValidationError(
                {"given_on": "The date consent was given cannot be in the future."}
            )


class YPAGInterest(models.Model):
    """A young person's expression of interest in joining the YPAG. Personal data: visible
    only to staff with the "view" permission on this model, never on the public site."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    age = models.PositiveSmallIntegerField(help_text="Age when they asked.")
    borough = models.ForeignKey(
        "home.Borough",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where they live, if they told us.",
    )
    reason = models.TextField(max_length=2000, help_text="Why they want to join, in their words.")
    contact_email = models.EmailField(help_text="How we reply to them.")
    consent = models.BooleanField(help_text="They agreed that we may store this and contact them.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "YPAG expression of interest"
        verbose_name_plural = "YPAG expressions of interest"

    def __str__(self) -> str:
        return f"Expression of interest {format_datetime(self.created_at, short=True)}"


class NetworkCoordinator(models.Model):
    """Says that a person coordinates a network. The record is the source of truth: saving or
    deleting it puts the person in (or takes them out of) the network's coordinator group,
    which is what lets them edit that network's page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_networks",
        help_text="The staff account of the coordinator.",
    )
    network = models.ForeignKey(
        "home.Network",
        on_delete=models.CASCADE,
        related_name="coordinators",
        help_text="The network they coordinate. They can edit its page and see its events' "
        "attendees.",
    )

    panels = [FieldPanel("user"), FieldPanel("network")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="ypag_one_coordinator_row")
        ]
        verbose_name = "network coordinator"

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.network}"

    def save(self, *args, **kwargs):
        from ypag import services

        with transaction.atomic():
            super().save(*args, **kwargs)
            services.sync_coordinator_groups(self.user)

    def delete(self, *args, **kwargs):
        from ypag import services

        user = self.user
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            services.sync_coordinator_groups(user)
        return result


class NetworkCoordinatorGroup(models.Model):
    """The Wagtail group whose members coordinate one network. Membership of the group is what
    lets someone edit that network's page (see docs/decisions/0005-roles-and-review.md)."""

    network = models.OneToOneField(
        "home.Network", on_delete=models.CASCADE, related_name="coordinator_group"
    )
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="coordinated_network"
    )

    class Meta:
        verbose_name = "network coordinator group"

    def __str__(self) -> str:
        return self.group.name
