"""The heavy part of themes, run by the task worker (assisted_coding.tasks.run_theme_task):
reading (or encoding) the vectors, clustering, and rewriting themes after a merge or split.
Progress is written as it goes, outside the final transaction, so the progress page sees it."""

import logging
import time

import numpy as np

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from language.models import TextVector
from language.services import text_sha256

from ..abstain import abstain_reason
from ..models import Theme, ThemeMember, ThemeRun
from . import engine
from .labels import class_tfidf_top_words, short_label
from .sources import theme_source

logger = logging.getLogger("vru.assisted_coding.themes")

ENCODE_BATCH = 256
WRITE_BATCH = 2000
VECTOR_CHUNK = 5000


def report(run_id: int, percent: int, stage: str) -> None:
    ThemeRun.objects.filter(pk=run_id).update(progress=max(0, min(100, percent)), stage=stage)


def claim(run_id: int) -> ThemeRun | None:
    with transaction.atomic():
        run = (
            ThemeRun.objects.select_for_update(skip_locked=True)
            .filter(pk=run_id, status=ThemeRun.Status.QUEUED)
            .first()
        )
        if run is None:
            return None
        run.status, run.progress, run.stage = ThemeRun.Status.RUNNING, 0, "Starting"
        run.save(update_fields=["status", "progress", "stage"])
    return run


def run_task(run_id: int) -> str:
    """Do whatever the run is waiting for (find, merge, split or tags). Idempotent: a run
    that is not waiting is left alone. Returns what happened."""
    run = claim(run_id)
    if run is None:
        return "skipped"
    started = time.perf_counter()
    try:
        if run.task == "find":
            figures = find(run)
        elif run.task in ("merge", "split"):
            figures = regroup(run)
        elif run.task == "tags":
            source = theme_source(run.source)
            figures = source.to_tags(run, run.requested_by, lambda p, s: report(run.pk, p, s))
        else:
            raise ValueError(f"Unknown theme task {run.task!r}")
    except Exception as error:
        logger.exception("Theme run %s (%s) failed", run.pk, run.task)
        if run.task == "find":
            ThemeRun.objects.filter(pk=run.pk).update(
                status=ThemeRun.Status.FAILED, error=type(error).__name__[:200], stage="Failed"
            )
        else:  # a change that failed leaves the themes as they were (its transaction rolled back)
            run.figures = {**run.figures, "last_error": type(error).__name__[:200]}
            run.status, run.stage = ThemeRun.Status.DONE, "Done"
            run.save(update_fields=["figures", "status", "stage"])
        return "failed"
    seconds = round(time.perf_counter() - started, 2)
    run.refresh_from_db()
    run.figures = {**run.figures, **figures, f"{run.task}_seconds": seconds, "last_error": ""}
    run.status, run.progress, run.stage = ThemeRun.Status.DONE, 100, "Done"
    run.finished_at = timezone.now()
    run.save(update_fields=["figures", "status", "progress", "stage", "finished_at"])
    logger.info("Theme run %s (%s) in %.1f s", run.pk, run.task, seconds)
    return "done"


def vectors_for_items(items, version: str, progress) -> tuple[list, np.ndarray, list[int]]:
    """The stored vector row id and the vector of each item, encoding (and storing) those
    missing or out of date. Returns (items kept, vectors, vector ids)."""
    by_owner: dict[tuple[int, str], list] = {}
    for item in items:
        by_owner.setdefault(item.owner, []).append(item)
    stored: dict[tuple[int, str, str], TextVector] = {}
    owners = list(by_owner)
    for content_type_id in {owner[0] for owner in owners}:
        object_ids = [owner[1] for owner in owners if owner[0] == content_type_id]
        for start in range(0, len(object_ids), VECTOR_CHUNK):
            rows = TextVector.objects.filter(
                content_type_id=content_type_id,
                object_id__in=object_ids[start : start + VECTOR_CHUNK],
                model_version=version,
            ).only("pk", "content_type_id", "object_id", "key", "vector", "text_sha256")
            for row in rows.iterator(chunk_size=2000):
                stored[(row.content_type_id, row.object_id, row.key)] = row
    missing = [
        item
        for item in items
        if (row := stored.get((*item.owner, item.key))) is None
        or row.text_sha256 != text_sha256(item.text)
    ]
    if missing:
        _encode_and_store(missing, version, stored, progress)
    kept = [item for item in items if (*item.owner, item.key) in stored]
    rows = [stored[(*item.owner, item.key)] for item in kept]
    vectors = np.frombuffer(b"".join(bytes(row.vector) for row in rows), dtype="<f4")
    dimensions = len(vectors) // len(rows) if rows else 0
    return kept, vectors.reshape(len(rows), dimensions), [row.pk for row in rows]


