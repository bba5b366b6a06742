"""Group sessions: a youth club, class or workshop answering together on one connection,
through the link staff made for it. Through real HTTP, from the admin to the marked
response in the feedback workspace."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.utils import timezone

from consultations.models import GroupSession, Response
from tests.accounts.helpers import make_user
from tests.support.mfa import give_mfa

from .conftest import question
from .helpers import answer_steps, submission_token, submit

SHORT_SURVEY = [
    question("q-where", "short_text", label="Where do you live?", max_length=40),
    question("q-safe", "single_choice", label="How safe?", options_list=["Safe", "Unsafe"]),
]
SHORT_ANSWERS = {1: {"q-where": "Hackney", "q-safe": "Safe"}}
YOUTH_CLUB = "203.0.113.50"


@pytest.fixture
def survey_page(make_consultation):
    """A one-step consultation (named so as not to hide Playwright's `survey_page` fixture)."""
    return make_consultation(survey=SHORT_SURVEY)


def make_session(survey_page, *, expected=30, starts_in=-30, lasts=120, name="Hackney youth club"):
    now = timezone.now()
    return GroupSession.objects.create(
        name=name,
        consultation=survey_page,
        starts_at=now + timedelta(minutes=starts_in),
        ends_at=now + timedelta(minutes=starts_in + lasts),
        expected_people=expected,
    )


def join(browser, group_session):
    return browser.get(group_session.path())


def send(browser, survey_page):
    answer_steps(browser, survey_page, SHORT_ANSWERS)
    return submit(browser, survey_page, submission_token(browser, survey_page))


@override_settings(CONSULTATION_ADDRESS_CEILING=(20, 3600))
def test_sixty_people_on_one_connection_through_a_group_link_all_get_through(
    survey_page, skip_min_time
):
    group_session = make_session(survey_page, expected=60)
    statuses = []
    for _ in range(60):
        phone = Client(REMOTE_ADDR=YOUTH_CLUB)
        joined = join(phone, group_session)
        assert joined.status_code == 200
        assert "You are answering with Hackney youth club" in joined.content.decode()
        statuses.append(send(phone, survey_page).status_code)

    assert statuses == [302] * 60
    assert Response.objects.filter(group_session=group_session).count() == 60
    group_session.refresh_from_db()
    assert group_session.admitted == 60
    # The group did not use up the connection's ceiling for people answering on their own.
    alone = [send(Client(REMOTE_ADDR=YOUTH_CLUB), survey_page).status_code for _ in range(21)]
    assert alone == [302] * 20 + [429]
    assert Response.objects.filter(group_session__isnull=True).count() == 20


@override_settings(CONSULTATION_SESSION_LIMIT=(1, 3600))
def test_a_shared_tablet_in_a_group_session_takes_turns(survey_page, skip_min_time):
    group_session = make_session(survey_page, expected=5)
    tablet = Client(REMOTE_ADDR=YOUTH_CLUB)
    join(tablet, group_session)
    sent = [send(tablet, survey_page) for _ in range(5)]
    assert [response.status_code for response in sent] == [302] * 5
    assert Response.objects.filter(group_session=group_session).count() == 5
    confirmation = tablet.get(sent[-1]["Location"]).content.decode()
    assert "Start again for the next person" in confirmation
    # Someone answering on their own is not offered it.
    alone = Client()
    assert (
        "Start again for the next person"
        not in alone.get(send(alone, survey_page)["Location"]).content.decode()
    )


@override_settings(CONSULTATION_SESSION_LIMIT=(1, 3600))
def test_a_group_session_lifts_limits_only_up_to_a_multiple_of_its_head_count(
    survey_page, skip_min_time
):
    group_session = make_session(survey_page, expected=1)  # room for 2
    tablet = Client(REMOTE_ADDR=YOUTH_CLUB)
    join(tablet, group_session)
    # Two under the group session, then the normal per-browser limit (1 an hour).
    assert [send(tablet, survey_page).status_code for _ in range(4)] == [302, 302, 302, 429]
    # Sent during the session, so all three are marked.
    assert Response.objects.filter(group_session=group_session).count() == 3


def test_a_full_group_link_falls_back_to_the_normal_rules(survey_page, skip_min_time):
    group_session = make_session(survey_page, expected=2)  # lets 4 browsers in
    for _ in range(4):
        assert "You are answering with" in join(Client(), group_session).content.decode()

    latecomer = Client(REMOTE_ADDR=YOUTH_CLUB)
    joined = join(latecomer, group_session)

    assert joined.status_code == 200
    body = joined.content.decode()
    assert "This group link is not working now" in body
    assert "You can still answer on your own" in body
    assert send(latecomer, survey_page).status_code == 302
    assert Response.objects.get().group_session is None


def test_an_ended_group_link_falls_back_with_a_plain_message(survey_page, skip_min_time):
    group_session = make_session(survey_page, starts_in=-180, lasts=60)
    browser = Client()
    joined = join(browser, group_session)
    assert joined.status_code == 200
    assert "has ended" in joined.content.decode()
    assert send(browser, survey_page).status_code == 302
    assert Response.objects.get().group_session is None


def test_a_group_link_before_its_start_says_when(survey_page, skip_min_time):
    group_session = make_session(survey_page, starts_in=60)
    joined = join(Client(), group_session)
    assert joined.status_code == 200
    assert f"starts at {group_session.starts_display}" in joined.content.decode()
    group_session.refresh_from_db()
    assert group_session.admitted == 0


def test_a_group_session_ending_while_someone_answers_leaves_them_to_the_normal_rules(
    survey_page, skip_min_time, time_machine
):
    group_session = make_session(survey_page, starts_in=-30, lasts=40)
    browser = Client()
    join(browser, group_session)
    answer_steps(browser, survey_page, SHORT_ANSWERS)
    token = submission_token(browser, survey_page)
    time_machine.move_to(timezone.now() + timedelta(minutes=15), tick=False)
    assert submit(browser, survey_page, token).status_code == 302
    assert Response.objects.get().group_session is None


def test_a_wrong_group_code_gets_a_friendly_page(survey_page):
    response = Client().get(survey_page.subpage_url("group_route", code="NOTACODE12"))
    assert response.status_code == 404
    assert "This group link does not work" in response.content.decode()


def test_opening_the_link_twice_counts_one_browser(survey_page):
    group_session = make_session(survey_page)
    browser = Client()
    join(browser, group_session)
    join(browser, group_session)
    group_session.refresh_from_db()
    assert group_session.admitted == 1


def test_group_codes_are_typed_case_insensitively(survey_page):
    group_session = make_session(survey_page)
    lower = survey_page.subpage_url("group_route", code=group_session.code.lower())
    assert "You are answering with" in Client().get(lower).content.decode()


# --- staff ---------------------------------------------------------------------------------


def staff_member(role):
    user = make_user(email=f"{role.replace(' ', '.').lower()}@example.org")
    user.groups.add(Group.objects.get(name=role))
    give_mfa(user)
    client = Client()
    client.force_login(user)
    return user, client


def form_data(survey_page, **overrides):
    now = timezone.localtime()
    return {
        "name": "Year 10, Stoke Newington School",
        "consultation": survey_page.pk,
        "starts_at": now.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "expected_people": "28",
        **overrides,
    }


@pytest.mark.parametrize("role", ["Feedback moderator", "Feedback manager"])
def test_feedback_staff_create_a_group_session_and_see_its_link(survey_page, role):
    user, client = staff_member(role)
    assert client.get("/admin/group_sessions/new/").status_code == 200

    created = client.post("/admin/group_sessions/new/", form_data(survey_page))

    assert created.status_code == 302, created.content.decode()[:3000]
    group_session = GroupSession.objects.get()
    assert group_session.created_by == user
    assert len(group_session.code) == 10
    listing = client.get("/admin/group_sessions/").content.decode()
    assert "Year 10, Stoke Newington School" in listing
    assert group_session.link() in listing
    assert group_session.link().startswith("http://testserver/")


def test_a_group_session_window_is_checked(survey_page):
    _user, client = staff_member("Feedback manager")
    now = timezone.localtime()
    backwards = client.post(
        "/admin/group_sessions/new/",
        form_data(survey_page, ends_at=(now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")),
    )
    too_long = client.post(
        "/admin/group_sessions/new/",
        form_data(survey_page, ends_at=(now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")),
    )
    assert backwards.status_code == 200
    assert "The end must be after the start." in backwards.content.decode()
    assert "at most 24 hours" in too_long.content.decode()
    assert not GroupSession.objects.exists()


@pytest.mark.parametrize("role", ["Content editor", "YPAG editor", "Safeguarding lead"])
def test_other_staff_cannot_make_group_sessions(survey_page, role):
    _user, client = staff_member(role)
    response = client.post("/admin/group_sessions/new/", form_data(survey_page))
    assert response.status_code in (302, 403)
    assert not GroupSession.objects.exists()


def test_residents_cannot_reach_group_sessions_in_the_admin(survey_page):
    resident = make_user()
    client = Client()
    client.force_login(resident)
    assert client.get("/admin/group_sessions/").status_code == 302
    assert client.post("/admin/group_sessions/new/", form_data(survey_page)).status_code == 302
    assert not GroupSession.objects.exists()


def test_a_group_session_with_responses_is_kept(survey_page, staff_client, skip_min_time):
    group_session = make_session(survey_page)
    browser = Client()
    join(browser, group_session)
    send(browser, survey_page)

    response = staff_client.post(f"/admin/group_sessions/delete/{group_session.pk}/")

    assert response.status_code == 302
    assert GroupSession.objects.filter(pk=group_session.pk).exists()
    assert Response.objects.get().group_session == group_session


def test_analysts_see_and_filter_by_group_session(survey_page, skip_min_time):
    group_session = make_session(survey_page)
    in_group = Client()
    join(in_group, group_session)
    send(in_group, survey_page)
    send(Client(), survey_page)
    marked = Response.objects.get(group_session=group_session)
    alone = Response.objects.get(group_session__isnull=True)
    _user, client = staff_member("Feedback moderator")

    detail = client.get(f"/admin/feedback/responses/{marked.pk}/").content.decode()
    assert "Group session" in detail and "Hackney youth club" in detail
    unmarked = client.get(f"/admin/feedback/responses/{alone.pk}/").content.decode()
    assert "Hackney youth club" not in unmarked

    filtered = client.get("/admin/feedback/", {"group_session": group_session.pk})
    assert filtered.status_code == 200
    body = filtered.content.decode()
    assert marked.reference in body
    assert alone.reference not in body
