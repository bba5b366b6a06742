"""Safeguarding becomes its own app (decision 0018). The five models move from `home` without
copying a row: their tables keep their names (`db_table`), this migration only creates their
*state* here, and home 0007 deletes the state there. Then the rows that name the old app are
renamed so nothing is lost:

- `django_content_type` rows (home -> safeguarding): permissions, group grants, Wagtail audit
  log entries and generic relations point at content-type ids, so they all follow;
- the audit log's action names (`home.safeguarding.*` -> `safeguarding.*`);
- queued background tasks (`home.safeguarding.tasks.*` -> `safeguarding.tasks.*`), so a task
  queued before the upgrade still runs after it;
- the scheduler's last-run rows (`home.sweep_semantic_screening` ->
  `safeguarding.sweep_semantic_screening`, likewise the retrain), so no job runs twice.

Every step is reversible.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from home.migration_operations import move_content_types

MOVED_MODELS = [
    "safeguardingcategory",
    "safeguardingphrase",
    "safeguardingflag",
    "pendingscreening",
    "screeningclassifier",
]
OLD_LABEL, NEW_LABEL = "home", "safeguarding"
RENAMED_PREFIXES = {
    # audit log actions
    "home.safeguarding.": "safeguarding.",
}
RENAMED_JOBS = {
    "home.sweep_semantic_screening": "safeguarding.sweep_semantic_screening",
    "home.retrain_screening": "safeguarding.retrain_screening",
}
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def _replace_prefix(queryset, field, old, new):
    for pk, value in queryset.filter(**{f"{field}__startswith": old}).values_list("pk", field):
        queryset.filter(pk=pk).update(**{field: new + value[len(old) :]})


def rename_log_actions_and_jobs(apps, schema_editor, reverse=False):
    db = schema_editor.connection.alias
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ScheduledJobRun = apps.get_model("home", "ScheduledJobRun")
    for old, new in RENAMED_PREFIXES.items():
        old, new = (new, old) if reverse else (old, new)
        _replace_prefix(LogEntry.objects.using(db), "action", old, new)
    for old, new in RENAMED_JOBS.items():
        old, new = (new, old) if reverse else (old, new)
        if not ScheduledJobRun.objects.using(db).filter(name=new).exists():
            ScheduledJobRun.objects.using(db).filter(name=old).update(name=new)


def restore_log_actions_and_jobs(apps, schema_editor):
    rename_log_actions_and_jobs(apps, schema_editor, reverse=True)


def rename_queued_tasks(apps, schema_editor, old="home.safeguarding.tasks.", new=None):
    """Queued (not yet run) tasks store their import path; point them at the new module.
    Done in SQL because the task backend's table belongs to another package's migrations."""
    new = new if new is not None else "safeguarding.tasks."
    connection = schema_editor.connection
    if TASKS_TABLE not in connection.introspection.table_names():
        return
    table = schema_editor.quote_name(TASKS_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET task_path = %s || SUBSTR(task_path, %s) "  # noqa: S608
            "WHERE task_path LIKE %s AND status = %s",
            [new, len(old) + 1, old + "%", "READY"],
        )


def restore_queued_tasks(apps, schema_editor):
    rename_queued_tasks(
        apps, schema_editor, old="safeguarding.tasks.", new="home.safeguarding.tasks."
    )


STATE_OPERATIONS = [
    migrations.CreateModel(
        name="SafeguardingCategory",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("name", models.CharField(max_length=80, unique=True)),
            ("slug", models.SlugField(max_length=80, unique=True)),
            (
                "description",
                models.TextField(
                    help_text="What this category covers, for the people who edit the phrase list."
                ),
            ),
            ("sort_order", models.PositiveSmallIntegerField(default=100)),
        ],
        options={
            "verbose_name": "safeguarding category",
            "verbose_name_plural": "safeguarding categories",
            "db_table": "home_safeguardingcategory",
            "ordering": ["sort_order", "name"],
        },
    ),
    migrations.CreateModel(
        name="SafeguardingFlag",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("object_id", models.CharField(max_length=64)),
            (
                "source_label",
                models.CharField(
                    help_text='What was flagged, e.g. "Consultation response ABC123".',
                    max_length=200,
                ),
            ),
            ("source_admin_url", models.CharField(blank=True, max_length=500)),
            (
                "flagged_texts",
                models.JSONField(
                    default=list,
                    help_text="The answers that matched: a list of {label, text, phrases}.",
                ),
            ),
            (
                "flagged_at",
                models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            ),
            (
                "stage",
                models.CharField(
                    choices=[
                        ("phrase", "Phrase list"),
                        ("semantic", "Meaning (classifier)"),
                        ("both", "Phrase list and meaning"),
                        ("hand", "Flagged by hand"),
                    ],
                    default="phrase",
                    help_text="Which screening stage raised the flag.",
                    max_length=20,
                ),
            ),
            (
                "semantic_confidence",
                models.FloatField(
                    blank=True,
                    help_text="The classifier's probability (0 to 1) that this is a concern, if it ran.",
                    null=True,
                ),
            ),
            (
                "finding",
                models.CharField(
                    blank=True,
                    choices=[
                        ("concern", "Yes, a safeguarding concern"),
                        ("not_a_concern", "No, not a concern"),
                    ],
                    help_text="The lead's finding at closing; labels the answers for retraining.",
                    max_length=20,
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("new", "New"),
                        ("acknowledged", "Acknowledged"),
                        ("assessed", "Assessed"),
                        ("closed", "Closed"),
                    ],
                    db_index=True,
                    default="new",
                    max_length=20,
                ),
            ),
            ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
            ("assessment", models.TextField(blank=True)),
            ("action_taken", models.TextField(blank=True)),
            ("outcome", models.TextField(blank=True)),
            ("assessed_at", models.DateTimeField(blank=True, null=True)),
            ("closed_at", models.DateTimeField(blank=True, null=True)),
            (
                "acknowledged_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "categories",
                models.ManyToManyField(
                    related_name="flags", to="safeguarding.safeguardingcategory"
                ),
            ),
            (
                "content_type",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype"
                ),
            ),
            (
                "updated_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "db_table": "home_safeguardingflag",
            "ordering": ["-flagged_at"],
            "permissions": [
                (
                    "view_safeguarding_queue",
                    "Can open the safeguarding queue and record outcomes",
                )
            ],
            "indexes": [
                models.Index(
                    fields=["content_type", "object_id"], name="home_safegu_content_c48cfb_idx"
                )
            ],
        },
    ),
    migrations.CreateModel(
        name="SafeguardingPhrase",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "phrase",
                models.CharField(
                    help_text='Whole words. End a word with * to match any ending ("stab*"). Put ... between words to allow up to three words in between ("hits ... brother").',
                    max_length=120,
                ),
            ),
            (
                "is_active",
                models.BooleanField(
                    default=True,
                    help_text="Untick to stop screening for this phrase without deleting it.",
                ),
            ),
            (
                "notes",
                models.CharField(
                    blank=True, help_text="Why this phrase is here (optional).", max_length=200
                ),
            ),
            (
                "category",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="phrases",
                    to="safeguarding.safeguardingcategory",
                ),
            ),
        ],
        options={
            "verbose_name": "safeguarding phrase",
            "db_table": "home_safeguardingphrase",
            "ordering": ["category__sort_order", "phrase"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("category", "phrase"), name="home_safeguarding_phrase_unique"
                )
            ],
        },
    ),
    migrations.CreateModel(
        name="PendingScreening",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("object_id", models.CharField(max_length=64)),
            ("source_label", models.CharField(max_length=200)),
            ("source_admin_url", models.CharField(blank=True, max_length=500)),
            (
                "texts",
                models.JSONField(help_text="{label: answer text}, the non-empty answers only."),
            ),
            (
                "created_at",
                models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            ),
            (
                "attempts",
                models.PositiveSmallIntegerField(
                    default=0, help_text="Failed screenings so far (the sweep retries)."
                ),
            ),
            (
                "content_type",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="contenttypes.contenttype",
                ),
            ),
        ],
        options={"db_table": "home_pendingscreening", "ordering": ["created_at"]},
    ),
    migrations.CreateModel(
        name="ScreeningClassifier",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "model_version",
                models.CharField(
                    help_text="The embedding model the classifier was trained on.",
                    max_length=100,
                ),
            ),
            ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ("is_active", models.BooleanField(db_index=True, default=False)),
            (
                "parameters",
                models.JSONField(
                    help_text="categories, coefficients, intercepts and thresholds (see semantic.py)."
                ),
            ),
            ("training_examples", models.PositiveIntegerField(default=0)),
            ("lead_examples", models.PositiveIntegerField(default=0)),
            ("dev_precision", models.FloatField(null=True)),
            ("dev_recall", models.FloatField(null=True)),
            ("dev_examples", models.PositiveIntegerField(default=0)),
            ("notes", models.CharField(blank=True, max_length=300)),
        ],
        options={
            "db_table": "home_screeningclassifier",
            "ordering": ["-created_at"],
            "constraints": [
                models.UniqueConstraint(
                    condition=models.Q(("is_active", True)),
                    fields=("model_version",),
                    name="home_one_active_screening_classifier",
                )
            ],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0006_semantic_screening"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
        move_content_types(OLD_LABEL, NEW_LABEL, MOVED_MODELS),
        migrations.RunPython(rename_log_actions_and_jobs, restore_log_actions_and_jobs),
        migrations.RunPython(rename_queued_tasks, restore_queued_tasks),
    ]
