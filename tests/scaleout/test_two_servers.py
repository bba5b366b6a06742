"""Nothing is per-process: one visitor's consecutive requests land on different web servers
(as behind a load balancer) and everything behaves as on one server. Each check would fail
if its state lived in a web process's memory (locmem cache, module globals)."""

import time

import pytest
import requests

from home.models import StandardPage
from safeguarding.models import SafeguardingCategory, SafeguardingFlag, SafeguardingPhrase
from tests.accounts.helpers import PASSWORD, make_staff, make_user
from tests.support.mfa import give_mfa, totp_code
from tests.support.site_content import build_minimal_site

from .conftest import csrf_token, two_step_consultation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def visitor() -> requests.Session:
    """One person's browser. A load balancer passes the site's one host name to every server
    (allauth keys sign-in limits, and the page cache keys pages, by it)."""
    session = requests.Session()
    session.headers["Host"] = "localhost"
    return session


def get(session, servers, path, **kwargs):
    return session.get(servers.next() + path, allow_redirects=False, timeout=30, **kwargs)


def post_form(session, servers, path, data, *, to=None):
    """Load the form on one server and send it to the other (or to `to`), with the CSRF
    token from the first: the token and the session must mean the same on both. Successive
    calls send their forms to alternate servers."""
    form_server = servers.next()
    page = session.get(form_server + path, allow_redirects=False, timeout=30)
    assert page.status_code == 200, (
        form_server + path,
        page.status_code,
        page.headers.get("Location"),
    )
    return session.post(
        (to or servers.other(form_server)) + path,
        {"csrfmiddlewaretoken": csrf_token(page.text), **data},
        allow_redirects=False,
        timeout=30,
    )


def sign_in(session, servers, email, password=PASSWORD, *, to=None):
    return post_form(
        session, servers, "/accounts/login/", {"login": email, "password": password}, to=to
    )


def test_a_sign_in_and_its_csrf_token_hold_on_either_server(servers):
    make_user("resident@example.org")
    session = visitor()
    response = sign_in(session, servers, "resident@example.org")
    assert response.status_code == 302, response.text[:2000]
    for _ in range(2):  # one request to each server
        account = get(session, servers, "/my-account/")
        assert account.status_code == 200
        assert "resident@example.org" in account.text

    signed_out = post_form(session, servers, "/accounts/logout/", {})
    assert signed_out.status_code == 302
    for _ in range(2):
        assert get(session, servers, "/my-account/").status_code == 302  # to sign in


def test_failed_sign_ins_are_counted_across_servers(servers):
    make_user("resident@example.org")
    session = visitor()
    for _ in range(5):  # allauth's login_failed limit: 5 per address in 5 minutes
        refused = sign_in(session, servers, "resident@example.org", password="wrong guess")
        assert refused.status_code == 200, refused.headers.get("Location")
        assert "error-summary" in refused.text
    # Spread over two servers, the guesses still add up: even the right password is refused.
    blocked = sign_in(session, servers, "resident@example.org")
    assert blocked.status_code == 200
    assert "You have tried too many times" in blocked.text


def test_a_security_code_cannot_be_used_twice_on_two_servers(servers):
    staff = make_staff()
    secret = give_mfa(staff)
    # Stay inside one 30-second code period, so a refusal can only mean "already used".
    if time.time() % 30 > 20:
        time.sleep(31 - time.time() % 30)
    code = totp_code(secret)

    one, two = servers.urls
    first = visitor()
    assert sign_in(first, servers, staff.email).headers["Location"] == "/accounts/2fa/authenticate/"
    accepted = post_form(first, servers, "/accounts/2fa/authenticate/", {"code": code}, to=one)
    assert accepted.status_code == 302

    second = visitor()
    assert sign_in(second, servers, staff.email).headers["Location"] == (
        "/accounts/2fa/authenticate/"
    )
    replayed = post_form(second, servers, "/accounts/2fa/authenticate/", {"code": code}, to=two)
    assert replayed.status_code == 200
    assert "error-summary" in replayed.text
    assert get(second, servers, "/admin/").status_code == 302


def test_the_page_cache_is_shared_and_a_publish_purges_it_for_every_server(servers, shared_cache):
    build_minimal_site()
    page = StandardPage.objects.get(slug="about-us")
    path = page.url
    anonymous = [visitor().get(url + path, timeout=30) for url in servers.urls]
    assert [response.headers.get("X-Cache") for response in anonymous] == ["MISS", "HIT"]

    page.title = "About the VRU, updated"
    page.save_revision().publish()
    for url in servers.urls:
        fresh = visitor().get(url + path, timeout=30)
        assert fresh.status_code == 200
        assert "About the VRU, updated" in fresh.text


def test_surveys_cross_servers_once_each_and_both_screen_with_a_phrase_added_since(
    servers, shared_cache
):
    from consultations.models import Response

    consultation = two_step_consultation()
    step_1 = consultation.subpage_url("step_route", number=1)
    step_2 = consultation.subpage_url("step_route", number=2)
    check = consultation.subpage_url("check_route")

    def answer(text):
        """Steps and check-your-answers, each request on the next server. Returns the
        session, the check page and its submission token."""
        session = visitor()
        answered = post_form(session, servers, step_1, {"q-long": text})
        assert answered.status_code == 302, answered.text[:2000]
        assert post_form(session, servers, step_2, {"q-more": ""}).status_code == 302
        review = get(session, servers, check)
        assert text in review.text  # the other server has this visitor's answers
        token = review.text.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
        return session, review, token

    def send(journey, url):
        session, review, token = journey
        return session.post(
            url + check,
            {"csrfmiddlewaretoken": csrf_token(review.text), "submission_token": token},
            allow_redirects=False,
            timeout=30,
        ).status_code

    # Each server screens one answer first, so each has compiled the phrase list.
    before = [answer("More youth clubs please"), answer("Better lighting in the park")]
    time.sleep(3)  # the survey's minimum time to complete (a bot check)
    assert [send(journey, url) for journey, url in zip(before, servers.urls, strict=True)] == [
        302,
        302,
    ]
    assert not SafeguardingFlag.objects.exists()

    # A phrase added now, on "another server" (this process): both servers must use it.
    SafeguardingPhrase.objects.create(
        phrase="lanterns in the stairwell", category=SafeguardingCategory.objects.first()
    )
    after = [answer("The lanterns in the stairwell scare me") for _ in servers.urls]
    time.sleep(3)
    assert [send(journey, url) for journey, url in zip(after, servers.urls, strict=True)] == [
        302,
        302,
    ]
    # The same submission resent to the other server is not stored twice.
    assert send(after[0], servers.urls[1]) == 302
    assert Response.objects.filter(consultation=consultation).count() == 4
    flagged = Response.objects.filter(answers__value_text__contains="lanterns")
    assert set(SafeguardingFlag.objects.values_list("object_id", flat=True)) == {
        str(pk) for pk in flagged.values_list("pk", flat=True)
    }
    assert flagged.count() == 2
