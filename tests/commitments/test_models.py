"""The rules a commitment keeps: statuses, reasons, progress, the history's order and the
update ids that survive every revision."""

from datetime import date

import pytest

from django.core.exceptions import ValidationError

from commitments.models import Commitment

from .conftest import publish_changes, update

DONE = Commitment.Status.DONE
NOT_GOING_AHEAD = Commitment.Status.NOT_GOING_AHEAD
IN_PROGRESS = Commitment.Status.IN_PROGRESS
PLANNED = Commitment.Status.PLANNED


def errors_of(**fields) -> dict:
    fields.setdefault("title", "Youth workers at bus stops")
    fields.setdefault("what_we_said", "Fund youth workers at bus stops.")
    fields.setdefault("owner", "VRU Youth Programmes team")
    with pytest.raises(ValidationError) as caught:
        Commitment(**fields).full_clean()
    return caught.value.message_dict


def test_not_going_ahead_needs_a_reason(db):
    assert "reason_not_going_ahead" in errors_of(status=NOT_GOING_AHEAD, progress=0)
    assert "reason_not_going_ahead" in errors_of(
        status=NOT_GOING_AHEAD, reason_not_going_ahead="   "
    )
    Commitment(
        title="Wardens",
        what_we_said="Wardens on buses.",
        owner="VRU Partnerships team",
        status=NOT_GOING_AHEAD,
        reason_not_going_ahead="A trial is already running.",
    ).full_clean(exclude=["slug"])


def test_a_reason_is_only_for_commitments_not_going_ahead(db):
    errors = errors_of(status=IN_PROGRESS, progress=10, reason_not_going_ahead="Changed plans")
    assert "reason_not_going_ahead" in errors


def test_done_means_all_the_way_and_planned_means_not_yet(db):
    assert "progress" in errors_of(status=DONE, progress=90)
    assert "progress" in errors_of(status=PLANNED, progress=100)
    assert "progress" in errors_of(status=IN_PROGRESS, progress=101)


def test_the_status_matches_the_newest_update_that_changed_it(db):
    errors = errors_of(
        status=IN_PROGRESS,
        progress=50,
        updates=[
            update(date(2026, 10, 1), "Started.", IN_PROGRESS),
            update(date(2026, 11, 1), "Finished.", DONE),
        ],
    )
    assert "Done" in errors["status"][0]


def test_the_history_is_newest_first_whatever_order_it_was_typed_in(make_commitment):
    commitment = make_commitment(
        status=IN_PROGRESS,
        progress=20,
        updates=[
            update(date(2026, 11, 1), "Second."),
            update(date(2026, 9, 1), "First.", IN_PROGRESS),
            update(date(2026, 11, 1), "Third, the same day as the second."),
        ],
    )
    notes = [entry.note for entry in commitment.progress_updates()]
    assert notes == ["Third, the same day as the second.", "Second.", "First."]
    assert commitment.latest_update.note == "Third, the same day as the second."
    assert commitment.progress_updates()[-1].status_label == "In progress"


def test_slugs_come_from_the_title_and_never_clash(make_commitment):
    first = make_commitment(title="Safe spaces after school")
    second = make_commitment(title="Safe spaces after school")
    assert first.slug == "safe-spaces-after-school"
    assert second.slug == "safe-spaces-after-school-2"


def test_an_update_keeps_its_id_through_later_revisions(make_commitment):
    commitment = make_commitment(
        status=IN_PROGRESS, progress=10, updates=[update(date(2026, 10, 1), "Started.")]
    )
    first_key = commitment.latest_update.key
    assert first_key
    draft = commitment.get_latest_revision_as_object()
    draft.updates.append(("update", {"date": date(2026, 11, 1), "note": "More.", "status": ""}))
    commitment = publish_changes(commitment, updates=draft.updates, progress=30)
    keys = [entry.key for entry in commitment.progress_updates()]
    assert keys[1] == first_key
    assert keys[0] != first_key
    # Publishing again, with nothing new, changes no id.
    again = publish_changes(commitment, owner="VRU Communities team")
    assert [entry.key for entry in again.progress_updates()] == keys


def test_only_published_commitments_are_public(make_commitment):
    draft = make_commitment(publish=False, title="Not yet")
    live = make_commitment(title="Out now")
    assert list(Commitment.objects.published()) == [live]
    assert draft.live is False
