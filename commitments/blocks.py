"""A commitment's progress updates: one block per dated update in its history.

Updates are blocks in a StreamField, not rows of their own, because a block keeps its id
across every revision: the emails about an update are recorded against that id, so
re-publishing a commitment never makes an update look new (decision 0034).
"""

from django.core.exceptions import ValidationError

from wagtail import blocks


class CommitmentStatus:
    """Where a commitment stands. Stored on the commitment and, when it changed, on the update
    that changed it."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_GOING_AHEAD = "not_going_ahead"

    CHOICES = [
        (PLANNED, "Planned"),
        (IN_PROGRESS, "In progress"),
        (DONE, "Done"),
        (NOT_GOING_AHEAD, "Not going ahead"),
    ]
    LABELS = dict(CHOICES)


PREVIEW_UPDATE = {
    "date": "2026-11-20",
    "note": "We have agreed the first three boroughs and started recruiting youth workers.",
    "status": CommitmentStatus.IN_PROGRESS,
}


class ProgressUpdateBlock(blocks.StructBlock):
    """One dated update: what happened, and the status it moved the commitment to (if any)."""

    date = blocks.DateBlock(help_text="When this happened.")
    note = blocks.TextBlock(
        help_text="What happened, in plain English. Shown publicly and emailed to people who "
        "asked to hear back."
    )
    status = blocks.ChoiceBlock(
        choices=CommitmentStatus.CHOICES,
        required=False,
        help_text="Only if this update changed the status.",
    )

    class Meta:
        icon = "date"
        template = "commitments/includes/progress_update.html"
        label = "Progress update"
        preview_value = PREVIEW_UPDATE
        description = "A dated note about progress, shown in the commitment's history."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["update"] = {
            "date": value.get("date"),
            "note": value.get("note"),
            "status_label": CommitmentStatus.LABELS.get(value.get("status") or "", ""),
        }
        return context

    def clean(self, value):
        value = super().clean(value)
        if value.get("note") and not value["note"].strip():
            raise blocks.StructBlockValidationError({"note": ValidationError("Write a note.")})
        return value


class ProgressUpdatesBlock(blocks.StreamBlock):
    update = ProgressUpdateBlock()

    class Meta:
        icon = "list-ul"
        template = "commitments/blocks/progress_updates.html"
        preview_value = [("update", PREVIEW_UPDATE)]
        description = "The commitment's progress updates, in any order: shown newest first."
