"""Staff accounts for tests: a member of a role with MFA, and one signed in in a browser."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.accounts.helpers import make_user
from tests.support.mfa import give_mfa


def signed_in_moderator(context, site_url, email="youth.worker@example.org"):
    """A Feedback moderator with MFA set up, signed in in this browser context."""
    user = make_user(email=email)
    user.groups.add(Group.objects.get(name="Feedback moderator"))
    give_mfa(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site_url}])
    return user


def staff_member(django_user_model, username, group=None, permissions=(), **fields):
    """A staff account with MFA set up, in the role `group` (a group name) and/or holding the
    named permission codenames."""
    user = django_user_model.objects.create_user(username=username, password="x", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    give_mfa(user)
    return user
