"""Demo content for safeguarding (run by `manage.py seed_demo` after home, before the apps
whose demo answers are screened): a Safeguarding lead, so a disclosure has someone to alert."""

from django.contrib.auth.models import Group

from home.demo_accounts import ensure_demo_user

from .models import SAFEGUARDING_LEAD_GROUP


def seed(stdout) -> None:
    ensure_safeguarding_lead(stdout)


def ensure_safeguarding_lead(stdout) -> None:
    """A demo Safeguarding lead, so a disclosure in a demo answer has someone to alert."""
    ensure_demo_user(
        username="safeguarding-lead",
        email="safeguarding@example.org",
        role="Safeguarding lead",
        first_name="Sam",
        groups=[Group.objects.get(name=SAFEGUARDING_LEAD_GROUP)],
        stdout=stdout,
    )
