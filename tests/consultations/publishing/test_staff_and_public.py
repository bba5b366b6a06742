"""Staff approve answers for publication and the public page shows them (decision 0036),
through real HTTP: redaction proposed, reasons required and logged, the original kept,
403 for others, and flagged, withdrawn or hidden responses never published, even if
approved earlier."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.models import ModelLogEntry

from consultations import services
from consultations.models import PublishedAnswer, Response
from safeguarding.models import SafeguardingFlag

from .conftest import WORDS, send

QUEUE = "feedback:publication_queue"


def _denied(reply) -> bool:
    """Wagtail sends a signed-in user without the permission to the dashboard (or a 403)."""
    return reply.status_code == 403 or (
        reply.status_code == 302 and reply["Location"] == reverse("wagtailadmin_home")
    )


def _decide_url(response):
    return reverse("feedback:publication_decide", args=[response.pk])


def _long_answer(response):
    return response.answers.get(question_id="q-long")


def _approve(client, response, text, reason=""):
    answer = _long_answer(response)
    return client.post(
        _decide_url(response),
        {
            f"status-{answer.pk}": "approved",
            f"text-{answer.pk}": text,
            f"reason-{answer.pk}": reason,
        },
    )


def _published_page(client, page):
    return client.get(page.subpage_url("published_responses_route")).content.decode()


def test_staff_see_the_redaction_proposal_and_approve_with_a_reason(
    client, publishing, moderator, skip_min_time
):
    response = send(client, publishing, "16_17", publish="yes")
    client.force_login(moderator)
    queue = client.get(reverse(QUEUE)).content.decode()
    assert response.reference in queue
    form = client.get(_decide_url(response)).content.decode()
    assert "07700 900123" in form  # the original, to compare
    assert "[phone]" in form and "[name]" in form  # the proposal
    # Only own words are offered: the choice answer is not.
    assert "How safe?" not in form
    proposal = services.proposal(_long_answer(response))

    refused = _approve(client, response, proposal)
    assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    assert not PublishedAnswer.objects.exists()

    assert _approve(client, response, proposal, "Name and phone number").status_code == 302
    published = PublishedAnswer.objects.get()
    assert published.published_text == proposal and published.decided_by == moderator
    assert _long_answer(response).value_text == WORDS  # the original is never overwritten
    entry = ModelLogEntry.objects.get(action=services.publishing.DECIDE)
    assert entry.user == moderator and entry.data["reason"] == "Name and phone number"
    assert entry.data["text_changed"] is True

    client.logout()
    public = _published_page(client, publishing)
    assert proposal.replace("[", "").split()[0] in public and "[phone]" in public
    assert "07700 900123" not in public and "Jamie" not in public
    assert response.reference not in public and "What would help?" in public


def test_unchanged_text_needs_no_reason_but_leaving_out_does(
    client, publishing, moderator, skip_min_time
):
    response = send(client, publishing, "16_17", publish="yes")
    client.force_login(moderator)
    answer = _long_answer(response)
    reply = client.post(_decide_url(response), {f"status-{answer.pk}": "rejected"})
    assert reply.status_code == 400
    assert _approve(client, response, WORDS).status_code == 302  # as written: no reason
    client.post(
        _decide_url(response),
        {f"status-{answer.pk}": "rejected", f"reason-{answer.pk}": "Too specific"},
    )
    assert PublishedAnswer.objects.get().status == "rejected"
    assert "More youth clubs" not in _published_page(client, publishing)


def test_only_publishers_may_decide(client, publishing, reader, skip_min_time):
    response = send(client, publishing, "16_17", publish="yes")
    client.force_login(reader)
    assert _denied(client.get(reverse(QUEUE)))
    assert _denied(client.get(_decide_url(response)))
    assert _denied(_approve(client, response, WORDS))
    assert not PublishedAnswer.objects.exists()


def test_no_consent_or_no_parent_means_it_cannot_be_approved(
    client, publishing, moderator, skip_min_time
):
    without = send(client, publishing, "16_17")
    client.logout()
    under_16 = send(client, publishing, "11_15", publish="yes", parent_email="p@example.org")
    for response in (without, under_16):
        try:
            services.decide(
                response,
                [services.AnswerDecision(_long_answer(response).pk, "approved", WORDS)],
                moderator,
            )
        except services.PublicationError:
            pass
        else:
            raise AssertionError(f"{response} was approved")
    client.force_login(moderator)
    assert under_16.reference not in client.get(reverse(QUEUE)).content.decode()
    assert client.get(_decide_url(under_16)).status_code == 302
    assert not PublishedAnswer.objects.exists()


def _approved(client, publishing, moderator):
    response = send(client, publishing, "16_17", publish="yes")
    client.force_login(moderator)
    assert _approve(client, response, "More youth clubs.", "Contact details").status_code == 302
    client.logout()
    assert "More youth clubs." in _published_page(client, publishing)
    return response


def test_a_flag_later_takes_it_down_and_blocks_approval(
    client, publishing, moderator, skip_min_time
):
    response = _approved(client, publishing, moderator)
    flag = SafeguardingFlag.objects.create(
        content_type=ContentType.objects.get_for_model(Response),
        object_id=str(response.pk),
        source_label="Consultation response",
    )
    assert "More youth clubs." not in _published_page(client, publishing)
    client.force_login(moderator)
    assert _approve(client, response, "More youth clubs.", "again").status_code == 302
    assert response.reference not in client.get(reverse(QUEUE)).content.decode()
    # Closed as a concern still blocks; closed as not a concern does not.
    SafeguardingFlag.objects.filter(pk=flag.pk).update(status="closed", finding="concern")
    assert "More youth clubs." not in _published_page(client, publishing)
    SafeguardingFlag.objects.filter(pk=flag.pk).update(finding="not_a_concern")
    assert "More youth clubs." in _published_page(client, publishing)


def test_withdrawing_the_response_or_consent_takes_it_down(
    client, publishing, moderator, django_user_model, skip_min_time
):
    resident = django_user_model.objects.create_user("resident", "r@example.org", "x" * 16)
    client.force_login(resident)
    response = send(client, publishing, "16_17", publish="yes")
    client.force_login(moderator)
    _approve(client, response, "More youth clubs.", "Contact details")
    client.force_login(resident)
    my_responses = client.get(reverse("accounts:my_responses")).content.decode()
    assert "Stop publishing these answers" in my_responses
    client.post(reverse("accounts:stop_publishing", args=[response.reference]))
    assert "More youth clubs." not in _published_page(client, publishing)
    assert PublishedAnswer.objects.get().status == "approved"  # the record stays whole

    response.publication_consent.__class__.objects.update(withdrawn_at=None)
    assert "More youth clubs." in _published_page(client, publishing)
    client.post(reverse("accounts:withdraw_response", args=[response.reference]))
    assert Response.objects.get(pk=response.pk).is_withdrawn
    assert "More youth clubs." not in _published_page(client, publishing)


def test_hidden_responses_and_publishing_turned_off_take_it_down(
    client, publishing, moderator, skip_min_time
):
    response = _approved(client, publishing, moderator)
    Response.objects.filter(pk=response.pk).update(moderation_status="hidden")
    assert "More youth clubs." not in _published_page(client, publishing)
    Response.objects.filter(pk=response.pk).update(moderation_status="reviewed")
    type(publishing).objects.filter(pk=publishing.pk).update(publish_responses=False)
    assert client.get(publishing.subpage_url("published_responses_route")).status_code == 404


def test_the_public_page_is_paginated(client, publishing, moderator, skip_min_time, settings):
    import consultations.publishing_views as views

    for _ in range(3):
        client.logout()
        response = send(client, publishing, "16_17", publish="yes")
        client.force_login(moderator)
        _approve(client, response, "More youth clubs.", "Contact details")
    client.logout()
    views.PUBLISHED_PAGE_SIZE, before = 2, views.PUBLISHED_PAGE_SIZE
    try:
        first = _published_page(client, publishing)
        second = client.get(
            publishing.subpage_url("published_responses_route") + "?page=2"
        ).content.decode()
        junk = client.get(publishing.subpage_url("published_responses_route") + "?page=x%00")
    finally:
        views.PUBLISHED_PAGE_SIZE = before
    assert first.count("More youth clubs.") == 2 and 'rel="next"' in first
    assert second.count("More youth clubs.") == 1
    assert junk.status_code == 200
