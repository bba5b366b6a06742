"""Every cell of the permission matrix in docs/permissions.md, checked against the running code.

Cells about features another app owns are checked through that feature's permission codename;
if the model (or role group) does not exist yet the cell is skipped, naming what is missing."""

import re
from pathlib import Path

import pytest

from django.apps import apps
from django.contrib.auth.models import Group

from wagtail.models import Page

from events.models import EventIndexPage
from home.models import Network, StandardPage
from tests.events.factories import create_event
from tests.support.site_content import build_minimal_site
from ypag import services
from ypag.models import NetworkIndexPage, NetworkPage, YPAGLandingPage, YPAGThemePage

MATRIX_FILE = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
ALLOWED_VALUES = {"yes", "no", "own network", "flagged only", "redacted", "unredacted"}


def read_matrix() -> list[tuple[str, str, str]]:
    text = MATRIX_FILE.read_text()
    table = re.search(
        r"<!-- permission-matrix:start -->(.*?)<!-- permission-matrix:end -->", text, re.S
    ).group(1)
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.strip().splitlines()
    ]
    header, _separator, *body = rows
    cells = []
    for row in body:
        for action, value in zip(header[1:], row[1:], strict=True):
            cells.append((row[0], action, value))
    return cells


CELLS = read_matrix()


def test_the_matrix_covers_every_role_and_action():
    roles = {role for role, _, _ in CELLS}
    actions = {action for _, action, _ in CELLS}
    assert roles == {
        "Resident",
        "YPAG editor",
        "Network coordinator",
        "Content editor",
        "Feedback moderator",
        "Feedback manager",
        "Safeguarding lead",
    }
    assert actions == {
        "View admin",
        "Edit YPAG section",
        "Edit other sections",
        "Publish",
        "See responses",
        "See attendees",
        "Export",
        "Manage users",
        "Group sessions",
        "Edit events",
    }
    assert {value for _, _, value in CELLS} <= ALLOWED_VALUES


@pytest.fixture
def pages(db):
    """A small tree: home, a standard page, the YPAG section with a theme page, and two
    network pages. Unpublished is enough: permissions do not depend on being live."""
    home = build_minimal_site()
    standard = StandardPage.objects.exclude(depth__lte=2).first()
    ypag = home.add_child(instance=YPAGLandingPage(title="YPAG", slug="ypag", who_we_are="Us"))
    theme = ypag.add_child(instance=YPAGThemePage(title="Online harms", theme="online_harms"))
    services.ensure_ypag_permissions(ypag)
    index = home.add_child(instance=NetworkIndexPage(title="Networks", slug="networks"))
    own = index.add_child(
        instance=NetworkPage(
            title="Hackney", network=Network.objects.get(slug="parent-carer-champions-hackney")
        )
    )
    other = index.add_child(
        instance=NetworkPage(title="MyEnds Brent", network=Network.objects.get(slug="myends-brent"))
    )
    for page in (own, other):
        services.ensure_network_coordinator_group(page)
    events = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    services.ensure_event_permissions()
    event_pages = {}
    for key, networks in (("own", [own.network]), ("other", [other.network]), ("generic", [])):
        event_pages[key] = create_event(events, networks=networks)
        event_pages[key].save_revision().publish()  # publishing grants the networks' rights
    return {
        "standard": standard,
        "ypag": [ypag, theme],
        "own": own,
        "other": other,
        "event_index": events,
        "events": event_pages,
    }


def user_with_role(role: str, pages, django_user_model):
    user = django_user_model.objects.create_user(username="matrix", password="not-used-123456")
    if role == "Resident":
        return user
    group = Group.objects.filter(name=role).first()
    if group is None:
        pytest.fail(f"the {role!r} group does not exist (it is created by a migration)")
    user.groups.add(group)
    if role == services.NETWORK_COORDINATOR:
        services.add_network_coordinator(user, pages["own"].network)
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


def require_model(app_label: str, model_name: str) -> None:
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        pytest.fail(f"{app_label}.{model_name} does not exist: the matrix names a model that moved")


def page_permissions(user, page):
    return Page.objects.get(pk=page.pk).permissions_for_user(user)


def check_view_admin(user, value, pages):
    assert user.has_perm("wagtailadmin.access_admin") is (value == "yes")


def check_edit_ypag_section(user, value, pages):
    for page in pages["ypag"]:
        permissions = page_permissions(user, page)
        assert permissions.can_edit() is (value == "yes")
        may_add_here = value == "yes" and page.specific_class is YPAGLandingPage
        assert permissions.can_add_subpage() is may_add_here


def check_edit_other_sections(user, value, pages):
    assert page_permissions(user, pages["standard"]).can_edit() is (value == "yes")
    assert page_permissions(user, pages["other"]).can_edit() is (value == "yes")
    assert page_permissions(user, pages["own"]).can_edit() is (value in ("yes", "own network"))


def check_publish(user, value, pages):
    for page in (pages["standard"], *pages["ypag"], pages["other"]):
        assert page_permissions(user, page).can_publish() is (value == "yes")
    assert page_permissions(user, pages["own"]).can_publish() is (value in ("yes", "own network"))


