"""Trained area models and the suggestions they make for free-text answers.

Texts are named generically, as the language layer names them (content type, object id and
key), so any app can ask for suggestions and read them without this app importing it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from home.models import PriorityArea
from language.models import TextVector


class AreaModel(models.Model):
    """One trained suggested-areas model. The parameters are JSON (engine.py), so every
    worker predicts with exactly the same numbers and activating one is one transaction.

    `scope` is what the model is for: empty for the global model, or an object (a
    consultation) whose coded answers trained it, used only for that object's answers.
    """

    model_version = models.CharField(
        max_length=100, db_index=True, help_text="The embedding model its vectors come from."
    )
    scope_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_object_id = models.CharField(max_length=64, blank=True, default="")
    scope = GenericForeignKey("scope_content_type", "scope_object_id")
    parameters = models.JSONField()
    method = models.CharField(max_length=60, default="lr+prototypes")
    seed_examples = models.PositiveIntegerField(default=0)
    coded_examples = models.PositiveIntegerField(
        default=0, help_text="Staff-coded answers it learnt from."
    )
    coded_held_back = models.PositiveIntegerField(
        default=0, help_text="Staff-coded answers held back to score it."
    )
    dev_examples = models.PositiveIntegerField(default=0)
    dev_metrics = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=False)
    notes = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_version"],
                condition=Q(is_active=True, scope_content_type__isnull=True),
                name="assisted_coding_one_active_global_model",
            ),
            models.UniqueConstraint(
                fields=["model_version", "scope_content_type", "scope_object_id"],
                condition=Q(is_active=True, scope_content_type__isnull=False),
                name="assisted_coding_one_active_model_per_scope",
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        scope = (
            f"{self.scope_content_type_id}:{self.scope_object_id}"
            if self.scope_content_type_id
            else "global"
        )
        return f"Area model {self.pk} ({scope}, {'active' if self.is_active else 'inactive'})"

    @property
    def training_examples(self) -> int:
        return self.seed_examples + self.coded_examples

    @property
    def dev_micro_f1(self):
        return (self.dev_metrics or {}).get("micro_f1")


class AreaSuggestion(models.Model):
    """What one area model suggests for one free-text answer: the areas (possibly none, when
    it abstains) and every area's confidence. Never counted as coding until a person accepts
    it. Derived from the answer, so it is deleted with the answer's vector (a cascade), which
    redaction, retention and deletion already forget."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=255)
    vector = models.ForeignKey(TextVector, on_delete=models.CASCADE, related_name="+")
    area_model = models.ForeignKey(AreaModel, on_delete=models.CASCADE, related_name="suggestions")
    text_sha256 = models.CharField(max_length=64)
    areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+")
    confidences = models.JSONField(default=dict, help_text="{area slug: probability}")
    abstain_reason = models.CharField(
        max_length=40, blank=True, help_text="Why no area is suggested (blank when one is)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who accepted these areas as the answer's coding (blank: not accepted).",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vector", "area_model"], name="assisted_coding_one_suggestion_per_model"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Suggestion for {self.content_type_id}:{self.object_id} {self.key!r}"

    def suggested(self) -> list[tuple[str, float]]:
        """(slug, confidence) of the suggested areas, most likely first."""
        slugs = [area.slug for area in self.areas.all()]
        return sorted(
            ((slug, self.confidences.get(slug, 0.0)) for slug in slugs), key=lambda x: -x[1]
        )


class Campaign(models.Model):
    """Answers whose words are the same or nearly the same (a shared template, copy and
    paste, a petition), among the answers of one scope (a consultation). Found by the worker
    (campaigns.py, decision 0024); never deleted by hand: they are reported, not removed."""

    owner_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", help_text="Whose answers."
    )
    scope_object_id = models.CharField(max_length=64, help_text="Which consultation, say.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["owner_content_type", "scope_object_id"])]

    def __str__(self) -> str:
        return f"Campaign {self.pk}"


class CampaignMember(models.Model):
    """One answer in a campaign. Personal data derived from the answer: it goes with the
    answer's vector (a cascade), which redaction, retention and deletion already forget."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    vector = models.OneToOneField(TextVector, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    key = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.content_type_id}:{self.object_id} {self.key!r} in campaign {self.campaign_id}"
        )


class CampaignRun(models.Model):
    """When the worker last looked for campaigns (a sweep, or one scope) and what it found:
    the sweep looks again only where answers have had vectors stored since."""

    owner_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    scope_object_id = models.CharField(max_length=64, blank=True, help_text="Blank: a sweep.")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    seconds = models.FloatField(default=0)
    answers = models.PositiveIntegerField(default=0)
    campaigns = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Campaign run {self.pk} ({self.scope_object_id or 'sweep'})"


class ThemeRunQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING])


class ThemeRun(models.Model):
    """One "Find themes" request: which answers (`item_ids`, read through a registered theme
    source, so this app never imports the app that owns them), its progress in the task
    worker, and the method's figures. Its themes and memberships are derived from answers:
    a membership is deleted with the answer's vector, and the whole run after
    `settings.THEME_RUN_KEEP_DAYS` (retention)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=60, help_text="The registered theme source.")
    scope_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_object_id = models.CharField(max_length=64, blank=True, default="")
    scope = GenericForeignKey("scope_content_type", "scope_object_id")
    description = models.CharField(max_length=255)
    filters = models.JSONField(default=dict, blank=True)
    item_ids = models.JSONField(default=list, blank=True, help_text="Cleared once grouped.")
    item_count = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    task = models.CharField(max_length=20, default="find", help_text="find, split or tags.")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=120, blank=True)
    method = models.CharField(max_length=40, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ThemeRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Themes {self.pk}: {self.description}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Theme(models.Model):
    """One theme of a run. The label is the analyst's to change (validated, unique in the
    run); `top_words` and `generated_label` are what the method said."""

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=80)
    generated_label = models.CharField(max_length=80, blank=True)
    top_words = models.JSONField(default=list, blank=True)
    is_unclear = models.BooleanField(default=False)
    is_discarded = models.BooleanField(default=False)
    tag_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The feedback tag it became, if it did."
    )

    class Meta:
        ordering = ["run", "is_unclear", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class ThemeMember(models.Model):
    """One answer in one theme, named generically (content type and id of the answer) and by
    the vector it was grouped by: deleting the vector (redaction, retention, withdrawal,
    account deletion, the orphan job) deletes the membership."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="members")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    vector = models.ForeignKey(TextVector, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(help_text="Cosine similarity to the theme's centre.")
    quote_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 to 3 for the representative answers."
    )

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["theme", "quote_rank"]),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} in theme {self.theme_id}"
