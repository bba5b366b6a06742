"""Safeguarding screening: the phrase lists the Safeguarding lead edits, and the flags raised
when a submitted answer matches one. See docs/safeguarding.md and
docs/decisions/0008-safeguarding-screening.md."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

SAFEGUARDING_LEAD_GROUP = "Safeguarding lead"
ACKNOWLEDGE_WITHIN = timedelta(hours=24)


class PhraseListRow(models.Model):
    """A row the compiled phrase list is built from: saving or deleting one forgets it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_compiled_phrases()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_compiled_phrases()
        return result


class SafeguardingCategory(PhraseListRow):
    """A kind of risk of harm we screen for, such as self-harm or suicide."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        help_text="What this category covers, for the people who edit the phrase list."
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        db_table = (
            "home_safeguardingcategory"  # created in home; moved without copying (decision 0018)
        )
        ordering = ["sort_order", "name"]
        verbose_name = "safeguarding category"
        verbose_name_plural = "safeguarding categories"

    def __str__(self) -> str:
        return self.name


class SafeguardingPhrase(PhraseListRow):
    """A word or phrase that suggests a possible risk of harm.

    Matching ignores case, accents, punctuation between letters and repeated letters, reads
    common number-for-letter swaps (k1ll, 5elf) and only matches whole words. End a word with
    `*` to match any ending: "stab*" matches stab, stabbed and stabbing. Put `...` between
    words to allow up to three other words there: "hits ... brother".
    """

    category = models.ForeignKey(
        SafeguardingCategory, on_delete=models.PROTECT, related_name="phrases"
    )
    phrase = models.CharField(
        max_length=120,
        help_text=(
            'Whole words. End a word with * to match any ending ("stab*"). Put ... between '
            'words to allow up to three words in between ("hits ... brother").'
        ),
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop screening for this phrase without deleting it."
    )
    notes = models.CharField(
        max_length=200, blank=True, help_text="Why this phrase is here (optional)."
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("phrase"),
        FieldPanel("is_active"),
        FieldPanel("notes"),
    ]

    class Meta:
        db_table = (
            "home_safeguardingphrase"  # created in home; moved without copying (decision 0018)
        )
        ordering = ["category__sort_order", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "phrase"], name="home_safeguarding_phrase_unique"
            )
        ]
        verbose_name = "safeguarding phrase"

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.split())
        super().save(*args, **kwargs)


def _forget_compiled_phrases() -> None:
    from .screening import forget_compiled_phrases

    forget_compiled_phrases()


class SafeguardingFlagQuerySet(models.QuerySet):
    def open(self):
        """Flags the lead has not closed yet."""
        return self.exclude(status=SafeguardingFlag.Status.CLOSED)

    def unacknowledged(self):
        return self.filter(status=SafeguardingFlag.Status.NEW)

    def overdue(self, now=None):
        """Unacknowledged for longer than ACKNOWLEDGE_WITHIN."""
        now = now or timezone.now()
        return self.unacknowledged().filter(flagged_at__lt=now - ACKNOWLEDGE_WITHIN)


class SafeguardingFlag(models.Model):
    """A submitted answer that matched the safeguarding phrase list, and the lead's record of
    what was done about it. Nothing is hidden or blocked because of a flag.

    The flagged object (a consultation response, an event registration, a YPAG interest form)
    is held through a generic relation so home never imports the apps above it. The answers
    that matched are copied into `flagged_texts` so the lead can read them even after the
    source has been anonymised by retention or deleted by the respondent (see decision 0008).
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ASSESSED = "assessed", "Assessed"
        CLOSED = "closed", "Closed"

    class Stage(models.TextChoices):
        PHRASE = "phrase", "Phrase list"
        SEMANTIC = "semantic", "Meaning (classifier)"
        BOTH = "both", "Phrase list and meaning"
        HAND = "hand", "Flagged by hand"

    class Finding(models.TextChoices):
        CONCERN = "concern", "Yes, a safeguarding concern"
        NOT_A_CONCERN = "not_a_concern", "No, not a concern"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    source = GenericForeignKey("content_type", "object_id")
    source_label = models.CharField(
        max_length=200, help_text='What was flagged, e.g. "Consultation response ABC123".'
    )
    source_admin_url = models.CharField(max_length=500, blank=True)
    categories = models.ManyToManyField(SafeguardingCategory, related_name="flags")
    flagged_texts = models.JSONField(
        default=list,
        help_text="The answers that matched: a list of {label, text, phrases}.",
    )
    flagged_at = models.DateTimeField(default=timezone.now, db_index=True)
    stage = models.CharField(
        max_length=20,
        choices=Stage.choices,
        default=Stage.PHRASE,
        help_text="Which screening stage raised the flag.",
    )
    semantic_confidence = models.FloatField(
        null=True,
        blank=True,
        help_text="The classifier's probability (0 to 1) that this is a concern, if it ran.",
    )
    alerted_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When an alert email named this flag; empty while held back by the cap.",
    )
    finding = models.CharField(
        max_length=20,
        choices=Finding.choices,
        blank=True,
        help_text="The lead's finding at closing; labels the answers for retraining.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessment = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SafeguardingFlagQuerySet.as_manager()

    class Meta:
        db_table = "home_safeguardingflag"  # created in home; moved without copying (decision 0018)
        ordering = ["-flagged_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("view_safeguarding_queue", "Can open the safeguarding queue and record outcomes"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding flag {self.pk}: {self.source_label}"

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.NEW and self.flagged_at < now - ACKNOWLEDGE_WITHIN

    @property
    def category_names(self) -> list[str]:
        return [category.name for category in self.categories.all()]

    @property
    def confidence_percent(self) -> int | None:
        if self.semantic_confidence is None:
            return None
        return round(self.semantic_confidence * 100)


class PendingScreening(models.Model):
    """Answers waiting for the semantic stage. Written in the submission's transaction, so
    an answer is never lost when the task worker is down; deleted (with its copy of the text)
    once screened. The sweep job screens whatever is still here."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    source_label = models.CharField(max_length=200)
    source_admin_url = models.CharField(max_length=500, blank=True)
    texts = models.JSONField(help_text="{label: answer text}, the non-empty answers only.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Failed screenings so far (the sweep retries)."
    )

    class Meta:
        db_table = "home_pendingscreening"  # created in home; moved without copying (decision 0018)
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Pending screening of {self.source_label}"

    @classmethod
    def for_source(cls, source_object, texts: dict, source_label: str, admin_url: str = ""):
        """An unsaved row for `source_object`'s non-empty answers, or None if there are none."""
        answers = {label: text for label, text in texts.items() if text and text.strip()}
        if not answers:
            return None
        return cls(
            content_type=ContentType.objects.get_for_model(source_object),
            object_id=str(source_object.pk),
            source_label=source_label[:200],
            source_admin_url=admin_url[:500],
            texts=answers,
        )


class ScreeningClassifier(models.Model):
    """A trained semantic-stage classifier (logistic regression over sentence vectors).

    Coefficients live in the row, so every worker uses the same model and a retrain is one
    transaction. Only one is active; a retrain that scores worse on the held-back examples
    is stored inactive, with its scores, for the record.
    """

    model_version = models.CharField(
        max_length=100, help_text="The embedding model the classifier was trained on."
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=False, db_index=True)
    parameters = models.JSONField(
        help_text="categories, coefficients, intercepts and thresholds (see semantic.py)."
    )
    training_examples = models.PositiveIntegerField(default=0)
    lead_examples = models.PositiveIntegerField(default=0)
    dev_precision = models.FloatField(null=True)
    dev_recall = models.FloatField(null=True)
    dev_examples = models.PositiveIntegerField(default=0)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = (
            "home_screeningclassifier"  # created in home; moved without copying (decision 0018)
        )
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_version"],
                condition=models.Q(is_active=True),
                name="home_one_active_screening_classifier",
            )
        ]

    def __str__(self) -> str:
        return f"Screening classifier {self.pk} ({self.model_version})"
