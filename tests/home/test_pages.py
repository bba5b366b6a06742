"""Editors can create every home page type through the Wagtail admin, with every body block,
and each page renders for the public with one <h1>, a proper <title> and the site chrome."""

import re

import pytest

from django import forms
from django.contrib.auth import get_user_model
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import GetHelpPage, HomePage, StandardPage, StrategyPage
from tests.support.mfa import give_mfa

SITE_SUFFIX = " – London Violence Reduction Unit"


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def every_block(image: Image, link_target: Page) -> list[tuple[str, object]]:
    """Admin form data for one of each block in home.blocks.BodyBlock."""
    return [
        ("heading", {"text": "What we heard", "level": "h2"}),
        ("paragraph", rich_text("<p>Young people told us they want <b>safe places</b>.</p>")),
        ("quote", {"quote": "Somewhere to go after school.", "attribution": "Young person, 15"}),
        (
            "key_figures",
            {
                "heading": "In numbers",
                "figures": streamfield(
                    [
                        ("item", {"figure": "150,000", "label": "positive opportunities"}),
                        ("item", {"figure": "£6m", "label": "for MyEnds networks"}),
                    ]
                ),
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Have your say",
                "text": "Tell us what would help.",
                "page": str(link_target.pk),
                "url": "",
                "button_label": "Answer the survey",
            },
        ),
        ("support_links", {"heading": "If you need help now", "intro": "Free and private."}),
        (
            "image",
            {
                "image": str(image.pk),
                "alt_text": "Young people at a youth club",
                "caption": "A club",
            },
        ),
    ]


