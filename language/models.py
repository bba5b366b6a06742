"""Stored sentence vectors, one per free-text answer and embedding model version."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class TextVector(models.Model):
    """The embedding of one free-text answer by one model version.

    The answer is named by its owner (any model, through a generic relation, so this layer
    imports no app above it) and a key within that owner (the question label, "Access
    needs"). A new model version gets new rows beside the old ones, so a change of model never
    mixes vectors from two models. `text_sha256` says which text was encoded: when the answer
    changes (redaction, an edit) the stored vector no longer matches it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=255, help_text="Which answer of the owner, e.g. a label.")
    model_version = models.CharField(max_length=100, db_index=True)
    dimensions = models.PositiveSmallIntegerField()
    vector = models.BinaryField(help_text="Little-endian float32, unit length.")
    text_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "key", "model_version"],
                name="language_textvector_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Vector of {self.content_type_id}:{self.object_id} {self.key!r}"

    def as_array(self):
        import numpy as np

        return np.frombuffer(bytes(self.vector), dtype="<f4")
