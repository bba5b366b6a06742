from datetime import timedelta

import pytest
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from events import services
from events.models import EventPage, Registration
from home.models import Borough, Network, PriorityArea

pytestmark = pytest.mark.django_db

Status = Registration.Status
JOIN = "https://meet.example.org/secret-room-123"


@pytest.fixture
def ypag():
    return Network.objects.get(slug="young-peoples-action-group")


def test_index_lists_upcoming_first_and_past_separately(client, event_index, make_event):
    now = timezone.now()
    later = make_event(title="Later seminar", start=now + timedelta(days=20))
    sooner = make_event(title="Sooner seminar", start=now + timedelta(days=2))
    past = make_event(title="Old seminar", start=now - timedelta(days=20))
    html = client.get(event_index.url).content.decode()
    assert html.index(sooner.title) < html.index(later.title)
    assert past.title not in html
    past_html = client.get(event_index.url + "?when=past").content.decode()
    assert past.title in past_html and sooner.title not in past_html
    assert past_html.count("<h1") == 1


def test_index_filters_by_network_borough_and_priority_area(client, event_index, make_event, ypag):
    hackney = Borough.objects.get(slug="hackney")
    education = PriorityArea.objects.get(number=4)
    network_event = make_event(title="YPAG seminar", networks=[ypag])
    borough_event = make_event(title="Hackney meet-up", borough=hackney)
    area_event = make_event(title="Schools session", priority_areas=[education])

    def titles(query):
        html = client.get(f"{event_index.url}?{query}").content.decode()
        return {e.title for e in (network_event, borough_event, area_event) if e.title in html}

    assert titles(f"network={ypag.slug}") == {network_event.title}
    assert titles("borough=hackney") == {borough_event.title}
    assert titles(f"priority_area={education.slug}") == {area_event.title}
    # Unknown filter values are ignored, not a server error.
    assert client.get(f"{event_index.url}?network=nope&page=zz").status_code == 200


def test_queryset_helpers(make_event, ypag):
    now = timezone.now()
    upcoming = make_event(networks=[ypag])
    past = make_event(start=now - timedelta(days=3))
    events = EventPage.objects.live().public()
    assert list(events.upcoming().for_network(ypag)) == [upcoming]
    assert list(events.past()) == [past]


