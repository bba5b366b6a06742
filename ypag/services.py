"""YPAG and network services: what a page lists, recording an expression of interest, and the
roles, page permissions and "YPAG review" workflow that keep young people's pages safe.

Role set-up functions take an optional `apps` registry so the data migration can run them on
historical models; everything else uses the real models.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps as global_apps
from django.db import transaction

from consultations.models import ConsultationPage
from events.models import EventPage
from safeguarding.services import screen_and_flag

if TYPE_CHECKING:
    from django.contrib.auth.models import Group

    from home.models import Network, PriorityArea
    from ypag.models import YPAGInterest

logger = logging.getLogger("vru")

YPAG_EDITOR = "YPAG editor"
CONTENT_EDITOR = "Content editor"
NETWORK_COORDINATOR = "Network coordinator"
YPAG_REVIEW_WORKFLOW = "YPAG review"
YPAG_REVIEW_TASK = "Content editor review"
LISTING_LIMIT = 6

# What each role may do to pages, on which page (the page is decided by the function).
CONTENT_EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
YPAG_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
NETWORK_COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Events (decision 0035): a network's group may add events under each event listing page and
# change its network's events, never publish them: the default "Content editor approval"
# workflow on the tree root sends every change to Content editors.
NETWORK_EVENT_INDEX_PERMISSIONS = ("add_page",)
NETWORK_EVENT_PERMISSIONS = ("change_page",)


# --- What pages list -------------------------------------------------------------------------


def ypag_network() -> Network | None:
    from home.models import Network

    return Network.objects.of_kind(Network.Kind.YPAG).first()


def _related(model, state: str, network, priority_areas, limit):
    queryset = getattr(model.objects.live().public(), state)()
    if network is not None:
        queryset = queryset.for_network(network)
    areas = list(priority_areas)
    if areas:
        matching: set[int] = set()
        for area in areas:
            matching.update(queryset.for_priority_area(area).values_list("pk", flat=True))
        queryset = queryset.filter(pk__in=matching)
    return list(queryset[:limit])


def related_events(
    network: Network | None = None,
    priority_areas: Iterable[PriorityArea] = (),
    limit: int = LISTING_LIMIT,
) -> list:
    """Upcoming, public events for a network and/or any of the priority areas."""
    return _related(EventPage, "upcoming", network, priority_areas, limit)


def related_consultations(
    network: Network | None = None,
    priority_areas: Iterable[PriorityArea] = (),
    limit: int = LISTING_LIMIT,
) -> list:
    """Open, public consultations for a network and/or any of the priority areas."""
    return _related(ConsultationPage, "open", network, priority_areas, limit)


def coordinated_network_ids(user) -> list[int]:
    """Ids of the networks `user` coordinates (events asks, through its coordinator lookup)."""
    from ypag.models import NetworkCoordinator

    return list(NetworkCoordinator.objects.filter(user=user).values_list("network_id", flat=True))


# --- Expressions of interest -----------------------------------------------------------------


def record_interest(data: dict[str, Any]) -> YPAGInterest:
    """Store one expression of interest, exactly once per form: the form's one-time token is
    unique, so a double click or a refresh after POST never makes a second record."""
    from ypag.models import YPAGInterest

    with transaction.atomic():
        interest, created = YPAGInterest.objects.get_or_create(
            submission_token=data["submission_token"],
            defaults={
                "age": data["age"],
                "borough": data.get("borough"),
                "reason": data["reason"],
                "contact_email": data["contact_email"],
                "consent": data["consent"],
            },
        )
        if created:
            # Same transaction: a flagged interest and its alert commit together.
            screen_and_flag(
                interest,
                {"Why do you want to join?": interest.reason},
                source_label=f"YPAG expression of interest {interest.pk}",
            )
    if created:
        logger.info("YPAG expression of interest %s recorded", interest.pk)
    return interest


# --- Roles, permissions and the review workflow ----------------------------------------------


def _permission(apps, app_label: str, model: str, codename: str, name: str | None = None):
    """Get (or, on a fresh database mid-migration, create) a permission."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return permission


