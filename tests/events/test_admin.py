import csv
import io

import pytest

from wagtail.models import PageLogEntry

from events import access, services
from events.models import Registration
from tests.events.factories import staff_user

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def booked_event(make_event, ypag):
    event = make_event(capacity=1, networks=[ypag])
    services.book_place(
        event, first_name="Amara", email="amara@example.org", access_needs="=Needs a ramp"
    )
    services.book_place(event, first_name="Bola", email="bola@example.org")
    return event


def test_superuser_sees_counts_access_needs_and_can_export(staff_client, booked_event):
    url = f"/admin/events/attendees/{booked_event.pk}/"
    html = staff_client.get(url).content.decode()
    assert "Amara" in html and "Bola" in html
    assert "Confirmed: 1" in html and "On the waiting list: 1" in html
    assert "=Needs a ramp" in html

    response = staff_client.get(url + "export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Booking", "First name", "Email", "Status"]
    assert [row[1] for row in rows[1:]] == ["Amara", "Bola"]
    # Spreadsheet formula injection is neutralised.
    assert rows[1][7] == "'=Needs a ramp"
    entry = PageLogEntry.objects.get(action="events.export_attendees")
    assert entry.page_id == booked_event.pk
    assert entry.data == {"rows": 2}

    assert staff_client.get("/admin/events/attendees/").status_code == 200
    assert booked_event.title in staff_client.get("/admin/events/attendees/").content.decode()


def test_staff_mark_attendance_promote_and_cancel(staff_client, booked_event):
    amara = booked_event.registrations.get(first_name="Amara")
    bola = booked_event.registrations.get(first_name="Bola")
    change = f"/admin/events/attendees/{booked_event.pk}/registrations/"

    staff_client.post(f"{change}{bola.pk}/", {"action": "promote"})
    bola.refresh_from_db()
    assert bola.status == Status.WAITLISTED  # no free place

    staff_client.post(f"{change}{amara.pk}/", {"action": "attended"})
    amara.refresh_from_db()
    assert amara.status == Status.ATTENDED
    staff_client.post(f"{change}{amara.pk}/", {"action": "not_attended"})
    staff_client.post(f"{change}{amara.pk}/", {"action": "cancel"})
    amara.refresh_from_db()
    bola.refresh_from_db()
    assert (amara.status, bola.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert staff_client.post(f"{change}{amara.pk}/", {"action": "junk"}).status_code == 302
    assert staff_client.get(f"{change}{amara.pk}/").status_code == 405
    # The refused promotion changed nothing, so it is not in the audit log. Attendance is
    # logged by the check-in services, once each.
    assert PageLogEntry.objects.filter(action="events.change_registration").count() == 1
    assert PageLogEntry.objects.filter(action="events.check_in").count() == 1
    assert PageLogEntry.objects.filter(action="events.undo_check_in").count() == 1


def test_network_coordinator_sees_only_their_networks_events(
    client, django_user_model, make_event, booked_event, housing
):
    from ypag.models import NetworkCoordinator

    other_event = make_event(networks=[housing])
    coordinator = staff_user(django_user_model, "view_attendees")
    NetworkCoordinator.objects.create(user=coordinator, network=booked_event.networks.get())
    client.force_login(coordinator)

    assert access.can_view_attendees(coordinator, booked_event)
    assert not access.can_view_attendees(coordinator, other_event)
    assert client.get(f"/admin/events/attendees/{booked_event.pk}/").status_code == 200
    assert client.get(f"/admin/events/attendees/{other_event.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/events/attendees/{other_event.pk}/export.csv").status_code in (
        302,
        403,
    )
    listing = client.get("/admin/events/attendees/").content.decode()
    assert booked_event.title in listing and other_event.title not in listing


def test_permission_rules(django_user_model, booked_event, ypag):
    from ypag.models import NetworkCoordinator

    # Coordinating a network puts the person in the coordinators' group, which carries the
    # permission; without it, coordinating alone shows nothing.
    coordinator = staff_user(django_user_model, username="plain")
    NetworkCoordinator.objects.create(user=coordinator, network=ypag)
    assert access.can_view_attendees(django_user_model.objects.get(pk=coordinator.pk), booked_event)
    coordinator.groups.clear()
    assert not access.can_view_attendees(
        django_user_model.objects.get(pk=coordinator.pk), booked_event
    )

    not_coordinator = staff_user(django_user_model, "view_attendees", username="other")
    assert not access.can_view_attendees(not_coordinator, booked_event)

    everything = staff_user(django_user_model, "view_all_attendees", username="lead")
    assert access.can_view_attendees(everything, booked_event)

    from django.contrib.auth.models import AnonymousUser

    assert not access.can_view_attendees(AnonymousUser(), booked_event)


def test_editors_can_open_the_event_editor_and_see_the_attendees_button(
    staff_client, event_index, booked_event
):
    assert staff_client.get(f"/admin/pages/{booked_event.pk}/edit/").status_code == 200
    assert staff_client.get(f"/admin/pages/add/events/eventpage/{event_index.pk}/").status_code == (
        200
    )
    listing = staff_client.get(f"/admin/pages/{event_index.pk}/").content.decode()
    assert f"/admin/events/attendees/{booked_event.pk}/" in listing


def test_event_page_validation_explains_mistakes(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.end = event.start
    event.format = event.Format.ONLINE
    event.joining_link = ""
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) >= {"end", "joining_link"}