def test_index_query_count_does_not_grow_with_events(
    client, event_index, make_event, ypag, django_assert_max_num_queries
):
    for _ in range(12):
        make_event(networks=[ypag], borough=Borough.objects.first())
    with django_assert_max_num_queries(20) as queries:
        response = client.get(event_index.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="section-links__item"') == 12
    with django_assert_max_num_queries(len(queries)):
        client.get(event_index.url + "?when=past")


def test_booking_form_post_redirect_get_to_check_your_email(client, make_event):
    event = make_event(capacity=3)
    response = client.post(
        event.url,
        {"first_name": "Amara", "email": "amara@example.org", "access_needs": "Quiet room"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert response["Location"] == f"/events/{event.pk}/check-your-email/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Check your email" in html
    assert "amara@example.org" in html
    assert registration.get_manage_path() not in html
    assert html.count("<h1") == 1
    assert page["Cache-Control"] == "private, no-store"
    [message] = mail.outbox
    assert registration.get_manage_path() in message.body
    # The manage link from the email shows the booking.
    assert "Quiet room" in client.get(registration.get_manage_path()).content.decode()


def test_booking_form_errors_are_summarised(client, make_event):
    event = make_event()
    response = client.post(event.url, {"first_name": " ", "email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert "Enter your first name" in html
    assert "Enter an email address like name@example.com" in html
    assert 'aria-describedby="id_email-hint id_email-error"' in html
    assert Registration.objects.count() == 0


def test_under_16_must_give_parent_email(client, make_event):
    event = make_event(parent_consent_for_under_16s=True)
    response = client.post(
        event.url, {"first_name": "Kemi", "email": "kemi@example.org", "under_16": "yes"}
    )
    assert "Enter your parent or carer&#x27;s email address" in response.content.decode()
    response = client.post(
        event.url,
        {
            "first_name": "Kemi",
            "email": "kemi@example.org",
            "under_16": "yes",
            "parent_name": " Funmi  Adeyemi ",
            "parent_email": "mum@example.org",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.HELD
    assert registration.parent_name == "Funmi Adeyemi"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    html = client.get(registration.get_manage_path()).content.decode()
    assert "We have emailed your parent or carer a link to agree" in html
    parent_message = next(m for m in mail.outbox if m.to == ["mum@example.org"])
    assert parent_message.body.startswith("Hello Funmi Adeyemi,")


def test_booking_outside_window_shows_a_clear_page(client, make_event):
    now = timezone.now()
    not_yet = make_event(registration_opens_at=now + timedelta(days=2))
    html = client.get(not_yet.url).content.decode()
    assert "Booking opens on" in html
    assert '<form method="post"' not in html
    response = client.post(not_yet.url, {"first_name": "A", "email": "a@example.org"})
    assert response.status_code == 200
    assert "Booking opens on" in response.content.decode()
    closed = make_event(registration_closes_at=now - timedelta(hours=1))
    response = client.post(closed.url, {"first_name": "A", "email": "a@example.org"})
    assert response.status_code == 200
    assert "Booking for this event has closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_manage_link_cancels_and_promotes(client, make_event):
    event = make_event(capacity=1)
    mine = services.book_place(event, first_name="Amara", email="amara@example.org")
    waiting = services.book_place(event, first_name="Bola", email="bola@example.org")
    path = mine.get_manage_path()
    html = client.get(path).content.decode()
    assert f'href="{mine.get_cancel_path()}"' in html
    # Pressing "Cancel my place" asks first; the old page's POST only leads to the question.
    assert client.post(path, {"action": "cancel"})["Location"] == mine.get_cancel_path()
    question = client.get(mine.get_cancel_path())
    assert "Are you sure you want to cancel your place?" in question.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED
    response = client.post(mine.get_cancel_path())
    assert response.status_code == 302
    assert "Your booking is cancelled" in client.get(response["Location"]).content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)


def test_manage_tokens_cannot_be_guessed_or_reused(client, make_event):
    event = make_event()
    mine = services.book_place(event, first_name="Amara", email="amara@example.org")
    theirs = services.book_place(event, first_name="Bola", email="bola@example.org")
    assert len(mine.manage_token) == 64
    assert mine.manage_token != theirs.manage_token
    # My token on someone else's booking, a token with its last character changed, and junk
    # all fail. (The changed character is never the real one, or this would pass 1 time in 16.)
    altered = mine.manage_token[:-1] + ("1" if mine.manage_token.endswith("0") else "0")
    for path in (
        f"/events/booking/{theirs.pk}/{mine.manage_token}/",
        f"/events/booking/{mine.pk}/{altered}/",
        f"/events/booking/{mine.pk}/guess/",
        f"/events/booking/999999/{mine.manage_token}/",
        f"/events/booking/{'9' * 30}/{mine.manage_token}/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"action": "cancel"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED
    # The token is not stored in the database.
    assert mine.manage_token not in str(Registration.objects.filter(pk=mine.pk).values().get())


def unfolded(ics) -> str:
    """All text values in a calendar file, with RFC 5545 line folding undone."""
    calendar = Calendar.from_ical(ics)
    return " ".join(str(value) for component in calendar.walk() for value in component.values())


def test_online_link_only_for_confirmed_attendees(client, make_event, django_user_model):
    event = make_event(format=EventPage.Format.ONLINE, joining_link=JOIN, capacity=1)
    assert JOIN not in client.get(event.url).content.decode()
    assert JOIN not in unfolded(client.get(f"/events/{event.pk}/calendar.ics").content)
    assert JOIN not in unfolded(client.get("/events/feed.ics").content)

    confirmed = services.book_place(event, first_name="Amara", email="amara@example.org")
    waiting = services.book_place(event, first_name="Bola", email="bola@example.org")
    assert JOIN in mail.outbox[0].body
    assert JOIN in unfolded(mail.outbox[0].attachments[0][1])
    assert JOIN not in mail.outbox[1].body
    assert JOIN in client.get(confirmed.get_manage_path()).content.decode()
    assert JOIN not in client.get(waiting.get_manage_path()).content.decode()
    own_calendar = f"/events/booking/{confirmed.pk}/{confirmed.manage_token}/calendar.ics"
    assert JOIN in unfolded(client.get(own_calendar).content)
    waiting_calendar = f"/events/booking/{waiting.pk}/{waiting.manage_token}/calendar.ics"
    assert JOIN not in unfolded(client.get(waiting_calendar).content)

    person = django_user_model.objects.create_user("b", "bola@example.org", "x" * 12)
    waiting.user = person
    waiting.save()
    client.force_login(person)
    assert JOIN not in client.get(event.url).content.decode()
    services.cancel_registration(confirmed)
    assert JOIN in client.get(event.url).content.decode()


def test_signed_in_booking_is_prefilled_and_listed_in_my_bookings(
    client, make_event, django_user_model
):
    event = make_event()
    person = django_user_model.objects.create_user(
        "p", "pat@example.org", "x" * 12, first_name="Pat"
    )
    client.force_login(person)
    html = client.get(event.url).content.decode()
    assert 'value="pat@example.org"' in html and 'value="Pat"' in html
    client.post(event.url, {"first_name": "Pat", "email": "pat@example.org"})
    registration = Registration.objects.get()
    assert registration.user == person
    assert event.title in client.get("/my-account/bookings/").content.decode()
    # The old address leads to the one list of bookings, which cancels only after asking.
    old = client.get("/events/my-bookings/")
    assert (old.status_code, old["Location"]) == (301, "/my-account/bookings/")
    cancel_page = client.get(f"/my-account/bookings/{registration.pk}/cancel/")
    assert "Cancel my booking" in cancel_page.content.decode()
    registration.refresh_from_db()
    assert registration.status != Status.CANCELLED
    client.post(f"/my-account/bookings/{registration.pk}/cancel/")
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_my_bookings_cannot_cancel_someone_elses(client, make_event, django_user_model):
    event = make_event()
    theirs = services.book_place(event, first_name="Olu", email="olu@example.org")
    person = django_user_model.objects.create_user("p", "pat@example.org", "x" * 12)
    client.force_login(person)
    assert client.post(f"/my-account/bookings/{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status != Status.CANCELLED
    assert client.get("/my-account/bookings/").status_code == 200
    client.logout()
    assert client.get("/my-account/bookings/").status_code == 302
