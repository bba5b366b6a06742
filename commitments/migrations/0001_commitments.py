"""Commitments, the "What we are doing" page, the record of hear-back emails, and the
Content editor role's permissions on commitments (add, change, view, publish; deleting is
left to superusers, like deleting pages: unpublish instead)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import modelcluster.fields
import wagtail.contrib.routable_page.models
import wagtail.fields

CONTENT_EDITOR = "Content editor"
PERMISSIONS = {
    "add_commitment": "Can add commitment",
    "change_commitment": "Can change commitment",
    "view_commitment": "Can view commitment",
    "publish_commitment": "Can publish commitment",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="commitments", model="commitment")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    ]
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITOR)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="commitments", codename__in=list(PERMISSIONS)
    )
    for group in Group.objects.filter(name=CONTENT_EDITOR):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("consultations", "0014_routes_and_seen_questions"),
        ("home", "0008_lead_task_worker"),
        ("wagtailcore", "0098_apitoken"),
        ("ypag", "0002_roles_and_review"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "introduction",
                    models.TextField(
                        blank=True, help_text="One or two sentences at the top of the page."
                    ),
                ),
            ],
            options={
                "verbose_name": "what we are doing page",
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, "wagtailcore.page"),
        ),
        migrations.CreateModel(
            name="Commitment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("live", models.BooleanField(default=True, editable=False, verbose_name="live")),
                (
                    "has_unpublished_changes",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="has unpublished changes"
                    ),
                ),
                (
                    "first_published_at",
                    models.DateTimeField(
                        blank=True, db_index=True, null=True, verbose_name="first published at"
                    ),
                ),
                (
                    "last_published_at",
                    models.DateTimeField(
                        editable=False, null=True, verbose_name="last published at"
                    ),
                ),
                (
                    "go_live_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="go live date/time"),
                ),
                (
                    "expire_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time"),
                ),
                (
                    "expired",
                    models.BooleanField(default=False, editable=False, verbose_name="expired"),
                ),
                (
                    "title",
                    models.CharField(help_text="What we will do, in a few words.", max_length=200),
                ),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="The end of its web address. Leave empty to make it from the title.",
                        max_length=200,
                        unique=True,
                    ),
                ),
                (
                    "what_we_said",
                    models.TextField(
                        help_text="The promise as we made it, in plain English.",
                        verbose_name="what we said we would do",
                    ),
                ),
                (
                    "owner",
                    models.CharField(
                        help_text="A team or role, for example 'VRU Youth Programmes team'. Shown publicly: never a person's name or contact details.",
                        max_length=120,
                        verbose_name="who is responsible",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("not_going_ahead", "Not going ahead"),
                        ],
                        default="planned",
                        max_length=20,
                    ),
                ),
                (
                    "reason_not_going_ahead",
                    models.TextField(
                        blank=True,
                        help_text="Needed when the status is 'Not going ahead'. Shown publicly.",
                        verbose_name="why it is not going ahead",
                    ),
                ),
                (
                    "progress",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="How far along it is, from 0 to 100.",
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="progress (percent)",
                    ),
                ),
                (
                    "target_date",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty if not known.",
                        null=True,
                        verbose_name="when we aim to finish",
                    ),
                ),
                (
                    "updates",
                    wagtail.fields.StreamField(
                        [("update", 3)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.DateBlock",
                                (),
                                {"help_text": "When this happened."},
                            ),
                            1: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "What happened, in plain English. Shown publicly and emailed to people who asked to hear back."
                                },
                            ),
                            2: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("planned", "Planned"),
                                        ("in_progress", "In progress"),
                                        ("done", "Done"),
                                        ("not_going_ahead", "Not going ahead"),
                                    ],
                                    "help_text": "Only if this update changed the status.",
                                    "required": False,
                                },
                            ),
                            3: (
                                "wagtail.blocks.StructBlock",
                                [[("date", 0), ("note", 1), ("status", 2)]],
                                {},
                            ),
                        },
                        help_text="Add an update each time something happens. Publishing a new update emails the people who asked to hear back from the consultation.",
                        verbose_name="progress updates",
                    ),
                ),
                (
                    "consultation",
                    models.ForeignKey(
                        blank=True,
                        help_text="The consultation this answers, if any. People who asked to hear back from it are emailed each new progress update.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="consultations.consultationpage",
                    ),
                ),
                (
                    "latest_revision",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="latest revision",
                    ),
                ),
                (
                    "live_revision",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="live revision",
                    ),
                ),
                (
                    "priority_areas",
                    modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="+", to="home.priorityarea"
                    ),
                ),
            ],
            options={
                "verbose_name": "commitment",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="HearBackNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("update_key", models.CharField(max_length=64)),
                ("recipient", models.CharField(max_length=64)),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "commitment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="commitments.commitment",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commitment", "update_key", "recipient"),
                        name="one_notice_per_update",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
