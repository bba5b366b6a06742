"""The respondent's side of publishing (decision 0036), through real HTTP: off by default,
an unticked yes or no, the age question, a parent or carer's link for under-16s, and taking
consent back."""

from consultations.models import PublicationConsent
from home.models import OutboundEmail

from ..helpers import submission_token, submit
from .conftest import check_page, parent_link, send


def test_publishing_is_off_by_default(client, make_consultation, skip_min_time):
    from .conftest import SURVEY

    page = make_consultation(slug="quiet", survey=SURVEY)
    assert page.publish_responses is False
    body = check_page(client, page, "16_17")
    assert 'name="publish"' not in body
    submit(client, page, submission_token(client, page), publish="yes")
    assert not PublicationConsent.objects.exists()
    assert client.get(page.subpage_url("published_responses_route")).status_code == 404
    assert "Read answers people agreed" not in client.get(page.url).content.decode()


def test_the_choice_is_unticked_and_no_answer_means_no(client, publishing, skip_min_time):
    body = check_page(client, publishing, "16_17")
    assert "Can we publish your answers (without your name or anything that identifies you)?" in (
        body
    )
    radios = [tag for tag in body.split("<input") if 'name="publish"' in tag]
    assert len(radios) == 2 and not any("checked" in tag for tag in radios)
    # A 16-year-old is not asked their age again, nor for a parent.
    assert 'name="is_16_or_over"' not in body and 'name="parent_email"' not in body
    send(client, publishing, "16_17")
    assert not PublicationConsent.objects.exists()


def test_a_16_year_old_who_says_yes_is_publishable_at_once(client, publishing, skip_min_time):
    response = send(client, publishing, "16_17", publish="yes")
    consent = response.publication_consent
    assert consent.consented_at and consent.is_in_force and not consent.needs_parent_consent
    assert not OutboundEmail.objects.filter(purpose__contains="publication").exists()


def test_no_age_given_must_say_if_16_or_over(client, publishing, skip_min_time):
    body = check_page(client, publishing, "")
    assert 'name="is_16_or_over"' in body and 'name="parent_email"' in body
    reply = submit(client, publishing, submission_token(client, publishing), publish="yes")
    assert reply.status_code == 200
    assert "Tell us if you are 16 or over, or choose No above" in reply.content.decode()
    reply = submit(
        client,
        publishing,
        submission_token(client, publishing),
        publish="yes",
        is_16_or_over="yes",
    )
    assert reply.status_code == 302
    consent = PublicationConsent.objects.get()
    assert consent.says_16_or_over is True and consent.is_in_force


def test_under_16s_need_a_parent_email_and_their_agreement(client, publishing, skip_min_time):
    body = check_page(client, publishing, "11_15")
    assert 'name="is_16_or_over"' not in body and 'name="parent_email"' in body
    reply = submit(client, publishing, submission_token(client, publishing), publish="yes")
    assert "Enter your parent or carer&#x27;s email address" in reply.content.decode()
    reply = submit(
        client,
        publishing,
        submission_token(client, publishing),
        publish="yes",
        parent_email="parent@example.org",
    )
    assert reply.status_code == 302
    confirmation = client.get(reply["Location"]).content.decode()
    assert "We have emailed your parent or carer" in confirmation
    consent = PublicationConsent.objects.get()
    assert consent.needs_parent_consent and not consent.is_in_force
    assert "parent@example.org" not in str(PublicationConsent.objects.values().get())

    link = parent_link()
    page = client.get(link)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    consent.refresh_from_db()
    assert consent.parent_confirmed_at is None  # visiting never agrees
    assert client.post(link, {"action": "agree"}).status_code == 302
    consent.refresh_from_db()
    assert consent.parent_confirmed_at and consent.is_in_force
    # The same link lets the parent stop publication later.
    client.post(link, {"action": "stop"})
    consent.refresh_from_db()
    assert consent.withdrawn_at and not consent.is_in_force


def test_an_under_16_who_says_they_are_under_16_needs_a_parent(client, publishing, skip_min_time):
    check_page(client, publishing, "")
    submit(
        client,
        publishing,
        submission_token(client, publishing),
        publish="yes",
        is_16_or_over="no",
        parent_email="carer@example.org",
    )
    consent = PublicationConsent.objects.get()
    assert consent.needs_parent_consent and not consent.is_in_force
    assert OutboundEmail.objects.filter(to=["carer@example.org"]).exists()


def test_links_are_personal(client, publishing, skip_min_time):
    send(client, publishing, "11_15", publish="yes", parent_email="parent@example.org")
    consent = PublicationConsent.objects.get()
    link = parent_link()
    assert client.get(link.replace("/parent/", "/respondent/")).status_code == 404
    assert client.get(link[:-3] + "00/").status_code == 404
    assert client.get(f"/publish-consent/other/{consent.pk}/x/").status_code == 404
    respondent = consent.get_link_path("respondent")
    # The respondent's own link can stop publication, never agree for the parent.
    client.post(respondent, {"action": "agree"})
    consent.refresh_from_db()
    assert consent.parent_confirmed_at is None


def test_the_respondent_stops_publication_from_the_confirmation_page(
    client, publishing, skip_min_time
):
    response = send(client, publishing, "16_17", publish="yes")
    confirmation = client.get(
        publishing.subpage_url("confirmation_route", reference=response.reference)
    ).content.decode()
    consent = PublicationConsent.objects.get()
    link = consent.get_link_path("respondent")
    assert link in confirmation
    client.post(link, {"action": "stop"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_parent_link_past_its_week_cannot_agree(client, publishing, skip_min_time):
    send(client, publishing, "11_15", publish="yes", parent_email="parent@example.org")
    PublicationConsent.objects.update(parent_link_expires_at="2020-01-01T00:00:00Z")
    link = parent_link()
    assert "can no longer be used to agree" in client.get(link).content.decode()
    client.post(link, {"action": "agree"})
    assert PublicationConsent.objects.get().parent_confirmed_at is None
