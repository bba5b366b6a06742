"""Writes for safeguarding: raising a flag from a submission, and the lead's record.

Other apps call `screen_and_flag(...)` inside their submit transaction. It never raises
because of what the text says, never blocks or hides anything, and never puts answer text in
an email. Every view of a flag and every status change goes to Wagtail's audit log.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from wagtail.log_actions import log

from .alerts import ALERT_PURPOSE, queue_alert  # noqa: F401 - ALERT_PURPOSE for callers
from .models import (
    PendingScreening,
    SafeguardingCategory,
    SafeguardingFlag,
)
from .screening import screen_texts

logger = logging.getLogger("vru.safeguarding")

# Audit log actions (registered in safeguarding/wagtail_hooks.py).
LOG_FLAGGED = "safeguarding.flag"
LOG_VIEWED = "safeguarding.view"
LOG_ACKNOWLEDGED = "safeguarding.acknowledge"
LOG_ASSESSED = "safeguarding.assess"
LOG_CLOSED = "safeguarding.close"
LOG_REOPENED = "safeguarding.reopen"


class FlagStateError(ValueError):
    """The requested change does not fit the flag's current status."""


def screen_and_flag(
    source_object: Model,
    texts: dict[str, str],
    *,
    source_label: str,
    admin_url: str = "",
) -> SafeguardingFlag | None:
    """Screen a submission's free-text answers; flag it and alert the leads if any match.

    `texts` maps a label (the question, or "Access needs") to the answer text. Call it inside
    the transaction that saves `source_object`: the flag and the alert email commit with it.
    Returns the new flag, or None when nothing matched.

    It never blocks the submission: if screening itself fails (a bug, a bad phrase), the error
    is logged loudly, its savepoint rolled back, and None returned.
    """
    _queue_semantic_screening(source_object, texts, source_label, admin_url)
    try:
        with transaction.atomic():  # a savepoint inside the caller's transaction
            results = screen_texts(texts)
            if not results:
                return None
            flagged_texts = [
                {
                    "label": label,
                    "text": texts[label],
                    "phrases": sorted({match.phrase for match in matches}),
                }
                for label, matches in results.items()
            ]
            category_ids = {match.category.pk for matches in results.values() for match in matches}
            flag = _create_flag(
                source_object, flagged_texts, category_ids, source_label, admin_url, user=None
            )
    except Exception:  # noqa: BLE001 - screening must never stop someone being heard
        logger.exception("Safeguarding screening failed for %s", source_label)
        return None
    logger.info("Safeguarding flag %s raised for %s", flag.pk, flag.source_label)
    return flag


def _queue_semantic_screening(source_object, texts, source_label, admin_url) -> None:
    """Record the answers for the semantic stage in the caller's transaction, and ask the
    task worker to screen them once it commits. If the worker is down the row waits for the
    sweep (tasks.sweep_semantic_screening), so nothing is lost."""
    try:
        pending = PendingScreening.for_source(source_object, texts, source_label, admin_url)
        if pending is None:
            return
        with transaction.atomic():
            pending.save()
    except Exception:  # noqa: BLE001 - never stop a submission
        logger.exception("Could not queue semantic screening for %s", source_label)
        return
    transaction.on_commit(lambda: enqueue_semantic(pending.pk))


def enqueue_semantic(pending_id: int) -> None:
    from django.conf import settings

    from .tasks import screen_pending

    if not getattr(settings, "SAFEGUARDING_SEMANTIC_ENQUEUE", True):
        return  # the test suite: rows wait for the sweep unless a test asks for the worker

    try:
        screen_pending.enqueue(pending_id)
    except Exception:  # noqa: BLE001 - the sweep will pick it up
        logger.exception("Could not enqueue semantic screening %s; the sweep will", pending_id)


