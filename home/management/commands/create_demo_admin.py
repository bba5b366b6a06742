"""Create the demo administrator for `make run`: admin@example.org with a random password,
printed once. If the account already exists it is left alone (its password is not shown or
changed)."""

import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create a demo superuser with a random password, printed once."

    def handle(self, *args, **options):
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
        User = get_user_model()
        existing = User.objects.filter(email__iexact=DEMO_ADMIN_EMAIL).first()
        if existing is not None:
            self.stdout.write(
                f"The demo admin {DEMO_ADMIN_EMAIL} already exists; its password is unchanged."
            )
            self.stdout.write(f"Admin: {admin_url}")
            return

        password = secrets.token_urlsafe(18)
        with transaction.atomic():
            user = User.objects.create_superuser(
                username=DEMO_ADMIN_USERNAME, email=DEMO_ADMIN_EMAIL, password=password
            )
            if apps.is_installed("allauth.account"):
                from allauth.account.models import EmailAddress

                EmailAddress.objects.update_or_create(
                    user=user,
                    email=DEMO_ADMIN_EMAIL,
                    defaults={"verified": True, "primary": True},
                )

        self.stdout.write(self.style.SUCCESS(f"Created the demo admin {DEMO_ADMIN_EMAIL}."))
        self.stdout.write(f"Demo admin password (shown only this once): {password}")
        self.stdout.write(f"Admin: {admin_url}")
