"""Every public form answered wrongly: the page title starts "Error: " exactly once."""

import re
from html import unescape

import pytest

from consultations.models import ConsultationPage
from events.models import EventPage
from tests.support.site_content import seed_site


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "no <title>"
    return " ".join(unescape(match.group(1)).split())


@pytest.mark.django_db
def test_every_form_error_title_says_error_once(client):
    seed_site()
    consultation = ConsultationPage.objects.live().open().first()
    step = consultation.subpage_url("step_route", number=1)
    client.get(step)
    event = next(page for page in EventPage.objects.live() if page.url)
    posts = {
        "consultation step": (step, {}),
        "continue later": (consultation.subpage_url("continue_later_route"), {"email": "x"}),
        "event booking": (event.url, {"first_name": " ", "email": "not-an-email"}),
        "YPAG get involved": ("/ypag/get-involved/", {"age": ""}),
        "email updates": ("/email-updates/", {"email": "not-an-email"}),
        "accessible formats": ("/accessible-formats/", {"email": "not-an-email"}),
        "sign in": ("/accounts/login/", {"login": "", "password": ""}),
        "sign up": ("/accounts/signup/", {"email": "not-an-email"}),
        "password reset": ("/accounts/password/reset/", {"email": "not-an-email"}),
    }
    titles = {}
    for name, (url, data) in posts.items():
        result = client.post(url, data)
        assert result.status_code in (200, 400), (name, result.status_code)
        titles[name] = title_of(result.content.decode())
    for name, title in titles.items():
        assert title.startswith("Error: "), (name, title)
        assert title.count("Error:") == 1, (name, title)
