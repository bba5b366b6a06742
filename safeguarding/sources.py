"""What safeguarding needs to know about the things that get flagged, without importing the
apps they live in (safeguarding sits below consultations, events and YPAG).

- An app registers each model whose free text is screened with `register_flag_source` (in
  its `AppConfig.ready`): how to read its free-text answers, what to call it, where its admin
  page is, which permissions let someone flag it by hand (none: nobody may), and which rows
  `manage.py screen --backfill` should look at.
- `respondent_profile(source)` reads the profile fields the flagged models share (age band or
  age, borough, networks; for a booking, the event's borough and networks), for the lead's
  flag page. Anything absent reads "Not given".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class FlagSource:
    texts: Callable[[Model], dict[str, str]]  # {label: answer text}, free text only
    label: Callable[[Model], str]  # e.g. "Consultation response ABC123"
    admin_url: Callable[[Model], str]  # the moderator's page for it (a path)
    permissions: tuple[str, ...] = ()  # holding any one lets a user flag it by hand
    backfill: Callable[[], QuerySet] | None = None  # rows to screen if never screened


_sources: dict[str, FlagSource] = {}


def register_flag_source(model: type[Model], **kwargs) -> None:
    _sources[model._meta.label_lower] = FlagSource(**kwargs)


def registered_sources() -> list[tuple[str, FlagSource]]:
    return sorted(_sources.items())


def flag_source(model_or_object) -> FlagSource | None:
    return _sources.get(model_or_object._meta.label_lower)


def can_flag_by_hand(user, source: FlagSource) -> bool:
    return (
        user.is_active
        and bool(source.permissions)
        and any(user.has_perm(codename) for codename in source.permissions)
    )


def _names(related) -> str:
    names = [item.name for item in related.all()] if related is not None else []
    return ", ".join(names) or NOT_GIVEN


def respondent_profile(source: Model | None) -> list[tuple[str, str]]:
    """[(label, value)] for the lead's flag page: who wrote this, as far as we know."""
    if source is None:
        return [
            ("Age band", NOT_GIVEN),
            ("Borough", NOT_GIVEN),
            ("Network", NOT_GIVEN),
        ]
    event = getattr(source, "event", None)
    if hasattr(source, "get_age_band_display"):
        age = source.get_age_band_display() or NOT_GIVEN
        age_label = "Age band"
    elif getattr(source, "age", None) is not None:
        age, age_label = str(source.age), "Age"
    elif hasattr(source, "under_16"):
        age, age_label = ("Under 16" if source.under_16 else "16 or over"), "Age"
    else:
        age, age_label = NOT_GIVEN, "Age band"
    if event is not None:
        return [
            (age_label, age),
            ("Borough (of the event)", getattr(event.borough, "name", "") or NOT_GIVEN),
            ("Network (of the event)", _names(getattr(event, "networks", None))),
        ]
    return [
        (age_label, age),
        ("Borough", getattr(getattr(source, "borough", None), "name", "") or NOT_GIVEN),
        ("Network", _names(getattr(source, "networks", None))),
    ]
