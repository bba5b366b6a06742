"""Editing a commitment in the admin, as a Content editor does: saving and publishing through
the real edit view keeps each update's id, so nobody is emailed again."""

from datetime import date

from django.contrib.auth.models import Group
from django.core import mail

from commitments.models import Commitment
from tests.support.editor import SNIPPET_FORM_ID, edit_form_data
from tests.support.mfa import give_mfa

from .conftest import add_response, update


def content_editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="not-used-12345")
    user.groups.add(Group.objects.get(name="Content editor"))
    give_mfa(user)
    return user


def edit_url(commitment) -> str:
    return f"/admin/snippets/commitments/commitment/edit/{commitment.pk}/"


def test_publishing_again_in_the_admin_keeps_update_ids_and_emails_nobody_twice(
    client, django_user_model, make_commitment, consultation
):
    add_response(consultation, "sam@example.org")
    commitment = make_commitment(
        consultation=consultation,
        status=Commitment.Status.IN_PROGRESS,
        progress=40,
        updates=[update(date(2026, 11, 2), "Eight youth workers start after half term.")],
    )
    key = commitment.latest_update.key
    assert len(mail.outbox) == 1
    client.force_login(content_editor(django_user_model))

    for owner in ("VRU Communities team", "VRU Youth Programmes team"):
        page = client.get(edit_url(commitment))
        data = edit_form_data(page.content.decode(), commitment, form_id=SNIPPET_FORM_ID)
        data["owner"] = owner
        data["action-publish"] = "action-publish"
        response = client.post(edit_url(commitment), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        commitment = Commitment.objects.get(pk=commitment.pk)
        assert commitment.owner == owner
        assert commitment.latest_update.key == key
    assert len(mail.outbox) == 1


def test_the_admin_refuses_not_going_ahead_without_a_reason(
    client, django_user_model, make_commitment
):
    commitment = make_commitment()
    client.force_login(content_editor(django_user_model))
    page = client.get(edit_url(commitment))
    data = edit_form_data(page.content.decode(), commitment, form_id=SNIPPET_FORM_ID)
    data["status"] = Commitment.Status.NOT_GOING_AHEAD
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(commitment), data)
    assert response.status_code == 200
    assert "Say why it is not going ahead." in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.PLANNED
