"""Asking for themes and the analyst's edits. Renaming and discarding are instant; anything
that moves answers between themes (merge, split) or tags them is queued for the task worker
on the run itself, and the run's page shows its progress until it is done."""

import unicodedata
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ..models import Theme, ThemeRun
from .engine import UNCLEAR_LABEL

LABEL_LENGTH = 80
MAX_PARTS = 6


class ThemeError(ValueError):
    """An edit that cannot be made, with a message for the analyst."""


def _enqueue(run: ThemeRun) -> None:
    from assisted_coding.tasks import run_theme_task

    run_theme_task.enqueue(run.pk)


def request_run(
    source: str, item_ids, *, description: str, user, scope=None, filters=None
) -> ThemeRun:
    """Record a "Find themes" request for these items and queue it; the task row commits with
    the run, so a run is never left without a task."""
    item_ids = sorted({int(item_id) for item_id in item_ids})
    if not item_ids:
        raise ThemeError("There are no answers in your own words to group.")
    with transaction.atomic():
        run = ThemeRun.objects.create(
            source=source,
            scope_content_type=ContentType.objects.get_for_model(scope) if scope else None,
            scope_object_id=str(scope.pk) if scope else "",
            description=description[:255],
            filters=filters or {},
            item_ids=item_ids,
            item_count=len(item_ids),
            requested_by=user,
            task="find",
        )
        _enqueue(run)
    return run


def _queue_change(run: ThemeRun, task: str, request: dict, user) -> ThemeRun:
    with transaction.atomic():
        run = ThemeRun.objects.select_for_update().get(pk=run.pk)
        _editable(run)
        run.task, run.status, run.progress, run.stage = task, ThemeRun.Status.QUEUED, 0, ""
        run.figures = {**run.figures, "request": request}
        run.requested_by = user
        run.save(update_fields=["task", "status", "progress", "stage", "figures", "requested_by"])
        _enqueue(run)
    return run


def _editable(run: ThemeRun) -> None:
    if run.status != ThemeRun.Status.DONE:
        raise ThemeError("These themes are still being worked on. Check again in a moment.")


def clean_label(label: str) -> str:
    """A theme name as the analyst typed it, checked: 1 to 80 printable characters."""
    label = " ".join((label or "").split())
    if not label:
        raise ThemeError("Enter a name for the theme.")
    if len(label) > LABEL_LENGTH:
        raise ThemeError(f"The name must be {LABEL_LENGTH} characters or fewer.")
    if any(unicodedata.category(char).startswith("C") for char in label):
        raise ThemeError("The name must not contain control characters.")
    if label.lower() == UNCLEAR_LABEL.lower():
        raise ThemeError(f"“{UNCLEAR_LABEL}” is kept for answers that fit no theme.")
    return label


def rename(theme: Theme, label: str) -> Theme:
    """Give a theme the analyst's name; names are unique within a run (any case)."""
    _editable(theme.run)
    if theme.is_unclear:
        raise ThemeError("The “Unclear / other” group cannot be renamed. Split it instead.")
    label = clean_label(label)
    if theme.run.themes.exclude(pk=theme.pk).filter(label__iexact=label).exists():
        raise ThemeError("Another theme already has that name. Merge them instead.")
    theme.label = label
    theme.save(update_fields=["label"])
    return theme


def set_discarded(theme: Theme, discarded: bool) -> Theme:
    """Discard a theme (it will not become a tag) or keep it again."""
    _editable(theme.run)
    theme.is_discarded = discarded
    theme.save(update_fields=["is_discarded"])
    return theme


def merge(run: ThemeRun, themes: list[Theme], into: Theme, user, label: str = "") -> ThemeRun:
    """Queue merging `themes` into `into` (which keeps its name unless `label` is given)."""
    label = clean_label(label) if label.strip() else ""
    ids = {theme.pk for theme in themes} | {into.pk}
    if len(ids) < 2:
        raise ThemeError("Choose at least two themes to merge.")
    if any(theme.run_id != run.pk or theme.is_unclear for theme in [*themes, into]):
        raise ThemeError("Only themes of these results can be merged, not “Unclear / other”.")
    if label and run.themes.exclude(pk__in=ids).filter(label__iexact=label).exists():
        raise ThemeError("Another theme already has that name.")
    return _queue_change(
        run, "merge", {"themes": sorted(ids), "into": into.pk, "label": label}, user
    )


def split(theme: Theme, parts: int, user) -> ThemeRun:
    """Queue grouping one theme's answers again into `parts` themes."""
    if not 2 <= parts <= MAX_PARTS:
        raise ThemeError(f"Split into between 2 and {MAX_PARTS} themes.")
    if theme.members.count() < parts * 2:
        raise ThemeError("This theme has too few answers to split that many ways.")
    return _queue_change(theme.run, "split", {"theme": theme.pk, "parts": parts}, user)


def to_tags(run: ThemeRun, user) -> ThemeRun:
    """Queue turning every kept theme into a feedback tag on its answers."""
    if not run.themes.filter(is_discarded=False, is_unclear=False).exists():
        raise ThemeError("Keep at least one theme to turn into tags.")
    return _queue_change(run, "tags", {"at": timezone.now().isoformat()}, user)


def kept_themes(run: ThemeRun):
    return run.themes.filter(is_discarded=False, is_unclear=False)


def forget_old_runs(now, keep_days: int) -> dict[str, int]:
    """Retention: theme runs (and their memberships) older than `keep_days` are deleted; the
    tags they became stay, as coding."""
    old = ThemeRun.objects.filter(created_at__lt=now - timedelta(days=keep_days))
    _, deleted = old.delete()
    return {"theme_runs_deleted": deleted.get(ThemeRun._meta.label, 0)}
