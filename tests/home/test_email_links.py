"""Every email the site sends links to the one configured site address (WAGTAILADMIN_BASE_URL).

The address here differs from the test client's host ("testserver") and from the Wagtail
Site record ("localhost", port 80), so a link built from either is caught. The emails are
caused the way people cause them (HTTP requests where a person clicks, services where the
scheduler or an editor acts), and the test fails if any email template in the project was
not rendered, so a new email cannot skip the check.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.utils import timezone

from commitments.models import Commitment
from commitments.services import notify_hear_back
from consultations.models import ConsultationPage, Response
from consultations.services import new_reference, new_submission_token, publish_results
from consultations.services.publishing import PublicationChoice, record_consent
from events import privacy
from events import services as events
from events.messaging import send_message
from events.models import AttendeeMessage, EventIndexPage
from safeguarding.services import screen_and_flag
from tests.accounts.helpers import PASSWORD, make_staff, make_user, sign_in
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    VALID_ANSWERS,
    consultation,
    home_page,
    index_page,
    make_consultation,
    skip_min_time,
)
from tests.consultations.helpers import answer_steps
from tests.events.factories import create_event, create_event_index
from tests.support.mfa import totp_code

pytestmark = pytest.mark.django_db

SITE = "https://vru.example.org:8443"
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
REPO = Path(settings.BASE_DIR)


def email_templates() -> set[str]:
    """Every email template in the project (as Django names it), allauth's overrides included."""
    names = set()
    for path in REPO.glob("*/**/templates/**/email/*.txt"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        names.add(str(path).split("/templates/", 1)[1])
    names.add("safeguarding/alert.txt")
    return names


@pytest.fixture
def rendered():
    names: set[str] = set()

    def record(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def last_link(fragment: str, to: str) -> str:
    """The link containing `fragment` in the latest email to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            for link in LINK.findall(message.body):
                if fragment in link:
                    return link
    raise AssertionError(f"no email to {to} with a {fragment} link")


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def cause_event_emails():
    event_index = create_event_index()
    event = create_event(event_index, capacity=1, parent_consent_for_under_16s=True)
    booked = events.book_place(event, first_name="Sam", email="sam@example.org")  # confirmation
    events.book_place(event, first_name="Kim", email="kim@example.org")  # waitlist
    events.cancel_registration(booked)  # cancellation, then promotion for Kim
    events.book_place(event, first_name="Kim", email="kim@example.org")  # "already booked"

    consent_event = create_event(event_index, parent_consent_for_under_16s=True)
    held = events.book_place(
        consent_event,
        first_name="Ash",
        email="ash@example.org",
        under_16=True,
        parent_email="parent@example.org",
    )  # consent_pending, parent_consent
    events.release_expired_holds(now=held.hold_expires_at + timedelta(minutes=1))

    soon = create_event(event_index, start=timezone.now() + timedelta(hours=2))
    events.book_place(soon, first_name="Lee", email="lee@example.org")
    privacy.send_due_reminders()


def cause_consultation_emails(consultation):  # noqa: F811 - the fixture's value
    client = Client()
    answer_steps(client, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    client.post(consultation.subpage_url("continue_later_route"), {"email": "yp@example.org"})

    Response.objects.create(
        consultation=consultation,
        reference=new_reference(),
        submission_token=new_submission_token(),
        contact_email="told@example.org",
    )
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.opens_at = consultation.closes_at - timedelta(days=10)
    consultation.results_what_we_will_do = "<p>We will open two more youth clubs.</p>"
    consultation.save_revision().publish()
    publish_results(ConsultationPage.objects.get(pk=consultation.pk))


def cause_coordinator_publishing_and_commitment_emails(consultation):  # noqa: F811
    """A message to an event's attendees, a parent asked to agree to publishing, and a
    commitment's progress update to the hear-back list (issue 19)."""
    event = create_event(EventIndexPage.objects.get(), start=timezone.now() + timedelta(days=9))
    events.book_place(event, first_name="Rae", email="rae@example.org")
    send_message(
        event,
        user=make_user(email="coordinator@example.org"),
        audiences=[AttendeeMessage.Audience.PLACES],
        subject="Room change",
        body="We have moved to the hall.",
        key="email-links-test",
    )
    consultation.publish_responses = True
    young = Response.objects.create(
        consultation=consultation,
        reference=new_reference(),
        submission_token=new_submission_token(),
        age_band="11_15",
    )
    record_consent(
        young,
        PublicationChoice(consent=True, says_16_or_over=False, parent_email="carer@example.org"),
    )
    commitment = Commitment(
        title="Trusted adults at bus stops",
        what_we_said="Fund youth workers at bus stops near schools.",
        owner="VRU Youth Programmes team",
        consultation=consultation,
        status="in_progress",
        progress=40,
        updates=[
            ("update", {"date": timezone.localdate(), "note": "Six stops so far.", "status": ""})
        ],
    )
    commitment.live = False
    commitment.save()
    commitment.save_revision().publish()
    notify_hear_back(commitment.pk)


def cause_safeguarding_and_staff_alerts():
    lead = make_user(email="lead@example.org")
    lead.groups.add(Group.objects.get(name="Safeguarding lead"))
    make_staff(email="access@example.org")
    source = Group.objects.create(name="Stand-in source")
    screen_and_flag(
        source,
        {"Anything else?": "I don't feel safe, my stepdad hits me and I want to die"},
        source_label="Consultation response ABC123",
    )
    Client().post(
        "/accessible-formats/",
        {
            "document": "Our strategy",
            "document_url": "/strategy/",
            "format": "easy_read",
            "name": "Jo",
            "contact": "jo@example.org",
        },
    )


def cause_email_update_emails():
    client = Client()
    client.post("/email-updates/", {"email": "sub@example.org", "name": "Sub"})
    client.post(path_of(last_link("/email-updates/confirm/", "sub@example.org")))
    client.post("/email-updates/", {"email": "sub@example.org", "name": "Sub"})  # change link


def cause_account_emails(capture_on_commit):
    client = Client()
    new_password = "a long and brand new passphrase"
    client.post(
        "/accounts/signup/",
        {"email": "alex@example.org", "password1": new_password, "password2": new_password},
    )  # email_confirmation_signup
    client.post(path_of(last_link("/accounts/confirm-email/", "alex@example.org")))

    resident = make_user(email="res@example.org")
    Client().post(
        "/accounts/signup/",
        {"email": resident.email, "password1": new_password, "password2": new_password},
    )  # account_already_exists
    anonymous = Client()
    anonymous.post("/accounts/password/reset/", {"email": "nobody@example.org"})  # unknown
    anonymous.post("/accounts/password/reset/", {"email": resident.email})  # reset key
    reset = anonymous.get(path_of(last_link("/password/reset/key/", resident.email)))
    anonymous.post(
        reset["Location"], {"password1": new_password, "password2": new_password}
    )  # password_reset notification

    signed_in = Client()
    sign_in(signed_in, resident.email, password=new_password)
    signed_in.post(
        "/accounts/password/change/",
        {"oldpassword": new_password, "password1": PASSWORD, "password2": PASSWORD},
    )  # password_changed
    signed_in.post("/accounts/email/", {"action_add": "", "email": "res2@example.org"})
    # email_confirmation for the new address; making it the main one sends email_changed.
    signed_in.post(path_of(last_link("/accounts/confirm-email/", "res2@example.org")))
    signed_in.post("/accounts/email/", {"action_primary": "", "email": "res2@example.org"})

    staff = make_staff(email="staff@example.org")
    staff_client = Client()
    sign_in(staff_client, staff.email)
    staff_client.get("/accounts/2fa/totp/activate/")
    secret = staff_client.session["mfa.totp.secret"]
    with capture_on_commit(execute=True):  # allauth sends MFA emails after the commit
        staff_client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    with capture_on_commit(execute=True):
        staff_client.post("/accounts/2fa/recovery-codes/generate/")
    with capture_on_commit(execute=True):
        staff_client.post("/accounts/2fa/totp/deactivate/")

    # allauth sends these from flows the site does not switch on (codes instead of links,
    # passwords set without one, passkeys added in a real browser, and email_confirm, which
    # allauth 65 never sends): render them the same way.
    request = RequestFactory().get("/accounts/email/")
    request.user = resident
    with allauth_context.request_context(request):
        adapter = get_adapter(request)
        for template in (
            "account/email/email_deleted",
            "account/email/email_confirm",
            "account/email/password_set",
            "mfa/email/webauthn_added",
            "mfa/email/webauthn_removed",
        ):
            adapter.send_notification_mail(template, resident, {"deleted_email": "o@example.org"})
        for template in ("account/email/login_code", "account/email/password_reset_code"):
            adapter.send_mail(template, resident.email, {"code": "ABC123", "user": resident})


def test_every_email_links_only_to_the_configured_site_address(
    settings,
    rendered,
    consultation,  # noqa: F811
    skip_min_time,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILADMIN_BASE_URL = SITE + "/"  # a trailing slash must not double up

    cause_event_emails()
    cause_consultation_emails(consultation)
    cause_safeguarding_and_staff_alerts()
    cause_email_update_emails()
    cause_coordinator_publishing_and_commitment_emails(consultation)
    cause_account_emails(django_capture_on_commit_callbacks)

    missing = email_templates() - rendered
    assert not missing, f"emails never sent in this test: {sorted(missing)}"
    links = 0
    for message in mail.outbox:
        texts = [message.body, *(alt[0] for alt in getattr(message, "alternatives", []))]
        texts += list(message.extra_headers.values())
        for text in texts:
            for link in LINK.findall(text):
                links += 1
                assert link.startswith(SITE + "/"), (message.subject, link)
                assert SITE + "//" not in link, (message.subject, link)
    assert links >= len(mail.outbox) - 10  # almost every email has a link; none was skipped


def test_make_run_links_to_the_demo_servers_own_address():
    """`make run` serves http://127.0.0.1:8000, so the demo's emails link there, port and all
    (the dev settings read the address the Makefile exports)."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    script = (
        "import django; django.setup(); from home.links import site_url; print(site_url('/x/'))"
    )
    made = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert made.stdout.strip() == "http://127.0.0.1:8000/x/", made.stderr
    makefile = (REPO / "Makefile").read_text()
    assert "run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)" in makefile
