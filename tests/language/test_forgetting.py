"""Vectors never outlive the answers they were made from."""

import pytest

from django.contrib.auth.models import Group

from language.models import TextVector
from language.services import forget, forget_orphans
from language.tasks import forget_orphan_vectors
from tests.support.vectors import give_vector, vectors_of

pytestmark = pytest.mark.django_db


def test_forget_deletes_every_version_of_the_named_owners_only():
    first, second = Group.objects.create(name="first"), Group.objects.create(name="second")
    give_vector(first, version="a")
    give_vector(first, version="b")
    give_vector(second)
    assert forget(Group, [first.pk]) == 2
    assert (vectors_of(first), vectors_of(second)) == (0, 1)
    assert forget(Group, []) == 0


def test_the_daily_job_deletes_vectors_whose_owner_is_gone():
    kept, gone = Group.objects.create(name="kept"), Group.objects.create(name="gone")
    give_vector(kept)
    give_vector(gone)
    gone_pk = gone.pk
    gone.delete()  # e.g. deleted in the admin, which knows nothing of vectors

    assert forget_orphan_vectors.call() == 1
    assert vectors_of(kept) == 1
    assert not TextVector.objects.filter(object_id=str(gone_pk)).exists()
    assert forget_orphans() == 0  # idempotent


def test_the_daily_job_is_scheduled():
    from home.scheduling import registered_jobs

    assert "language.forget_orphan_vectors" in {job.name for job in registered_jobs()}
