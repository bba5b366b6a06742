"""Staff signed in for browser journeys that are not about signing in."""

from django.conf import settings
from django.contrib.auth.models import Group
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