def record_semantic_finding(pending: PendingScreening, findings: dict) -> SafeguardingFlag | None:
    """Raise (or add to) a flag from the semantic stage. `findings` maps each flagged label to
    its SemanticResult. If the phrase stage already flagged this source, the finding is added
    to that flag (stage "both", categories merged, no second alert); otherwise a new flag and
    the usual alert. Call inside a transaction."""
    if not findings:
        return None
    confidence = max(result.confidence for result in findings.values())
    slugs = {slug for result in findings.values() for slug in result.categories}
    category_ids = set(
        SafeguardingCategory.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    )
    existing = (
        SafeguardingFlag.objects.select_for_update()
        .filter(content_type_id=pending.content_type_id, object_id=pending.object_id)
        .exclude(stage=SafeguardingFlag.Stage.HAND)
        .order_by("flagged_at")
        .first()
    )
    if existing is not None:
        texts = list(existing.flagged_texts or [])
        by_label = {item.get("label"): item for item in texts}
        for label, result in findings.items():
            item = by_label.get(label)
            if item is None:
                item = {"label": label, "text": pending.texts[label], "phrases": []}
                texts.append(item)
            item["semantic_confidence"] = round(result.confidence, 3)
            item["semantic_categories"] = result.categories
        existing.flagged_texts = texts
        existing.semantic_confidence = max(existing.semantic_confidence or 0, confidence)
        if existing.stage == SafeguardingFlag.Stage.PHRASE:
            existing.stage = SafeguardingFlag.Stage.BOTH
        existing.save(update_fields=["flagged_texts", "semantic_confidence", "stage"])
        existing.categories.add(*category_ids)
        log(
            existing,
            LOG_FLAGGED,
            user=None,
            data={"categories": sorted(category_ids), "stage": "semantic", "added": True},
        )
        return existing
    flagged_texts = [
        {
            "label": label,
            "text": pending.texts[label],
            "phrases": [],
            "semantic_confidence": round(result.confidence, 3),
            "semantic_categories": result.categories,
        }
        for label, result in findings.items()
    ]
    return _create_flag(
        pending,
        flagged_texts,
        category_ids,
        pending.source_label,
        pending.source_admin_url,
        user=None,
        stage=SafeguardingFlag.Stage.SEMANTIC,
        confidence=confidence,
    )


def flag_by_hand(
    source_object: Model,
    texts: dict[str, str],
    *,
    source_label: str,
    admin_url: str = "",
    user,
    category_ids: list[int],
    reason: str = "",
) -> SafeguardingFlag:
    """A moderator or analyst flags something the phrase list missed. The same queue, alert
    and audit log as an automatic flag; `reason` goes into the audit log entry."""
    if not category_ids:
        raise FlagStateError("Choose at least one category.")
    flagged_texts = [
        {"label": label, "text": text, "phrases": []} for label, text in texts.items() if text
    ]
    with transaction.atomic():
        flag = _create_flag(
            source_object,
            flagged_texts,
            set(category_ids),
            source_label,
            admin_url,
            user=user,
            reason=reason,
        )
    return flag


def _create_flag(
    source_object,
    flagged_texts,
    category_ids,
    source_label,
    admin_url,
    *,
    user,
    reason="",
    stage=None,
    confidence=None,
) -> SafeguardingFlag:
    if isinstance(source_object, PendingScreening):  # the semantic stage: source by reference
        content_type_id, object_id = source_object.content_type_id, source_object.object_id
    else:
        content_type_id = ContentType.objects.get_for_model(source_object).pk
        object_id = str(source_object.pk)
    if stage is None:
        stage = SafeguardingFlag.Stage.HAND if user is not None else SafeguardingFlag.Stage.PHRASE
    flag = SafeguardingFlag.objects.create(
        content_type_id=content_type_id,
        object_id=object_id,
        source_label=source_label[:200],
        source_admin_url=admin_url[:500],
        flagged_texts=flagged_texts,
        stage=stage,
        semantic_confidence=confidence,
    )
    flag.categories.set(SafeguardingCategory.objects.filter(pk__in=category_ids))
    data = {"categories": sorted(category_ids), "by_hand": user is not None, "stage": stage}
    if reason:
        data["reason"] = reason[:500]
    log(flag, LOG_FLAGGED, user=user, data=data)
    queue_alert(flag)
    return flag


