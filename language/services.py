"""Store and read the vector of each free-text answer, per model version."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from .models import TextVector

KEY_LENGTH = 255


def _key(label: str) -> str:
    return label[:KEY_LENGTH]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_vectors(owner: Model | tuple[int, str], texts: dict[str, str]) -> dict:
    """Encode the non-empty `texts` ({key: text}) of `owner` with the current model in one
    batch and store (or refresh) one vector each. Returns {key: numpy vector}.

    `owner` is a model instance or a (content type id, object id) pair. Run it in the task
    worker or a command: it loads the model.
    """
    from .encoder import encode, model_version

    if isinstance(owner, tuple):
        content_type_id, object_id = owner
    else:
        content_type_id = ContentType.objects.get_for_model(owner).pk
        object_id = str(owner.pk)
    items = [(_key(key), text) for key, text in texts.items() if text and text.strip()]
    if not items:
        return {}
    vectors = encode([text for _, text in items])
    version = model_version()
    stored = {}
    for (key, text), vector in zip(items, vectors, strict=True):
        TextVector.objects.update_or_create(
            content_type_id=content_type_id,
            object_id=str(object_id),
            key=key,
            model_version=version,
            defaults={
                "dimensions": len(vector),
                "vector": vector.astype("<f4").tobytes(),
                "text_sha256": text_sha256(text),
            },
        )
        stored[key] = vector
    return stored


def current_vector_rows(owner: Model, texts: dict[str, str]) -> dict:
    """The current model's stored vector row for each non-empty text of `owner` ({key:
    TextVector}, keys cut as stored), encoding first every text that has no vector yet or
    whose vector was made from other words. Run it in the task worker or a command."""
    from .encoder import model_version

    texts = {_key(key): text for key, text in texts.items() if text and text.strip()}
    content_type = ContentType.objects.get_for_model(owner)

    def stored() -> dict:
        rows = TextVector.objects.filter(
            content_type=content_type,
            object_id=str(owner.pk),
            key__in=list(texts),
            model_version=model_version(),
        )
        return {row.key: row for row in rows}

    rows = stored()
    stale = {
        key: text
        for key, text in texts.items()
        if key not in rows or rows[key].text_sha256 != text_sha256(text)
    }
    if stale:
        store_vectors(owner, stale)
        rows = stored()
    return {key: rows[key] for key in texts}


def vectors_for(owner: Model, *, version: str | None = None) -> dict:
    """{key: numpy vector} stored for `owner` by `version` (default: the current model)."""
    from .encoder import model_version

    rows = TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=str(owner.pk),
        model_version=version or model_version(),
    )
    return {row.key: row.as_array() for row in rows}


def forget(model: type[Model], object_ids) -> int:
    """Delete every stored vector of these owners, whatever the model version.

    Call it whenever an owner's words are redacted or removed (retention, account deletion):
    a vector is derived from the words it was made from, so it must not outlive them.
    Returns how many vectors were deleted.
    """
    ids = [str(object_id) for object_id in object_ids]
    if not ids:
        return 0
    deleted, _ = TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).delete()
    return deleted


def forget_orphans() -> int:
    """Delete vectors whose owner no longer exists (deleted in the admin, by retention, or by
    any path that did not call `forget`). Idempotent; returns how many were deleted."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    deleted = 0
    content_type_ids = TextVector.objects.values_list("content_type", flat=True).distinct()
    for content_type_id in list(content_type_ids):
        rows = TextVector.objects.filter(content_type_id=content_type_id)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            owners = model._base_manager.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
            rows = rows.exclude(object_id__in=owners)
        deleted += rows.delete()[0]
    return deleted
