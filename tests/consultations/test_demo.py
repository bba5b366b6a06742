"""The demo content: idempotent, with an open multi-step consultation a resident can finish."""

from consultations import demo
from consultations.feedback import counts
from consultations.models import ConsultationPage, Response

from .helpers import check_url, step_url


def test_seed_is_idempotent_and_complete(home_page):
    demo.seed()
    demo.seed()
    open_one = ConsultationPage.objects.get(slug="what-would-make-your-area-feel-safer")
    assert open_one.current_status == "open" and open_one.is_sensitive
    assert len(open_one.steps()) == 3
    assert open_one.priority_areas.count() == 3
    assert ConsultationPage.objects.get(slug="youth-spaces-in-the-evening").current_status == (
        "upcoming"
    )
    closed = ConsultationPage.objects.get(slug="safer-journeys-to-school")
    assert closed.current_status == "results_published"
    assert Response.objects.filter(consultation=closed).count() == 30
    assert ConsultationPage.objects.count() == 3
    # Some demo parents are champions in their borough's network, and the dashboard's stored
    # totals agree with the answers the seed made.
    assert Response.objects.filter(consultation=closed, networks__isnull=False).exists()
    assert counts.matches_stored(closed)


def test_a_resident_can_finish_the_demo_consultation(client, home_page, skip_min_time):
    demo.seed()
    page = ConsultationPage.objects.get(slug="what-would-make-your-area-feel-safer")
    steps = [
        {
            "demo-safer-feel-safe": "Not very safe",
            "demo-safer-places": ["Park"],
            "demo-safer-enough-places": "Disagree",
            "demo-safer-more": "Yes",
        },
        {
            "demo-safer-what-would-help": "More lights near the station.",
            "demo-safer-ranking_0": "1",
            "demo-safer-ranking_1": "2",
            "demo-safer-ranking_2": "3",
            "demo-safer-ranking_3": "4",
            "demo-safer-ranking_4": "5",
            "demo-safer-trusted-adult": "Yes",
        },
        {"demo-safer-age": "16_17", "demo-safer-borough": "Croydon"},
    ]
    for number, data in enumerate(steps, 1):
        client.get(step_url(page, number))
        assert client.post(step_url(page, number), data).status_code == 302
    body = client.get(check_url(page)).content.decode()
    token = body.split('name="submission_token" value="')[1].split('"')[0]
    assert client.post(check_url(page), {"submission_token": token}).status_code == 302
    response = Response.objects.get(consultation=page)
    assert response.borough.name == "Croydon"
    assert response.answers.count() == 9


def test_the_demo_route_skips_to_the_questions_about_you(client, home_page, skip_min_time):
    demo.seed()
    page = ConsultationPage.objects.get(slug="what-would-make-your-area-feel-safer")
    first = {
        "demo-safer-feel-safe": "Fairly safe",
        "demo-safer-places": ["Park"],
        "demo-safer-enough-places": "Agree",
        "demo-safer-more": "No, skip to the questions about me",
    }
    client.get(step_url(page, 1))
    assert client.post(step_url(page, 1), first)["Location"] == step_url(page, 3)
    about_you = {"demo-safer-age": "16_17", "demo-safer-borough": "Croydon"}
    assert client.post(step_url(page, 3), about_you)["Location"] == check_url(page)
    body = client.get(check_url(page)).content.decode()
    assert "What would make your area feel safer?</dt>" not in body
    assert body.count('class="summary-list__row"') == 8