def _grant_pages(apps, group, page_id: int, codenames: Iterable[str]) -> None:
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        permission = _permission(apps, "wagtailcore", "page", codename)
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission
        )


def _grant_collections(apps, group, codenames: Iterable[tuple[str, str, str]]) -> None:
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for app_label, model, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(apps, app_label, model, codename)
        )


def ensure_roles(apps=global_apps) -> dict[str, Group]:
    """Create the YPAG editor, Content editor and Network coordinator groups with admin access,
    content editors' page permissions on the whole tree and everyone's image permissions.
    Safe to run again: it only adds what is missing."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    access_admin = _permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    groups = {}
    with transaction.atomic():
        for name in (YPAG_EDITOR, CONTENT_EDITOR, NETWORK_COORDINATOR):
            groups[name], _ = Group.objects.get_or_create(name=name)
            groups[name].permissions.add(access_admin)

        tree_root = Page.objects.filter(depth=1).first()
        if tree_root is not None:
            _grant_pages(
                apps, groups[CONTENT_EDITOR], tree_root.pk, CONTENT_EDITOR_PAGE_PERMISSIONS
            )
        _grant_collections(
            apps,
            groups[CONTENT_EDITOR],
            [
                ("wagtailimages", "image", "add_image"),
                ("wagtailimages", "image", "change_image"),
                ("wagtailimages", "image", "choose_image"),
                ("wagtaildocs", "document", "add_document"),
                ("wagtaildocs", "document", "change_document"),
                ("wagtaildocs", "document", "choose_document"),
            ],
        )
        _grant_collections(
            apps,
            groups[YPAG_EDITOR],
            [("wagtailimages", "image", "add_image"), ("wagtailimages", "image", "choose_image")],
        )
        for action in ("add", "change", "delete", "view"):
            for model in ("memberprofile", "photoconsent"):
                groups[CONTENT_EDITOR].permissions.add(
                    _permission(apps, "ypag", model, f"{action}_{model}")
                )
        groups[YPAG_EDITOR].permissions.add(
            _permission(apps, "ypag", "memberprofile", "view_memberprofile")
        )
        # Attendee lists of their own networks' events only: events.access.can_view_attendees
        # combines this permission with the NetworkCoordinator records.
        view_attendees = _permission(
            apps,
            "events",
            "registration",
            "view_attendees",
            "Can see attendee lists for their own network's events",
        )
        groups[NETWORK_COORDINATOR].permissions.add(view_attendees)
    return groups


def ensure_ypag_permissions(ypag_root_page) -> None:
    """Let YPAG editors add and change pages under the YPAG landing page (never publish), and
    send everything under it through the "YPAG review" workflow to content editors."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    with transaction.atomic():
        groups = ensure_roles()
        _grant_pages(
            global_apps, groups[YPAG_EDITOR], ypag_root_page.pk, YPAG_EDITOR_PAGE_PERMISSIONS
        )
        workflow, _ = Workflow.objects.get_or_create(
            name=YPAG_REVIEW_WORKFLOW, defaults={"active": True}
        )
        task, _ = GroupApprovalTask.objects.get_or_create(
            name=YPAG_REVIEW_TASK, defaults={"active": True}
        )
        task.groups.add(groups[CONTENT_EDITOR])
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
        )
        WorkflowPage.objects.update_or_create(
            page_id=ypag_root_page.pk, defaults={"workflow": workflow}
        )


def _network_group(network) -> Group:
    """The network's own coordinator group, created (with its link) on first use."""
    from django.contrib.auth.models import Group

    from ypag.models import NetworkCoordinatorGroup

    link = NetworkCoordinatorGroup.objects.filter(network=network).select_related("group")
    link = link.first()
    if link is None:
        name = f"{NETWORK_COORDINATOR}: {network.name}"[:150]
        group, _ = Group.objects.get_or_create(name=name)
        link = NetworkCoordinatorGroup.objects.create(network=network, group=group)
    return link.group


