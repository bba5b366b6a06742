"""Email updates and accessible-format requests moved out of `accounts` into their own apps
(decision 0030) without losing anything: run the real migrations back to before the move,
store and grant things the old way, migrate forward, and check every row, many-to-many
choice, group permission and audit-log entry is still there and still works."""

from datetime import date

import pytest

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accessible_formats.models import AccessibleFormatRequest
from accessible_formats.services import accessible_format_staff_emails
from email_updates.models import UpdatesSubscription
from home.models import Network
from tests.support.migrations import grant_before_the_move, migrate_to

BEFORE = [("accounts", "0001_initial")]  # unapplies accounts 0002 and both apps' 0001


@pytest.mark.django_db(transaction=True)
def test_rows_choices_grants_and_log_entries_survive_the_move():
    request_type_id = ContentType.objects.get_for_model(AccessibleFormatRequest).pk
    subscription_type_id = ContentType.objects.get_for_model(UpdatesSubscription).pk
    network = Network.objects.order_by("pk").first()

    try:
        executor = migrate_to(BEFORE)
        old = executor.loader.project_state(("accounts", "0001_initial")).apps
        OldContentType = old.get_model("contenttypes", "ContentType")
        old_request_type = OldContentType.objects.get(
            app_label="accounts", model="accessibleformatrequest"
        )
        assert old_request_type.pk == request_type_id  # the same row, under its old label
        assert (
            OldContentType.objects.get(app_label="accounts", model="updatessubscription").pk
            == subscription_type_id
        )
        grant_before_the_move(
            old, old_request_type.pk, "change_accessibleformatrequest", username="formats"
        )

        OldRequest = old.get_model("accounts", "AccessibleFormatRequest")
        old_request = OldRequest.objects.create(
            document="Strategy summary",
            format="easy_read",
            name="Ali",
            contact="ali@example.org",
            due_date=date(2030, 4, 29),
        )
        OldSubscription = old.get_model("accounts", "UpdatesSubscription")
        old_subscription = OldSubscription.objects.create(
            email="sam@example.org", status="confirmed", confirm_token="token-before-the-move"
        )
        old_subscription.networks.add(network.pk)
        LogEntry = old.get_model("wagtailcore", "ModelLogEntry")
        entry = LogEntry.objects.create(
            content_type_id=old_request_type.pk,
            object_id=str(old_request.pk),
            label="Strategy summary",
            action="wagtail.edit",
            timestamp=timezone.now(),
            data={},
        )
    finally:
        migrate_to(None)

    # The same content type rows, now under the new apps; nothing left under accounts.
    moved = ContentType.objects.get_for_model(AccessibleFormatRequest)
    assert (moved.pk, moved.app_label) == (request_type_id, "accessible_formats")
    moved = ContentType.objects.get_for_model(UpdatesSubscription)
    assert (moved.pk, moved.app_label) == (subscription_type_id, "email_updates")
    assert not ContentType.objects.filter(
        app_label="accounts", model__in=["accessibleformatrequest", "updatessubscription"]
    ).exists()

    # The grant given before the move still lets the person act, and still gets them alerts.
    staff = User.objects.get(username="formats")
    assert staff.has_perm("accessible_formats.change_accessibleformatrequest")
    assert accessible_format_staff_emails() == ["formats@example.org"]

    # Rows and many-to-many choices were renamed with their tables, never copied.
    format_request = AccessibleFormatRequest.objects.get(pk=old_request.pk)
    assert (format_request.document, format_request.due_date) == (
        "Strategy summary",
        date(2030, 4, 29),
    )
    subscription = UpdatesSubscription.objects.get(pk=old_subscription.pk)
    assert subscription.confirm_token == "token-before-the-move"
    assert list(subscription.networks.all()) == [network]

    # The audit-log entry follows the request.
    from wagtail.models import ModelLogEntry

    assert list(ModelLogEntry.objects.for_instance(format_request)) == [
        ModelLogEntry.objects.get(pk=entry.pk)
    ]
