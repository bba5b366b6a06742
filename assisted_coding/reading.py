"""Reading suggestions where staff see them (the coding queue, a response's page, the
dashboard) and recording that a person accepted one. Safe in a web request: plain queries,
no model, no numpy.

Answers are named as the language layer names them: the owner (a model and its object id)
and a key (the question's label). A suggestion applies to an answer only while it was made
from the answer's current words (`text_sha256`); otherwise the answer is "not suggested yet".
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from home.models import PriorityArea
from language.services import _key, text_sha256

from .models import AreaSuggestion

SUGGESTED = "suggested"
NO_SUGGESTION = "none"
NOT_YET = "not yet"

# abstain_reason values (abstain.py, services.write_suggestions) in plain English.
REASONS = {
    "empty": "the answer is empty",
    "too short": "the answer is too short",
    "no answer": "it is not an answer (such as “don’t know” or “no comment”)",
    "not words": "it is not an answer (the letters do not make words)",
    "no area likely enough": "no priority area is likely enough",
}


def likelihood(confidence: float) -> str:
    """A confidence in words, for people who do not read percentages as probabilities."""
    if confidence >= 0.8:
        return "very likely"
    if confidence >= 0.6:
        return "likely"
    return "possible"


@dataclass
class SuggestedArea:
    area: PriorityArea
    confidence: float

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)

    @property
    def likelihood(self) -> str:
        return likelihood(self.confidence)

    def __str__(self) -> str:
        return f"{self.area.short_name or self.area.name} ({self.percent}%, {self.likelihood})"


@dataclass
class Shown:
    """What a coder sees for one answer: suggested areas, no suggestion (and why), or not
    suggested yet."""

    status: str
    suggestion: AreaSuggestion | None = None
    areas: list[SuggestedArea] = field(default_factory=list)
    reason: str = ""

    @property
    def can_accept(self) -> bool:
        return self.status == SUGGESTED

    @property
    def summary(self) -> str:
        if self.status == SUGGESTED:
            return "Suggested: " + ", ".join(str(area) for area in self.areas)
        if self.status == NO_SUGGESTION:
            return f"No suggestion: {self.reason}."
        return "Not suggested yet: suggestions are made every few minutes."


def _shown(suggestion: AreaSuggestion | None) -> Shown:
    if suggestion is None:
        return Shown(NOT_YET)
    areas = sorted(
        (
            SuggestedArea(area, float(suggestion.confidences.get(area.slug, 0.0)))
            for area in suggestion.areas.all()
        ),
        key=lambda suggested: -suggested.confidence,
    )
    if not areas:
        reason = REASONS.get(suggestion.abstain_reason, REASONS["no area likely enough"])
        return Shown(NO_SUGGESTION, suggestion, reason=reason)
    return Shown(SUGGESTED, suggestion, areas)


def shown_for(owner_model: type, answers: list[tuple[object, str, str]]) -> dict:
    """{(object id, key): Shown} for answers given as (owner's object id, key, current text),
    in one query. The newest suggestion made from the current text wins (a consultation's
    own model, once trained, writes newer ones than the global model)."""
    wanted = {(str(object_id), _key(key)): text_sha256(text) for object_id, key, text in answers}
    found: dict = {}
    if wanted:
        rows = (
            AreaSuggestion.objects.filter(
                content_type=ContentType.objects.get_for_model(owner_model),
                object_id__in={object_id for object_id, _ in wanted},
                key__in={key for _, key in wanted},
            )
            .order_by("-created_at", "-pk")
            .select_related("accepted_by")
            .prefetch_related("areas")
        )
        for suggestion in rows:
            name = (suggestion.object_id, suggestion.key)
            if name not in found and wanted.get(name) == suggestion.text_sha256:
                found[name] = suggestion
    return {name: _shown(found.get(name)) for name in wanted}


def with_suggested_areas(owner_model: type) -> set[tuple[str, str]]:
    """(object id, key) of every answer of `owner_model` with a current suggestion that has at
    least one area, read once (a correlated query per answer was measured at 26 s for 5,000
    answers on PostgreSQL). Counting reads this; it never counts the areas themselves."""
    through = AreaSuggestion.areas.through
    rows = AreaSuggestion.objects.filter(
        content_type=ContentType.objects.get_for_model(owner_model),
        text_sha256=F("vector__text_sha256"),
    ).filter(Exists(through.objects.filter(areasuggestion_id=OuterRef("pk"))))
    return set(rows.values_list("object_id", "key").iterator())


def mark_accepted(suggestion: AreaSuggestion, user) -> None:
    """Record who accepted a suggestion and when (to measure how often coders accept)."""
    with transaction.atomic():
        AreaSuggestion.objects.filter(pk=suggestion.pk).update(
            accepted_by=user, accepted_at=timezone.now()
        )
