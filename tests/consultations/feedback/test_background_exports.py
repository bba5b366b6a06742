"""Large exports: prepared by a background task into private storage, listed for the person
who asked, downloadable only with permission, audited, and deleted when they expire."""

import csv
import io
import os
from datetime import timedelta

import pytest
import time_machine

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from consultations.feedback import background
from consultations.models import ExportJob, FeedbackExport
from home.scheduling import registered_jobs
from tests.consultations.feedback.factories import make_response
from tests.support.staff import staff_member


@pytest.fixture(autouse=True)
def private_exports(settings, tmp_path):
    settings.PRIVATE_EXPORT_ROOT = tmp_path / "private-exports"
    settings.FEEDBACK_EXPORT_BACKGROUND_ROWS = 4  # six answers, two responses: answers go big
    return settings.PRIVATE_EXPORT_ROOT


@pytest.fixture
def responses(consultation):
    first = make_response(consultation, free_text="Ring 020 7946 0000 please", age_band="11_15")
    second = make_response(consultation, free_text="=HYPERLINK(1) a@b.com")
    make_response(consultation, free_text="spam", moderation_status="hidden")
    return [first, second]


def export_url(kind="answers", file_format="csv", query=""):
    return reverse("feedback:export", args=[kind, file_format]) + (f"?{query}" if query else "")


def body(result) -> bytes:
    """The whole response body. Reading a download to the end closes it (and its file)."""
    return b"".join(result.streaming_content) if result.streaming else result.content


def prepare(client, **kwargs):
    """Ask for a background export the way the confirmation page does (a POST)."""
    result = client.post(export_url(**kwargs))
    assert result.status_code == 302
    assert result["Location"] == reverse("feedback:export_jobs")
    return ExportJob.objects.latest("pk")


def test_small_exports_still_stream(moderator_client, responses):
    result = moderator_client.get(export_url("responses"))  # two rows: under the threshold
    assert result.status_code == 200
    assert result.streaming
    assert not ExportJob.objects.exists()


def test_large_export_asks_first_and_creates_nothing_on_get(moderator_client, responses):
    result = moderator_client.get(export_url())
    assert result.status_code == 200
    html = result.content.decode()
    assert "<strong>6</strong> rows" in html
    assert '<form method="post"' in html  # works without JavaScript
    assert not ExportJob.objects.exists()
    assert not FeedbackExport.objects.exists()