def record_view(flag: SafeguardingFlag, user) -> None:
    """Audit that `user` opened the flag and read the flagged answers."""
    log(flag, LOG_VIEWED, user=user)


def _locked(flag_id: int) -> SafeguardingFlag:
    return SafeguardingFlag.objects.select_for_update().get(pk=flag_id)


def acknowledge(flag_id: int, user) -> SafeguardingFlag:
    """The lead has seen the flag and is dealing with it."""
    with transaction.atomic():
        flag = _locked(flag_id)
        if flag.status != SafeguardingFlag.Status.NEW:
            raise FlagStateError("This flag has already been acknowledged.")
        flag.status = SafeguardingFlag.Status.ACKNOWLEDGED
        flag.acknowledged_at = timezone.now()
        flag.acknowledged_by = user
        flag.updated_by = user
        flag.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_by"])
        log(flag, LOG_ACKNOWLEDGED, user=user)
    return flag


def _move_on(flag: SafeguardingFlag, user, status: str, action: str, *, stamp: str, **fields):
    """Give a locked flag the lead's `fields` and its new `status`, stamped now in `stamp`;
    a flag nobody had acknowledged is acknowledged by this lead first. Logged as `action`."""
    now = timezone.now()
    if flag.acknowledged_at is None:
        flag.acknowledged_at = now
        flag.acknowledged_by = user
    for name, value in fields.items():
        setattr(flag, name, value)
    setattr(flag, stamp, now)
    flag.status = status
    flag.updated_by = user
    flag.save()
    log(flag, action, user=user)


def record_assessment(
    flag_id: int, user, *, assessment: str, action_taken: str
) -> SafeguardingFlag:
    """Record (or update) the lead's assessment and the action taken. Acknowledges the flag
    first if nobody had yet."""
    with transaction.atomic():
        flag = _locked(flag_id)
        if flag.status == SafeguardingFlag.Status.CLOSED:
            raise FlagStateError("This flag is closed. Reopen it to change the assessment.")
        _move_on(
            flag,
            user,
            SafeguardingFlag.Status.ASSESSED,
            LOG_ASSESSED,
            stamp="assessed_at",
            assessment=assessment,
            action_taken=action_taken,
        )
    return flag


def close(flag_id: int, user, *, outcome: str, finding: str = "") -> SafeguardingFlag:
    """Record the outcome and close the flag. It stays in the queue's history. `finding`
    ("concern" or "not_a_concern", optional) labels the flagged answers for retraining the
    semantic stage."""
    if finding and finding not in SafeguardingFlag.Finding.values:
        raise FlagStateError("Choose whether this was a safeguarding concern.")
    if not outcome.strip():
        raise FlagStateError("Write the outcome before closing the flag.")
    with transaction.atomic():
        flag = _locked(flag_id)
        if flag.status == SafeguardingFlag.Status.CLOSED:
            raise FlagStateError("This flag is already closed.")
        _move_on(
            flag,
            user,
            SafeguardingFlag.Status.CLOSED,
            LOG_CLOSED,
            stamp="closed_at",
            outcome=outcome,
            finding=finding,
        )
    return flag


def reopen(flag_id: int, user) -> SafeguardingFlag:
    """Reopen a closed flag, back to assessed (or acknowledged if never assessed)."""
    with transaction.atomic():
        flag = _locked(flag_id)
        if flag.status != SafeguardingFlag.Status.CLOSED:
            raise FlagStateError("Only a closed flag can be reopened.")
        flag.status = (
            SafeguardingFlag.Status.ASSESSED
            if flag.assessed_at
            else SafeguardingFlag.Status.ACKNOWLEDGED
        )
        flag.closed_at = None
        flag.updated_by = user
        flag.save(update_fields=["status", "closed_at", "updated_by"])
        log(flag, LOG_REOPENED, user=user)
    return flag
