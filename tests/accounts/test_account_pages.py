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


def test_account_pages_are_valid_html_and_in_the_sites_voice(client):
    """Every account page the site serves passes the Nu HTML Checker (the sign-up page's
    password help was a list inside a <span>) and none uses allauth's stock wording."""
    from tests.support.a11y import assert_valid_html

    pages = []
    for url in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        pages.append((url, client.get(url).content.decode()))
    pages.append(
        (
            "sign-up errors",
            client.post(
                "/accounts/signup/", {"email": "x@example.org", "password1": "short"}
            ).content.decode(),
        )
    )
    staff = make_staff()
    give_mfa(staff)
    sign_in(client, staff.email)
    pages.append(("two-step code", client.get("/accounts/2fa/authenticate/").content.decode()))
    client.force_login(staff)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for url in (
        "/accounts/reauthenticate/",
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/email/",
        "/accounts/password/change/",
    ):
        pages.append((url, client.get(url).content.decode()))

    for name, html in pages:
        for stock in ("Hello from", "Sign In", "Sign Up", "Forgot Password", "Two-Factor"):
            assert stock not in html, (name, stock)
    assert_valid_html(pages, context="account pages")
