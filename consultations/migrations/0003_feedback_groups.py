"""Two staff groups for the feedback workspace, with custom permissions on Response.

Feedback moderator: open the admin, see responses, moderate, tag, export redacted.
Feedback manager: all of that, plus unredacted export, renaming and merging tags, deleting.
"""

from django.db import migrations

RESPONSE_PERMISSIONS = {
    "view_response": "Can view response",
    "delete_response": "Can delete response",
    "moderate_response": "Can moderate responses",
    "tag_response": "Can tag responses and answers",
    "export_response": "Can export responses (redacted)",
    "export_unredacted": "Can export responses without redaction",
    "manage_feedback_tags": "Can rename and merge feedback tags",
}

MODERATOR = ["view_response", "moderate_response", "tag_response", "export_response"]
MANAGER = [*MODERATOR, "export_unredacted", "manage_feedback_tags", "delete_response"]
GROUPS = {"Feedback moderator": MODERATOR, "Feedback manager": MANAGER}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    response_type, _ = ContentType.objects.get_or_create(
        app_label="consultations", model="response"
    )
    permissions = {}
    for codename, name in RESPONSE_PERMISSIONS.items():
        permissions[codename], _ = Permission.objects.get_or_create(
            content_type=response_type, codename=codename, defaults={"name": name}
        )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for group_name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin, *(permissions[codename] for codename in codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_feedback_workspace"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
