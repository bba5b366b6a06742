"""Network coordinators create and change their own network's events through the real
Wagtail admin; the changes go to Content editors for review, never straight to the public
site, and other networks' events stay out of reach (decision 0035)."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page

from events.models import EventPage
from events.page_forms import NO_OWN_NETWORK, OTHER_NETWORK_ADDED
from home.models import Network
from tests.events.factories import create_event, create_event_index
from tests.support.editor import edit_form_data
from tests.support.mfa import give_mfa
from ypag import services
from ypag.models import NetworkCoordinator

pytestmark = pytest.mark.django_db

WHEN = "%Y-%m-%d %H:%M"


@pytest.fixture
def index(db):
    return create_event_index()


@pytest.fixture
def hackney(db):
    return Network.objects.get(slug="parent-carer-champions-hackney")


@pytest.fixture
def brent(db):
    return Network.objects.get(slug="myends-brent")


def event_of(index, **fields):
    """An event set up in code and published, as the demo does: publishing (Wagtail's
    page_published signal) is what gives its networks' coordinators their rights."""
    event = create_event(index, **fields)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def staff(django_user_model, username, *groups):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, f"{username}@example.org", "x" * 12)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    give_mfa(user)
    return user


@pytest.fixture
def coordinator(django_user_model, index, hackney):
    user = staff(django_user_model, "hackney-coordinator")
    NetworkCoordinator.objects.create(user=user, network=hackney)
    return user


@pytest.fixture
def content_editor(django_user_model):
    return staff(django_user_model, "content-editor", services.CONTENT_EDITOR)


def signed_in(client, user):
    client.force_login(user)
    return client


def event_form(client, index, *, title, networks, action="action-submit"):
    add_url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    page = client.get(add_url)
    assert page.status_code == 200
    data = edit_form_data(page.content.decode(), EventPage())
    start = timezone.localtime() + timedelta(days=10)
    fields = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "Parents and carers talk about keeping teenagers safe online.",
        "start": start.strftime(WHEN),
        "end": (start + timedelta(hours=2)).strftime(WHEN),
        "venue_name": "Hackney library",
        "venue_address": "1 Reading Lane, London E8 1AA",
        "reminder_hours_before": "24",
        "anonymise_after_days": "90",
    }
    for name, value in fields.items():
        data[name] = value
    data.setlist("networks", [str(network.pk) for network in networks])
    data[action] = "1"
    return client.post(add_url, dict(data.lists()))


def edit(client, page, action, **changes):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.get(url)
    if response.status_code != 200:
        return response
    data = edit_form_data(response.content.decode(), page)
    for name, value in changes.items():
        data[name] = value
    data[action] = "1"
    return client.post(url, dict(data.lists()))


def refused(response) -> bool:
    """Wagtail's admin answers a forbidden page with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/pages/" not in response["Location"]
    )


def test_coordinator_submits_content_editor_approves_and_event_goes_live(
    client, index, coordinator, content_editor, hackney
):
    response = event_form(
        signed_in(client, coordinator), index, title="Online safety", networks=[hackney]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="online-safety")
    assert not event.live
    assert event.current_workflow_state.workflow.name == "Content editor approval"
    assert list(event.networks.all()) == [hackney]

    # Trying to publish is not possible for a coordinator: the event stays a draft.
    edit(client, event, "action-publish", title="Online safety (published?)")
    event.refresh_from_db()
    assert not event.live
    client.logout()
    assert client.get(event.url_path.removeprefix("/home")).status_code == 404
    assert client.get("/events/online-safety/").status_code == 404

    signed_in(client, content_editor)
    task_state = Page.objects.get(pk=event.pk).specific.current_workflow_state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(event.pk, "approve", task_state.pk)
    )
    assert client.post(approve, {"comment": ""}).status_code == 302
    event.refresh_from_db()
    assert event.live
    client.logout()
    assert client.get("/events/online-safety/").status_code == 200


def test_coordinator_changes_to_a_live_event_wait_for_review(client, index, coordinator, hackney):
    event = event_of(index, networks=[hackney], title="Champions meet-up", slug="meet-up")
    response = edit(signed_in(client, coordinator), event, "action-submit", title="Meet-up moved")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Champions meet-up"  # the live page is unchanged until approved
    assert event.has_unpublished_changes
    assert event.workflow_in_progress
    assert b"Champions meet-up" in client.get("/events/meet-up/").content


def test_coordinator_cannot_make_events_for_other_networks(
    client, index, coordinator, brent, hackney
):
    signed_in(client, coordinator)
    response = event_form(client, index, title="Not mine", networks=[brent])
    assert response.status_code == 200
    assert NO_OWN_NETWORK.encode() in response.content
    response = event_form(client, index, title="Generic", networks=[])
    assert NO_OWN_NETWORK.encode() in response.content
    response = event_form(client, index, title="Both", networks=[hackney, brent])
    assert OTHER_NETWORK_ADDED.encode() in response.content
    assert not EventPage.objects.filter(slug__in=["not-mine", "generic", "both"]).exists()


def test_coordinator_cannot_edit_other_networks_or_generic_events(
    client, index, coordinator, brent, hackney
):
    theirs = event_of(index, networks=[brent], title="Brent session", slug="brent")
    generic = event_of(index, title="Open to all", slug="open")
    own = event_of(index, networks=[hackney], title="Hackney session", slug="hackney")
    signed_in(client, coordinator)
    for event in (theirs, generic):
        assert refused(edit(client, event, "action-submit", title="Changed by Hackney"))
        event.refresh_from_db()
        assert event.title != "Changed by Hackney"
        assert not event.has_unpublished_changes
        assert refused(client.get(reverse("wagtailadmin_pages:delete", args=(event.pk,))))
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own.pk,))).status_code == 200
    index_permissions = Page.objects.get(pk=index.pk).permissions_for_user(coordinator)
    assert index_permissions.can_add_subpage() and not index_permissions.can_edit()
    assert not Page.objects.get(pk=own.pk).permissions_for_user(coordinator).can_publish()


def test_editing_rights_follow_the_events_networks(
    client, index, coordinator, content_editor, brent, hackney
):
    event = event_of(index, networks=[hackney], title="Shared", slug="shared")
    assert Page.objects.get(pk=event.pk).permissions_for_user(coordinator).can_edit()
    data_networks = [str(brent.pk)]
    signed_in(client, content_editor)
    url = reverse("wagtailadmin_pages:edit", args=(event.pk,))
    data = edit_form_data(client.get(url).content.decode(), event)
    data.setlist("networks", data_networks)
    data["action-publish"] = "1"
    assert client.post(url, dict(data.lists())).status_code == 302
    event.refresh_from_db()
    assert list(event.networks.all()) == [brent]
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # fresh permission cache
    assert not Page.objects.get(pk=event.pk).permissions_for_user(coordinator).can_edit()
    assert not GroupPagePermission.objects.filter(
        page=event, group__coordinated_network__network=hackney
    ).exists()


def test_a_coordinators_record_removed_takes_the_rights_away(index, coordinator, hackney):
    event = event_of(index, networks=[hackney], title="Leaving", slug="leaving")
    NetworkCoordinator.objects.get(user=coordinator).delete()
    assert not Page.objects.get(pk=event.pk).permissions_for_user(coordinator).can_edit()
    assert not Page.objects.get(pk=index.pk).permissions_for_user(coordinator).can_add_subpage()