def check_see_responses(user, value, pages):
    if value == "flagged only":
        require_model("safeguarding", "SafeguardingFlag")
        assert user.has_perm("safeguarding.view_safeguarding_queue")
        assert not user.has_perm("consultations.view_response")
        return
    require_model("consultations", "Response")
    assert user.has_perm("consultations.view_response") is (value == "yes")


def check_see_attendees(user, value, pages):
    require_model("events", "Registration")
    assert user.has_perm("events.view_all_attendees") is (value == "yes")
    assert user.has_perm("events.view_attendees") is (value in ("yes", "own network"))
    coordinated = set(services.networks_coordinated_by(user))
    assert coordinated == ({pages["own"].network} if value == "own network" else set())


def check_export(user, value, pages):
    require_model("consultations", "Response")
    assert user.has_perm("consultations.export_response") is (value != "no")
    assert user.has_perm("consultations.export_unredacted") is (value == "unredacted")


def check_manage_users(user, value, pages):
    assert user.has_perm("auth.change_user") is (value == "yes")
    assert user.has_perm("auth.add_user") is (value == "yes")


def check_group_sessions(user, value, pages):
    require_model("consultations", "GroupSession")
    for action in ("add", "change", "view"):
        assert user.has_perm(f"consultations.{action}_groupsession") is (value == "yes")
    assert not user.has_perm("consultations.delete_groupsession")


def check_edit_events(user, value, pages):
    """`own network`: create events and change their network's events, never publish them
    (changes go to Content editors for review); `yes`: every event, publishing too."""
    index = page_permissions(user, pages["event_index"])
    assert index.can_add_subpage() is (value != "no")
    events = pages["events"]
    assert page_permissions(user, events["own"]).can_edit() is (value != "no")
    for key in ("other", "generic"):
        assert page_permissions(user, events[key]).can_edit() is (value == "yes")
    for event in events.values():
        assert page_permissions(user, event).can_publish() is (value == "yes")


CHECKS = {
    "View admin": check_view_admin,
    "Edit YPAG section": check_edit_ypag_section,
    "Edit other sections": check_edit_other_sections,
    "Publish": check_publish,
    "See responses": check_see_responses,
    "See attendees": check_see_attendees,
    "Export": check_export,
    "Manage users": check_manage_users,
    "Group sessions": check_group_sessions,
    "Edit events": check_edit_events,
}


@pytest.mark.parametrize(
    ("role", "action", "value"), CELLS, ids=[f"{role}: {action}" for role, action, _ in CELLS]
)
def test_permission_matrix_cell(role, action, value, pages, django_user_model):
    user = user_with_role(role, pages, django_user_model)
    CHECKS[action](user, value, pages)


def groups_outside_the_matrix() -> list[str]:
    """Every group in the database that is neither a role of the matrix nor one network's own
    coordinator group (which may hold page rights on that network's pages and nothing else)."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    from events.models import EventIndexPage
    from ypag.models import NetworkCoordinatorGroup

    roles = {role for role, _, _ in CELLS} - {"Resident"}
    network_groups = {link.group_id: link.network for link in NetworkCoordinatorGroup.objects.all()}
    unknown = []
    for group in Group.objects.all():
        if group.name in roles:
            continue
        network = network_groups.get(group.pk)
        if network is None:
            unknown.append(group.name)
            continue
        network_pages = set(
            NetworkPage.objects.filter(network=network).values_list("pk", flat=True)
        )
        grants = GroupPagePermission.objects.filter(group=group)
        # Decision 0035: add (only) on event listings, change (only) on the network's events.
        event_indexes = set(EventIndexPage.objects.values_list("pk", flat=True))
        network_events = set(network.events.values_list("pk", flat=True))
        grants = grants.exclude(page_id__in=event_indexes, permission__codename="add_page")
        grants = grants.exclude(page_id__in=network_events, permission__codename="change_page")
        granted_pages = set(grants.values_list("page_id", flat=True))
        if (
            group.permissions.exists()
            or GroupCollectionPermission.objects.filter(group=group).exists()
            or not granted_pages <= network_pages
        ):
            unknown.append(f"{group.name} (rights beyond its network's pages)")
    return unknown


def test_every_group_in_the_database_is_in_the_matrix(pages):
    """Wagtail's default "Moderators" and "Editors" groups (rights over the whole tree) are
    removed by ypag/migrations/0004; any other group nobody wrote into the matrix fails here."""
    assert groups_outside_the_matrix() == []


def test_a_group_nobody_put_in_the_matrix_is_caught(pages):
    Group.objects.create(name="Editors")
    assert groups_outside_the_matrix() == ["Editors"]


def test_every_group_of_the_demo_site_is_in_the_matrix(db):
    from tests.support.site_content import seed_site

    seed_site()
    assert groups_outside_the_matrix() == []


def test_the_default_workflow_is_reviewed_by_content_editors(db):
    from wagtail.models import GroupApprovalTask, Workflow

    workflow = Workflow.objects.get(name="Content editor approval")
    assert workflow.active
    task = GroupApprovalTask.objects.get(name="Content editor approval")
    assert list(task.groups.values_list("name", flat=True)) == [services.CONTENT_EDITOR]
    assert not Workflow.objects.filter(name="Moderators approval").exists()
