"""Writes in the feedback workspace: moderation, tagging, notes, quotes and tag upkeep.

Each function owns its transaction and writes an entry to Wagtail's audit log against the
response concerned, so the response page can show who did what and when. Those that change
what the synthesis dashboard counts keep its running totals in the same transaction
(`counts.keeping_counts`).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from assisted_coding.reading import mark_accepted
from consultations.models import (
    Answer,
    FeedbackTag,
    Quote,
    Response,
    StaffNote,
    TaggedAnswer,
    TaggedResponse,
)
from consultations.services import STAFF_ENTRY_LOG_ACTION
from consultations.tallies import keeping_counts, keeping_tag_counts
from home.models import PriorityArea
from language.services import forget as forget_vectors

MODERATE = "consultations.response.moderate"
TAG_RESPONSE = "consultations.response.tag"
TAG_ANSWER = "consultations.answer.tag"
ADD_NOTE = "consultations.response.note"
ADD_QUOTE = "consultations.response.quote"
EXPORT = "consultations.feedback.export"
DOWNLOAD_EXPORT = "consultations.feedback.export_download"
RENAME_TAG = "consultations.feedback_tag.rename"
MERGE_TAGS = "consultations.feedback_tag.merge"
IMPORT = "consultations.feedback.import"

LOG_ACTIONS = [
    (MODERATE, "Moderated", "Moderation status changed"),
    (TAG_RESPONSE, "Tagged", "Response tagged"),
    (TAG_ANSWER, "Answer tagged", "Answer tagged"),
    (ADD_NOTE, "Note added", "Staff note added"),
    (ADD_QUOTE, "Quote highlighted", "Quote highlighted"),
    (EXPORT, "Exported", "Feedback exported"),
    (DOWNLOAD_EXPORT, "Export downloaded", "Prepared feedback export downloaded"),
    (RENAME_TAG, "Tag renamed", "Feedback tag renamed"),
    (MERGE_TAGS, "Tags merged", "Feedback tags merged"),
    (STAFF_ENTRY_LOG_ACTION, "Entered by staff", "Paper or workshop response typed in"),
    (IMPORT, "Responses imported", "Paper or workshop responses imported from a file"),
]


def _names(areas: Iterable[PriorityArea]) -> list[str]:
    return [area.short_name or area.name for area in areas]


def set_moderation_status(responses: Iterable[Response], status: str, user) -> int:
    """Set new / reviewed / hidden on each response, recording who and when. Returns how many
    changed."""
    if status not in Response.ModerationStatus.values:
        raise ValueError(f"Unknown moderation status: {status!r}")
    changed = 0
    now = timezone.now()
    responses = list(responses)
    with transaction.atomic(), keeping_counts(response.pk for response in responses):
        for response in responses:
            if response.moderation_status == status:
                continue
            previous = response.moderation_status
            response.moderation_status = status
            response.moderated_by = user
            response.moderated_at = now
            response.save(update_fields=["moderation_status", "moderated_by", "moderated_at"])
            log(
                instance=response, action=MODERATE, user=user, data={"from": previous, "to": status}
            )
            changed += 1
    return changed


def _clean_tags(tags: Iterable[str]) -> list[str]:
    return sorted({tag.strip()[:100] for tag in tags if tag and tag.strip()})


def set_response_coding(response: Response, areas, tags: Iterable[str], user) -> None:
    """Replace the priority areas and free tags on a whole response."""
    areas = list(areas)
    tags = _clean_tags(tags)
    with transaction.atomic():
        response.priority_areas.set(areas)
        response.tags.set(tags)
        log(
            instance=response,
            action=TAG_RESPONSE,
            user=user,
            data={"priority_areas": _names(areas), "tags": tags},
        )


def set_answer_coding(
    answer: Answer, areas, tags: Iterable[str], user, *, accepted_suggestion=None
) -> None:
    """Replace the priority areas and free tags on one answer. `accepted_suggestion` (an
    `AreaSuggestion`) says the areas are a suggestion the user accepted: the coding, the audit
    entry and the totals are the same as by hand; the suggestion records who and when."""
    areas = list(areas)
    tags = _clean_tags(tags)
    data = {"question": answer.question_label, "priority_areas": _names(areas), "tags": tags}
    if accepted_suggestion is not None:
        data["accepted_suggestion"] = accepted_suggestion.pk
    with transaction.atomic(), keeping_counts([answer.response_id]):
        answer.priority_areas.set(areas)
        answer.tags.set(tags)
        log(instance=answer.response, action=TAG_ANSWER, user=user, data=data)
        if accepted_suggestion is not None:
            mark_accepted(accepted_suggestion, user)


def add_priority_area(responses: Iterable[Response], area: PriorityArea, user) -> int:
    """Bulk action: add one priority area to each response (keeping what is there)."""
    count = 0
    with transaction.atomic():
        for response in responses:
            response.priority_areas.add(area)
            log(
                instance=response,
                action=TAG_RESPONSE,
                user=user,
                data={"added_priority_area": _names([area])[0]},
            )
            count += 1
    return count


def add_tag(responses: Iterable[Response], tag_name: str, user) -> int:
    """Bulk action: add one free tag to each response (keeping what is there)."""
    names = _clean_tags([tag_name])
    if not names:
        raise ValueError("Enter a tag.")
    count = 0
    with transaction.atomic():
        for response in responses:
            response.tags.add(names[0])
            log(instance=response, action=TAG_RESPONSE, user=user, data={"added_tag": names[0]})
            count += 1
    return count


def add_note(response: Response, text: str, user) -> StaffNote:
    text = text.strip()
    if not text:
        raise ValueError("Write a note first.")
    with transaction.atomic():
        note = StaffNote.objects.create(response=response, author=user, text=text)
        log(instance=response, action=ADD_NOTE, user=user, data={"note_id": note.pk})
    return note


def highlight_quote(answer: Answer, text: str, area: PriorityArea | None, user) -> Quote:
    """Mark an answer, or a passage of it, as a quote for reports. The passage must come from
    the answer, apart from manual redactions in square brackets."""
    if not Response.objects.counted().filter(pk=answer.response_id).exists():
        raise ValueError(
            "This answer cannot be quoted: its response was withdrawn by the respondent "
            "or hidden as spam."
        )
    text = (text or answer.value_text).strip()
    if not text:
        raise ValueError("This answer has no text to quote.")
    with transaction.atomic():
        quote = Quote.objects.create(answer=answer, text=text, priority_area=area, created_by=user)
        log(instance=answer.response, action=ADD_QUOTE, user=user, data={"quote_id": quote.pk})
    return quote


def rename_tag(tag: FeedbackTag, new_name: str, user) -> FeedbackTag:
    """Rename a tag. If a tag with that name exists already, merge into it instead."""
    new_name = new_name.strip()[:100]
    if not new_name:
        raise ValueError("Enter the new name.")
    existing = FeedbackTag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
    if existing:
        return merge_tags([tag], existing, user)
    with transaction.atomic():
        old_name = tag.name
        tag.name = new_name
        slug = tag.slugify(new_name)
        if FeedbackTag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
            slug = f"{slug}-{tag.pk}"
        tag.slug = slug
        tag.save()
        log(instance=tag, action=RENAME_TAG, user=user, data={"from": old_name, "to": new_name})
    return tag


def merge_tags(sources: Iterable[FeedbackTag], target: FeedbackTag, user) -> FeedbackTag:
    """Move every use of the source tags onto the target tag, then delete the sources."""
    sources = [tag for tag in sources if tag.pk != target.pk]
    tag_ids = [target.pk, *(tag.pk for tag in sources)]
    with transaction.atomic(), keeping_tag_counts(tag_ids):
        for tag in sources:
            for through in (TaggedResponse, TaggedAnswer):
                already = through.objects.filter(tag=target).values("content_object_id")
                through.objects.filter(tag=tag).exclude(content_object_id__in=already).update(
                    tag=target
                )
                through.objects.filter(tag=tag).delete()
        log(
            instance=target,
            action=MERGE_TAGS,
            user=user,
            data={"merged": [tag.name for tag in sources], "into": target.name},
        )
        FeedbackTag.objects.filter(pk__in=[tag.pk for tag in sources]).delete()
    return target


def delete_response(response: Response, user) -> None:
    """Delete a response and its answers for good, with what was derived from their words
    (vectors, suggestions, campaign membership). The audit log keeps that it happened."""
    with transaction.atomic(), keeping_counts([response.pk]):
        forget_vectors(Response, [response.pk])
        log(
            instance=response,
            action="wagtail.delete",
            user=user,
            data={"reference": response.reference, "consultation": response.consultation_id},
        )
        forget_vectors(Response, [response.pk])  # and so its suggestions and themes
        response.delete()
