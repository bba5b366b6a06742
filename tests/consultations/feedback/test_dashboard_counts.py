"""The unfiltered dashboard reads running totals kept by the services. It must change the
moment a response is submitted, coded, hidden, withdrawn or deleted, and always agree with the
live aggregates that filtered dashboards use."""

import random
import re

import pytest

from django.test import Client
from django.urls import reverse

from consultations import services as consultation_services
from consultations.feedback import counts, services
from consultations.feedback.synthesis import build_synthesis, stored_synthesis
from consultations.models import Response, SynthesisCount
from home.models import Borough, Network, PriorityArea
from tests.consultations.conftest import VALID_ANSWERS
from tests.consultations.feedback.factories import make_response
from tests.consultations.helpers import answer_steps, submission_token, submit


@pytest.fixture(autouse=True)
def every_count_shown(settings):
    """One response at a time: small numbers are tested in test_disclosure."""
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 1


def counted(html: str) -> int:
    match = re.search(r"<strong>(\d+)</strong> responses? counted", html)
    assert match, "no response count on the dashboard"
    return int(match.group(1))


def table_row(html: str, label: str) -> tuple[str, str] | None:
    match = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td>(\d+)</td><td>([^<]+)</td>', html
    )
    return (match.group(1), match.group(2)) if match else None


def coding_progress(html: str) -> str:
    match = re.search(r"Coding progress: (\d+ of \d+) free-text answers", html)
    assert match
    return match.group(1)


