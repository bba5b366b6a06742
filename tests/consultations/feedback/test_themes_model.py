"""Find themes with the real language model: answers with no stored vector are encoded (and
stored) by the worker, then grouped by meaning."""

from django.contrib.contenttypes.models import ContentType

from assisted_coding.models import ThemeRun
from consultations.models import Response
from language.models import TextVector
from tests.consultations.feedback.factories import make_response
from tests.consultations.feedback.test_themes import find_themes
from tests.support.language import language_model  # noqa: F401

ANSWERS = {
    "lights": [
        "Better street lights on my road, it is pitch dark walking home",
        "Fix the broken lamp posts near the alley",
        "Brighter lighting in the park at night please",
        "More lights along the canal path because I feel scared in the dark",
        "The street lights have been broken for months",
        "Lighting in the underpass so people can see who is around",
    ],
    "clubs": [
        "Open the youth club on Friday nights",
        "A youth centre with table tennis and music for teenagers",
        "Free youth club sessions after school",
        "Bring back the youth club that shut down so we are not on the streets",
        "More youth clubs open in the evenings run by youth workers",
        "Somewhere for young people to hang out safely with activities",
    ],
    "noise": ["idk", "n/a"],
}


def test_the_worker_encodes_missing_vectors_and_groups_by_meaning(
    moderator_client,
    consultation,
    language_model,  # noqa: F811
):
    topic_of = {}
    for topic, texts in ANSWERS.items():
        for text in texts:
            response = make_response(consultation, free_text=text)
            topic_of[response.answers.get(question_id="q-long").pk] = topic
    response_type = ContentType.objects.get_for_model(Response)
    assert not TextVector.objects.filter(content_type=response_type).exists()

    run = find_themes(moderator_client, consultation=consultation.pk, question="q-long")

    assert run.status == ThemeRun.Status.DONE
    assert TextVector.objects.filter(content_type=response_type).count() == 14
    themes = list(run.themes.filter(is_unclear=False))
    assert len(themes) >= 2
    for theme in themes:
        topics = [topic_of[int(pk)] for pk in theme.members.values_list("object_id", flat=True)]
        assert max(topics.count(topic) for topic in set(topics)) >= 0.8 * len(topics)
    unclear = run.themes.get(is_unclear=True)
    noise = {topic_of[int(pk)] for pk in unclear.members.values_list("object_id", flat=True)}
    assert "noise" in noise  # "idk" and "n/a" are set aside, never a theme
