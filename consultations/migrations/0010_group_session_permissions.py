"""Feedback moderators and Feedback managers run workshops: they may create, change and see
group sessions. Nobody but a superuser may delete one (and only while it has no responses)."""

from django.db import migrations

GROUPS = ("Feedback moderator", "Feedback manager")
ACTIONS = {
    "add": "Can add group session",
    "change": "Can change group session",
    "view": "Can view group session",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="consultations", model="groupsession"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_groupsession", defaults={"name": name}
        )[0]
        for action, name in ACTIONS.items()
    ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="consultations",
        codename__in=[f"{action}_groupsession" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_group_sessions_and_continue_later_lifecycle"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