def test_large_export_runs_in_background_to_private_storage(
    moderator_client, moderator, responses, private_exports
):
    job = prepare(moderator_client, query="age_band=11_15&unredacted=0&p=2")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.requested_by == moderator
    assert job.kind == "answers" and job.file_format == "csv" and job.redacted
    assert job.query == {"age_band": ["11_15"]}
    assert job.row_count == 3  # one response's three answers
    assert job.finished_at and job.expires_at > timezone.now() + timedelta(days=6)
    path = private_exports / job.file_name
    assert path.parent == private_exports
    assert path.is_file() and path.stat().st_size == job.file_size
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    assert not list(private_exports.glob("*.part"))

    listing = moderator_client.get(reverse("feedback:export_jobs")).content.decode()
    download_url = reverse("feedback:export_download", args=[job.pk])
    assert download_url in listing
    result = moderator_client.get(download_url)
    assert result.status_code == 200
    assert "attachment" in result["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(result).decode())))
    assert len(rows) == 3
    assert {row["reference"] for row in rows} == {responses[0].reference}
    assert "Ring [phone] please" in {row["answer"] for row in rows}


def test_background_export_is_audit_logged_when_made(moderator_client, moderator, responses):
    job = prepare(moderator_client, kind="answers", file_format="json")
    job.refresh_from_db()
    record = FeedbackExport.objects.get()
    assert job.record == record
    assert record.exported_by == moderator and record.row_count == 6
    entry = ModelLogEntry.objects.get(action="consultations.feedback.export")
    assert entry.user == moderator
    assert entry.data["rows"] == 6
    assert entry.data["background"] is True
    assert entry.data["job"] == job.pk
    assert entry.data["redacted"] is True
    body(moderator_client.get(reverse("feedback:export_download", args=[job.pk])))
    downloads = ModelLogEntry.objects.filter(action="consultations.feedback.export_download")
    assert downloads.count() == 1
    assert downloads.get().user == moderator


def test_another_moderator_cannot_download_or_see_it(
    client, moderator_client, django_user_model, responses
):
    job = prepare(moderator_client)
    other = staff_member(django_user_model, "other-moderator", group="Feedback moderator")
    client.force_login(other)
    download_url = reverse("feedback:export_download", args=[job.pk])
    result = client.get(download_url)
    assert result.status_code in (302, 403)
    assert result.status_code == 403 or result["Location"] == reverse("wagtailadmin_home")
    assert b"reference" not in body(result)
    assert download_url not in client.get(reverse("feedback:export_jobs")).content.decode()
    assert not ModelLogEntry.objects.filter(
        action="consultations.feedback.export_download"
    ).exists()


def test_feedback_manager_can_download_anyones(manager_client, moderator_client, responses):
    job = prepare(moderator_client)
    listing = manager_client.get(reverse("feedback:export_jobs")).content.decode()
    assert "moderator" in listing
    result = manager_client.get(reverse("feedback:export_download", args=[job.pk]))
    assert result.status_code == 200
    assert b"reference" in body(result)


def test_unredacted_export_needs_that_permission_to_download(manager_client, manager, responses):
    job = prepare(manager_client, query="unredacted=1")
    job.refresh_from_db()
    assert not job.redacted
    download_url = reverse("feedback:export_download", args=[job.pk])
    assert "Ring 020 7946 0000 please" in body(manager_client.get(download_url)).decode()
    manager.groups.set([Group.objects.get(name="Feedback moderator")])
    result = manager_client.get(download_url)
    assert result.status_code in (302, 403)
    assert b"Ring" not in body(result)


def test_people_without_export_permission_cannot_list_or_ask(editor_client, responses):
    assert editor_client.get(reverse("feedback:export_jobs")).status_code in (302, 403)
    editor_client.post(export_url())
    assert not ExportJob.objects.exists()


def test_expired_exports_lose_their_file(moderator_client, responses, private_exports):
    job = prepare(moderator_client)
    job.refresh_from_db()
    path = private_exports / job.file_name
    stale = private_exports / "99-crashed.csv.part"
    stale.write_text("half an export")
    assert background.purge_expired_exports() == 0
    assert path.is_file()

    later = timezone.now() + timedelta(days=settings.FEEDBACK_EXPORT_KEEP_DAYS, minutes=1)
    os.utime(stale, (later.timestamp() - 2 * 86400,) * 2)
    with time_machine.travel(later):
        assert background.purge_expired_exports() == 1
        assert background.purge_expired_exports() == 0  # idempotent
    result = moderator_client.get(reverse("feedback:export_download", args=[job.pk]))
    assert not path.exists()
    assert not stale.exists()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and job.file_name == ""
    assert result.status_code == 404


def test_expiry_is_a_scheduled_job():
    jobs = {job.name: job for job in registered_jobs()}
    assert "consultations.purge_expired_feedback_exports" in jobs


def test_a_failed_export_leaves_no_file(moderator_client, responses, private_exports, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("consultations.feedback.exports.write_file", broken)
    job = prepare(moderator_client)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "RuntimeError"
    assert not any(private_exports.iterdir())
    assert not FeedbackExport.objects.exists()
    assert background.prepare_export(job.pk) == "skipped"


def test_spreadsheets_go_to_the_background_sooner(moderator_client, responses, settings):
    settings.FEEDBACK_EXPORT_BACKGROUND_ROWS = 9  # XLSX at a fifth of it: 1 row
    result = moderator_client.get(export_url("responses", "csv"))  # two rows
    assert result.streaming and body(result)
    result = moderator_client.get(export_url("responses", "xlsx"))
    assert b"Prepare the export" in result.content
