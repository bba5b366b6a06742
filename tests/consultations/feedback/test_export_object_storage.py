"""Large exports in object storage (decision 0031): the task worker and the web server share no
disk. A real worker process, with a folder of its own, prepares the export and puts it in an
S3 bucket (moto's S3 server on localhost, spoken to over HTTP by boto3 exactly as AWS or any
S3-compatible store would be); the web side, with a different folder, lists it, downloads it
through the permission-checked view, and the expiry job deletes it from the bucket."""

import csv
import io
import signal
import socket
from datetime import timedelta

import boto3
import pytest
import time_machine
from moto.server import ThreadedMotoServer

from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.settings.base import object_storage
from consultations.feedback import background
from consultations.models import ExportJob
from tests.consultations.feedback.factories import make_response
from tests.support.workers import start_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BUCKET = "vru-private-exports"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(monkeypatch):
    """An S3 server on localhost with an empty bucket; the environment names it the way
    production's does (S3_ENDPOINT_URL, AWS_* credentials)."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    environment = {
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",  # noqa: S105 - the local test server's
        "EXPORT_STORAGE_BUCKET": BUCKET,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=environment["S3_ENDPOINT_URL"],
        region_name="eu-west-2",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",  # noqa: S106
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    yield client, environment
    server.stop()


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_worker_without_the_web_servers_disk_prepares_an_export_they_can_download(
    s3, settings, tmp_path, moderator_client, consultation
):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database: PostgreSQL only")
    client, environment = s3
    web_folder, worker_folder = tmp_path / "web", tmp_path / "worker"
    settings.PRIVATE_EXPORT_ROOT = web_folder
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private_exports": object_storage(BUCKET, location="exports", private=True),
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FEEDBACK_EXPORT_BACKGROUND_ROWS = 0
    first = make_response(consultation, free_text="More youth clubs", age_band="11_15")
    second = make_response(consultation, free_text="Better lighting")

    asked = moderator_client.post(reverse("feedback:export", args=["responses", "csv"]))
    assert asked.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.QUEUED

    worker = start_worker(
        settings_module="tests.consultations.feedback.object_storage_worker_settings",
        env={**environment, "PRIVATE_EXPORT_ROOT": str(worker_folder)},
    )
    try:
        wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE, 120)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    job.refresh_from_db()

    # The file is in the bucket, private, and on neither machine's disk.
    assert _keys(client) == [f"exports/{job.file_name}"]
    head = client.head_object(Bucket=BUCKET, Key=f"exports/{job.file_name}")
    assert head["ContentLength"] == job.file_size
    grants = client.get_object_acl(Bucket=BUCKET, Key=f"exports/{job.file_name}")["Grants"]
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)
    assert [path for path in worker_folder.rglob("*") if path.is_file()] == []
    assert not web_folder.exists()

    # The web side downloads it through the permission-checked view.
    result = moderator_client.get(reverse("feedback:export_download", args=[job.pk]))
    assert result.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(result.streaming_content).decode())))
    assert {row["reference"] for row in rows} == {first.reference, second.reference}

    # After its expiry the scheduled job deletes it from the bucket.
    later = timezone.now() + timedelta(days=settings.FEEDBACK_EXPORT_KEEP_DAYS, minutes=1)
    with time_machine.travel(later):
        assert background.purge_expired_exports() == 1
    assert _keys(client) == []
    gone = moderator_client.get(reverse("feedback:export_download", args=[job.pk]))
    assert gone.status_code == 404
