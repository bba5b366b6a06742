import json
from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response
from events.models import Registration
from events.services import book_place
from tests.events.factories import create_event, create_event_index
from tests.support.site_content import build_minimal_site

from .helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultations():
    home = build_minimal_site()
    index = home.add_child(instance=ConsultationIndexPage(title="Have your say", slug="say"))
    now = timezone.now()

    def make(slug, closes_in):
        page = index.add_child(
            instance=ConsultationPage(
                title=f"Consultation {slug}",
                slug=slug,
                summary="Tell us.",
                privacy_notice="<p>Safe.</p>",
                opens_at=now - timedelta(days=10),
                closes_at=now + timedelta(days=closes_in),
                survey=[],
            )
        )
        return ConsultationPage.objects.get(pk=page.pk)

    return {"open": make("open-one", 30), "closed": make("closed-one", -1)}


def make_response(consultation, user, reference):
    response = Response.objects.create(
        consultation=consultation, user=user, reference=reference, submission_token=reference
    )
    Answer.objects.create(
        response=response,
        question_id="q1",
        question_label="What would help?",
        question_type="long_text",
        position=0,
        value_text="More youth clubs",
    )
    return response


@pytest.fixture
def resident():
    return make_user(email="resident@example.org")


@pytest.fixture
def someone_else():
    return make_user(email="other@example.org")


def test_my_account_needs_sign_in(client):
    response = client.get("/my-account/responses/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_resident_sees_and_withdraws_own_response(client, consultations, resident, someone_else):
    mine = make_response(consultations["open"], resident, "R-MINE")
    make_response(consultations["open"], someone_else, "R-THEIRS")
    client.force_login(resident)

    page = client.get("/my-account/responses/")

    assert page.status_code == 200
    assert b"R-MINE" in page.content
    assert b"R-THEIRS" not in page.content
    assert page.content.count(b"<h1") == 1
    confirm = client.get("/my-account/responses/R-MINE/withdraw/")
    assert confirm.status_code == 200
    assert client.post("/my-account/responses/R-MINE/withdraw/").status_code == 302
    mine.refresh_from_db()
    assert mine.is_withdrawn


def test_cannot_withdraw_after_the_consultation_closes(client, consultations, resident):
    closed = make_response(consultations["closed"], resident, "R-CLOSED")
    client.force_login(resident)

    response = client.post("/my-account/responses/R-CLOSED/withdraw/", follow=True)

    assert b"has closed" in response.content
    closed.refresh_from_db()
    assert not closed.is_withdrawn


def test_guessing_someone_elses_reference_finds_nothing(
    client, consultations, resident, someone_else
):
    theirs = make_response(consultations["open"], someone_else, "R-THEIRS")
    client.force_login(resident)

    assert client.get("/my-account/responses/R-THEIRS/withdraw/").status_code == 404
    assert client.post("/my-account/responses/R-THEIRS/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_withdrawn


@pytest.fixture
def events():
    build_minimal_site()
    index = create_event_index()
    return {
        "upcoming": create_event(index, title="Future seminar"),
        "past": create_event(index, title="Old seminar", start=timezone.now() - timedelta(days=30)),
    }


def test_bookings_upcoming_past_and_cancel(client, events, resident, someone_else):
    mine = book_place(events["upcoming"], first_name="Alex", email=resident.email, user=resident)
    theirs = book_place(
        events["upcoming"], first_name="Sam", email=someone_else.email, user=someone_else
    )
    past = Registration.objects.create(
        event=events["past"],
        user=resident,
        first_name="Alex",
        email=resident.email,
        status=Registration.Status.ATTENDED,
    )
    client.force_login(resident)

    page = client.get("/my-account/bookings/").content.decode()

    assert "Future seminar" in page
    assert "Old seminar" in page
    assert page.index("Future seminar") < page.index("Past events") < page.index("Old seminar")
    assert client.post(f"/my-account/bookings/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/my-account/bookings/{past.pk}/cancel/").status_code == 302
    past.refresh_from_db()
    assert past.status == Registration.Status.ATTENDED
    assert client.post(f"/my-account/bookings/{mine.pk}/cancel/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert theirs.status != Registration.Status.CANCELLED


def test_download_my_data_has_only_my_things(client, consultations, resident, someone_else):
    make_response(consultations["open"], resident, "R-MINE")
    make_response(consultations["open"], someone_else, "R-THEIRS")
    client.force_login(resident)

    response = client.get("/my-account/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == resident.email
    assert [item["reference"] for item in data["responses"]] == ["R-MINE"]
    assert data["responses"][0]["answers"][0]["text"] == "More youth clubs"
    assert "password" not in response.content.decode()
    assert "other@example.org" not in response.content.decode()


def test_delete_account_asks_for_password_then_anonymises(client, consultations, events, resident):
    from django.contrib.auth import get_user_model

    from .helpers import PASSWORD, sign_in

    response = make_response(consultations["open"], resident, "R-MINE")
    answer = response.answers.get()
    answer.value_text = "Call me on 07700 900123 about youth clubs"
    answer.save()
    booking = book_place(events["upcoming"], first_name="Alex", email=resident.email, user=resident)
    manage_path = booking.get_manage_path()
    sign_in(client, resident.email)

    # A stolen, unlocked session is not enough: the password is asked for again.
    page = client.get("/my-account/delete/")
    assert page["Location"].startswith("/accounts/reauthenticate/")
    client.post(page["Location"], {"password": PASSWORD})
    assert client.get("/my-account/delete/").status_code == 200

    done = client.post("/my-account/delete/")

    assert done.status_code == 200
    assert not get_user_model().objects.filter(pk=resident.pk).exists()
    response.refresh_from_db()
    answer.refresh_from_db()
    booking.refresh_from_db()
    assert response.user is None
    assert "07700" not in answer.value_text
    assert "youth clubs" in answer.value_text
    assert booking.status == Registration.Status.CANCELLED
    assert booking.email == ""
    assert booking.first_name == ""
    assert booking.anonymised_at is not None
    assert "_auth_user_id" not in client.session
    # The old manage link no longer opens the booking.
    assert client.get(manage_path).status_code == 404


def test_delete_account_page_redirects_to_reauthenticate_when_not_recent(client, resident):
    client.force_login(resident)

    page = client.get("/my-account/delete/")

    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/reauthenticate/")


def test_my_responses_show_the_answers_given(
    client, consultations, resident, someone_else, django_assert_max_num_queries
):
    mine = make_response(consultations["open"], resident, "R-MINE")
    Answer.objects.create(
        response=mine,
        question_id="q2",
        question_label="Which places feel unsafe?",
        question_type="multiple_choice",
        position=1,
        value_choices=["Park", "Bus stop"],
    )
    make_response(consultations["closed"], resident, "R-OLD")
    theirs = make_response(consultations["open"], someone_else, "R-THEIRS")
    theirs.answers.update(value_text="Their private words")
    client.force_login(resident)

    # The 13th query finds the get-help page that the short
    # get-help panel in the footer links to (home.context_processors, decision 0029).
    with django_assert_max_num_queries(13):
        page = client.get("/my-account/responses/")

    content = page.content.decode()
    assert "What would help?" in content
    assert content.count("More youth clubs") == 2  # both of my responses, on the page
    assert "Which places feel unsafe?" in content
    assert "Park, Bus stop" in content
    assert "Their private words" not in content
    assert "<table" not in content  # one block per response: nothing off-screen on a phone
