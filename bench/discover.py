"""Print, as JSON, where the benchmark's scenarios start on the seeded site.

Run by run_load.py with the benchmark's settings and database.
"""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.apps import apps
    from django.templatetags.static import static

    from wagtail.models import Page

    site = {"static": static("css/site.css")}
    wanted = {
        "home page": ("home", "HomePage"),
        "standard page": ("home", "StandardPage"),
        "strategy page": ("home", "StrategyPage"),
        "get help page": ("home", "GetHelpPage"),
        "consultation page": ("consultations", "ConsultationPage"),
        "event page": ("events", "EventPage"),
    }
    for name, (app_label, model_name) in wanted.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if not issubclass(model, Page):
            continue
        page = model.objects.live().public().order_by("path").first()
        if page is not None:
            site[name] = page.get_url(None)
    site.update(write_targets())
    json.dump(site, sys.stdout)


def write_targets() -> dict[str, str]:
    """Where the write scenarios run: an open consultation with questions, and an event taking
    bookings now that has places and a waiting list and needs no parent's consent."""
    from django.apps import apps

    targets = {}
    if apps.is_installed("consultations"):
        from consultations.models import ConsultationPage

        for page in ConsultationPage.objects.live().public().open().order_by("path"):
            if page.steps():
                targets["survey"] = page.get_url(None)
                break
    if apps.is_installed("events"):
        from events.models import EventPage

        for event in EventPage.objects.live().public().order_by("start"):
            if (
                event.registration_state() == "open"
                and event.capacity
                and event.waitlist_enabled
                and not event.parent_consent_for_under_16s
            ):
                targets["bookable event"] = event.get_url(None)
                break
    return targets


if __name__ == "__main__":
    main()
