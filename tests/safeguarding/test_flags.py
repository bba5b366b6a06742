from datetime import timedelta

import pytest
import time_machine

from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from home.models import OutboundEmail
from safeguarding import services
from safeguarding.models import SafeguardingFlag
from tests.support.mfa import give_mfa

pytestmark = pytest.mark.django_db

DISCLOSURE = "I don't feel safe, my stepdad hits me and I want to die"


@pytest.fixture
def editor():
    """Staff with admin access but not a Safeguarding lead."""
    user = User.objects.create_user("editor", "editor@example.org", "pw-editor-123456")
    user.groups.add(Group.objects.get(name="Content editor"))
    give_mfa(user)
    return user


def flag_it(source, text=DISCLOSURE, **kwargs):
    return services.screen_and_flag(
        source,
        {"What would make your area safer?": text, "Anything else?": "more youth clubs"},
        source_label="Consultation response ABC123",
        admin_url="/admin/consultations/response/1/",
        **kwargs,
    )


def test_benign_submission_is_not_flagged(source, lead):
    assert flag_it(source, "More youth clubs and football pitches please") is None
    assert not SafeguardingFlag.objects.exists()
    assert mail.outbox == []


def test_disclosure_is_flagged_with_categories_and_only_matching_texts(source, lead):
    flag = flag_it(source)
    assert flag.source == source
    assert flag.status == SafeguardingFlag.Status.NEW
    assert set(flag.categories.values_list("slug", flat=True)) == {
        "abuse-at-home",
        "self-harm-suicide",
    }
    assert [item["label"] for item in flag.flagged_texts] == ["What would make your area safer?"]
    assert "hits me" in flag.flagged_texts[0]["phrases"]
    assert ModelLogEntry.objects.filter(action="safeguarding.flag").count() == 1


def test_alert_email_has_a_link_and_never_the_answer_text(source, lead):
    inactive = User.objects.create_user("old", "old@example.org", "x", is_active=False)
    inactive.groups.add(Group.objects.get(name="Safeguarding lead"))
    User.objects.create_user("other", "other@example.org", "x")
    flag = flag_it(source)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@example.org"]
    assert f"http://testserver/admin/safeguarding/{flag.pk}/" in message.body
    assert "Consultation response ABC123" in message.body
    assert "Abuse at home" in message.body
    for fragment in ("hits me", "want to die", "stepdad", "feel safe", "youth clubs"):
        assert fragment not in message.body
        assert fragment not in message.subject
    stored = OutboundEmail.objects.get(purpose=services.ALERT_PURPOSE)
    assert "hits me" not in stored.body_text + stored.body_html + stored.subject