def ensure_network_coordinator_group(network_page) -> Group:
    """The group for one network's coordinators, allowed to edit and publish that network's
    page, and to create and change (never publish) that network's events. Everyone recorded
    as coordinating the network is put in it."""
    from ypag.models import NetworkCoordinator

    network = network_page.network
    with transaction.atomic():
        group = _network_group(network)
        _grant_pages(global_apps, group, network_page.pk, NETWORK_COORDINATOR_PAGE_PERMISSIONS)
        coordinators = NetworkCoordinator.objects.filter(network=network).values_list("user_id")
        group.user_set.add(*(user_id for (user_id,) in coordinators))
        ensure_event_permissions(network_ids=[network.pk])
    return group


def ensure_event_permissions(*, event_ids=None, network_ids=None, apps=global_apps) -> None:
    """Give each network coordinator group `add_page` on every event listing page and
    `change_page` on exactly the events that list its network, removing the grant from events
    that no longer do. `event_ids` / `network_ids` limit the work (None: all). Called when an
    event is created, saved or published, when a network's group is set up, by the demo and
    by the data migration, so the grants always follow `EventPage.networks`."""
    NetworkCoordinatorGroup = apps.get_model("ypag", "NetworkCoordinatorGroup")
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    EventPage = apps.get_model("events", "EventPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    links = NetworkCoordinatorGroup.objects.select_related("group")
    if network_ids is not None:
        links = links.filter(network_id__in=network_ids)
    group_of_network = {link.network_id: link.group for link in links}
    if not group_of_network:
        return
    with transaction.atomic():
        for index_id in EventIndexPage.objects.values_list("pk", flat=True):
            for group in group_of_network.values():
                _grant_pages(apps, group, index_id, NETWORK_EVENT_INDEX_PERMISSIONS)
        events = EventPage.objects.all()
        if event_ids is not None:
            events = events.filter(pk__in=event_ids)
        event_networks = EventPage._meta.get_field("networks").remote_field.through.objects
        wanted = {
            (event_id, group_of_network[network_id].pk)
            for event_id, network_id in event_networks.filter(
                eventpage_id__in=events.values("pk"), network_id__in=group_of_network
            ).values_list("eventpage_id", "network_id")
        }
        groups = {group.pk: group for group in group_of_network.values()}
        for codename in NETWORK_EVENT_PERMISSIONS:
            permission = _permission(apps, "wagtailcore", "page", codename)
            granted = GroupPagePermission.objects.filter(
                page_id__in=events.values("pk"), group_id__in=groups, permission=permission
            )
            have = set(granted.values_list("page_id", "group_id"))
            for page_id, group_id in have - wanted:
                granted.filter(page_id=page_id, group_id=group_id).delete()
            GroupPagePermission.objects.bulk_create(
                [
                    GroupPagePermission(
                        group=groups[group_id], page_id=page_id, permission=permission
                    )
                    for page_id, group_id in wanted - have
                ],
                ignore_conflicts=True,
            )


def add_network_coordinator(user, network: Network) -> None:
    """Record that `user` coordinates `network` (which also lets them edit its page)."""
    from ypag.models import NetworkCoordinator

    NetworkCoordinator.objects.get_or_create(user=user, network=network)


def sync_coordinator_groups(user) -> None:
    """Make the user's group memberships match their NetworkCoordinator records: the generic
    "Network coordinator" group (admin access) if they coordinate anything, and each
    coordinated network's own group."""
    from ypag.models import NetworkCoordinatorGroup

    coordinated = set(user.coordinated_networks.values_list("network_id", flat=True))
    generic = ensure_roles()[NETWORK_COORDINATOR]
    with transaction.atomic():
        # A network without a page still needs a group, for its coordinators' events.
        without_group = user.coordinated_networks.filter(network__coordinator_group__isnull=True)
        for record in without_group.select_related("network"):
            _network_group(record.network)
            ensure_event_permissions(network_ids=[record.network_id])
        if coordinated:
            user.groups.add(generic)
        else:
            user.groups.remove(generic)
        for link in NetworkCoordinatorGroup.objects.select_related("group"):
            if link.network_id in coordinated:
                user.groups.add(link.group)
            else:
                user.groups.remove(link.group)


def networks_coordinated_by(user):
    """The networks a user coordinates, for other apps (events) to limit what they may see."""
    from home.models import Network

    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(coordinators__user=user)
