import re

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail

PASSWORD = "correct horse battery staple"


def make_user(email="resident@example.org", password=PASSWORD, **fields):
    """A user whose email address is verified, so allauth lets them sign in."""
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_staff(email="editor@example.org", password=PASSWORD, **fields):
    fields.setdefault("is_staff", True)
    fields.setdefault("is_superuser", True)
    return make_user(email=email, password=password, **fields)


def sign_in(client, email, password=PASSWORD, next_url=None):
    data = {"login": email, "password": password}
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def links_in_last_email():
    return re.findall(r"https?://\S+", mail.outbox[-1].body)