def test_flag_and_alert_roll_back_with_the_submission(source, lead):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        flag_it(source)
        raise RuntimeError("submission failed")
    assert not SafeguardingFlag.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_lead_records_acknowledgement_assessment_and_outcome(client, source, lead):
    flag = flag_it(source)
    client.force_login(lead)
    url = reverse("safeguarding:detail", args=[flag.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert "my stepdad hits me" in response.content.decode()

    response = client.post(reverse("safeguarding:acknowledge", args=[flag.pk]))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "acknowledged"
    assert flag.acknowledged_by == lead
    assert flag.acknowledged_at is not None

    # Acknowledging twice is refused with a message, not an error page.
    response = client.post(reverse("safeguarding:acknowledge", args=[flag.pk]), follow=True)
    assert "already been acknowledged" in response.content.decode()

    response = client.post(
        reverse("safeguarding:assess", args=[flag.pk]),
        {"assessment": "Risk at home, school knows", "action_taken": "Referred to MASH"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.action_taken) == ("assessed", "Referred to MASH")

    response = client.post(reverse("safeguarding:close", args=[flag.pk]), {"outcome": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()

    response = client.post(
        reverse("safeguarding:close", args=[flag.pk]), {"outcome": "Social care involved"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "closed"
    assert flag.outcome == "Social care involved"

    response = client.post(reverse("safeguarding:reopen", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.status == "assessed"

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(flag.pk), action__startswith="safeguarding.")
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert actions[0] == ("safeguarding.flag", None)
    assert ("safeguarding.view", "lead") in actions
    assert ("safeguarding.acknowledge", "lead") in actions
    assert ("safeguarding.assess", "lead") in actions
    assert ("safeguarding.close", "lead") in actions
    assert ("safeguarding.reopen", "lead") in actions
    # Every page view is logged, including the ones after each redirect.
    assert [action for action, _ in actions].count("safeguarding.view") >= 2


def test_queue_shows_time_since_flagging_and_highlights_overdue(client, source, lead):
    with time_machine.travel(timezone.now() - timedelta(hours=30)):
        old = flag_it(source)
    recent = flag_it(source)
    client.force_login(lead)
    response = client.get(reverse("safeguarding:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 flag not acknowledged for over 24 hours" in html
    assert html.count("data-overdue") == 1
    assert "1\xa0day" in html  # timesince: "1 day, 6 hours ago"
    assert reverse("safeguarding:detail", args=[old.pk]) in html
    assert reverse("safeguarding:detail", args=[recent.pk]) in html
    # The list never shows what people wrote.
    assert "hits me" not in html


def test_queue_filters_by_status_and_category(client, source, lead):
    self_harm = flag_it(source, "I want to kill myself")
    weapons = flag_it(source, "I carry a knife to school")
    services.close(weapons.pk, lead, outcome="Spoke to school")
    client.force_login(lead)
    queue = reverse("safeguarding:queue")

    def listed(params):
        html = client.get(queue, params).content.decode()
        return {
            flag.pk
            for flag in (self_harm, weapons)
            if reverse("safeguarding:detail", args=[flag.pk]) in html
        }

    assert listed({}) == {self_harm.pk}  # open flags by default
    assert listed({"status": "all"}) == {self_harm.pk, weapons.pk}
    assert listed({"status": "closed"}) == {weapons.pk}
    weapons_category = weapons.categories.get()
    assert listed({"status": "all", "category": weapons_category.pk}) == {weapons.pk}
    # Junk in the query string is ignored, not a 500.
    assert client.get(queue, {"status": "nonsense", "category": "x"}).status_code == 200


def test_queue_lists_with_few_queries(client, source, lead, django_assert_max_num_queries):
    for _ in range(10):
        flag_it(source)
    client.force_login(lead)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("safeguarding:queue")).status_code == 200


def _queue_urls(flag):
    return [
        ("get", reverse("safeguarding:queue")),
        ("get", reverse("safeguarding:detail", args=[flag.pk])),
        ("post", reverse("safeguarding:acknowledge", args=[flag.pk])),
        ("post", reverse("safeguarding:assess", args=[flag.pk])),
        ("post", reverse("safeguarding:close", args=[flag.pk])),
        ("post", reverse("safeguarding:reopen", args=[flag.pk])),
    ]


def test_staff_who_are_not_leads_get_403_everywhere(client, source, lead, editor):
    flag = flag_it(source)
    client.force_login(editor)
    for method, url in _queue_urls(flag):
        response = getattr(client, method)(url, {"outcome": "x"} if method == "post" else {})
        assert response.status_code == 403, url
        assert "hits me" not in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "new"
    assert not ModelLogEntry.objects.filter(action="safeguarding.view").exists()
    # And the menu does not offer the queue.
    assert reverse("safeguarding:queue") not in client.get("/admin/").content.decode()


def test_residents_and_anonymous_visitors_never_reach_the_queue(client, source, lead):
    flag = flag_it(source)
    for user in (None, User.objects.create_user("resident", "r@example.org", "x")):
        if user:
            client.force_login(user)
        for method, url in _queue_urls(flag):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 403, 404), url
            if response.status_code == 302:
                assert response.url.startswith(reverse("account_login"))
            assert "hits me" not in response.content.decode()


def test_superuser_can_open_the_queue_and_lead_sees_the_menu(client, source, lead):
    flag = flag_it(source)
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    give_mfa(admin)
    client.force_login(admin)
    assert client.get(reverse("safeguarding:detail", args=[flag.pk])).status_code == 200
    client.force_login(lead)
    assert reverse("safeguarding:queue") in client.get("/admin/").content.decode()


def test_lead_can_edit_phrases_in_the_admin_and_editors_cannot(client, lead, editor):
    client.force_login(lead)
    response = client.get("/admin/snippets/safeguarding/safeguardingphrase/", {"q": "county"})
    assert response.status_code == 200
    assert "county lines" in response.content.decode()
    client.force_login(editor)
    response = client.get("/admin/snippets/safeguarding/safeguardingphrase/")
    assert response.status_code != 200


def test_unknown_flag_is_404_for_leads(client, lead):
    client.force_login(lead)
    assert client.get(reverse("safeguarding:detail", args=[999])).status_code == 404


def test_a_screening_failure_never_blocks_the_submission(source, lead, caplog):
    from unittest import mock

    from django.db import transaction

    with (
        transaction.atomic(),
        mock.patch("safeguarding.services.screen_texts", side_effect=RuntimeError("bad phrase")),
    ):
        assert flag_it(source) is None
        source.description = "still saved"
        source.save()
    source.refresh_from_db()
    assert source.description == "still saved"
    assert "Safeguarding screening failed for Consultation response ABC123" in caplog.text
    assert "hits me" not in caplog.text


def test_moderator_can_flag_by_hand_what_the_list_missed(source, lead, editor):
    from safeguarding.models import SafeguardingCategory

    category = SafeguardingCategory.objects.get(slug="abuse-at-home")
    with pytest.raises(services.FlagStateError):
        services.flag_by_hand(source, {"Q": "x"}, source_label="R1", user=editor, category_ids=[])
    flag = services.flag_by_hand(
        source,
        {"What would help?": "when he drinks he gets his hands on us", "Other": ""},
        source_label="Consultation response XYZ789",
        user=editor,
        category_ids=[category.pk],
        reason="Reads like abuse at home",
    )
    assert list(flag.categories.all()) == [category]
    assert flag.flagged_texts == [
        {
            "label": "What would help?",
            "text": "when he drinks he gets his hands on us",
            "phrases": [],
        }
    ]
    entry = ModelLogEntry.objects.get(action="safeguarding.flag", object_id=str(flag.pk))
    assert entry.user == editor
    assert entry.data["by_hand"] is True
    assert len(mail.outbox) == 1
    assert "gets his hands" not in mail.outbox[0].body
