"""The YPAG review path, end to end through the real Wagtail admin: a YPAG editor drafts and
submits, cannot publish, a content editor approves or requests changes."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import Network, StandardPage
from tests.support.mfa import give_mfa
from ypag import services
from ypag.models import NetworkCoordinator, NetworkPage, YPAGThemePage

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    give_mfa(user)
    client.force_login(user)
    return client


def theme_page_data(title, slug, action):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "theme": "online_harms",
            "introduction": "What we found out about group chats.",
            "body": streamfield([]),
            "comments": inline_formset([]),
            action: "1",
        }
    )


def create_as(client, parent, action="action-submit", title="Group chats", slug="group-chats"):
    url = reverse("wagtailadmin_pages:add", args=("ypag", "ypagthemepage", parent.pk))
    return client.post(url, theme_page_data(title, slug, action))


def edit_as(client, page, action, title):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return client.post(url, theme_page_data(title, page.slug, action))


def current_task_state(page) -> TaskState:
    return Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state


def refused(response) -> bool:
    """Wagtail's admin answers a forbidden action with 403 or a redirect away from the form."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/pages/add/" not in response["Location"]
    )


def test_ypag_editor_submits_content_editor_approves_and_page_goes_live(
    client, ypag_landing, make_user
):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    content_editor = make_user(services.CONTENT_EDITOR, username="content-ed")

    response = create_as(signed_in(client, ypag_editor), ypag_landing)
    assert response.status_code == 302
    page = YPAGThemePage.objects.get(slug="group-chats")
    assert not page.live
    assert page.current_workflow_state.workflow.name == services.YPAG_REVIEW_WORKFLOW
    assert page.current_workflow_task.name == services.YPAG_REVIEW_TASK

    # The editor tries to publish anyway: it stays a draft and the public still gets a 404.
    edit_as(client, page, "action-publish", "Group chats (published?)")
    page.refresh_from_db()
    assert not page.live
    client.logout()
    assert client.get("/ypag/group-chats/").status_code == 404

    signed_in(client, content_editor)
    task_state = current_task_state(page)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    response = client.post(approve_url, {"comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    client.logout()
    response = client.get("/ypag/group-chats/")
    assert response.status_code == 200
    assert b"Group chats" in response.content


def test_request_changes_with_a_comment_then_resubmit(client, ypag_landing, make_user):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    content_editor = make_user(services.CONTENT_EDITOR, username="content-ed")
    create_as(signed_in(client, ypag_editor), ypag_landing)
    page = YPAGThemePage.objects.get(slug="group-chats")

    signed_in(client, content_editor)
    task_state = current_task_state(page)
    reject_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk)
    )
    response = client.post(reject_url, {"comment": "Please take out the school's name."})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "Please take out the school's name."
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # The YPAG editor fixes it and sends it back for review.
    signed_in(client, ypag_editor)
    response = edit_as(client, page, "action-submit", "Group chats, without names")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().title == "Group chats, without names"


def test_ypag_editor_cannot_create_or_edit_outside_the_ypag_section(
    client, ypag_landing, home_page, make_user
):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    signed_in(client, ypag_editor)
    other_page = StandardPage.objects.exclude(pk__in=ypag_landing.get_descendants()).first()
    assert other_page is not None
    pages_before = Page.objects.count()

    add_url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    assert refused(client.get(add_url))
    response = client.post(
        add_url,
        nested_form_data(
            {
                "title": "Sneaky",
                "slug": "sneaky",
                "introduction": "",
                "body": streamfield([]),
                "comments": inline_formset([]),
                "action-publish": "1",
            }
        ),
    )
    assert refused(response)
    assert Page.objects.count() == pages_before

    edit_url = reverse("wagtailadmin_pages:edit", args=(other_page.pk,))
    assert refused(client.get(edit_url))

    # Inside the section the same editor may add pages.
    inside = reverse("wagtailadmin_pages:add", args=("ypag", "ypagthemepage", ypag_landing.pk))
    assert client.get(inside).status_code == 200


