"""Running totals for the synthesis dashboard (`SynthesisCount`, kept by
consultations/feedback/counts.py), filled from the responses already stored.

Also adopts migration 0004's index on `Response.submitted_at` into the model (it is now in
`Response.Meta.indexes`): state only, because 0004 already created the very same index, under
the same name, on every database (SQLite too). 0004's trigram index stays database-only: it
needs PostgreSQL and the pg_trgm extension.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_counts(apps, schema_editor):
    # A database without responses (new, or a test database) has nothing to count. Otherwise
    # count with the application's own code, the one that keeps the totals from now on.
    Response = apps.get_model("consultations", "Response")
    if not Response.objects.exists():
        return
    from consultations.feedback.counts import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_survey_network_question")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="response",
                    index=models.Index(
                        fields=["-submitted_at"], name="feedback_response_submitted"
                    ),
                )
            ]
        ),
        migrations.CreateModel(
            name="SynthesisCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("measure", models.CharField(max_length=20)),
                ("key", models.CharField(blank=True, max_length=64)),
                ("option", models.CharField(blank=True, max_length=250)),
                ("count", models.IntegerField(default=0)),
                ("question_label", models.CharField(blank=True, max_length=250)),
                ("question_type", models.CharField(blank=True, max_length=30)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="consultations.consultationpage",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("consultation", "measure", "key", "option"),
                        name="one_synthesis_count",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_counts, migrations.RunPython.noop, elidable=True),
    ]
