"""The UpdatesSubscription model, moved here from accounts (accounts 0002 renamed the table).

Only the state is created: the table already exists. The content type moves with it, so
group permissions and audit-log entries keep pointing at the same row.
"""

from django.db import migrations, models

import email_updates.models
from home.migration_operations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_move_updates_and_formats_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0002_reference_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UpdatesSubscription",
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
                        ("name", models.CharField(blank=True, max_length=100)),
                        ("email", models.EmailField(max_length=254, unique=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for confirmation"),
                                    ("confirmed", "Confirmed"),
                                    ("unsubscribed", "Unsubscribed"),
                                ],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        (
                            "confirm_token",
                            models.CharField(
                                default=email_updates.models.new_confirm_token,
                                max_length=64,
                                unique=True,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("unsubscribed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "networks",
                            models.ManyToManyField(blank=True, related_name="+", to="home.network"),
                        ),
                        (
                            "priority_areas",
                            models.ManyToManyField(
                                blank=True, related_name="+", to="home.priorityarea"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "email updates subscription",
                    },
                ),
            ],
        ),
        move_content_types("accounts", "email_updates", ["updatessubscription"]),
    ]
