"""Remove Wagtail's default "Moderators" and "Editors" groups.

Wagtail's own migrations create them with add, change (and for Moderators publish and lock)
rights over the whole page tree, plus image and document rights. They are not roles of this
platform (docs/permissions.md) and nobody reviews their membership, so they go. The default
"Moderators approval" workflow on the tree root, whose one task was for Moderators, is handed
to Content editors (renamed "Content editor approval"), so in-progress reviews keep a reviewer.
Anyone who was in the groups is named in the migration's output: give them a real role.
See docs/decisions/0013-error-pages-and-default-groups.md."""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
CONTENT_EDITOR = "Content editor"
OLD_APPROVAL = "Moderators approval"
NEW_APPROVAL = "Content editor approval"


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    content_editor = Group.objects.filter(name=CONTENT_EDITOR).first()
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None and content_editor is not None:
        for task in GroupApprovalTask.objects.filter(groups=moderators):
            task.groups.remove(moderators)
            task.groups.add(content_editor)
            if task.name == OLD_APPROVAL:
                task.name = NEW_APPROVAL
                task.save(update_fields=["name"])
        Workflow.objects.filter(name=OLD_APPROVAL).update(name=NEW_APPROVAL)

    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        members = list(group.user_set.values_list("email", flat=True))
        if members:
            print(  # noqa: T201 - the operator must give these people a real role
                f"\n  Removed the {group.name!r} group; its members were: {', '.join(members)}"
            )
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ypag", "0003_network_coordinator"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
