"""You said, we did: publishing results emails everyone who opted in, exactly once."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from wagtail import hooks

from consultations.models import ConsultationPage, Response
from consultations.services import new_reference, new_submission_token, publish_results
from consultations.wagtail_hooks import publish_consultation_results


def add_response(page, email=""):
    return Response.objects.create(
        consultation=page,
        reference=new_reference(),
        submission_token=new_submission_token(),
        contact_email=email,
    )


def close_with_results(page):
    page.closes_at = timezone.now() - timedelta(minutes=1)
    page.opens_at = page.closes_at - timedelta(days=10)
    page.results_what_we_will_do = "<p>We will open two more youth clubs.</p>"
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_publishing_results_notifies_opted_in_respondents_once(consultation):
    wants = [add_response(consultation, f"person{n}@example.org") for n in range(3)]
    add_response(consultation)  # did not opt in
    page = close_with_results(consultation)

    assert publish_results(page) is True
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.contact_email for r in wants)
    assert all(r.notified_at for r in Response.objects.exclude(contact_email=""))
    assert "What happened after" in mail.outbox[0].subject

    # Published again (an editor fixes a typo): nobody is emailed twice.
    page.save_revision().publish()
    assert publish_results(ConsultationPage.objects.get(pk=page.pk)) is False
    assert len(mail.outbox) == 3
    assert ConsultationPage.objects.get(pk=page.pk).current_status == "results_published"


def test_results_published_date_survives_later_revisions(consultation):
    page = close_with_results(consultation)
    publish_results(page)
    first = ConsultationPage.objects.get(pk=page.pk).results_published_at
    page = ConsultationPage.objects.get(pk=page.pk)
    page.results_when = "Next spring"
    page.save_revision().publish()
    assert ConsultationPage.objects.get(pk=page.pk).results_published_at == first


def test_open_consultations_and_empty_results_are_not_published(consultation):
    add_response(consultation, "a@example.org")
    consultation.results_what_we_will_do = "<p>Too early.</p>"
    assert publish_results(consultation) is False
    closed = close_with_results(consultation)
    closed.results_what_we_will_do = ""
    assert publish_results(closed) is False
    assert not mail.outbox


def test_the_after_publish_hook_calls_the_service(rf, consultation):
    assert publish_consultation_results in hooks.get_hooks("after_publish_page")
    add_response(consultation, "a@example.org")
    page = close_with_results(consultation)
    publish_consultation_results(rf.get("/"), page)
    publish_consultation_results(rf.get("/"), page)
    assert len(mail.outbox) == 1


def test_results_page_shows_you_said_we_did(client, consultation):
    page = close_with_results(consultation)
    publish_results(page)
    body = client.get(page.url).content.decode()
    assert "You said, we did" in body
    assert "We will open two more youth clubs." in body
