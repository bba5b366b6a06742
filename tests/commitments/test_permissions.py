"""Content editors manage commitments (add, change, publish); no other role does, and
nobody but a superuser deletes one (docs/permissions.md)."""

import pytest

from django.contrib.auth.models import Group

from tests.support.mfa import give_mfa

ACTIONS = ("add", "change", "view", "publish")


def user_in(role, django_user_model):
    user = django_user_model.objects.create_user(username=role, password="not-used-123456")
    user.groups.add(Group.objects.get(name=role))
    give_mfa(user)
    return django_user_model.objects.get(pk=user.pk)


def test_content_editors_add_change_and_publish_commitments(db, django_user_model):
    editor = user_in("Content editor", django_user_model)
    for action in ACTIONS:
        assert editor.has_perm(f"commitments.{action}_commitment"), action
    assert not editor.has_perm("commitments.delete_commitment")


@pytest.mark.parametrize(
    "role",
    [
        "YPAG editor",
        "Network coordinator",
        "Feedback moderator",
        "Feedback manager",
        "Safeguarding lead",
    ],
)
def test_other_roles_cannot_touch_commitments(db, django_user_model, role):
    user = user_in(role, django_user_model)
    for action in (*ACTIONS, "delete"):
        assert not user.has_perm(f"commitments.{action}_commitment"), action


def test_the_admin_lists_commitments_for_content_editors_only(
    client, db, django_user_model, make_commitment
):
    make_commitment(title="Trusted adults at bus stops")
    client.force_login(user_in("Content editor", django_user_model))
    listing = client.get("/admin/snippets/commitments/commitment/")
    assert listing.status_code == 200
    assert "Trusted adults at bus stops" in listing.content.decode()
    assert client.get("/admin/snippets/commitments/commitment/add/").status_code == 200

    client.force_login(user_in("YPAG editor", django_user_model))
    refused = client.get("/admin/snippets/commitments/commitment/")
    assert refused.status_code in (302, 403)
