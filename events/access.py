"""Who may see an event's attendees, decided in one place."""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import (
    EventPage,
)

# Apps that know who coordinates a network (ypag's NetworkCoordinator) register a lookup
# here in their AppConfig.ready(), so events never imports the apps above it.
_coordinator_lookups: list[Callable[[object], Iterable[int]]] = []


def register_coordinator_lookup(lookup: Callable[[object], Iterable[int]]) -> None:
    """Add `lookup(user) -> network ids the user coordinates`. Registering twice is harmless."""
    if lookup not in _coordinator_lookups:
        _coordinator_lookups.append(lookup)


def coordinated_network_ids(user) -> set[int]:
    """Ids of the networks a user coordinates, from every registered lookup."""
    ids: set[int] = set()
    for lookup in _coordinator_lookups:
        ids.update(lookup(user))
    return ids


def can_view_attendees(user, event: EventPage) -> bool:
    """Superusers and `events.view_all_attendees` see every event's attendees; users with
    `events.view_attendees` see them only for events of a network they coordinate."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("events.view_all_attendees"):
        return True
    if not user.has_perm("events.view_attendees"):
        return False
    networks = coordinated_network_ids(user)
    if not networks:
        return False
    return event.networks.filter(pk__in=networks).exists()


def can_message_attendees(user, event: EventPage) -> bool:
    """Whoever may see an event's attendees may message them through the platform: they can
    already read and download every address, and a message through the outbox shows less
    (decision 0035). A separate predicate, so the two rules can part later."""
    return can_view_attendees(user, event)


def event_for_attendees(user, event_id: int) -> EventPage:
    """The event whose attendee screens (list, export, check-in) `user` opens: 404 if there
    is none, PermissionDenied unless `can_view_attendees`."""
    event = get_object_or_404(EventPage.objects.all(), pk=event_id)
    if not can_view_attendees(user, event):
        raise PermissionDenied
    return event
