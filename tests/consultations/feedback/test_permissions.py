"""Only the two feedback groups can open responses; each view checks its own permission."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from tests.consultations.feedback.factories import make_response


@pytest.fixture
def response(consultation):
    return make_response(consultation)


def _read_urls(response):
    return [
        reverse("feedback:responses"),
        reverse("feedback:response", args=[response.pk]),
        reverse("feedback:dashboard"),
        reverse("feedback:dashboard", args=[response.consultation_id]),
        reverse("feedback:report", args=[response.consultation_id]),
        reverse("feedback:tags"),
    ]


def test_groups_are_created_by_migration_with_their_permissions(db):
    moderator = set(
        Group.objects.get(name="Feedback moderator").permissions.values_list("codename", flat=True)
    )
    manager = set(
        Group.objects.get(name="Feedback manager").permissions.values_list("codename", flat=True)
    )
    moderating = {
        "access_admin",
        "view_response",
        "moderate_response",
        "tag_response",
        "export_response",
    }
    managing = {
        "export_unredacted",
        "manage_feedback_tags",
        "delete_response",
        "manage_feedback_exports",
    }
    assert moderating <= moderator
    assert not managing & moderator
    assert moderating | managing <= manager


def test_anonymous_visitors_are_sent_to_sign_in(client, response):
    for url in _read_urls(response):
        result = client.get(url)
        assert result.status_code == 302, url
        assert "/login/" in result["Location"] or "login" in result["Location"], url


def _refused(result) -> bool:
    """Wagtail turns a permission error in the admin into a redirect to the dashboard with a
    'no permission' message."""
    return result.status_code == 403 or (
        result.status_code == 302 and result["Location"] == reverse("wagtailadmin_home")
    )


def test_content_editor_cannot_open_responses(editor_client, response):
    for url in _read_urls(response):
        assert _refused(editor_client.get(url)), url
    export = reverse("feedback:export", args=["responses", "csv"])
    assert _refused(editor_client.get(export))
    result = editor_client.post(
        reverse("feedback:moderate", args=[response.pk]), {"status": "hidden"}
    )
    assert _refused(result)
    response.refresh_from_db()
    assert response.moderation_status == "new"


def test_ypag_editor_cannot_open_responses(client, django_user_model, response):
    from tests.support.mfa import give_mfa

    ypag = Group.objects.filter(name__icontains="ypag").first() or Group.objects.create(
        name="YPAG editor"
    )
    user = django_user_model.objects.create_user(username="ypag", password="x")
    user.groups.add(ypag)
    give_mfa(user)
    client.force_login(user)
    for url in _read_urls(response):
        result = client.get(url)
        assert result.status_code in (302, 403), url
        assert response.reference not in result.content.decode()


def test_moderator_can_read_moderate_and_export_redacted(moderator_client, response):
    for url in _read_urls(response):
        assert moderator_client.get(url).status_code == 200, url
    export = reverse("feedback:export", args=["responses", "csv"])
    assert moderator_client.get(export).status_code == 200
    assert _refused(moderator_client.get(export + "?unredacted=1"))


def test_moderator_cannot_rename_or_merge_tags(moderator_client, response):
    response.tags.add("lighting")
    tag = response.tags.get()
    result = moderator_client.post(reverse("feedback:tag_rename", args=[tag.pk]), {"name": "x"})
    assert _refused(result)
    result = moderator_client.post(
        reverse("feedback:tag_merge"), {"sources": [tag.pk], "target": tag.pk}
    )
    assert _refused(result)
    tag.refresh_from_db()
    assert tag.name == "lighting"


def test_manager_can_export_unredacted(manager_client, response):
    export = reverse("feedback:export", args=["responses", "csv"])
    assert manager_client.get(export + "?unredacted=1").status_code == 200


def test_feedback_menu_only_for_feedback_staff(client, moderator, content_editor):
    client.force_login(moderator)
    assert "/admin/feedback/" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(content_editor)
    assert "/admin/feedback/" not in client.get(reverse("wagtailadmin_home")).content.decode()
