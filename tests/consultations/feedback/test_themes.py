"""Find themes in the feedback workspace: asking (a question, a consultation, the listing's
filters), the no-JavaScript progress page and the real worker, rename, merge, split, discard,
turning kept themes into tags (audited, counts kept right), permissions, and themes going
with the answers they came from. Vectors are planted (stored as the safeguarding stage stores
them) so no model loads; tests/consultations/feedback/test_themes_model.py uses the model."""

import numpy as np
import pytest

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from assisted_coding.models import Theme, ThemeMember, ThemeRun
from assisted_coding.themes import runs
from consultations.feedback import counts
from consultations.feedback.services import TAG_ANSWER, delete_response
from consultations.models import FeedbackTag, Response, TaggedAnswer
from home.retention import apply_retention
from language.encoder import model_version
from language.models import TextVector
from language.services import text_sha256
from tests.consultations.feedback.factories import make_response

TOPICS = [
    ("lights", "Better street lights on the road home, it is too dark {n}"),
    ("clubs", "Open the youth club on Friday nights with football {n}"),
    ("buses", "Staff on the night buses so the ride home is safe {n}"),
]
PER_TOPIC = 12
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def plant_vectors(responses, topics, seed=3):
    """Store a vector for each response's free-text answer, near its topic's centre."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(TOPICS), 384))
    response_type = ContentType.objects.get_for_model(Response)
    for response, topic in zip(responses, topics, strict=True):
        answer = response.answers.get(question_id="q-long")
        vector = centres[topic] + rng.normal(scale=0.3, size=384)
        vector = (vector / np.linalg.norm(vector)).astype("<f4")
        TextVector.objects.create(
            content_type=response_type,
            object_id=str(response.pk),
            key=answer.question_label,
            model_version=model_version(),
            dimensions=384,
            vector=vector.tobytes(),
            text_sha256=text_sha256(answer.value_text),
        )


def planted_responses(consultation) -> list[Response]:
    """PER_TOPIC responses on each of TOPICS, with their vectors stored."""
    made, topics = [], []
    for topic, (_, words) in enumerate(TOPICS):
        for n in range(PER_TOPIC):
            made.append(make_response(consultation, free_text=words.format(n=n)))
            topics.append(topic)
    plant_vectors(made, topics)
    return made


@pytest.fixture
def responses(consultation):
    return planted_responses(consultation)


def new_url(**params):
    from urllib.parse import urlencode

    return reverse("feedback:theme_new") + ("?" + urlencode(params) if params else "")


def find_themes(client, **params) -> ThemeRun:
    """Ask as the page does; the test settings' task backend runs the worker task at once."""
    result = client.post(new_url(**params))
    assert result.status_code == 302, result.content.decode()[:500]
    run = ThemeRun.objects.latest("pk")
    assert result["Location"] == reverse("feedback:theme_run", args=[run.pk])
    return run


def themes_of(run):
    return list(run.themes.filter(is_unclear=False).order_by("position"))


