"""Every account and MFA page renders inside the site layout with one <h1>."""

import re

import pytest

from tests.support.mfa import give_mfa

from .helpers import PASSWORD, make_staff, make_user, sign_in

pytestmark = pytest.mark.django_db


def assert_site_page(response):
    assert response.status_code == 200, response.get("Location")
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'class="skip-link"' in content
    assert re.search(r"<title>\S[^<]* – London Violence Reduction Unit</title>", content)
    assert "style=" not in content
    assert not re.search(r"<script>(?!</script>)", content)


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/webauthn/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/email/",
        "/accounts/password/change/",
    ],
)
def test_mfa_and_account_management_pages(client, url):
    staff = make_staff()
    give_mfa(staff)
    client.force_login(staff)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    assert_site_page(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/email-updates/",
        "/accessible-formats/",
    ],
)
def test_public_account_pages(client, url):
    assert_site_page(client.get(url))


def test_reauthenticate_and_logout_pages(client):
    client.force_login(make_user())
    assert_site_page(client.get("/accounts/reauthenticate/"))
    assert_site_page(client.get("/accounts/logout/"))


def test_mfa_code_page_after_password(client):
    staff = make_staff()
    give_mfa(staff)
    sign_in(client, staff.email)
    assert_site_page(client.get("/accounts/2fa/authenticate/"))
