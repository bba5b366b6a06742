"""Commitments: each thing the VRU said it would do, its progress and its public page."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.text import slugify

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin

from consultations.models import ConsultationPage
from home.models import PriorityArea

from .blocks import CommitmentStatus, ProgressUpdatesBlock


@dataclass(frozen=True)
class ProgressUpdate:
    """One update of a commitment's history, read from its block. `key` is the block's id,
    the same in every revision."""

    key: str
    date: datetime.date
    note: str
    status: str

    @property
    def status_label(self) -> str:
        return CommitmentStatus.LABELS.get(self.status, "")


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published commitments (their live content is the row)."""
        return self.filter(live=True)

    def for_consultation(self, consultation):
        return self.filter(consultation=consultation)

    def for_priority_area(self, area: PriorityArea):
        return self.filter(priority_areas=area).distinct()

    def with_status(self, status: str):
        return self.filter(status=status)


class Commitment(DraftStateMixin, RevisionMixin, ClusterableModel):
    """Something the VRU said it would do, usually after a consultation.

    A snippet with drafts and revisions: only the published version is public, and each
    published progress update is emailed once to everyone who asked to hear back from the
    consultation (commitments.services).
    """

    Status = CommitmentStatus

    title = models.CharField(max_length=200, help_text="What we will do, in a few words.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="The end of its web address. Leave empty to make it from the title.",
    )
    what_we_said = models.TextField(
        "what we said we would do",
        help_text="The promise as we made it, in plain English.",
    )
    consultation = models.ForeignKey(
        ConsultationPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The consultation this answers, if any. People who asked to hear back from "
        "it are emailed each new progress update.",
    )
    priority_areas = ParentalManyToManyField(PriorityArea, blank=True, related_name="+")
    owner = models.CharField(
        "who is responsible",
        max_length=120,
        help_text="A team or role, for example 'VRU Youth Programmes team'. Shown publicly: "
        "never a person's name or contact details.",
    )
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.CHOICES, default=CommitmentStatus.PLANNED
    )
    reason_not_going_ahead = models.TextField(
        "why it is not going ahead",
        blank=True,
        help_text="Needed when the status is 'Not going ahead'. Shown publicly.",
    )
    progress = models.PositiveSmallIntegerField(
        "progress (percent)",
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="How far along it is, from 0 to 100.",
    )
    target_date = models.DateField(
        "when we aim to finish", null=True, blank=True, help_text="Leave empty if not known."
    )
    updates = StreamField(
        ProgressUpdatesBlock(),
        blank=True,
        use_json_field=True,
        verbose_name="progress updates",
        help_text="Add an update each time something happens. Publishing a new update emails "
        "the people who asked to hear back from the consultation.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="commitment")

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("what_we_said"),
        MultiFieldPanel(
            [FieldPanel("consultation"), FieldPanel("priority_areas"), FieldPanel("owner")],
            heading="Where it comes from and who does it",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldPanel("reason_not_going_ahead"),
                FieldPanel("target_date"),
            ],
            heading="Where it stands",
        ),
        FieldPanel("updates"),
    ]

    class Meta:
        verbose_name = "commitment"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        errors = {}
        if self.status == CommitmentStatus.NOT_GOING_AHEAD:
            if not self.reason_not_going_ahead.strip():
                errors["reason_not_going_ahead"] = "Say why it is not going ahead."
        elif self.reason_not_going_ahead.strip():
            errors["reason_not_going_ahead"] = (
                "Leave this empty unless the status is 'Not going ahead'."
            )
        if self.status == CommitmentStatus.DONE and self.progress != 100:
            errors["progress"] = "A commitment that is done is 100 percent along."
        if self.status == CommitmentStatus.PLANNED and self.progress == 100:
            errors["progress"] = "A planned commitment cannot be 100 percent along."
        latest = self.latest_update
        if latest is not None and latest.status and latest.status != self.status:
            errors["status"] = (
                f"The newest progress update says '{latest.status_label}': make the status "
                "match it, or change the update."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug(slugify(self.title)[:190] or "commitment")
        super().save(*args, **kwargs)

    def _free_slug(self, base: str) -> str:
        slug, number = base, 1
        while Commitment.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    # --- reads --------------------------------------------------------------------------

    @property
    def status_label(self) -> str:
        return CommitmentStatus.LABELS[self.status]

    def progress_updates(self) -> list[ProgressUpdate]:
        """The history, newest first (by date, then the later one in the list)."""
        found = [
            ProgressUpdate(
                key=block.id,
                date=block.value["date"],
                note=block.value["note"],
                status=block.value.get("status") or "",
            )
            for block in self.updates
            if block.block_type == "update" and block.value.get("date")
        ]
        ordered = sorted(enumerate(found), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
        return [update for _position, update in ordered]

    @property
    def latest_update(self) -> ProgressUpdate | None:
        updates = self.progress_updates()
        return updates[0] if updates else None

    def anchor(self) -> str:
        return f"commitment-{self.slug}"


class CommitmentIndexPage(RoutablePageMixin, Page):
    """ "What we are doing": every published commitment, filterable by priority area and
    status, and one page per commitment with its history (`<slug>/`)."""

    introduction = models.TextField(
        blank=True, help_text="One or two sentences at the top of the page."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "what we are doing page"

    # The views live in commitments.views, attached in CommitmentsConfig.ready().
    route_views = None

    @path("")
    def index_route(self, request):
        return self.route_views.commitment_index(request, self)

    @path("<slug:slug>/")
    def commitment_route(self, request, slug):
        return self.route_views.commitment_detail(request, self, slug)

    def commitment_url(self, commitment: Commitment) -> str:
        return self.url + self.reverse_subpage("commitment_route", kwargs={"slug": commitment.slug})


class HearBackNotice(models.Model):
    """That one person who asked to hear back was emailed about one progress update.

    Holds no email address: `recipient` is a keyed hash of it, so a person with several
    responses is emailed once, and re-running the task emails nobody twice."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    update_key = models.CharField(max_length=64)
    recipient = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "update_key", "recipient"], name="one_notice_per_update"
            )
        ]

    def __str__(self) -> str:
        return f"Notice {self.pk} for commitment {self.commitment_id}"
