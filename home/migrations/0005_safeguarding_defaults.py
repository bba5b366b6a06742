"""Safeguarding defaults: the categories, a starting phrase list written for this project
(how young people in London write about harm, slang and common misspellings included), and
the "Safeguarding lead" group with its permissions.

The Safeguarding lead edits the phrases afterwards in the admin. Re-running is safe: rows are
matched on slug, phrase or name. See docs/safeguarding.md for how matching works (case,
punctuation, repeated letters and number-for-letter swaps are already handled, so list only
real wording differences here).
"""

import json
from pathlib import Path

from django.db import migrations

# The starting list lives in a data file beside the safeguarding app that owns it (decision
# 0018); this migration reads it, so a fresh migrate gives exactly the same rows as before.
# It is read as data, not imported: home never imports safeguarding.
DEFAULTS_FILE = (
    Path(__file__).resolve().parents[2] / "safeguarding" / "data" / "default_phrases.json"
)
CATEGORIES = [
    (item["slug"], item["name"], item["description"], item["phrases"])
    for item in json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
]

GROUP_NAME = "Safeguarding lead"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Category = apps.get_model("home", "SafeguardingCategory")
    Phrase = apps.get_model("home", "SafeguardingPhrase")
    Group = apps.get_model("auth", "Group")

    for order, (slug, name, description, phrases) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
        for phrase in phrases:
            Phrase.objects.get_or_create(category=category, phrase=phrase)

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = [
        _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        _permission(
            apps,
            "home",
            "safeguardingflag",
            "view_safeguarding_queue",
            "Can open the safeguarding queue and record outcomes",
        ),
    ]
    for model, verbose in (
        ("safeguardingphrase", "safeguarding phrase"),
        ("safeguardingcategory", "safeguarding category"),
    ):
        for action in ("add", "change", "delete", "view"):
            permissions.append(
                _permission(apps, "home", model, f"{action}_{model}", f"Can {action} {verbose}")
            )
    group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("home", "0004_safeguarding"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
