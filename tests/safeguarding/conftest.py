"""Fixtures shared by the safeguarding tests: a Safeguarding lead and something to flag."""

import pytest

from django.contrib.auth.models import Group, User

from home.models import SupportService
from tests.support.mfa import give_mfa


@pytest.fixture
def lead():
    user = User.objects.create_user("lead", "lead@example.org", "pw-lead-123456")
    user.groups.add(Group.objects.get(name="Safeguarding lead"))
    give_mfa(user)  # staff must have two-step sign-in before the admin lets them in
    return user


@pytest.fixture
def source():
    # Any saved model will do: safeguarding never knows which app a flagged object comes from.
    return SupportService.objects.create(name="Test source", description="stand-in")
