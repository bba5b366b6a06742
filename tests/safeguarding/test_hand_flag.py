"""A moderator flags a response by hand from the response page or the coding queue, and a
flagged response shows a badge to moderators (one query for a listing page)."""

import re

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

from home.models import OutboundEmail
from safeguarding import services
from safeguarding.models import SafeguardingCategory, SafeguardingFlag
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.mfa import give_mfa

pytestmark = pytest.mark.django_db

WORRYING = "My cousin keeps missing school and comes back with new trainers and cash"
BADGE = "Flagged for safeguarding"


def _user(username, group=None, permissions=()):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-123456789")
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    give_mfa(user)
    return user


@pytest.fixture
def moderator():
    return _user("moderator", "Feedback moderator")


@pytest.fixture
def lead():
    return _user("lead", "Safeguarding lead")


@pytest.fixture
def consultation():
    return make_consultation()


@pytest.fixture
def response(consultation):
    return make_response(consultation, free_text=WORRYING)


def flag_url(obj):
    return reverse(
        "safeguarding:flag_by_hand", args=[ContentType.objects.get_for_model(obj).pk, obj.pk]
    )


def category():
    return SafeguardingCategory.objects.get(slug="criminal-exploitation")


def test_moderator_flags_a_response_from_its_page(client, moderator, lead, response):
    client.force_login(moderator)
    page_url = reverse("feedback:response", args=[response.pk])
    page = client.get(page_url).content.decode()
    assert "Flag for safeguarding" in page
    assert flag_url(response) in page
    assert BADGE not in page  # not flagged yet

    result = client.post(
        flag_url(response),
        {
            "categories": [category().pk],
            "reason": "  Sounds like county lines.  ",
            "next": page_url,
        },
    )
    assert result.status_code == 302
    assert result["Location"] == page_url

    flag = SafeguardingFlag.objects.get()
    assert flag.source == response
    assert flag.stage == SafeguardingFlag.Stage.HAND
    assert [c.slug for c in flag.categories.all()] == ["criminal-exploitation"]
    assert {"label": "What would help?", "text": WORRYING, "phrases": []} in flag.flagged_texts
    assert flag.source_label == f"Consultation response {response.reference}"
    entry = ModelLogEntry.objects.get(action=services.LOG_FLAGGED, object_id=str(flag.pk))
    assert entry.user == moderator
    assert entry.data["reason"] == "Sounds like county lines."
    assert OutboundEmail.objects.filter(purpose=services.ALERT_PURPOSE, to=[lead.email]).exists()

    page = client.get(page_url).content.decode()
    assert "Flagged for the Safeguarding lead" in page  # the success banner
    assert BADGE in page

    # The lead sees who flagged it, why, and where to open the response.
    client.force_login(lead)
    detail = client.get(reverse("safeguarding:detail", args=[flag.pk])).content.decode()
    assert "Sounds like county lines." in detail
    assert "Flagged by hand" in detail
    assert page_url in detail


def test_a_flag_needs_a_reason_and_a_category_and_loses_nothing(client, moderator, response):
    client.force_login(moderator)
    result = client.post(flag_url(response), {"categories": [category().pk], "reason": "   "})
    assert result.status_code == 400
    page = result.content.decode()
    assert "Write a short reason for the Safeguarding lead." in page
    assert re.search(rf'value="{category().pk}"[^>]*checked', page)  # their choice is kept

    result = client.post(flag_url(response), {"reason": "Worried about this"})
    assert result.status_code == 400
    page = result.content.decode()
    assert "Tick at least one kind of concern." in page
    assert "Worried about this" in page  # what they wrote is kept
    assert not SafeguardingFlag.objects.exists()

    result = client.post(flag_url(response), {"categories": ["nonsense"], "reason": "x"})
    assert result.status_code == 400
    assert not SafeguardingFlag.objects.exists()


def test_only_people_who_moderate_or_code_may_flag(client, response):
    viewer = _user("viewer", permissions=["access_admin", "view_response"])
    client.force_login(viewer)
    assert client.get(flag_url(response)).status_code == 403
    result = client.post(flag_url(response), {"categories": [category().pk], "reason": "x"})
    assert result.status_code == 403
    assert not SafeguardingFlag.objects.exists()
    page = client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert flag_url(response) not in page


def test_bad_targets_are_not_found_and_next_cannot_leave_the_site(client, moderator, response):
    client.force_login(moderator)
    flags = reverse("safeguarding:flag_by_hand", args=[999999, "1"])
    assert client.get(flags).status_code == 404
    unregistered = ContentType.objects.get_for_model(User)
    assert (
        client.get(
            reverse("safeguarding:flag_by_hand", args=[unregistered.pk, moderator.pk])
        ).status_code
        == 404
    )
    missing = reverse(
        "safeguarding:flag_by_hand", args=[ContentType.objects.get_for_model(response).pk, "x"]
    )
    assert client.get(missing).status_code == 404
    result = client.post(
        flag_url(response),
        {"categories": [category().pk], "reason": "x", "next": "https://evil.example/"},
    )
    assert result["Location"] == reverse("feedback:response", args=[response.pk])


def test_the_form_needs_csrf(moderator, response):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    result = client.post(flag_url(response), {"categories": [category().pk], "reason": "x"})
    assert result.status_code == 403
    assert not SafeguardingFlag.objects.exists()


def test_moderator_flags_from_the_coding_queue(client, moderator, consultation, response):
    client.force_login(moderator)
    queue_url = reverse("feedback:queue", args=[consultation.pk, "q-long"])
    page = client.get(queue_url).content.decode()
    assert WORRYING in page
    assert flag_url(response) in page
    result = client.post(
        flag_url(response),
        {"categories": [category().pk], "reason": "Possible exploitation", "next": queue_url},
        follow=True,
    )
    assert result.redirect_chain[-1][0] == queue_url
    page = result.content.decode()
    assert "Flagged for the Safeguarding lead" in page
    assert BADGE in page
    assert SafeguardingFlag.objects.get().source == response


def test_the_listing_shows_badges_with_one_query_for_the_page(client, moderator, consultation):
    responses = [make_response(consultation, free_text=f"Answer {n}") for n in range(6)]
    for flagged in responses[:3]:
        services.flag_by_hand(
            flagged,
            {"Q": "text"},
            source_label=flagged.reference,
            user=moderator,
            category_ids=[category().pk],
        )
    client.force_login(moderator)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("feedback:responses")).content.decode()
    assert page.count(BADGE) == 3
    flag_queries = [q for q in queries.captured_queries if "home_safeguardingflag" in q["sql"]]
    assert len(flag_queries) == 1
