import pytest

from events import services
from home.models import Network

from .factories import create_event, create_event_index, staff_user


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


# Check-in at the door (test_checkin.py, test_walk_ins.py, test_booker_reference.py).


@pytest.fixture
def event(make_event, ypag):
    return make_event(capacity=3, networks=[ypag])


@pytest.fixture
def amara(event):
    return services.book_place(event, first_name="Amara", email="amara@example.org")


@pytest.fixture
def coordinator(django_user_model, ypag):
    from ypag.models import NetworkCoordinator

    user = staff_user(django_user_model, "view_attendees")
    NetworkCoordinator.objects.create(user=user, network=ypag)
    return user


@pytest.fixture
def door(client, coordinator):
    """The coordinator's phone at the door."""
    client.force_login(coordinator)
    return client
