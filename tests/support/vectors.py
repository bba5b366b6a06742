"""Stored answer vectors without loading the language model (for privacy tests)."""

from django.contrib.contenttypes.models import ContentType

from language.models import TextVector


def give_vector(owner, key="answer", version="test-model") -> TextVector:
    """A stored vector for `owner`, as the semantic stage would leave it."""
    return TextVector.objects.create(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=str(owner.pk),
        key=key,
        model_version=version,
        dimensions=2,
        vector=b"\x00" * 8,
        text_sha256="0" * 64,
    )


def vectors_of(owner) -> int:
    return TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk)
    ).count()
