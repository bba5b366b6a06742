"""The AccessibleFormatRequest model, moved here from accounts (accounts 0002 renamed its
table).

Only the state is created: the table already exists. The content type moves with it, so
group permissions and audit-log entries keep pointing at the same row.
"""

from django.db import migrations, models

from home.migration_operations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_move_updates_and_formats_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccessibleFormatRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "document",
                            models.CharField(help_text="Which document or page.", max_length=255),
                        ),
                        ("document_url", models.CharField(blank=True, max_length=500)),
                        (
                            "format",
                            models.CharField(
                                choices=[
                                    ("large_print", "Large print"),
                                    ("easy_read", "Easy read"),
                                    ("audio", "Audio"),
                                    ("braille", "Braille"),
                                    ("bsl_video", "British Sign Language (BSL) video"),
                                    ("other", "Something else"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "format_details",
                            models.CharField(
                                blank=True,
                                help_text="What the person asked for, if something else.",
                                max_length=255,
                            ),
                        ),
                        ("assistive_technology", models.CharField(blank=True, max_length=255)),
                        ("name", models.CharField(max_length=100)),
                        (
                            "contact",
                            models.CharField(
                                help_text="Email address or phone number.", max_length=255
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("due_date", models.DateField()),
                        (
                            "is_done",
                            models.BooleanField(
                                default=False,
                                help_text="Tick when the person has their document.",
                                verbose_name="done",
                            ),
                        ),
                        ("done_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("staff_notes", models.TextField(blank=True)),
                    ],
                    options={
                        "verbose_name": "accessible format request",
                        "ordering": ["due_date", "created_at"],
                    },
                ),
            ],
        ),
        move_content_types("accounts", "accessible_formats", ["accessibleformatrequest"]),
    ]
