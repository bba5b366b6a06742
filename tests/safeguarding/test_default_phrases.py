"""The default phrase list is data (safeguarding/data/default_phrases.json), read by home's
migration 0005: a fresh migrate holds exactly the categories and phrases in that file."""

import json
from pathlib import Path

import pytest

from safeguarding.models import SafeguardingCategory, SafeguardingPhrase

DEFAULTS = Path(__file__).resolve().parents[2] / "safeguarding" / "data" / "default_phrases.json"


@pytest.mark.django_db
def test_a_fresh_migrate_holds_exactly_the_default_list():
    data = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    assert len(data) == 7
    assert sum(len(item["phrases"]) for item in data) == 428
    categories = {c.slug: c for c in SafeguardingCategory.objects.all()}
    assert [item["slug"] for item in data] == [
        c.slug for c in SafeguardingCategory.objects.order_by("sort_order")
    ]
    for order, item in enumerate(data, start=1):
        category = categories[item["slug"]]
        assert (category.name, category.description, category.sort_order) == (
            item["name"],
            item["description"],
            order,
        )
        stored = set(
            SafeguardingPhrase.objects.filter(category=category).values_list("phrase", flat=True)
        )
        assert stored == {" ".join(phrase.split()) for phrase in item["phrases"]}
