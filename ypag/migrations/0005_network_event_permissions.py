"""Let each network's coordinators create events and change their own network's events,
never publish them (decision 0035): `add_page` on the event listing page and `change_page`
on each event that lists the network, through `ypag.services.ensure_event_permissions`.
Their changes go through the default "Content editor approval" workflow."""

from django.db import migrations


def grant(apps, schema_editor):
    from ypag.services import ensure_event_permissions

    ensure_event_permissions(apps=apps)


def revoke(apps, schema_editor):
    from ypag.services import NETWORK_EVENT_INDEX_PERMISSIONS, NETWORK_EVENT_PERMISSIONS

    NetworkCoordinatorGroup = apps.get_model("ypag", "NetworkCoordinatorGroup")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    EventPage = apps.get_model("events", "EventPage")
    groups = NetworkCoordinatorGroup.objects.values("group_id")
    GroupPagePermission.objects.filter(
        group_id__in=groups,
        page_id__in=EventIndexPage.objects.values("pk"),
        permission__codename__in=NETWORK_EVENT_INDEX_PERMISSIONS,
    ).delete()
    GroupPagePermission.objects.filter(
        group_id__in=groups,
        page_id__in=EventPage.objects.values("pk"),
        permission__codename__in=NETWORK_EVENT_PERMISSIONS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_registration_reference_and_walk_ins"),
        ("ypag", "0004_remove_wagtail_default_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
