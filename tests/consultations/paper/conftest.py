"""Fixtures for paper and workshop responses (decision 0032): the full survey of every
question type, staff who may type responses in, and staff who may not."""

import pytest

from django.contrib.auth.models import Group, Permission

from tests.support.mfa import give_mfa


def staff(django_user_model, username, group_name=None, permissions=()):
    user = django_user_model.objects.create_user(
        username=username, password="x", first_name="Sam", last_name=username.title()
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    give_mfa(user)
    return user


@pytest.fixture
def moderator(db, django_user_model):
    return staff(django_user_model, "moderator", "Feedback moderator")


@pytest.fixture
def manager(db, django_user_model):
    return staff(django_user_model, "manager", "Feedback manager")


@pytest.fixture
def safeguarding_lead(db, django_user_model):
    return staff(django_user_model, "lead", "Safeguarding lead")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def closed_consultation(make_consultation):
    return make_consultation("closed-one", opens_in=-30, closes_in=-1)
