"""Background exports: the ExportJob model, and a permission for feedback managers to see and
download everyone's prepared exports (docs/decisions/0010-background-exports.md)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PERMISSION = ("manage_feedback_exports", "Can see and download everyone's feedback exports")
GROUP = "Feedback manager"


def add_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    response_type, _ = ContentType.objects.get_or_create(
        app_label="consultations", model="response"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=response_type, codename=PERMISSION[0], defaults={"name": PERMISSION[1]}
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_permission(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="consultations", codename=PERMISSION[0]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_feedback_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("responses", "Responses"), ("answers", "Coded answers")],
                        max_length=20,
                    ),
                ),
                ("file_format", models.CharField(max_length=10)),
                (
                    "query",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="The listing filters as submitted, to rebuild them.",
                    ),
                ),
                (
                    "filters",
                    models.JSONField(blank=True, default=dict, help_text="The filters, readable."),
                ),
                ("redacted", models.BooleanField(default=True)),
                ("coded_only", models.BooleanField(default=False)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("running", "Being prepared"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                            ("expired", "Expired (file deleted)"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("row_count", models.PositiveIntegerField(default=0)),
                (
                    "file_name",
                    models.CharField(
                        blank=True, help_text="In PRIVATE_EXPORT_ROOT.", max_length=200
                    ),
                ),
                ("file_size", models.PositiveBigIntegerField(default=0)),
                ("error", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                (
                    "record",
                    models.OneToOneField(
                        blank=True,
                        help_text="The audited export, once the file is made.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="job",
                        to="consultations.feedbackexport",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["requested_by", "created_at"], name="export_job_requester"
                    ),
                    models.Index(fields=["expires_at"], name="export_job_expiry"),
                ],
            },
        ),
        migrations.RunPython(add_permission, remove_permission),
    ]
