import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db


def test_resident_signs_up_and_must_verify_their_email(client):
    password = "my long and unusual passphrase"
    response = client.post(
        "/accounts/signup/",
        {"email": "alex@example.org", "password1": password, "password2": password},
    )

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # not signed in until verified
    user = get_user_model().objects.get(email="alex@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1]

    page = client.get(link)
    assert page.status_code == 200
    assert page.content.count(b"<h1") == 1
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short1pass", b"too short"),
        ("password1234", b"too common"),
    ],
)
def test_short_and_common_passwords_are_refused(client, password, message):
    response = client.post(
        "/accounts/signup/",
        {"email": "alex@example.org", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in response.content
    assert b"error-summary" in response.content
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ],
)
def test_account_pages_use_the_site_layout(client, url):
    content = client.get(url).content.decode()

    assert content.count("<h1") == 1
    assert 'class="skip-link"' in content  # base.html
    assert re.search(r"<title>\s*\S.* – London Violence Reduction Unit</title>", content)
    assert 'class="input' in content
    assert "style=" not in content
    assert not re.search(r"<script>(?!</script>)", content)  # no inline script


def test_login_error_title_starts_with_error(client):
    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})

    assert re.search(r"<title>Error: ", response.content.decode())
    assert b"error-summary" in response.content
