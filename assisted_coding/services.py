"""Suggest priority areas for stored answer vectors (the sweep) or for texts, with the model
that applies to each answer's scope. Runs in the task worker and commands only.

Which model applies: the active model of the answer's scope when there is one (a
consultation's own, trained on its coded answers), else the active global model. An app says
how its answers belong to a scope with `register_scope(owner_model, lookup)`, where `lookup`
is the owner's field naming its scope (e.g. a consultation's `Response` would register
`"consultation"`); owners with no registered scope always use the global model.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from . import engine
from .abstain import abstain_reason
from .models import AreaModel, AreaSuggestion

logger = logging.getLogger("vru.assisted_coding")

SWEEP_BATCH = 500
NON_ANSWER_SIMILARITY = 0.85
_scopes: dict[type, str] = {}


def register_scope(owner_model: type, lookup: str) -> None:
    """Answers owned by `owner_model` belong to the object its field `lookup` points to."""
    _scopes[owner_model] = lookup


def predict_vectors(parameters: dict, vectors) -> list[engine.Prediction]:
    """engine.predict, plus: a vector next to a known non-answer gets no suggestion."""
    import numpy as np

    predictions = engine.predict(parameters, vectors)
    non_answers = parameters.get("non_answers")
    if non_answers and predictions:
        nearest = (np.asarray(vectors) @ np.asarray(non_answers).T).max(axis=1)
        for prediction, similarity in zip(predictions, nearest, strict=True):
            if similarity >= NON_ANSWER_SIMILARITY:
                prediction.areas = []
                prediction.abstain_reason = "no answer"
    return predictions


def active_model(scope=None, *, install=True, lock=False):
    """The model in use for `scope`: its own active model, else the global one. On a fresh
    install the first caller activates the shipped global model (or trains one)."""
    from language.encoder import model_version

    rows = AreaModel.objects.filter(is_active=True, model_version=model_version())
    if lock:
        rows = rows.select_for_update()
    if scope is not None:
        own = rows.filter(
            scope_content_type=ContentType.objects.get_for_model(scope),
            scope_object_id=str(scope.pk),
        ).first()
        if own is not None:
            return own
    found = rows.filter(scope_content_type=None).first()
    if found is None and install:
        from .training import install_shipped_model, train

        try:
            found = install_shipped_model() or train().area_model
        except IntegrityError:  # another worker activated one at the same moment
            found = rows.filter(scope_content_type=None).first()
    return found


def write_suggestions(area_model: AreaModel, vectors: list, reasons=None) -> int:
    """Predict with `area_model` for TextVector rows and store one suggestion each (skipping
    any already stored). `reasons` ({vector pk: abstain reason}) marks texts that get none."""
    import numpy as np

    from home.models import PriorityArea

    reasons = reasons or {}
    if not vectors:
        return 0
    predictions = predict_vectors(
        area_model.parameters, np.stack([row.as_array() for row in vectors])
    )
    area_ids = dict(PriorityArea.objects.values_list("slug", "pk"))
    rows, chosen = [], []
    for row, prediction in zip(vectors, predictions, strict=True):
        reason = (
            reasons.get(row.pk)
            or prediction.abstain_reason
            or ("" if prediction.areas else "no area likely enough")
        )
        areas = [] if reason else prediction.areas
        rows.append(
            AreaSuggestion(
                content_type_id=row.content_type_id,
                object_id=row.object_id,
                key=row.key,
                vector=row,
                area_model=area_model,
                text_sha256=row.text_sha256,
                confidences=prediction.confidences,
                abstain_reason=reason,
            )
        )
        chosen.append(areas)
    with transaction.atomic():
        AreaSuggestion.objects.filter(
            vector__in=[row.pk for row in vectors], area_model=area_model
        ).delete()
        created = AreaSuggestion.objects.bulk_create(rows)
        through = AreaSuggestion.areas.through
        through.objects.bulk_create(
            through(areasuggestion_id=suggestion.pk, priorityarea_id=area_ids[slug])
            for suggestion, areas in zip(created, chosen, strict=True)
            for slug in areas
            if slug in area_ids
        )
    return len(created)


def _scope_owner_ids(area_model: AreaModel):
    """(owner content type, owner ids) of the answers in a scoped model's scope."""
    scope_model = area_model.scope_content_type.model_class()
    for owner_model, lookup in _scopes.items():
        field = owner_model._meta.get_field(lookup)
        if field.related_model is scope_model:
            ids = owner_model._base_manager.filter(**{lookup: area_model.scope_object_id})
            return ContentType.objects.get_for_model(owner_model), [
                str(pk) for pk in ids.values_list("pk", flat=True)
            ]
    return None, []


def _unsuggested(area_model: AreaModel):
    from language.models import TextVector

    done = AreaSuggestion.objects.filter(
        vector=OuterRef("pk"), area_model=area_model, text_sha256=OuterRef("text_sha256")
    )  # a vector refreshed for new words needs a new suggestion
    return TextVector.objects.filter(model_version=area_model.model_version).exclude(Exists(done))


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Write suggestions for stored vectors of the current model version that have none from
    the model that applies to them. Returns how many were written (at most `limit`)."""
    from language.encoder import model_version

    global_model = active_model()
    if global_model is None:
        return 0
    written = 0
    scoped_models = AreaModel.objects.filter(
        is_active=True, model_version=model_version(), scope_content_type__isnull=False
    )
    in_scopes = []
    for area_model in scoped_models:
        content_type, owner_ids = _scope_owner_ids(area_model)
        if content_type is None:
            continue
        in_scopes.append((content_type, owner_ids))
        rows = list(
            _unsuggested(area_model).filter(content_type=content_type, object_id__in=owner_ids)[
                : limit - written
            ]
        )
        written += write_suggestions(area_model, rows)
    rows = _unsuggested(global_model)
    for content_type, owner_ids in in_scopes:
        rows = rows.exclude(content_type=content_type, object_id__in=owner_ids)
    written += write_suggestions(global_model, list(rows[: max(limit - written, 0)]))
    if written:
        logger.info("Suggested priority areas for %s answers", written)
    return written


def suggest_for(owner, texts: dict[str, str], *, scope=None) -> dict:
    """Suggestions for `owner`'s answers ({key: text}): stores each answer's vector if it has
    none for this text, applies the text rules (abstain.py), and writes one suggestion per
    non-empty answer. Returns {key: AreaSuggestion}."""
    from language.services import _key, current_vector_rows

    area_model = active_model(scope)
    stored = current_vector_rows(owner, texts)
    text_of = {_key(key): text for key, text in texts.items()}
    rows = list(stored.values())
    reasons = {row.pk: abstain_reason(text_of[key]) for key, row in stored.items()}
    write_suggestions(area_model, rows, reasons)
    return {
        suggestion.key: suggestion
        for suggestion in AreaSuggestion.objects.filter(
            vector__in=[row.pk for row in rows], area_model=area_model
        ).prefetch_related("areas")
    }
