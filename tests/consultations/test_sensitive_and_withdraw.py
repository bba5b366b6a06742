"""Sensitive consultations: quick exit and get-help panels. Withdrawing your own response."""

import pytest

from consultations import services
from consultations.models import ConsultationPage, Response

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, check_url, step_url, submission_token, submit


def test_sensitive_pages_have_a_quick_exit_and_get_help_beside_free_text(
    client, make_consultation, skip_min_time
):
    page = make_consultation(is_sensitive=True)
    for url in (page.url, step_url(page, 1)):
        body = client.get(url).content.decode()
        assert 'class="quick-exit"' in body
        assert 'href="https://www.bbc.co.uk/weather"' in body
        assert "Get help now" in body
    step_one = client.get(step_url(page, 1)).content.decode()
    assert 'href="#get-help-now"' in step_one  # beside the free-text questions
    answer_steps(client, page, VALID_ANSWERS)
    confirmation = client.get(submit(client, page, submission_token(client, page))["Location"])
    body = confirmation.content.decode()
    assert "Get help now" in body and 'class="quick-exit"' in body
    assert "support-list" in body


def test_question_pages_show_the_get_help_panel_once(client, make_consultation, skip_min_time):
    """Beside the questions of a sensitive consultation, so not again in the footer; pages
    without the panel beside them keep the footer's."""
    page = make_consultation(is_sensitive=True)
    for url in (page.url, step_url(page, 1)):
        body = client.get(url).content.decode()
        assert body.count('class="support-panel"') == 1, url
        assert 'id="get-help-now"' in body and 'id="footer-get-help"' not in body
    answer_steps(client, page, VALID_ANSWERS)
    check = client.get(check_url(page)).content.decode()
    assert check.count('class="support-panel"') == 1 and 'id="footer-get-help"' in check


def test_other_pages_have_no_quick_exit(client, consultation):
    assert 'class="quick-exit"' not in client.get(step_url(consultation, 1)).content.decode()


def test_confirmation_shows_reference_next_steps_and_support(
    client, make_consultation, skip_min_time
):
    page = make_consultation(results_expected="in March 2027")
    answer_steps(client, page, VALID_ANSWERS)
    body = client.get(submit(client, page, submission_token(client, page))["Location"])
    text = body.content.decode()
    assert Response.objects.get().reference in text
    assert "What happens next" in text and "in March 2027" in text
    assert "support-list" in text


def test_residents_withdraw_only_their_own_response_while_open(consultation, django_user_model):
    owner = django_user_model.objects.create_user("owner", "o@example.org", "x" * 16)
    other = django_user_model.objects.create_user("other", "x@example.org", "x" * 16)
    response, _ = services.submit_response(
        consultation, answers=[], submission_token="tok", user=owner
    )
    with pytest.raises(services.NotAllowed):
        services.withdraw_response(response, other)
    services.withdraw_response(response, owner)
    assert Response.objects.get().is_withdrawn
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=consultation.opens_at)
    second, _ = Response.objects.get(), None
    second.is_withdrawn = False
    second.save()
    with pytest.raises(services.ConsultationNotOpen):
        services.withdraw_response(second, owner)
