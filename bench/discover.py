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
    json.dump(site, sys.stdout)


if __name__ == "__main__":
    main()
