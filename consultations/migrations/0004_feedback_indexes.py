"""Indexes the feedback workspace needs at scale (see docs/performance.md).

Database-only: `Response` and `Answer` belong to the consultations models, so these indexes are
not in their Meta and the migration state is untouched. If those models later declare the same
indexes, drop these first.
- newest-first listing of responses: an index on submitted_at;
- searching inside answers (`icontains`, which is UPPER(...) LIKE on PostgreSQL): a trigram GIN
  index, only on PostgreSQL and only where the pg_trgm extension can be created.
"""

from django.db import migrations

RESPONSE_INDEX = "feedback_response_submitted"
TRIGRAM_INDEX = "feedback_answer_text_trgm"


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {RESPONSE_INDEX} ON consultations_response (submitted_at DESC)"
    )
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SAVEPOINT feedback_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON consultations_answer "
                "USING gin (UPPER(value_text) gin_trgm_ops)"
            )
            cursor.execute("RELEASE SAVEPOINT feedback_trgm")
    except Exception:  # noqa: BLE001 - no extension rights: search still works, just slower
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK TO SAVEPOINT feedback_trgm")


def drop_indexes(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {RESPONSE_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_feedback_groups")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
