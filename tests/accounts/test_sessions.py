from datetime import timedelta

import pytest
import time_machine

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import UserSession
from tests.support.mfa import give_mfa

from .helpers import PASSWORD, make_staff, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = make_staff()
    give_mfa(user)
    return user


def test_staff_session_ends_after_30_minutes_idle(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(staff)
        assert client.get("/admin/").status_code == 200
        key = client.session.session_key

        traveller.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200

        traveller.shift(timedelta(minutes=31))
        response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert not Session.objects.filter(session_key=key).exists()


def test_staff_session_ends_after_12_hours_even_when_busy(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(staff)
        for _ in range(35):  # every 20 minutes for 11 h 40 min
            assert client.get("/admin/").status_code == 200
            traveller.shift(timedelta(minutes=20))
        traveller.shift(timedelta(minutes=21))
        response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_residents_are_not_signed_out_after_30_minutes(client):
    resident = make_user()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(resident)
        client.get("/accounts/email/")
        traveller.shift(timedelta(minutes=45))
        response = client.get("/accounts/email/")

    assert response.status_code == 200


def test_sign_out_ends_the_session_on_the_server(client, staff):
    client.force_login(staff)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    stolen_cookie = client.cookies["sessionid"].value

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    thief = Client()
    thief.cookies["sessionid"] = stolen_cookie
    assert thief.get("/admin/")["Location"].startswith("/accounts/login/")


def test_password_change_ends_other_sessions_but_keeps_this_one(client):
    user = make_user()
    laptop = Client()
    sign_in(laptop, user.email)
    laptop_key = laptop.session.session_key
    sign_in(client, user.email)

    new_password = "another very long passphrase"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=laptop_key).exists()
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get("/accounts/password/change/").status_code == 200
    assert laptop.get("/accounts/password/change/")["Location"].startswith("/accounts/login/")
