"""Typing in a paper or workshop response through the public question pages in staff mode
(decision 0032): same pages and checks, marked as entered by staff, never the staff
member's own response, taken after the close, not held back by the anonymous ceilings."""

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from consultations.models import EntrySource, Response, ResponseDraft, SeenQuestion
from consultations.services import STAFF_ENTRY_LOG_ACTION
from consultations.tallies import matches_stored

from ..conftest import VALID_ANSWERS
from ..helpers import answer_steps, step_url, submission_token, submit


def start(client, page, source="paper", note=""):
    response = client.post(
        reverse("feedback:paper_entry", args=[page.pk]), {"source": source, "note": note}
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(page, 1)


def enter(client, page, **extra):
    answer_steps(client, page, VALID_ANSWERS)
    response = submit(client, page, submission_token(client, page), **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_paper_response_goes_through_the_same_pages_and_is_marked(
    moderator_client, moderator, consultation
):
    start(moderator_client, consultation, note="Hackney youth club")
    step = moderator_client.get(step_url(consultation, 1))
    assert "Entering a paper response for someone else" in step.content.decode()
    assert "Save and finish later" not in step.content.decode()
    # The same checks as online: a required answer left out is refused on its page.
    refused = moderator_client.post(step_url(consultation, 1), {**VALID_ANSWERS[1], "q-short": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()

    sent = enter(moderator_client, consultation)

    response = Response.objects.get()
    assert response.entry_source == EntrySource.PAPER
    assert response.entered_by == moderator and response.entered_at is not None
    assert response.entry_note == "Hackney youth club"
    assert response.user is None and response.contact_email == ""
    assert response.answers.count() == 11
    assert SeenQuestion.objects.filter(response=response).count() == 11
    assert not ResponseDraft.objects.filter(user=moderator).exists()
    assert matches_stored(consultation)
    entry = ModelLogEntry.objects.get(action=STAFF_ENTRY_LOG_ACTION)
    assert entry.object_id == str(response.pk) and entry.user == moderator
    confirmation = moderator_client.get(sent["Location"]).content.decode()
    assert "Type in another paper response" in confirmation


def test_staff_mode_stays_for_the_next_form_and_each_is_stored_once(moderator_client, consultation):
    start(moderator_client, consultation, source="workshop")
    enter(moderator_client, consultation)
    last = enter(moderator_client, consultation)
    assert Response.objects.filter(entry_source=EntrySource.WORKSHOP).count() == 2
    # A refresh of the last send lands on its confirmation, and stores nothing more.
    assert moderator_client.get(last["Location"]).status_code == 200
    assert Response.objects.count() == 2


def test_the_same_form_sent_twice_is_stored_once(moderator_client, consultation):
    start(moderator_client, consultation)
    answer_steps(moderator_client, consultation, VALID_ANSWERS)
    token = submission_token(moderator_client, consultation)
    assert submit(moderator_client, consultation, token).status_code == 302
    assert submit(moderator_client, consultation, token).status_code == 302
    assert Response.objects.count() == 1


def test_a_contact_email_only_when_typed_from_the_form(moderator_client, consultation):
    start(moderator_client, consultation)
    enter(moderator_client, consultation, wants_update="on", contact_email="sam@example.org")
    assert Response.objects.get().contact_email == "sam@example.org"


def test_a_closed_consultation_takes_paper_responses_but_not_online_ones(
    client, moderator_client, closed_consultation, django_user_model
):
    start(moderator_client, closed_consultation)
    enter(moderator_client, closed_consultation)
    assert Response.objects.get().entered_by is not None

    online = client.__class__()
    assert online.post(step_url(closed_consultation, 1), VALID_ANSWERS[1]).status_code == 403


def test_an_upcoming_consultation_takes_none(moderator_client, make_consultation):
    upcoming = make_consultation("upcoming", opens_in=3)
    response = moderator_client.post(
        reverse("feedback:paper_entry", args=[upcoming.pk]), {"source": "paper"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("feedback:paper_index")
    assert moderator_client.get(step_url(upcoming, 1)).status_code == 302


def test_the_ceilings_for_anonymous_browsers_do_not_block_staff(
    moderator_client, consultation, monkeypatch
):
    # Every anonymous browser would now be refused, and the answers come in "too fast".
    monkeypatch.setattr("consultations.services.sending_refusal", lambda **kwargs: "rate_limited")
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 3600)
    start(moderator_client, consultation)
    enter(moderator_client, consultation)
    assert Response.objects.count() == 1


def test_staff_mode_ends_with_the_permission(moderator_client, moderator, closed_consultation):
    start(moderator_client, closed_consultation)
    answer_steps(moderator_client, closed_consultation, VALID_ANSWERS)
    token = submission_token(moderator_client, closed_consultation)
    moderator.groups.clear()
    refused = submit(moderator_client, closed_consultation, token)
    assert refused.status_code == 403
    assert not Response.objects.exists()


def test_stopping_staff_mode(moderator_client, consultation):
    start(moderator_client, consultation)
    stopped = moderator_client.post(reverse("feedback:paper_entry_stop", args=[consultation.pk]))
    assert stopped.status_code == 302
    page = moderator_client.get(step_url(consultation, 1)).content.decode()
    assert "Entering a paper response" not in page


@pytest.mark.parametrize("who", ["safeguarding_lead", "resident"])
def test_others_may_not_enter_or_import(client, consultation, who, request, django_user_model):
    if who == "resident":
        user = django_user_model.objects.create_user("resident", password="x")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for name, args in [
        ("feedback:paper_index", []),
        ("feedback:paper_entry", [consultation.pk]),
        ("feedback:paper_import", [consultation.pk]),
        ("feedback:paper_template", [consultation.pk, "csv"]),
    ]:
        url = reverse(name, args=args)
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"source": "paper"}).status_code in (302, 403), url
    # A staff mode forged into the session does nothing without the permission.
    session = client.session
    session[f"consultation:{consultation.pk}"] = {"staff_entry": {"source": "paper"}}
    session.save()
    assert "Entering a paper" not in client.get(step_url(consultation, 1)).content.decode()


def test_the_response_page_and_the_export_say_who_entered_it(
    moderator_client, manager, consultation, client
):
    start(moderator_client, consultation)
    enter(moderator_client, consultation)
    response = Response.objects.get()
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Entered by staff (paper), Sam Moderator, " in page
    client.force_login(manager)
    export = client.get(reverse("feedback:export", args=["responses", "csv"]) + "?unredacted=1")
    body = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert "entered_by_staff" in body and "Entered by staff (paper), Sam Moderator" in body