def test_ypag_editor_has_no_publish_permission_anywhere(ypag_landing, make_user):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    for page in [ypag_landing, *ypag_landing.get_descendants()]:
        permissions = page.permissions_for_user(ypag_editor)
        assert permissions.can_edit()
        assert not permissions.can_publish()


def test_network_coordinator_edits_only_their_own_network_page(client, demo_output, make_user):
    hackney = NetworkPage.objects.get(network__slug="parent-carer-champions-hackney")
    housing = NetworkPage.objects.get(network__slug="housing-association-youth-network")
    coordinator = make_user(username="coord")
    services.add_network_coordinator(coordinator, hackney.network)

    assert hackney.permissions_for_user(coordinator).can_edit()
    assert not housing.permissions_for_user(coordinator).can_edit()
    assert list(services.networks_coordinated_by(coordinator)) == [hackney.network]

    signed_in(client, coordinator)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(hackney.pk,))).status_code == 200
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=(housing.pk,))))

    # Removing the record takes the rights away at once.
    NetworkCoordinator.objects.get(user=coordinator).delete()
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    assert not hackney.permissions_for_user(coordinator).can_edit()
    assert not coordinator.has_perm("wagtailadmin.access_admin")


def test_editor_shows_accessibility_checker_and_content_metrics(client, ypag_landing, make_user):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    signed_in(client, ypag_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(ypag_landing.pk,)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "w-content-checker" in content  # the accessibility checker (axe) results panel
    assert "data-content-word-count" in content
    assert "data-content-readability-score" in content


def test_scheduled_publishing_goes_through_the_same_review(client, ypag_landing, make_user):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    content_editor = make_user(services.CONTENT_EDITOR, username="content-ed")
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    data = theme_page_data("Careers day", "careers-day", "action-submit")
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    url = reverse("wagtailadmin_pages:add", args=("ypag", "ypagthemepage", ypag_landing.pk))
    assert signed_in(client, ypag_editor).post(url, data).status_code == 302
    page = YPAGThemePage.objects.get(slug="careers-day")
    assert page.current_workflow_state is not None

    signed_in(client, content_editor)
    task_state = current_task_state(page)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    assert client.post(approve_url, {"comment": ""}).status_code == 302
    page.refresh_from_db()
    assert not page.live  # approved, but waits for its date
    scheduled = page.scheduled_revision
    assert scheduled is not None
    assert scheduled.approved_go_live_at.strftime("%Y-%m-%d %H:%M") == data["go_live_at"]


def test_creating_the_ypag_page_or_a_network_page_in_the_admin_sets_up_permissions(
    staff_client, home_page
):
    from wagtail.models import GroupPagePermission, WorkflowPage

    from ypag.models import NetworkCoordinatorGroup, NetworkIndexPage, YPAGLandingPage

    url = reverse("wagtailadmin_pages:add", args=("ypag", "ypaglandingpage", home_page.pk))
    data = nested_form_data(
        {
            "title": "YPAG",
            "slug": "ypag",
            "introduction": "",
            "motto": "Nothing about us without us",
            "who_we_are": "Young Londoners.",
            "body": streamfield([]),
            "get_involved_text": "",
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    assert staff_client.post(url, data).status_code == 302
    landing = YPAGLandingPage.objects.get()
    assert WorkflowPage.objects.get(page=landing).workflow.name == services.YPAG_REVIEW_WORKFLOW
    assert set(
        GroupPagePermission.objects.filter(
            page=landing, group__name=services.YPAG_EDITOR
        ).values_list("permission__codename", flat=True)
    ) == {"add_page", "change_page"}

    index = home_page.add_child(instance=NetworkIndexPage(title="Networks", slug="networks"))
    url = reverse("wagtailadmin_pages:add", args=("ypag", "networkpage", index.pk))
    network = Network.objects.get(slug="myends-croydon")
    data = nested_form_data(
        {
            "title": "MyEnds Croydon",
            "slug": "myends-croydon",
            "network": str(network.pk),
            "introduction": "",
            "how_to_join": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    assert staff_client.post(url, data).status_code == 302
    link = NetworkCoordinatorGroup.objects.get(network=network)
    page = NetworkPage.objects.get(network=network)
    assert GroupPagePermission.objects.filter(page=page, group=link.group).count() == 3
