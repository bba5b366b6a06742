import pytest

from django.contrib.auth.models import Group

from tests.consultations.feedback.factories import make_consultation
from tests.support.staff import staff_member


@pytest.fixture
def moderator(db, django_user_model):
    return staff_member(django_user_model, "moderator", "Feedback moderator")


@pytest.fixture
def manager(db, django_user_model):
    return staff_member(django_user_model, "manager", "Feedback manager")


@pytest.fixture
def content_editor(db, django_user_model):
    """Can use the admin and edit and publish pages, but has no feedback permissions."""
    user = staff_member(django_user_model, "editor", permissions=["access_admin"])
    group = Group.objects.filter(name="Content editor").first()
    if group:
        user.groups.add(group)
    return user


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    return _client_for(client, moderator)


@pytest.fixture
def manager_client(client, manager):
    return _client_for(client, manager)


@pytest.fixture
def editor_client(client, content_editor):
    return _client_for(client, content_editor)


@pytest.fixture
def consultation(db):
    return make_consultation()
