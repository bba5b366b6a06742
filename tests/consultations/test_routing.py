"""Routes through a survey (issue 19): the server follows answers between steps, Back goes
where the person came from, check-your-answers and the stored response hold only the route
taken, and required questions off the route are not required."""

import pytest

from consultations.models import Response

from .helpers import answer_steps, check_url, step_url, submission_token, submit
from .routed_survey import ROUTED_SURVEY, WHO

YOUNG = {1: {"q-who": "A young person"}, 2: {"q-young": "On buses"}, 4: {"q-idea": "Lights"}}
PARENT = {1: {"q-who": "A parent or carer"}, 3: {"q-parent": "Knives"}, 4: {"q-idea": "Clubs"}}


@pytest.fixture
def routed(make_consultation):
    return make_consultation("routed", survey=ROUTED_SURVEY)


def test_each_answer_goes_to_its_step(client, routed):
    young = client.post(step_url(routed, 1), {"q-who": "A young person"})
    assert young["Location"] == step_url(routed, 2)  # no route: the next step
    assert client.post(step_url(routed, 2), {"q-young": "On buses"})["Location"] == step_url(
        routed, 4
    )
    parent = client.post(step_url(routed, 1), {"q-who": "A parent or carer"})
    assert parent["Location"] == step_url(routed, 3)
    professional = client.post(step_url(routed, 1), {"q-who": "A professional"})
    assert professional["Location"] == check_url(routed)


def test_back_goes_to_the_step_the_person_came_from(client, routed):
    answer_steps(client, routed, {1: PARENT[1], 3: PARENT[3]})
    assert (
        f'href="{step_url(routed, 3)}" class="back-link"'
        in client.get(step_url(routed, 4)).content.decode()
    )
    assert (
        f'href="{step_url(routed, 1)}" class="back-link"'
        in client.get(step_url(routed, 3)).content.decode()
    )
    answer_steps(client, routed, {4: PARENT[4]})
    # Check your answers goes back to the last step of the route, not the last step.
    assert (
        f'href="{step_url(routed, 4)}" class="back-link"'
        in client.get(check_url(routed)).content.decode()
    )
    client.post(step_url(routed, 1), {"q-who": "A professional"})
    assert (
        f'href="{step_url(routed, 1)}" class="back-link"'
        in client.get(check_url(routed)).content.decode()
    )


def test_check_answers_and_the_response_hold_only_the_route_taken(client, routed, skip_min_time):
    answer_steps(client, routed, PARENT)
    body = client.get(check_url(routed)).content.decode()
    assert body.count('class="summary-list__row"') == 3
    assert "What worries you most?" in body and "Where do you feel least safe?" not in body
    submit(client, routed, submission_token(client, routed))
    stored = Response.objects.get().answers.order_by("position")
    assert [answer.question_id for answer in stored] == ["q-who", "q-parent", "q-idea"]


def test_answers_on_a_route_left_are_not_sent(client, routed, skip_min_time):
    """Someone answers as a young person, goes back, changes to parent: the young people's
    step is no longer on their route, so its answer is dropped; and the new route's step,
    never answered, is asked before check-your-answers shows."""
    answer_steps(client, routed, YOUNG)
    assert "On buses" in client.get(check_url(routed)).content.decode()
    changed = client.post(step_url(routed, 1), {"q-who": "A parent or carer", "return_to": "check"})
    assert changed["Location"] == check_url(routed)
    assert client.get(check_url(routed))["Location"] == step_url(routed, 3)
    answer_steps(client, routed, {3: PARENT[3]})
    body = client.get(check_url(routed)).content.decode()
    assert "On buses" not in body and "Knives" in body and "Lights" in body
    submit(client, routed, submission_token(client, routed))
    stored = {
        answer.question_id: answer.value_text for answer in Response.objects.get().answers.all()
    }
    assert stored == {"q-who": "A parent or carer", "q-parent": "Knives", "q-idea": "Lights"}


def test_required_questions_off_the_route_are_not_required(client, routed, skip_min_time):
    answer_steps(client, routed, {1: {"q-who": "A professional"}})
    body = client.get(check_url(routed)).content.decode()
    assert WHO in body and body.count('class="summary-list__row"') == 1
    reply = submit(client, routed, submission_token(client, routed))
    assert reply.status_code == 302 and "confirmation" in reply["Location"]
    assert [answer.question_id for answer in Response.objects.get().answers.all()] == ["q-who"]


def test_a_step_typed_in_off_the_route_is_not_sent(client, routed, skip_min_time):
    answer_steps(client, routed, {1: {"q-who": "A professional"}, 3: {"q-parent": "Knives"}})
    assert "Knives" not in client.get(check_url(routed)).content.decode()
    submit(client, routed, submission_token(client, routed))
    assert not Response.objects.get().answers.filter(question_id="q-parent").exists()


def test_continue_later_keeps_the_route(client, routed, skip_min_time, mailoutbox):
    answer_steps(client, routed, {1: PARENT[1], 3: PARENT[3]})
    client.post(step_url(routed, 4), {"q-idea": "Clubs", "action": "continue_later"})
    client.post(routed.subpage_url("continue_later_route"), {"email": "sam@example.org"})
    link = next(word for word in mailoutbox[0].body.split() if "/resume/" in word)
    other = type(client)()
    resumed = other.get(link)
    assert resumed["Location"] == check_url(routed)
    body = other.get(check_url(routed)).content.decode()
    assert "Knives" in body and "Clubs" in body and "Where do you feel least safe?" not in body
    submit(other, routed, submission_token(other, routed))
    stored = Response.objects.get().answers.values_list("question_id", flat=True)
    assert sorted(stored) == ["q-idea", "q-parent", "q-who"]
