"""Event pages for tests, created in the page tree under a fresh event listing page."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from tests.support.mfa import give_mfa
from tests.support.pages import add_page, site_home


def site_root() -> Page:
    """The default site's root page, creating a minimal tree if a flush removed it."""
    return site_home()


def create_event_index(**fields) -> EventIndexPage:
    fields.setdefault("title", "Events")
    fields.setdefault("slug", "events")
    return add_page(site_root(), EventIndexPage(**fields))


_counter = iter(range(1, 10**6))


def create_event(index: EventIndexPage, *, networks=(), priority_areas=(), **fields) -> EventPage:
    number = next(_counter)
    start = fields.pop("start", timezone.now() + timedelta(days=7))
    fields.setdefault("title", f"Youth-led seminar {number}")
    fields.setdefault("slug", f"event-{number}")
    fields.setdefault("summary", "Young people lead a conversation about school exclusion.")
    fields.setdefault("venue_name", "Community hall")
    fields.setdefault("venue_address", "1 High Street\nLondon E8 1AA")
    fields.setdefault("end", start + timedelta(hours=2))
    event = add_page(index, EventPage(start=start, **fields))
    if networks or priority_areas:
        event.networks.set(networks)
        event.priority_areas.set(priority_areas)
        event.save()
    return event


def staff_user(django_user_model, *permissions, username="coordinator"):
    """A staff account with admin access, MFA set up and the given `events` permissions."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "x" * 12)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *[Permission.objects.get(codename=codename) for codename in permissions],
    )
    give_mfa(user)
    return user
