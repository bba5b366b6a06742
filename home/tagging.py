"""How typed tags are split: at commas only, so "route 3 bus" stays one tag.

taggit's default splits at spaces when there is no comma, which turns a phrase into several
tags. `settings.TAGGIT_TAGS_FROM_STRING` points here, so every tag field (the feedback
workspace's coding forms, any taggit form field in the admin) splits the same way."""

import csv


def comma_separated_tags(text: str) -> list[str]:
    """'route 3 bus, lights' -> ['lights', 'route 3 bus']. Double quotes keep a comma inside a
    tag, as taggit writes such names ('"Hackney, north", parks')."""
    if not text or not text.strip():
        return []
    cells = next(csv.reader([text], skipinitialspace=True), [])
    names = {" ".join(cell.split()) for cell in cells}
    return sorted(name for name in names if name)