def test_find_themes_for_one_question_shows_labels_words_quotes_and_counts(
    moderator_client, consultation, responses
):
    page = moderator_client.get(new_url(consultation=consultation.pk, question="q-long"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Answers to “What would help?”" in text
    assert f"{len(responses)} answers in people's own words" in text
    run = find_themes(moderator_client, consultation=consultation.pk, question="q-long")
    assert run.status == ThemeRun.Status.DONE and run.progress == 100
    assert run.item_count == len(responses) and run.item_ids == []
    themes = themes_of(run)
    assert len(themes) == 3
    for theme in themes:
        words = {text.split()[-2] for text in member_texts(theme)}
        assert len(words) <= 2  # one planted topic per theme (digits aside)
        assert theme.members.count() == PER_TOPIC
        assert theme.members.filter(quote_rank__isnull=False).count() == 3
        assert theme.top_words and theme.label == theme.generated_label
    page = moderator_client.get(reverse("feedback:theme_run", args=[run.pk])).content.decode()
    for theme in themes:
        assert theme.label in page
        assert ", ".join(theme.top_words) in page
    assert page.count("<blockquote>") == 9
    assert f"({PER_TOPIC} answers)" in page
    assert "Turn 3 kept themes into tags" in page


def member_texts(theme):
    from consultations.models import Answer

    ids = [int(pk) for pk in theme.members.values_list("object_id", flat=True)]
    return list(Answer.objects.filter(pk__in=ids).values_list("value_text", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_progress_page_works_without_javascript_until_the_worker_is_done(
    moderator_client, consultation, responses
):
    with override_settings(TASKS=DATABASE_TASKS):
        run = find_themes(moderator_client, consultation=consultation.pk)
        url = reverse("feedback:theme_run", args=[run.pk])
        page = moderator_client.get(url)
        text = page.content.decode()
        assert page.status_code == 200
        # No automatic refresh (WCAG 2.2.1, axe's meta-refresh rule): the analyst checks.
        assert 'http-equiv="refresh"' not in text
        assert "0% done" in text and 'value="0"' in text
        assert f'href="{url}">Check again</a>' in text
        assert (
            "<script"
            not in text.split("<body", 1)[1]
            .split("Check again")[0]
            .split("feedback-progress-figure")[1]
        )
        runs_page = moderator_client.get(reverse("feedback:theme_runs")).content.decode()
        assert "Waiting to start (0% done)" in runs_page
        call_command("db_worker", batch=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.DONE
    text = moderator_client.get(url).content.decode()
    assert "Check again" not in text and "Turn 3 kept themes into tags" in text
    assert len(themes_of(run)) == 3


def test_rename_validates_names(moderator_client, consultation, responses):
    run = find_themes(moderator_client, consultation=consultation.pk)
    first, second = themes_of(run)[:2]
    url = reverse("feedback:theme_rename", args=[first.pk])
    field = f"theme-{first.pk}-label"
    result = moderator_client.post(url, {field: "  Street   lighting "})
    assert result.status_code == 302
    first.refresh_from_db()
    assert first.label == "Street lighting"
    for bad, message in [
        ("", "Enter a name for the theme."),
        ("x" * 81, "80 characters or fewer"),
        (second.label.upper(), "Another theme already has that name"),
        ("unclear / other", "kept for answers that fit no theme"),
        ("Bad\u0007name", "control characters"),
    ]:
        page = moderator_client.post(url, {field: bad})
        assert page.status_code == 400, bad
        assert message in page.content.decode(), bad
    first.refresh_from_db()
    assert first.label == "Street lighting"


def test_merge_split_and_discard(moderator_client, consultation, responses):
    run = find_themes(moderator_client, consultation=consultation.pk)
    first, second, third = themes_of(run)
    result = moderator_client.post(
        reverse("feedback:theme_merge", args=[run.pk]),
        {"themes": [first.pk, second.pk], "into": first.pk, "label": "Lights and clubs"},
    )
    assert result.status_code == 302
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.DONE and run.figures["last_error"] == ""
    merged = Theme.objects.get(pk=first.pk)
    assert merged.label == "Lights and clubs"
    assert merged.members.count() == 2 * PER_TOPIC
    assert merged.members.filter(quote_rank__isnull=False).count() == 3
    assert not Theme.objects.filter(pk=second.pk).exists()

    parts = f"split-{merged.pk}-parts"
    result = moderator_client.post(reverse("feedback:theme_split", args=[merged.pk]), {parts: 2})
    assert result.status_code == 302
    kept = themes_of(run)
    assert len(kept) == 3
    assert ThemeMember.objects.filter(theme__run=run).count() == len(responses)
    assert sorted(theme.members.count() for theme in kept) == [PER_TOPIC] * 3

    result = moderator_client.post(
        reverse("feedback:theme_discard", args=[third.pk]), {"discard": "1"}
    )
    assert result.status_code == 302
    third.refresh_from_db()
    assert third.is_discarded
    page = moderator_client.get(reverse("feedback:theme_run", args=[run.pk])).content.decode()
    assert "Discarded:" in page and "Turn 2 kept themes into tags" in page


def test_bad_edits_get_clear_errors_not_500s(moderator_client, consultation, responses):
    run = find_themes(moderator_client, consultation=consultation.pk)
    first = themes_of(run)[0]
    merge = reverse("feedback:theme_merge", args=[run.pk])
    page = moderator_client.post(merge, {"into": first.pk})
    assert page.status_code == 400 and "Choose the themes to merge." in page.content.decode()
    page = moderator_client.post(merge, {"themes": [first.pk], "into": first.pk})
    assert "Choose at least two themes to merge." in page.content.decode()
    page = moderator_client.post(merge, {"themes": ["nope"], "into": "999999"})
    assert page.status_code == 400
    split = reverse("feedback:theme_split", args=[first.pk])
    assert moderator_client.post(split, {f"split-{first.pk}-parts": 99}).status_code == 400
    assert moderator_client.get(reverse("feedback:theme_run", args=[999999])).status_code == 404
    assert moderator_client.get(split).status_code == 405
    bad_filter = moderator_client.get(new_url(age_band="not-a-band"))
    assert bad_filter.status_code == 302
    with pytest.raises(runs.ThemeError):
        runs.request_run("consultations.answer", [], description="x", user=None)


def test_kept_themes_become_tags_on_their_answers_audited_with_counts_kept(
    moderator_client, moderator, consultation, responses
):
    run = find_themes(moderator_client, consultation=consultation.pk)
    first, second, third = themes_of(run)
    runs.rename(first, "Street lighting")
    runs.set_discarded(third, True)
    result = moderator_client.post(reverse("feedback:theme_tags", args=[run.pk]))
    assert result.status_code == 302
    run.refresh_from_db()
    assert run.figures["tagged_answers"] == 2 * PER_TOPIC and run.figures["tags"] == 2
    lighting = FeedbackTag.objects.get(name="Street lighting")
    tagged = set(
        TaggedAnswer.objects.filter(tag=lighting).values_list("content_object_id", flat=True)
    )
    assert tagged == {int(pk) for pk in first.members.values_list("object_id", flat=True)}
    assert TaggedAnswer.objects.count() == 2 * PER_TOPIC  # nothing from the discarded theme
    entries = ModelLogEntry.objects.filter(action=TAG_ANSWER, user=moderator)
    assert entries.count() == 2 * PER_TOPIC
    assert entries.first().data["theme_run"] == run.pk
    assert counts.matches_stored(consultation)
    first.refresh_from_db()
    assert first.tag_id == lighting.pk
    # Again: nothing is tagged twice.
    moderator_client.post(reverse("feedback:theme_tags", args=[run.pk]))
    assert TaggedAnswer.objects.count() == 2 * PER_TOPIC
    assert counts.matches_stored(consultation)


def test_filters_of_the_listing_are_respected_and_withdrawn_answers_left_out(
    moderator_client, consultation, responses
):
    chosen = responses[:PER_TOPIC]
    Response.objects.filter(pk__in=[r.pk for r in chosen]).update(age_band="18_25")
    Response.objects.filter(pk=chosen[0].pk).update(is_withdrawn=True)
    page = moderator_client.get(reverse("feedback:responses"), {"age_band": "18_25"})
    assert reverse("feedback:theme_new") + "?age_band=18_25" in page.content.decode()
    run = find_themes(moderator_client, age_band="18_25")
    assert run.item_count == PER_TOPIC - 1
    assert "where Age band" in run.description or "where age_band" in run.description
    members = {
        int(pk)
        for pk in ThemeMember.objects.filter(theme__run=run).values_list("object_id", flat=True)
    }
    expected = {r.answers.get(question_id="q-long").pk for r in chosen[1:]}
    assert members == expected


def refused(result) -> bool:
    """Wagtail answers a signed-in user without the permission with a redirect home."""
    return result.status_code == 403 or (
        result.status_code == 302 and result["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize(
    "name, method",
    [
        ("theme_runs", "get"),
        ("theme_new", "get"),
        ("theme_new", "post"),
        ("theme_run", "get"),
        ("theme_merge", "post"),
        ("theme_tags", "post"),
        ("theme_rename", "post"),
        ("theme_discard", "post"),
        ("theme_split", "post"),
    ],
)
def test_only_staff_who_code_answers_may_use_themes(
    moderator_client, content_editor, django_user_model, consultation, responses, name, method
):
    run = find_themes(moderator_client, consultation=consultation.pk)
    editor_client, client = Client(), Client()
    editor_client.force_login(content_editor)
    theme = themes_of(run)[0]
    args = {
        "theme_runs": [],
        "theme_new": [],
        "theme_run": [run.pk],
        "theme_merge": [run.pk],
        "theme_tags": [run.pk],
    }.get(name, [theme.pk])
    url = reverse(f"feedback:{name}", args=args)
    assert refused(getattr(editor_client, method)(url))
    reader = django_user_model.objects.create_user("reader", password="x")
    for codename in ("access_admin", "view_response"):
        reader.user_permissions.add(Permission.objects.get(codename=codename))
    from tests.support.mfa import give_mfa

    give_mfa(reader)
    client.force_login(reader)
    assert refused(getattr(client, method)(url))
    client.logout()
    result = getattr(client, method)(url)
    assert result.status_code == 302 and "login" in result["Location"]
    assert ThemeRun.objects.count() == 1
    assert not TaggedAnswer.objects.exists()


def test_themes_go_with_the_answers(moderator_client, consultation, responses, django_user_model):
    find_themes(moderator_client, consultation=consultation.pk)
    total = ThemeMember.objects.count()
    assert total == len(responses)
    # Redaction, retention and account deletion forget the vectors: memberships go with them.
    from language.services import forget

    forget(Response, [responses[0].pk])
    assert ThemeMember.objects.count() == total - 1
    # Deleting a response in the workspace.
    delete_response(responses[1], None)
    assert ThemeMember.objects.count() == total - 2
    # A resident withdrawing theirs.
    from consultations.services import withdraw_response

    resident = django_user_model.objects.create_user("resident", password="x")
    Response.objects.filter(pk=responses[2].pk).update(user=resident)
    withdraw_response(Response.objects.get(pk=responses[2].pk), resident)
    assert ThemeMember.objects.count() == total - 3
    # The run itself after THEME_RUN_KEEP_DAYS, through the retention job.
    with override_settings(THEME_RUN_KEEP_DAYS=30):
        counts_by_job = apply_retention(timezone.now() + timezone.timedelta(days=31))
    assert counts_by_job["assisted_coding.theme_runs"]["theme_runs_deleted"] == 1
    assert not ThemeRun.objects.exists() and not ThemeMember.objects.exists()
