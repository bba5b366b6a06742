"""The 'get involved' form: validation with the GOV.UK error summary, exactly-once storage,
CSRF, the honeypot, and privacy (only staff with the permission see submissions)."""

import uuid

import pytest

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from home.models import Borough
from tests.support.mfa import give_mfa
from ypag import services
from ypag.models import YPAGInterest

pytestmark = pytest.mark.django_db

FORM_URL = "/ypag/get-involved/"


def valid_data(**overrides):
    data = {
        "age": "16",
        "borough": str(Borough.objects.get(name="Hackney").pk),
        "reason": "I want to help make school exclusions fairer.",
        "contact_email": "sam@example.org",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_form_page_renders_with_csrf_token_and_one_heading(client, ypag_landing):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "csrfmiddlewaretoken" in content
    assert 'name="submission_token"' in content
    assert "error-summary" not in content


def test_valid_answers_are_stored_once_and_redirect_to_thank_you(client, ypag_landing):
    data = valid_data()
    response = client.post(FORM_URL, data)
    assert response.status_code == 302
    assert response["Location"] == "/ypag/get-involved/thank-you/"
    assert client.get(response["Location"]).status_code == 200
    interest = YPAGInterest.objects.get()
    assert interest.age == 16
    assert interest.borough.name == "Hackney"
    assert interest.contact_email == "sam@example.org"
    assert interest.consent is True

    # A double click or a refresh sends the same token again: still one record.
    assert client.post(FORM_URL, data).status_code == 302
    assert YPAGInterest.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"age": ""}, "age", "Enter your age"),
        ({"age": "twelve"}, "age", "Enter your age as a number, like 16"),
        ({"age": "9"}, "age", "Enter an age from 13 to 25"),
        ({"age": "40"}, "age", "Enter an age from 13 to 25"),
        ({"reason": "   "}, "reason", "Tell us why you want to join"),
        ({"reason": "x" * 2001}, "reason", "Keep it to 2,000 characters or fewer"),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter an email address like"),
        ({"consent": ""}, "consent", "Tick the box to say we can keep your answers"),
        ({"borough": "999999"}, "borough", "Select a valid choice"),
    ],
)
def test_bad_answers_get_a_clear_error_summary(client, ypag_landing, overrides, field, message):
    data = valid_data(**overrides)
    if overrides.get("consent") == "":
        del data["consent"]
    response = client.post(FORM_URL, data)
    assert response.status_code == 200  # like every other form: the page, with its errors
    content = response.content.decode()
    assert content.count("<title>Error: ") == 1
    assert 'class="error-summary"' in content
    assert f'href="#id_{field}"' in content
    assert message in content
    assert YPAGInterest.objects.count() == 0


def test_missing_token_does_not_block_a_real_person(client, ypag_landing):
    data = valid_data()
    del data["submission_token"]
    assert client.post(FORM_URL, data).status_code == 302
    assert YPAGInterest.objects.count() == 1


def test_honeypot_filled_in_is_thrown_away_quietly(client, ypag_landing):
    response = client.post(FORM_URL, valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert YPAGInterest.objects.count() == 0


def test_csrf_is_enforced(ypag_landing):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(FORM_URL, valid_data())
    assert response.status_code == 403
    assert YPAGInterest.objects.count() == 0


def test_other_methods_are_refused(client, ypag_landing):
    assert client.put(FORM_URL).status_code == 405


def test_submissions_never_appear_on_public_pages(client, ypag_landing):
    client.post(FORM_URL, valid_data(contact_email="private.person@example.org"))
    assert YPAGInterest.objects.count() == 1
    for url in (ypag_landing.url, FORM_URL, "/ypag/get-involved/thank-you/"):
        assert b"private.person@example.org" not in client.get(url).content


def test_only_staff_with_the_permission_see_submissions(client, ypag_landing, make_user):
    client.post(FORM_URL, valid_data(contact_email="private.person@example.org"))
    index_url = reverse("ypag_interest:index")

    response = client.get(index_url)
    assert response.status_code == 302
    assert "private.person" not in response.content.decode()

    for role in (services.YPAG_EDITOR, services.CONTENT_EDITOR, services.NETWORK_COORDINATOR):
        user = make_user(role, username=role.replace(" ", "-"))
        give_mfa(user)
        client.force_login(user)
        response = client.get(index_url, follow=True)
        assert b"private.person@example.org" not in response.content
        assert response.redirect_chain or response.status_code == 403

    staff = make_user(services.CONTENT_EDITOR, username="ypag-programme-lead")
    staff.user_permissions.add(Permission.objects.get(codename="view_ypaginterest"))
    give_mfa(staff)
    client.force_login(staff)
    response = client.get(index_url)
    assert response.status_code == 200
    interest = YPAGInterest.objects.get()
    inspect = client.get(reverse("ypag_interest:inspect", args=(interest.pk,)))
    assert inspect.status_code == 200
    assert b"private.person@example.org" in inspect.content


def test_a_disclosure_in_the_interest_form_reaches_the_safeguarding_queue(client, ypag_landing):
    from safeguarding.models import SafeguardingFlag

    data = valid_data(reason="I want to help because older boys make me run drugs for them.")
    assert client.post(FORM_URL, data).status_code == 302
    interest = YPAGInterest.objects.get()
    flag = SafeguardingFlag.objects.get()
    assert flag.source == interest
    assert "exploitation" in " ".join(flag.category_names).lower()
