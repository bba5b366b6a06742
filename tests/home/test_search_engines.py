"""What search engines see (issue 18's Lighthouse SEO): robots.txt keeps personal links and
the admin out of indexes; every page has a description and an icon."""

import pytest

from home.models import StandardPage
from tests.support.site_content import build_minimal_site


def test_robots_txt_keeps_personal_links_and_the_admin_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = response.content.decode().splitlines()
    assert rules[0] == "User-agent: *"
    for path in (
        "/admin/",
        "/events/booking/",
        "/events/consent/",
        "/*/resume/",
        "/*/confirmation/",
    ):
        assert f"Disallow: {path}" in rules
    assert "Disallow: /" not in rules  # the public pages stay listed
    assert not any("step" in rule for rule in rules)  # questions are the same for everyone
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.django_db
def test_pages_have_a_description_and_an_icon(client):
    build_minimal_site()
    home = client.get("/").content.decode()
    assert "content=\"London's Violence Reduction Unit works" in home
    assert 'rel="icon" href="/static/images/favicon.svg"' in home
    about = StandardPage.objects.get(slug="about-us")
    about.search_description = "Who we are & how we work."
    about.save_revision().publish()
    page = client.get(about.url).content.decode()
    assert '<meta name="description" content="Who we are &amp; how we work.">' in page
