"""Build a believable demo site, safely re-runnable.

Contract for every app (so `home` never imports the apps that depend on it):

* An installed app may have a module `<app>/demo.py` defining ``seed(stdout) -> None``.
* `seed_demo` runs `home.demo.seed` first (it makes the home page the site root and adds the
  strategy, "Get help now" and standard pages), then every other installed app's
  ``demo.seed`` in ``INSTALLED_APPS`` order. Each runs inside its own transaction.
* ``stdout`` has a ``write(str)`` method (the command's output wrapper). Write one short line
  per thing created; write nothing for things that already exist.
* A seed function must be idempotent: match what it would create on a natural key (a page's
  slug under its parent, a name or slug for other models) and leave existing rows alone.
  ``home.demo.ensure_child(parent, slug, build, stdout)`` does this for pages; find the home
  page with ``HomePage.objects.first()``.
* Demo text is written in the project's own words from ../shared/vru-facts.md, never copied.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

DEMO_MODULE = "demo"
FIRST_APP = "home"


def demo_seeders() -> list[tuple[str, object]]:
    """(app label, seed function) for every installed app with a demo module, home first."""
    seeders = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, DEMO_MODULE):
            continue
        module = import_module(f"{app_config.name}.{DEMO_MODULE}")
        seed = getattr(module, "seed", None)
        if callable(seed):
            seeders.append((app_config.label, seed))
    seeders.sort(key=lambda pair: pair[0] != FIRST_APP)  # stable: keeps INSTALLED_APPS order
    return seeders


class Command(BaseCommand):
    help = "Create demo pages and content for every app. Safe to run more than once."

    def handle(self, *args, **options):
        for app_label, seed in demo_seeders():
            self.stdout.write(f"Seeding demo content: {app_label}")
            with transaction.atomic():
                seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
