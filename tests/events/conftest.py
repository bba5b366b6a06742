import pytest

from home.models import Network

from .factories import create_event, create_event_index


@pytest.fixture
def event_index(db):
    return create_event_index()


@pytest.fixture
def make_event(event_index):
    def make(**fields):
        return create_event(event_index, **fields)

    return make


@pytest.fixture
def ypag(db):
    return Network.objects.get(slug="young-peoples-action-group")


@pytest.fixture
def housing(db):
    """Another network: its coordinators must not see the YPAG's attendees."""
    return Network.objects.get(slug="housing-association-youth-network")
