"""Editing or reordering questions on a live survey never changes what old answers mean."""

from consultations.models import Answer, ConsultationPage

from .conftest import question
from .helpers import answer_steps, submission_token, submit


def publish_survey(page, survey):
    page = ConsultationPage.objects.get(pk=page.pk)
    page.survey = survey
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_edited_and_reordered_questions_keep_old_answers_meaning(
    client, make_consultation, skip_min_time
):
    original = [
        question(
            "q-feel",
            "single_choice",
            label="How safe do you feel?",
            options_list=["Safe", "Unsafe"],
        ),
        question("q-help", "short_text", label="What would help?", max_length=100),
    ]
    page = make_consultation(survey=original)
    answer_steps(client, page, {1: {"q-feel": "Unsafe", "q-help": "Lights"}})
    submit(client, page, submission_token(client, page))

    # The editor rewords a question, changes its options and moves it to the end.
    edited = [
        question("q-help", "short_text", label="What one thing would help most?", max_length=100),
        question(
            "q-feel",
            "single_choice",
            label="How safe do you feel at night?",
            options_list=["Very safe", "Quite safe", "Not safe"],
        ),
    ]
    page = publish_survey(page, edited)
    assert [q.id for q in page.questions()] == ["q-help", "q-feel"]

    old_feel = Answer.objects.get(question_id="q-feel")
    assert old_feel.question_label == "How safe do you feel?"
    assert old_feel.question_options == ["Safe", "Unsafe"]
    assert old_feel.value_text == "Unsafe"
    assert old_feel.position == 1
    old_help = Answer.objects.get(question_id="q-help")
    assert old_help.question_label == "What would help?"
    assert old_help.position == 2

    # A new respondent answers the edited survey; both answers share the stable question id.
    client.cookies.clear()
    answer_steps(client, page, {1: {"q-feel": "Not safe", "q-help": "Clubs"}})
    submit(client, page, submission_token(client, page))
    new_feel = Answer.objects.filter(question_id="q-feel").latest("response__submitted_at")
    assert new_feel.question_label == "How safe do you feel at night?"
    assert new_feel.question_options == ["Very safe", "Quite safe", "Not safe"]
    assert new_feel.position == 2
    assert Answer.objects.get(pk=old_feel.pk).question_label == "How safe do you feel?"


def test_answers_in_progress_are_rechecked_against_the_edited_survey(client, make_consultation):
    page = make_consultation(
        survey=[question("q", "single_choice", label="Pick", options_list=["A", "B"])]
    )
    answer_steps(client, page, {1: {"q": "B"}})
    publish_survey(page, [question("q", "single_choice", label="Pick", options_list=["A", "C"])])
    result = client.get(page.subpage_url("check_route"))
    assert result.status_code == 302
    step = client.get(result["Location"]).content.decode()
    assert "Choose one of the options" in step
