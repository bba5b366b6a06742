"""Retention: personal data shrinks over time, on a schedule.

Each app that holds personal data registers one retention function in its `AppConfig.ready()`:

    from home.retention import register_retention
    register_retention("consultations.responses", consultations.retention.apply)

A retention function takes `now` (an aware datetime) and removes or redacts whatever has
passed its retention period at that moment, returning counts of what it changed, e.g.
`{"contact_emails_removed": 12, "answers_redacted": 40}`. It must be idempotent: a second call
with the same `now` changes nothing and returns zeros. Use `language.redaction.redact` for free
text, keep counts, coded tags and redacted text.

The daily job `home.apply_retention` runs every registered function and logs the counts, never
the data. One function failing is logged and does not stop the others. The functions are parts
of that job in the one scheduler registry (`home.scheduling.register_part`).

Safeguarding flags are not purged: they are safeguarding records, kept under the
safeguarding policy (see docs/safeguarding.md).
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django_tasks import task

from django.utils import timezone

from home import scheduling

logger = logging.getLogger("vru.retention")

RetentionFunction = Callable[[datetime], dict[str, int]]

RETENTION_JOB = "home.apply_retention"


def register_retention(name: str, function: RetentionFunction) -> None:
    """Register (or replace) the retention function called `name`."""
    scheduling.register_part(RETENTION_JOB, name, function)


def unregister_retention(name: str) -> None:
    scheduling.unregister_part(RETENTION_JOB, name)


def registered_retention() -> dict[str, RetentionFunction]:
    return scheduling.job_parts(RETENTION_JOB)


def apply_retention(now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Run every registered retention function; return {name: counts}. A function that
    raises is logged and reported as {"failed": 1}."""
    now = now or timezone.now()
    results: dict[str, dict[str, int]] = {}
    for name, function in registered_retention().items():
        try:
            counts = {key: int(value) for key, value in (function(now) or {}).items()}
        except Exception:  # noqa: BLE001 - one app's failure must not stop the others
            logger.exception("Retention %s failed", name)
            results[name] = {"failed": 1}
            continue
        results[name] = counts
        logger.info(
            "Retention %s at %s: %s",
            name,
            now.isoformat(),
            ", ".join(f"{key}={value}" for key, value in sorted(counts.items())) or "nothing",
        )
    return results


@task()
def apply_retention_task() -> dict[str, dict[str, int]]:
    """The daily scheduled job (registered as RETENTION_JOB)."""
    return apply_retention()