def _encode_and_store(missing, version, stored, progress) -> None:
    from language.encoder import encode

    for start in range(0, len(missing), ENCODE_BATCH):
        batch = missing[start : start + ENCODE_BATCH]
        vectors = encode([item.text for item in batch])
        for item, vector in zip(batch, vectors, strict=True):
            row, _ = TextVector.objects.update_or_create(
                content_type_id=item.owner[0],
                object_id=item.owner[1],
                key=item.key,
                model_version=version,
                defaults={
                    "dimensions": len(vector),
                    "vector": vector.astype("<f4").tobytes(),
                    "text_sha256": text_sha256(item.text),
                },
            )
            stored[(*item.owner, item.key)] = row
        progress(
            5 + 45 * min(len(missing), start + ENCODE_BATCH) // len(missing), "Reading answers"
        )


def find(run: ThemeRun) -> dict:
    from language.encoder import model_version

    source = theme_source(run.source)
    report(run.pk, 1, "Reading answers")
    items = sorted(source.items(list(run.item_ids)), key=lambda item: item.item_id)
    kept, vectors, vector_ids = vectors_for_items(
        items, model_version(), lambda p, s: report(run.pk, p, s)
    )
    started = time.perf_counter()
    texts = [item.text for item in kept]
    result = engine.find_themes(
        vectors,
        texts,
        progress=lambda p, s: report(run.pk, 50 + p * 45 // 100, s),
        # "idk", "n/a", keyboard mash: the same rules as suggested areas use.
        set_aside=np.array([bool(abstain_reason(text)) for text in texts], dtype=bool),
    )
    cluster_seconds = round(time.perf_counter() - started, 2)
    report(run.pk, 96, "Saving themes")
    content_type = ContentType.objects.get_for_model(source.item_model())
    with transaction.atomic():
        run.themes.all().delete()
        for position, found in enumerate(result.themes):
            theme = Theme.objects.create(
                run=run,
                position=position,
                label=found.label,
                generated_label=found.label,
                top_words=found.top_words,
                is_unclear=found.unclear,
            )
            quote_rank = {index: rank for rank, index in enumerate(found.quotes, start=1)}
            ThemeMember.objects.bulk_create(
                (
                    ThemeMember(
                        theme=theme,
                        content_type=content_type,
                        object_id=str(kept[index].item_id),
                        vector_id=vector_ids[index],
                        similarity=float(similarity),
                        quote_rank=quote_rank.get(int(index)),
                    )
                    for index, similarity in zip(found.members, found.similarities, strict=True)
                ),
                batch_size=WRITE_BATCH,
            )
        run.item_ids = []
        run.item_count = len(kept)
        run.method = result.method
        run.save(update_fields=["item_ids", "item_count", "method"])
    return {
        "k": result.k,
        "silhouette": result.silhouette,
        "answers": len(kept),
        "cluster_seconds": cluster_seconds,
    }


def regroup(run: ThemeRun) -> dict:
    """Merge themes into one, or split one theme into parts, then describe again the themes
    that changed (top words against the whole run, quotes nearest the new centres)."""
    request = run.figures.get("request", {})
    themes = {theme.pk: theme for theme in run.themes.all()}
    members = list(
        ThemeMember.objects.filter(theme__run=run).select_related("vector").order_by("pk")
    )
    source = theme_source(run.source)
    texts = {item.item_id: item.text for item in source.items([int(m.object_id) for m in members])}
    members = [member for member in members if int(member.object_id) in texts]
    report(run.pk, 30, "Regrouping")
    vectors = np.stack([member.vector.as_array() for member in members]) if members else None
    assignment = np.array([member.theme_id for member in members])
    changed: set[int] = set()
    with transaction.atomic():
        if run.task == "merge":
            target = themes[request["into"]]
            for pk in request["themes"]:
                assignment[assignment == pk] = target.pk
            target.label = request.get("label") or target.label
            target.save(update_fields=["label"])
            others = [pk for pk in request["themes"] if pk != target.pk]
            ThemeMember.objects.filter(theme_id__in=others).update(theme=target)
            Theme.objects.filter(pk__in=others).delete()
            changed.add(target.pk)
        else:
            theme = themes[request["theme"]]
            assignment, changed = _split(run, theme, request, assignment, vectors, texts, members)
        _describe(run, members, assignment, vectors, texts, changed)
    return {"last_change": request}


def _split(run, theme, request, assignment, vectors, texts, members):
    rows = np.flatnonzero(assignment == theme.pk)
    result = engine.find_themes(
        vectors[rows], [texts[int(members[row].object_id)] for row in rows], k=request["parts"]
    )
    changed = {theme.pk}
    position = max((other.position for other in run.themes.all()), default=0) + 1
    reused = theme.is_unclear  # the bucket keeps what is still unclear; a theme keeps a part
    for found in result.themes:
        if found.unclear:
            target = _unclear_bucket(run)
        elif not reused:
            target, reused = theme, True
        else:
            target = Theme.objects.create(run=run, position=position, label="")
            position += 1
        assignment[rows[found.members]] = target.pk
        changed.add(target.pk)
    return assignment, changed


def _unclear_bucket(run) -> Theme:
    bucket = run.themes.filter(is_unclear=True).first()
    if bucket is None:
        bucket = Theme.objects.create(
            run=run, position=10_000, label=engine.UNCLEAR_LABEL, is_unclear=True
        )
    return bucket


def _describe(run, members, assignment, vectors, texts, changed: set[int]) -> None:
    themes = list(run.themes.all())
    number = {theme.pk: index for index, theme in enumerate(themes) if not theme.is_unclear}
    numbered = np.array([number.get(pk, -1) for pk in assignment.tolist()], dtype=int)
    member_texts = [texts[int(member.object_id)] for member in members]
    words = class_tfidf_top_words(member_texts, numbered, len(themes)) if members else []
    for theme in themes:
        if theme.pk not in changed:
            continue
        rows = np.flatnonzero(assignment == theme.pk)
        if not len(rows):
            theme.delete()
            continue
        centre = vectors[rows].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        similarity = vectors[rows] @ centre
        described = engine.describe(
            np.arange(len(rows)), similarity, [member_texts[row] for row in rows], []
        )
        quote_rank = {int(rows[index]): rank for rank, index in enumerate(described.quotes, 1)}
        for position, row in enumerate(rows.tolist()):
            member = members[row]
            member.theme_id = theme.pk
            member.similarity = float(similarity[position])
            member.quote_rank = quote_rank.get(row)
        ThemeMember.objects.bulk_update(
            [members[row] for row in rows.tolist()],
            ["theme", "similarity", "quote_rank"],
            batch_size=WRITE_BATCH,
        )
        if not theme.is_unclear:
            top_words = words[number[theme.pk]]
            generated = short_label(top_words)
            if not theme.label or theme.label == theme.generated_label:
                theme.label = _unique_label(run, generated, theme.pk)
            theme.generated_label, theme.top_words = generated, top_words
            theme.save(update_fields=["label", "generated_label", "top_words"])


def _unique_label(run, label: str, theme_pk: int) -> str:
    taken = {
        name.lower() for name in run.themes.exclude(pk=theme_pk).values_list("label", flat=True)
    }
    candidate, number = label, 2
    while candidate.lower() in taken:
        candidate = f"{label[:74]} ({number})"
        number += 1
    return candidate
