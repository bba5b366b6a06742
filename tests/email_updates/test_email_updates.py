import re

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse

from email_updates.models import UpdatesSubscription
from home.models import Network, PriorityArea

pytestmark = pytest.mark.django_db


def sign_up(client, email="sam@example.org", **extra):
    data = {"email": email, "name": "Sam", **extra}
    return client.post("/email-updates/", data)


def link_in(message, kind):
    return next(
        re.sub(r"^https?://[^/]+", "", link)
        for link in re.findall(r"https?://\S+", message.body)
        if f"/email-updates/{kind}/" in link
    )


def test_sign_up_page_says_how_the_email_is_used(client):
    response = client.get("/email-updates/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<title>Get email updates" in content
    assert "never pass it on to anyone else" in content
    assert "stop at any time" in content
    assert "<script>" not in content


def test_double_opt_in_then_one_click_unsubscribe(client):
    area = PriorityArea.objects.get(number=4)
    network = Network.objects.first()

    response = sign_up(client, priority_areas=[area.pk], networks=[network.pk])

    assert response["Location"] == "/email-updates/check-your-email/"
    subscription = UpdatesSubscription.objects.get(email="sam@example.org")
    assert subscription.status == UpdatesSubscription.Status.PENDING
    assert list(subscription.priority_areas.all()) == [area]
    assert list(subscription.networks.all()) == [network]
    message = mail.outbox[-1]
    assert message.to == ["sam@example.org"]
    unsubscribe = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm = link_in(message, "confirm")
    # Following the link only shows a button: mail scanners must not confirm for people.
    page = client.get(confirm)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == UpdatesSubscription.Status.PENDING
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == UpdatesSubscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None

    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert b"Stop my updates" in page.content
    subscription.refresh_from_db()
    assert subscription.status == UpdatesSubscription.Status.CONFIRMED

    # RFC 8058: the mail provider POSTs, with no cookie and no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == UpdatesSubscription.Status.UNSUBSCRIBED
    assert provider.post(unsubscribe).status_code == 200  # repeating is harmless


def test_signing_up_again_updates_the_same_row(client):
    sign_up(client, email="Sam@Example.org")
    first_link = link_in(mail.outbox[-1], "confirm")
    sign_up(client, email="sam@example.org", priority_areas=[PriorityArea.objects.first().pk])

    assert UpdatesSubscription.objects.count() == 1
    subscription = UpdatesSubscription.objects.get()
    assert subscription.priority_areas.count() == 1
    # The first link was replaced by the new one.
    assert client.post(first_link).status_code == 400
    assert client.post(link_in(mail.outbox[-1], "confirm")).status_code == 200


def test_confirmed_subscriber_who_signs_up_again_stays_confirmed_and_is_told(client):
    sign_up(client)
    client.post(link_in(mail.outbox[-1], "confirm"))

    sign_up(client, networks=[Network.objects.first().pk])

    subscription = UpdatesSubscription.objects.get()
    assert subscription.status == UpdatesSubscription.Status.CONFIRMED
    assert "Change your email updates" in mail.outbox[-1].subject
    assert "List-Unsubscribe" in mail.outbox[-1].extra_headers


def test_a_stranger_cannot_change_a_confirmed_sign_up_by_typing_its_address(client):
    """Issue 20: typing someone's address changed their name and choices at once. Now only
    the emailed link changes them, and the page says nothing about the address."""
    area = PriorityArea.objects.get(number=4)
    sign_up(client, priority_areas=[area.pk])
    client.post(link_in(mail.outbox[-1], "confirm"))
    network = Network.objects.first()

    stranger = Client()
    response = stranger.post(
        "/email-updates/",
        {"email": "SAM@example.org", "name": "Visit evil.example", "networks": [network.pk]},
    )

    assert response["Location"] == "/email-updates/check-your-email/"
    subscription = UpdatesSubscription.objects.get()
    assert subscription.name == "Sam"
    assert list(subscription.priority_areas.all()) == [area]
    assert list(subscription.networks.all()) == []
    message = mail.outbox[-1]
    assert message.to == ["sam@example.org"]
    assert "Visit evil.example" not in message.body
    change = link_in(message, "change")

    # The owner follows the link: GET only shows the choices, POST makes them.
    page = client.get(change)
    assert page.status_code == 200
    assert network.name in page.content.decode()
    subscription.refresh_from_db()
    assert list(subscription.networks.all()) == []
    assert client.post(change).status_code == 200
    subscription.refresh_from_db()
    assert subscription.name == "Visit evil.example"
    assert list(subscription.networks.all()) == [network]
    assert list(subscription.priority_areas.all()) == []


def test_change_links_end_with_unsubscribing_and_cannot_be_forged(client):
    sign_up(client)
    client.post(link_in(mail.outbox[-1], "confirm"))
    sign_up(client, name="New name")
    change = link_in(mail.outbox[-1], "change")

    assert client.get(change[:-3] + "xx/").status_code == 400
    assert client.post(change[:-3] + "xx/").status_code == 400
    client.post(link_in(mail.outbox[-1], "unsubscribe"))
    assert client.get(change).status_code == 400
    assert client.post(change).status_code == 400
    assert UpdatesSubscription.objects.get().name == "Sam"


def test_tampered_links_get_a_clear_error(client):
    sign_up(client)
    confirm = link_in(mail.outbox[-1], "confirm")
    unsubscribe = link_in(mail.outbox[-1], "unsubscribe")

    assert client.post(confirm[:-3] + "xx/").status_code == 400
    shown = client.get(unsubscribe[:-3] + "xx/")
    assert shown.status_code == 400
    assert "This link does not work" in shown.content.decode()
    assert "work for 7 days" in shown.content.decode()
    assert reverse("email_updates:signup") in shown.content.decode()
    assert client.post(unsubscribe[:-3] + "xx/").status_code == 400
    assert UpdatesSubscription.objects.get().status == UpdatesSubscription.Status.PENDING


def test_bad_email_is_a_clear_error(client):
    response = sign_up(client, email="not an email")

    assert response.status_code == 200
    assert b"Error: Get email updates" in response.content
    assert b"Enter an email address like name@example.com" in response.content
    assert UpdatesSubscription.objects.count() == 0


def test_one_address_cannot_be_flooded_with_confirmation_emails(client):
    for _ in range(3):
        assert sign_up(client).status_code == 302

    response = sign_up(client)

    assert response.status_code == 429
    assert b"tried too many times" in response.content
    assert len(mail.outbox) == 3