@pytest.fixture
def staff(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def dashboards(staff, consultation) -> list[str]:
    return [
        staff.get(reverse("feedback:dashboard")).content.decode(),
        staff.get(reverse("feedback:dashboard", args=[consultation.pk])).content.decode(),
    ]


def test_dashboard_counts_a_response_as_soon_as_it_is_submitted(
    client, staff, make_consultation, skip_min_time
):
    surveyed = make_consultation()
    before = dashboards(staff, surveyed)
    assert [counted(html) for html in before] == [0, 0]

    answer_steps(client, surveyed, VALID_ANSWERS)
    result = submit(client, surveyed, submission_token(client, surveyed))
    assert result.status_code == 302
    assert Response.objects.count() == 1

    for html in dashboards(staff, surveyed):
        assert counted(html) == 1
        assert table_row(html, "Safe") == ("1", "100%")  # single choice
        assert table_row(html, "Park") == ("1", "100%")  # multiple choice
        assert table_row(html, "Agree") == ("1", "100%")  # agreement scale
        assert table_row(html, "16 or 17") == ("1", "100%")  # age band
        # short and long text, and "Other, please say" (own words too: decision 0019)
        assert coding_progress(html) == "0 of 3"
    assert counts.matches_stored(surveyed)


def test_dashboard_shows_coding_as_soon_as_an_answer_is_coded(staff, consultation):
    response = make_response(consultation)
    answer = response.answers.get(question_id="q-long")
    area = PriorityArea.objects.order_by("number").first()
    html = dashboards(staff, consultation)[1]
    assert coding_progress(html) == "0 of 1"
    assert table_row(html, area.short_name) is None

    result = staff.post(
        reverse("feedback:code_answer", args=[answer.pk]),
        {f"answer-{answer.pk}-priority_areas": [area.pk], f"answer-{answer.pk}-tags": "lights"},
    )
    assert result.status_code == 302

    for html in dashboards(staff, consultation):
        assert coding_progress(html) == "1 of 1"
        assert table_row(html, area.short_name) == ("1", "100%")
        assert table_row(html, "lights") == ("1", "100%")

    staff.post(
        reverse("feedback:code_answer", args=[answer.pk]),
        {f"answer-{answer.pk}-tags": ""},
    )
    html = dashboards(staff, consultation)[1]
    assert coding_progress(html) == "0 of 1"
    assert table_row(html, "lights") is None


def test_hiding_withdrawing_and_deleting_take_responses_out(
    staff, manager, consultation, django_user_model
):
    resident = django_user_model.objects.create_user(username="resident", password="x")
    kept = make_response(consultation, safe="Safe")
    spam = make_response(consultation, safe="Unsafe")
    withdrawn = make_response(consultation, safe="Unsafe", user=resident)
    deleted = make_response(consultation, safe="Unsafe")
    assert table_row(dashboards(staff, consultation)[1], "Unsafe") == ("3", "75%")

    services.set_moderation_status([spam], Response.ModerationStatus.HIDDEN, manager)
    consultation_services.withdraw_response(withdrawn, resident)
    services.delete_response(deleted, manager)
    html = dashboards(staff, consultation)[1]
    assert counted(html) == 1
    assert table_row(html, "Safe") == ("1", "100%")
    assert table_row(html, "Unsafe") is None

    services.set_moderation_status([spam], Response.ModerationStatus.REVIEWED, manager)
    html = dashboards(staff, consultation)[1]
    assert counted(html) == 2
    assert table_row(html, "Unsafe") == ("1", "50%")
    assert counts.matches_stored(consultation) and counts.matches_stored()
    assert kept.pk


def test_stored_totals_always_match_the_live_aggregates(manager, consultation):
    """Random submissions, coding, tag merges, moderation and deletion: after each step the
    stored totals equal the live aggregates, per consultation and over all of them."""
    from tests.consultations.feedback.factories import make_consultation

    other = make_consultation("Another consultation")
    randomiser = random.Random(7)
    boroughs = list(Borough.objects.all()[:3]) + [None]
    networks = list(Network.objects.all()[:3])
    areas = list(PriorityArea.objects.all())
    tag_names = ["parks", "lights", "buses", "jobs"]
    responses = []
    for step in range(60):
        action = randomiser.choice(["submit", "submit", "code", "moderate", "merge", "delete"])
        if action == "submit" or not responses:
            responses.append(
                make_response(
                    randomiser.choice([consultation, other]),
                    free_text=randomiser.choice(["More clubs", "Lights", ""]),
                    safe=randomiser.choice(["Safe", "Unsafe", ""]),
                    places=randomiser.sample(["Park", "Club", "Library"], randomiser.randint(0, 2)),
                    networks=randomiser.sample(networks, randomiser.randint(0, 2)),
                    age_band=randomiser.choice(["", "11_15", "16_17"]),
                    borough=randomiser.choice(boroughs),
                )
            )
        elif action == "code":
            answer = randomiser.choice(responses).answers.order_by("?").first()
            services.set_answer_coding(
                answer,
                randomiser.sample(areas, randomiser.randint(0, 2)),
                randomiser.sample(tag_names, randomiser.randint(0, 2)),
                manager,
            )
        elif action == "moderate":
            chosen = randomiser.sample(responses, min(3, len(responses)))
            for response in chosen:
                response.refresh_from_db()
            status = randomiser.choice(Response.ModerationStatus.values)
            services.set_moderation_status(chosen, status, manager)
        elif action == "merge":
            from consultations.models import FeedbackTag

            tags = list(FeedbackTag.objects.order_by("?")[:2])
            if len(tags) == 2:
                services.merge_tags([tags[0]], tags[1], manager)
        else:
            services.delete_response(responses.pop(randomiser.randrange(len(responses))), manager)
        for scope in (None, consultation, other):
            assert counts.matches_stored(scope), (step, action, scope)

    counted_responses = counts.counted_responses()
    assert stored_synthesis() == build_synthesis(counted_responses)
    assert stored_synthesis(other) == build_synthesis(counted_responses.filter(consultation=other))


def test_rebuild_recounts_changes_made_behind_the_services_back(consultation):
    response = make_response(consultation)
    response.answers.get(question_id="q-long").tags.add("bulk-imported")
    assert not counts.matches_stored(consultation)
    assert counts.rebuild() > 0
    assert counts.matches_stored(consultation)
    assert counts.matches_stored()


def test_filtered_dashboards_aggregate_live(staff, consultation):
    response = make_response(consultation, age_band="18_25")
    SynthesisCount.objects.all().delete()  # the running totals are not used when filtering
    html = staff.get(
        reverse("feedback:dashboard", args=[consultation.pk]), {"age_band": "18_25"}
    ).content.decode()
    assert counted(html) == 1
    assert table_row(html, "Safe") == ("1", "100%")
    assert response.pk


def test_deleting_a_consultation_deletes_its_totals(consultation):
    make_response(consultation)
    assert SynthesisCount.objects.filter(consultation=consultation).exists()
    Response.objects.filter(consultation=consultation).delete()
    consultation.delete()
    assert not SynthesisCount.objects.exists()


def test_reconcile_recounts_only_what_drifted(consultation):
    from tests.consultations.feedback.factories import make_consultation

    other = make_consultation("Another consultation")
    make_response(other)
    answer = make_response(consultation).answers.get(question_id="q-long")
    assert counts.reconcile() == []
    area = PriorityArea.objects.create(
        number=99, name="Short-lived", short_name="Gone", slug="gone", summary="x"
    )
    services.set_answer_coding(answer, [area], [], user=None)
    area.delete()  # in the admin: the answer is no longer coded
    assert counts.reconcile() == [consultation.pk]
    assert counts.matches_stored(consultation) and counts.matches_stored()


def test_reconciling_is_a_daily_job():
    from home.scheduling import registered_jobs

    assert "consultations.reconcile_synthesis_counts" in {job.name for job in registered_jobs()}


def test_demo_responses_are_counted(db):
    from consultations import demo

    demo.seed()
    assert Response.objects.exists()
    assert counts.matches_stored()
