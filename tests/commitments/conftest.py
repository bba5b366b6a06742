"""Fixtures for commitments: a closed consultation with people hearing back, the "What we
are doing" page, and a builder for commitments (saved as an editor would, optionally
published)."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from commitments.models import Commitment, CommitmentIndexPage
from consultations.models import ConsultationIndexPage, ConsultationPage, Response
from consultations.services import new_reference, new_submission_token
from home.models import PriorityArea
from tests.support.pages import add_page
from tests.support.site_content import build_minimal_site


@pytest.fixture
def home_page(db):
    return build_minimal_site()


@pytest.fixture
def consultation(home_page):
    index = add_page(
        home_page, ConsultationIndexPage(title="Have your say", slug="have-your-say"), publish=True
    )
    now = timezone.now()
    return add_page(
        index,
        ConsultationPage(
            title="Safer journeys to school",
            slug="safer-journeys",
            summary="Tell us what would help.",
            privacy_notice="<p>We keep your answers safe.</p>",
            opens_at=now - timedelta(days=40),
            closes_at=now - timedelta(days=10),
        ),
        publish=True,
    )


@pytest.fixture
def what_we_are_doing(home_page):
    return add_page(
        home_page,
        CommitmentIndexPage(title="What we are doing", slug="what-we-are-doing"),
        publish=True,
    )


def add_response(consultation, email="", **fields):
    return Response.objects.create(
        consultation=consultation,
        reference=new_reference(),
        submission_token=new_submission_token(),
        contact_email=email,
        **fields,
    )


def update(day: date, note: str, status: str = "") -> tuple[str, dict]:
    return ("update", {"date": day, "note": note, "status": status})


@pytest.fixture
def make_commitment(db):
    def make(*, publish=True, areas=(), **fields):
        fields.setdefault("title", "Trusted adults at bus stops")
        fields.setdefault("what_we_said", "Fund youth workers at bus stops near schools.")
        fields.setdefault("owner", "VRU Youth Programmes team")
        commitment = Commitment(**fields)
        commitment.priority_areas = list(areas)
        commitment.full_clean()
        commitment.live = False  # as the admin's create view saves a new snippet
        commitment.save()
        revision = commitment.save_revision()
        if publish:
            revision.publish()
        return Commitment.objects.get(pk=commitment.pk)

    return make


def publish_changes(commitment: Commitment, **changes) -> Commitment:
    """Change the latest revision and publish it, as an editor does in the admin."""
    draft = commitment.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.full_clean()
    draft.save_revision().publish()
    return Commitment.objects.get(pk=commitment.pk)


@pytest.fixture
def areas(db):
    return list(PriorityArea.objects.in_strategy_order())
