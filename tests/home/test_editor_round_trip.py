"""Every page the demo ships can be opened in the page editor and saved or published as it is.

A superuser opens each demo page's edit view, the form is posted back unchanged (as the
browser would send it, StreamFields included: tests/support/editor.py), and Wagtail must
accept it both as a draft and as a publish."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Page

from tests.support.editor import edit_form_data
from tests.support.mfa import give_mfa
from tests.support.site_content import seed_site


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("super", "super@example.org", "x" * 16)
    give_mfa(user)
    client.force_login(user)
    return client


def _demo_pages():
    seed_site()
    return list(Page.objects.filter(depth__gt=1).order_by("path").specific())


def _post_back(client, page, *, publish: bool):
    url = f"/admin/pages/{page.pk}/edit/"
    editor = client.get(url)
    assert editor.status_code == 200, f"{page.title}: the editor did not open"
    data = edit_form_data(editor.content.decode(), page)
    if publish:
        data["action-publish"] = "action-publish"
    result = client.post(url, data)
    problems = ""
    if result.status_code != 302:
        html = result.content.decode()
        start = html.find("error-message")
        problems = html[max(start - 1500, 0) : start + 1500] if start >= 0 else html[:3000]
    return result, problems


@pytest.mark.django_db
def test_every_demo_page_saves_and_publishes_unchanged(superuser_client):
    pages = _demo_pages()
    assert len(pages) > 5, "the demo seeded too few pages to test"
    failures = []
    for page in pages:
        for publish in (False, True):
            before = page.revisions.count()
            result, problems = _post_back(superuser_client, page, publish=publish)
            if result.status_code != 302:
                action = "publish" if publish else "save a draft"
                failures.append(f"{page.title} ({type(page).__name__}): could not {action}")
                continue
            assert page.revisions.count() == before + 1, page.title
            if publish:
                page.refresh_from_db()
                assert page.live and not page.has_unpublished_changes, page.title
    assert not failures, "\n".join(failures)


def test_the_open_consultations_ranking_question_publishes(superuser_client):
    """The demo's open consultation ranks the priority areas with an empty options list."""
    from consultations.models import ConsultationPage

    seed_site()
    open_consultations = [
        page
        for page in ConsultationPage.objects.live()
        if any(
            child.block_type == "ranking" and not child.value.get("options_list")
            for child in page.survey
        )
    ]
    assert open_consultations, "the demo has no ranking question over the priority areas"
    for page in open_consultations:
        result, problems = _post_back(superuser_client, page, publish=True)
        assert result.status_code == 302, problems
        assert "The minimum number of items is 2" not in problems
