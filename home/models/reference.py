"""Reference data every app shares: the five priority areas, boroughs, networks, partners
and the support services shown wherever people might need help."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.phone import PHONE_INVALID, normalise_helpline


class PriorityAreaQuerySet(models.QuerySet):
    def in_strategy_order(self):
        """The five areas in the order the strategy numbers them."""
        return self.order_by("number")


class PriorityArea(index.Indexed, models.Model):
    """One of the five priority areas of the VRU strategy. Feedback is coded against these.

    A fixed reference table (created by a data migration), not free tags: staff may edit the
    wording but not add or remove areas.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=40, help_text="A few words used in filters, tags and chart labels."
    )
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(help_text="Two or three plain-English sentences.")
    key_interventions = models.TextField(
        blank=True, help_text="One intervention per line, in plain English."
    )
    outcomes = models.TextField(
        blank=True, help_text="What we want to change, one outcome per line."
    )
    policies_supported = models.TextField(
        blank=True, help_text="Policies and plans this area supports, one per line."
    )

    objects = PriorityAreaQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("summary"),
        FieldPanel("key_interventions"),
        FieldPanel("outcomes"),
        FieldPanel("policies_supported"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("summary")]

    class Meta:
        ordering = ["number"]
        verbose_name = "priority area"

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def intervention_list(self) -> list[str]:
        return self._lines(self.key_interventions)

    @property
    def outcome_list(self) -> list[str]:
        return self._lines(self.outcomes)


class Borough(models.Model):
    """One of London's 33 local authorities (32 boroughs and the City of London)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_city_of_london = models.BooleanField(default=False)

    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "boroughs"

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        HOUSING_ASSOCIATION = "housing_association", "Housing association"
        CHARITY = "charity", "Charity or voluntary group"
        PUBLIC_BODY = "public_body", "Public body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class NetworkQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def for_borough(self, borough: "Borough"):
        """Networks based in a borough or working across it."""
        return self.filter(models.Q(borough=borough) | models.Q(boroughs=borough)).distinct()


class Network(models.Model):
    """A group the VRU works with: the YPAG, a borough's parent and carer champion network,
    the Housing Association Youth Network or a MyEnds community network."""

    class Kind(models.TextChoices):
        YPAG = "ypag", "Young People's Action Group"
        PARENT_CARER = "parent_carer", "Parent and carer champion network"
        HOUSING_YOUTH = "housing_youth", "Housing Association Youth Network"
        MYENDS = "myends", "MyEnds community network"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    borough = models.ForeignKey(
        Borough,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_networks",
        help_text="The borough this network belongs to, if it belongs to one.",
    )
    boroughs = models.ManyToManyField(
        Borough,
        blank=True,
        related_name="networks_working_here",
        help_text="Boroughs a London-wide network works in.",
    )
    partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="networks")
    summary = models.TextField(blank=True)
    how_to_join = models.TextField(blank=True, help_text="Plain-English steps to get involved.")

    objects = NetworkQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("borough"),
        FieldPanel("boroughs"),
        FieldPanel("partners"),
        FieldPanel("summary"),
        FieldPanel("how_to_join"),
    ]

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class SupportService(models.Model):
    """A helpline or service we signpost to: in the footer, on the get-help page and beside
    sensitive questions."""

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=200, help_text="Who it is for, in a few words.")
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    is_emergency = models.BooleanField(
        default=False, help_text="Emergency services are shown first and highlighted."
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("is_emergency"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["-is_emergency", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    CACHE_KEY = "home:support-services:v1"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        return result

    def clean(self):
        super().clean()
        if self.phone:
            phone = normalise_helpline(self.phone)
            if phone is None:
                raise ValidationError({"phone": f"{PHONE_INVALID}, or a short number like 116 123"})
            self.phone = phone

    @classmethod
    def cached_list(cls) -> list["SupportService"]:
        """All services, cached: they are on every page and change rarely."""
        services = cache.get(cls.CACHE_KEY)
        if services is None:
            services = list(cls.objects.all())
            cache.set(cls.CACHE_KEY, services, 600)
        return services

    @classmethod
    def first_helpline(cls) -> "SupportService | None":
        """The first service that is not an emergency number, in the editors' order: the one
        the short get-help panel names beside 999."""
        return next((service for service in cls.cached_list() if not service.is_emergency), None)

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
