"""Two indexes on answers for the live (filtered) synthesis dashboard and the listing filters,
chosen with EXPLAIN ANALYZE on 1,000,000 answers (docs/performance.md). Plain composite
indexes, so they mean the same on SQLite. Building them locks answers against writes for well
under a second at that size."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_synthesis_counts"),
        ("home", "0005_safeguarding_defaults"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["id", "response"], name="answer_to_response"),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(
                    ("question_type__in", ("short_text", "long_text")),
                    models.Q(("value_text", ""), _negated=True),
                ),
                fields=["response", "id"],
                name="answer_free_text",
            ),
        ),
    ]
