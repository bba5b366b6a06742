from datetime import date

import pytest

from django.core import mail

from accessible_formats.models import AccessibleFormatRequest
from accessible_formats.services import request_accessible_format
from home.working_days import add_working_days
from tests.accounts.helpers import make_staff


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2026, 11, 25), date(2026, 12, 2)),  # Wednesday: next Wednesday
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday: next Friday
        (date(2026, 11, 28), date(2026, 12, 4)),  # Saturday counts from Monday
        (date(2026, 4, 1), date(2026, 4, 10)),  # Easter: Good Friday and Easter Monday skipped
        (date(2026, 12, 23), date(2027, 1, 4)),  # Christmas, Boxing Day (28th) and New Year
    ],
)
def test_due_date_is_five_working_days_ahead(start, due):
    assert add_working_days(start, 5) == due


@pytest.mark.django_db
def test_request_is_stored_with_due_date_and_staff_are_alerted(client):
    staff = make_staff(email="access@example.org")
    page = client.get("/accessible-formats/?document=Our+strategy&url=/strategy/")
    assert page.status_code == 200
    assert page.content.count(b"<h1") == 1
    assert b'value="Our strategy"' in page.content

    response = client.post(
        "/accessible-formats/",
        {
            "document": "Our strategy",
            "document_url": "/strategy/",
            "format": "easy_read",
            "assistive_technology": "Screen reader",
            "name": "Jo Bloggs",
            "contact": "07700 900123",
        },
    )

    assert response["Location"] == "/accessible-formats/request-sent/"
    format_request = AccessibleFormatRequest.objects.get()
    assert format_request.document_url == "/strategy/"
    assert format_request.due_date == add_working_days(format_request.created_at.date(), 5)
    sent = client.get(response["Location"])
    assert f"{format_request.due_date:%-d %B %Y}".encode() in sent.content
    alert = mail.outbox[-1]
    assert alert.to == [staff.email]
    assert "Our strategy" in alert.body
    assert f"/admin/accessible_format_requests/edit/{format_request.pk}/" in alert.body
    for personal in ("Jo Bloggs", "07700", "Screen reader"):
        assert personal not in alert.body


@pytest.mark.django_db
def test_something_else_needs_details_and_outside_links_are_dropped(client):
    response = client.post(
        "/accessible-formats/",
        {"document": "Report", "format": "other", "name": "Jo", "contact": "jo@example.org"},
    )
    assert response.status_code == 200
    assert b"Tell us which format you need" in response.content
    assert AccessibleFormatRequest.objects.count() == 0

    client.post(
        "/accessible-formats/",
        {
            "document": "Report",
            "document_url": "https://evil.example/",
            "format": "braille",
            "name": "Jo",
            "contact": "jo@example.org",
        },
    )
    assert AccessibleFormatRequest.objects.get().document_url == ""


@pytest.mark.django_db
def test_admin_lists_requests_until_marked_done(staff_client):
    open_request = request_accessible_format(
        document="Youth survey results",
        format="large_print",
        name="A",
        contact="a@example.org",
    )
    done_request = request_accessible_format(
        document="Annual report",
        format="audio",
        name="B",
        contact="b@example.org",
    )
    done_request.is_done = True
    done_request.save()

    listing = staff_client.get("/admin/accessible_format_requests/")

    assert listing.status_code == 200
    assert b"Youth survey results" in listing.content
    assert b"Annual report" not in listing.content
    assert done_request.done_at is not None
    assert (
        staff_client.get(f"/admin/accessible_format_requests/edit/{open_request.pk}/").status_code
        == 200
    )


@pytest.mark.django_db
def test_requests_from_many_connections_cannot_flood_the_staff_inbox():
    """Issue 20: every request alerted staff, so a script on many addresses could bury the
    inbox. Past the hourly cap, requests are still stored; only the alert waits."""
    staff = make_staff(email="access@example.org")
    for number in range(25):
        request_accessible_format(
            document=f"Report {number}",
            format="large_print",
            name="Jo",
            contact="jo@example.org",
        )
    assert AccessibleFormatRequest.objects.count() == 25
    assert len([m for m in mail.outbox if m.to == [staff.email]]) == 20
