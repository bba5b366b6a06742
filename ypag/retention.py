"""Retention for YPAG expressions of interest (registered with home.retention in apps.py).

The interest form tells young people "We delete them after a year", so a year after it was
sent an expression of interest is deleted whole: it is a reply address and a reason in their
own words, and nothing in it is needed for counts. Safeguarding flags raised from it keep their
own copy of the matching text (decision 0008) and are not touched.
"""

from datetime import timedelta

from django.conf import settings

from language.services import forget as forget_vectors
from ypag.models import YPAGInterest


def retention_period() -> timedelta:
    return timedelta(days=settings.YPAG_INTEREST_RETENTION_DAYS)


def apply(now) -> dict[str, int]:
    """Delete expressions of interest older than the retention period. Idempotent."""
    expired = YPAGInterest.objects.filter(created_at__lt=now - retention_period())
    forget_vectors(YPAGInterest, list(expired.values_list("pk", flat=True)))
    deleted, _ = expired.delete()
    return {"interests_deleted": deleted}
