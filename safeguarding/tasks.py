"""Background work of the semantic stage: screen a submission's answers, sweep anything the
worker missed, and retrain. These run in the task worker (manage.py db_worker), the only
process that loads the language model; web processes only enqueue."""

import logging

from django_tasks import task

from django.db import transaction
from django.db.models import F

from safeguarding.models import PendingScreening

logger = logging.getLogger("vru.safeguarding")

SWEEP_BATCH = 200


def process_pending(pending_id: int) -> bool:
    """Screen one pending submission: store each answer's vector, classify, flag if needed,
    then delete the pending row (and its copy of the text). Returns False when there was
    nothing to do (already screened, or being screened by another worker right now)."""
    from language.encoder import encode
    from language.services import store_vectors

    from .semantic import active_classifier, classify
    from .services import record_semantic_finding

    classifier = active_classifier()  # trains one on a fresh install, outside the lock
    with transaction.atomic():
        pending = (
            PendingScreening.objects.select_for_update(skip_locked=True)
            .filter(pk=pending_id)
            .first()
        )
        if pending is None:
            return False
        labels = list(pending.texts)
        vectors = store_vectors((pending.content_type_id, pending.object_id), pending.texts)
        results = classify(
            classifier.parameters,
            [pending.texts[label] for label in labels],
            [vectors[label[:255]] for label in labels],
            encode,
        )
        findings = {
            label: result for label, result in zip(labels, results, strict=True) if result.flag
        }
        flag = record_semantic_finding(pending, findings)
        pending.delete()
    if flag is not None:
        logger.info("Semantic stage: flag %s for %s", flag.pk, flag.source_label)
    return True


@task()
def screen_pending(pending_id: int) -> bool:
    return process_pending(pending_id)


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Screen whatever is still pending (the worker was down, or an enqueue failed).
    Returns how many were screened."""
    screened = 0
    for pending_id in PendingScreening.objects.values_list("pk", flat=True)[:limit]:
        try:
            screened += process_pending(pending_id)
        except Exception:  # noqa: BLE001 - one bad row must not stop the sweep
            logger.exception("Semantic screening of pending %s failed", pending_id)
            PendingScreening.objects.filter(pk=pending_id).update(attempts=F("attempts") + 1)
    return screened


@task()
def sweep_semantic_screening() -> int:
    return sweep()


def retrain_if_new_outcomes() -> bool:
    """Retrain when the lead has labelled flags the active classifier has not learnt from;
    activates the result only if it is no worse. Cheap (no model load) when nothing is new.
    Returns whether a new classifier was activated."""
    from .semantic import active_classifier, install_shipped_classifier, lead_examples, train

    active = active_classifier(train_if_missing=False) or install_shipped_classifier()
    if active is not None and len(lead_examples()) == active.lead_examples:
        return False
    return train().activated


@task()
def retrain_screening() -> bool:
    return retrain_if_new_outcomes()


@task()
def check_wording(key: str) -> None:
    """The semantic stage of "Try the screening" for a lead's sentence, held in the cache under
    `key` (see trying.py). Returns nothing, so the task row never holds the text or result."""
    from .trying import run_semantic_check

    run_semantic_check(key)


@task()
def send_held_alerts() -> int:
    """The alert cap's summary email (see alerts.py)."""
    from .alerts import send_held_alerts as send

    return send()
