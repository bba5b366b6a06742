"""Background work of assisted coding (run by the task worker, the only process that loads
the language model): the sweep that writes suggestions, and the weekly retrain."""

import logging

from django_tasks import task

logger = logging.getLogger("vru.assisted_coding")

_coded_sources: list = []


def register_coded_examples(source) -> None:
    """`source()` yields (scope or None, [(text or vector, set of area slugs), ...]): the
    answers staff have coded, per consultation. The weekly retrain learns from them."""
    _coded_sources.append(source)


def coded_examples() -> list[tuple[object, list]]:
    return [(scope, list(labelled)) for source in _coded_sources for scope, labelled in source()]


def retrain_if_new_coding() -> int:
    """Retrain each scope whose number of coded answers has changed since its last model was
    trained (activated or not), and the global model once when none is active. Cheap (no
    model load) when nothing is new. Returns how many new models were activated."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AreaModel
    from .services import active_model
    from .training import install_shipped_model, train

    activated = 0
    if active_model(install=False) is None and install_shipped_model() is None:
        activated += train().activated
    for scope, labelled in coded_examples():
        last = AreaModel.objects.filter(
            scope_content_type=ContentType.objects.get_for_model(scope),
            scope_object_id=str(scope.pk),
        ).first()  # newest first
        if last is not None and last.coded_examples + last.coded_held_back == len(labelled):
            continue
        activated += train(labelled, scope=scope).activated
    return activated


@task()
def sweep_area_suggestions() -> int:
    """Every 5 minutes: suggestions for answers that have a vector but none yet."""
    from .services import sweep

    return sweep()


@task()
def retrain_area_models() -> int:
    """Weekly: learn from what staff have coded; never activates a worse model."""
    return retrain_if_new_coding()


@task()
def find_campaigns() -> int:
    """Every 10 minutes: look for campaigns where answers have had vectors stored since."""
    from .grouping import sweep

    return sweep()


@task()
def run_theme_task(run_id: int) -> str:
    """Find themes, or merge, split or turn them into tags (assisted_coding/themes/)."""
    from .themes.worker import run_task

    return run_task(run_id)
