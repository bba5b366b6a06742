import pytest

from .factories import create_event, create_event_index


@pytest.fixture
def event_index(db):
    return create_event_index()


@pytest.fixture
def make_event(event_index):
    def make(**fields):
        return create_event(event_index, **fields)

    return make
