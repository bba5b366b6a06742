"""The multi-step journey: progress, back links, keeping answers, check answers, change links,
and bad input never causing a server error."""

from django.test import Client

from consultations.models import Response

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, check_url, step_url, submission_token, submit


def test_steps_show_progress_and_back_links(client, consultation):
    first = client.get(step_url(consultation, 1)).content.decode()
    assert "Step 1 of 3" in first
    assert f'href="{consultation.url}" class="back-link"' in first
    client.post(step_url(consultation, 1), VALID_ANSWERS[1])
    second = client.get(step_url(consultation, 2)).content.decode()
    assert "Step 2 of 3" in second
    assert f'href="{step_url(consultation, 1)}" class="back-link"' in second


def test_answers_are_kept_when_going_back(client, consultation):
    client.post(step_url(consultation, 1), VALID_ANSWERS[1])
    back = client.get(step_url(consultation, 1)).content.decode()
    assert 'value="Hackney"' in back
    assert "More youth clubs</textarea>" in back
    assert 'value="Library"' in back
    assert "There is a problem" not in back


def test_each_step_leads_to_the_next_then_to_check_answers(client, consultation):
    assert client.post(step_url(consultation, 1), VALID_ANSWERS[1])["Location"] == step_url(
        consultation, 2
    )
    assert client.post(step_url(consultation, 2), VALID_ANSWERS[2])["Location"] == step_url(
        consultation, 3
    )
    assert client.post(step_url(consultation, 3), VALID_ANSWERS[3])["Location"] == check_url(
        consultation
    )


def test_check_answers_lists_every_answer_with_change_links(client, consultation):
    answer_steps(client, consultation, VALID_ANSWERS)
    body = client.get(check_url(consultation)).content.decode()
    assert body.count('class="summary-list__row"') == 11
    assert "Park, Library" in body
    assert "<li>Clubs</li><li>Lights</li><li>Adults</li>" in body
    assert "16 or 17" in body
    assert f'href="{step_url(consultation, 2)}?return=check#id_q-yesno"' in body


def test_change_link_returns_to_check_answers(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    page = client.get(step_url(consultation, 1) + "?return=check").content.decode()
    assert f'href="{check_url(consultation)}" class="back-link"' in page
    changed = {**VALID_ANSWERS[1], "q-short": "Dalston", "return_to": "check"}
    result = client.post(step_url(consultation, 1), changed)
    assert result["Location"] == check_url(consultation)
    assert "Dalston" in client.get(check_url(consultation)).content.decode()
    submit(client, consultation, submission_token(client, consultation))
    assert Response.objects.get().answers.get(question_id="q-short").value_text == "Dalston"


def test_check_answers_sends_people_back_to_unanswered_steps(client, consultation):
    client.post(step_url(consultation, 1), VALID_ANSWERS[1])
    result = client.get(check_url(consultation))
    assert result.status_code == 302
    assert result["Location"] == step_url(consultation, 2)


def test_unchecking_a_box_on_return_is_remembered(client, consultation):
    answer_steps(client, consultation, VALID_ANSWERS)
    client.post(
        step_url(consultation, 1), {**VALID_ANSWERS[1], "q-multi": ["Club"], "q-multi-other": ""}
    )
    body = client.get(check_url(consultation)).content.decode()
    assert "Park" not in body and "Library" not in body


def test_unknown_fields_get_a_clear_error(client, consultation):
    response = client.post(step_url(consultation, 1), {**VALID_ANSWERS[1], "is_admin": "1"})
    assert response.status_code == 200
    assert "does not match the questions on this page" in response.content.decode()


def test_missing_csrf_token_is_refused_without_a_server_error(consultation):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(step_url(consultation, 1), VALID_ANSWERS[1])
    assert response.status_code == 403


def test_steps_that_do_not_exist_are_not_found(client, consultation):
    assert client.get(step_url(consultation, 4)).status_code == 404
    assert client.get(consultation.url + "step/0/").status_code == 404
    assert client.get(consultation.url + "step/abc/").status_code == 404


def test_the_start_page_explains_the_consultation(client, consultation):
    body = client.get(consultation.url).content.decode()
    assert "Start now" in body
    assert f'href="{step_url(consultation, 1)}"' in body
    assert "How we use your answers" in body
    assert body.count("<h1") == 1


def test_opt_in_email_needs_an_address(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    token = submission_token(client, consultation)
    response = submit(client, consultation, token, wants_update="on", contact_email="")
    assert response.status_code == 200
    assert "Enter your email address" in response.content.decode()
    response = submit(client, consultation, token, wants_update="on", contact_email="a@b.org")
    assert response.status_code == 302
    assert Response.objects.get().contact_email == "a@b.org"


def test_email_is_not_kept_without_the_opt_in(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    submit(client, consultation, submission_token(client, consultation), contact_email="a@b.org")
    assert Response.objects.get().contact_email == ""


def test_signed_in_resident_response_is_linked_to_their_account(
    client, consultation, skip_min_time, django_user_model
):
    user = django_user_model.objects.create_user("resident", "r@example.org", "x" * 16)
    client.force_login(user)
    answer_steps(client, consultation, VALID_ANSWERS)
    submit(client, consultation, submission_token(client, consultation))
    assert list(Response.objects.for_user(user)) == [Response.objects.get()]
