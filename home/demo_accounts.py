"""Demo staff accounts for `make run`, shared by every app's demo seeding.

Each account gets a random password printed once; an account that already exists is left
exactly as it is (its password is neither shown nor changed), so seeding can run again safely.
"""

import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction


def ensure_demo_user(
    *,
    username: str,
    email: str,
    role: str,
    stdout=None,
    groups: list[Group] = (),
    first_name: str = "",
    superuser: bool = False,
):
    """Create a demo account in `groups` with a verified email address. Returns the new
    user, or None if an account with that email already existed."""
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        return None
    password = secrets.token_urlsafe(18)
    with transaction.atomic():
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(username=username, email=email, password=password, first_name=first_name)
        if groups:
            user.groups.add(*groups)
        if apps.is_installed("allauth.account"):
            # allauth signs people in by email and insists it is verified.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
    if stdout is not None:
        stdout.write(
            f"Created the demo {role} {email} with password {password} (shown only this once)"
        )
    return user
