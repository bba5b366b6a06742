"""Create the demo administrator for `make run`: admin@example.org with a random password,
printed once. If the account already exists it is left alone (its password is not shown or
changed)."""

from django.core.management.base import BaseCommand
from django.urls import reverse

from home.demo_accounts import ensure_demo_user
from home.links import site_url

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create a demo superuser with a random password, printed once."

    def handle(self, *args, **options):
        admin_url = site_url(reverse("wagtailadmin_home"))
        created = ensure_demo_user(
            username=DEMO_ADMIN_USERNAME,
            email=DEMO_ADMIN_EMAIL,
            role="admin",
            stdout=self.stdout,
            superuser=True,
        )
        if created is None:
            self.stdout.write(
                f"The demo admin {DEMO_ADMIN_EMAIL} already exists; its password is unchanged."
            )
        self.stdout.write(
            f"Admin: {admin_url} (you will be asked to set up an authenticator app first)"
        )
