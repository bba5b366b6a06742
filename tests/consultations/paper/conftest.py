"""Fixtures for paper and workshop responses (decision 0032): the full survey of every
question type, staff who may type responses in, and staff who may not."""

import pytest

from tests.support.staff import staff_member


def staff(django_user_model, username, group_name=None, permissions=()):
    return staff_member(
        django_user_model,
        username,
        group_name,
        permissions,
        first_name="Sam",
        last_name=username.title(),
    )


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
