"""Backfill the semantic stage: answers submitted before it existed (or while its enqueue
failed and the pending row was lost) were only ever screened by the phrase list.

`manage.py screen --backfill` walks every registered source (sources.py) in primary-key
batches, and queues a `PendingScreening` row for each one that has free text, no stored
vector for the current model (the semantic stage stores one per answer as it screens) and no
row already waiting. Running it again queues nothing new: it is idempotent. The task worker
screens the rows (one task each), and the sweep catches any it misses. Loads no model.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from language.encoder import model_version
from language.models import TextVector

from .models import PendingScreening
from .services import enqueue_semantic
from .sources import registered_sources

BATCH = 200


@dataclass
class BackfillReport:
    queued: int = 0
    already_screened: int = 0
    waiting: int = 0
    no_text: int = 0


def _queue_batch(objects, source, content_type_id, version, report: BackfillReport) -> None:
    keys = [str(obj.pk) for obj in objects]
    screened = set(
        TextVector.objects.filter(
            content_type_id=content_type_id, object_id__in=keys, model_version=version
        ).values_list("object_id", flat=True)
    )
    waiting = set(
        PendingScreening.objects.filter(
            content_type_id=content_type_id, object_id__in=keys
        ).values_list("object_id", flat=True)
    )
    rows = []
    for obj in objects:
        key = str(obj.pk)
        if key in screened:
            report.already_screened += 1
        elif key in waiting:
            report.waiting += 1
        else:
            row = PendingScreening.for_source(
                obj, source.texts(obj), source.label(obj), source.admin_url(obj)
            )
            if row is None:
                report.no_text += 1
            else:
                rows.append(row)
    with transaction.atomic():
        created = PendingScreening.objects.bulk_create(rows)
        for row in created:
            transaction.on_commit(lambda pk=row.pk: enqueue_semantic(pk))
    report.queued += len(created)


def queue_backfill(batch_size: int = BATCH) -> dict[str, BackfillReport]:
    """Queue every never-screened source for the semantic stage; a report per model."""
    version = model_version()
    reports = {}
    for label, source in registered_sources():
        if source.backfill is None:
            continue
        queryset = source.backfill()
        content_type_id = ContentType.objects.get_for_model(queryset.model).pk
        report = reports[label] = BackfillReport()
        last_pk = None
        while True:
            batch = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            objects = list(batch.order_by("pk")[:batch_size])
            if not objects:
                break
            _queue_batch(objects, source, content_type_id, version, report)
            last_pk = objects[-1].pk
    return reports