# Wagtail leaves the SpooledTemporaryFile it renders an image rendition into for the garbage
# collector; with warnings as errors that would fail any test that shows an image.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning"
)
class TestEditorsCanCreatePages(WagtailPageTestCase):
    """Each page type through the real admin add view, then rendered to an anonymous visitor."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser(
            username="editor", email="editor@example.org", password="not-used-here-123"
        )
        give_mfa(cls.editor)  # the admin lets staff in only with two-step sign-in set up
        cls.image = Image.objects.create(title="Youth club", file=get_test_image_file())

    def setUp(self):
        # force_login: signing in through allauth is tested in tests/accounts.
        self.client.force_login(self.editor)
        self.visitor = Client()

    def create_home(self) -> HomePage:
        root = Page.get_first_root_node()
        data = nested_form_data(
            {
                "title": "Home",
                "slug": "vru-home",
                "hero_heading": "Working together to stop violence",
                "introduction": "We work with Londoners to prevent violence.",
                "body": streamfield(every_block(self.image, root)),
            }
        )
        self.assertCanCreate(root, HomePage, data)
        home = HomePage.objects.get(slug="vru-home")
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()  # save(), not update(): Wagtail's cached site root paths must be cleared
        return home

    def visit(self, page: Page) -> str:
        response = self.visitor.get(page.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert h1_count(html) == 1, html
        return html

    def test_home_page(self):
        home = self.create_home()
        html = self.visit(home)
        assert title_of(html) == "London Violence Reduction Unit"
        assert "Working together to stop violence" in html
        assert "Our five priority areas" in html
        assert html.count('class="card"') == 5
        assert "Children and young people: reducing harm" in html

    def test_standard_page_with_every_block(self):
        home = self.create_home()
        data = nested_form_data(
            {
                "title": "What young people told us",
                "introduction": "A summary of what we heard.",
                "body": streamfield(every_block(self.image, home)),
            }
        )
        self.assertCanCreate(home, StandardPage, data)
        page = StandardPage.objects.get(slug="what-young-people-told-us")
        html = self.visit(page)
        assert title_of(html) == "What young people told us" + SITE_SUFFIX
        assert '<h2 class="heading-l" id="what-we-heard">What we heard</h2>' in html
        assert "<b>safe places</b>" in html
        assert "Somewhere to go after school." in html
        assert "150,000" in html and "£6m" in html
        assert f'<a class="button" href="{home.url}">Answer the survey</a>' in html
        assert "Childline" in html  # the support links block lists the shared services
        assert 'alt="Young people at a youth club"' in html
        assert 'aria-label="Breadcrumb"' in html

    def test_strategy_page_lists_the_five_areas(self):
        home = self.create_home()
        data = nested_form_data(
            {
                "title": "Our strategy",
                "introduction": "Our plan.",
                "mission": "Prevent violence before it starts.",
                "vision": "A safer London for every young person.",
                "impact_goals": rich_text("<ul><li>Young people feel safer</li></ul>"),
                "guiding_principles": rich_text("<ul><li>Listen to communities</li></ul>"),
                "body": streamfield([]),
            }
        )
        self.assertCanCreate(home, StrategyPage, data)
        html = self.visit(StrategyPage.objects.get(slug="our-strategy"))
        assert "Prevent violence before it starts." in html
        assert "Young people feel safer</li>" in html
        assert html.count('class="priority-area"') == 5
        assert 'id="area-reducing-harm"' in html

    def test_get_help_page_has_emergency_first_and_quick_exit(self):
        home = self.create_home()
        data = nested_form_data(
            {
                "title": "Get help now",
                "introduction": "You are not on your own.",
                "body": streamfield(
                    [("heading", {"text": "Worried about someone?", "level": "h2"})]
                ),
            }
        )
        self.assertCanCreate(home, GetHelpPage, data)
        html = self.visit(GetHelpPage.objects.get(slug="get-help-now"))
        assert 'class="quick-exit"' in html
        assert html.index("Emergency services") < html.index("Childline")
        assert 'href="tel:08001111"' in html

    def test_only_one_home_page_and_get_help_page(self):
        home = self.create_home()
        self.assertCanNotCreateAt(home.specific_class, HomePage)
        assert HomePage.max_count == 1 and GetHelpPage.max_count == 1


@pytest.mark.django_db
def test_base_template_marks_form_errors_in_the_title(rf: RequestFactory):
    class EmailForm(forms.Form):
        email = forms.EmailField()

    form = EmailForm(data={"email": "not an email"})
    assert not form.is_valid()
    request = rf.get("/")
    page = Template('{% extends "base.html" %}{% block title %}Page not found{% endblock %}')
    with_errors = page.render(RequestContext(request, {"form": form}))
    without_errors = page.render(RequestContext(request, {"form": EmailForm()}))
    assert title_of(with_errors) == "Error: Page not found" + SITE_SUFFIX
    assert title_of(without_errors) == "Page not found" + SITE_SUFFIX


@pytest.mark.django_db
def test_unknown_address_gets_the_styled_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title_of(html) == "Page not found" + SITE_SUFFIX
    assert h1_count(html) == 1
    assert "/static/css/site.css" in html
    assert 'class="skip-link"' in html and 'id="main-content"' in html
    assert "Get help now" in html  # the footer support panel is there too
    assert 'action="/search/"' in html


def test_server_error_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert h1_count(html) == 1
    assert "Sorry, there is a problem with the service" in title_of(html)
    assert 'href="tel:999"' in html


@pytest.mark.django_db
def test_server_error_handler_answers_500(rf):
    from home.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(client):
    html = client.get("/no-such-page/").content.decode()
    assert "style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_form_includes_tie_every_description_and_summary_link_to_a_real_element():
    class ContactForm(forms.Form):
        email = forms.EmailField(help_text="We only use it to reply.")
        area = forms.ChoiceField(
            choices=[("north", "North"), ("south", "South")],
            widget=forms.RadioSelect,
            help_text="Choose one.",
        )
        agree = forms.BooleanField()

    form = ContactForm(data={"email": "not an email"})
    assert not form.is_valid()
    html = render_to_string("includes/forms/error_summary.html", {"form": form}) + "".join(
        render_to_string("includes/forms/field.html", {"field": form[name]})
        for name in ("email", "area", "agree")
    )
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described_by = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described_by
    for reference in " ".join(described_by).split():
        assert reference in ids, reference
    links = re.findall(r'<a href="#([^"]+)"', html)
    assert links == ["id_email", "id_area_0", "id_agree"]
    assert set(links) <= ids
