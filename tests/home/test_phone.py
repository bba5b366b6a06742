"""UK phone numbers in forms are checked and written one way (home.phone, with phonenumbers)."""

import pytest

from django.core.exceptions import ValidationError

from accessible_formats.models import AccessibleFormatRequest
from home.models import SupportService
from home.phone import normalise_helpline, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07911123456", "07911 123456"),
        ("+44 7911 123456", "07911 123456"),
        ("0044 (0)20 7946 0000", "020 7946 0000"),
        ("0207 946 0000", "020 7946 0000"),
        ("07700 900123", "07700 900123"),  # Ofcom's drama range: real-shaped, so accepted
        ("0800 1111", "0800 1111"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    ],
)
def test_numbers_are_written_one_way(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "12345", "999", "call me", "0791112345678", "1" * 50])
def test_what_is_not_a_number_to_call_is_refused(typed):
    assert normalise_phone(typed) is None


def test_helplines_may_be_short_numbers():
    assert normalise_helpline("116  123") == "116 123"
    assert normalise_helpline("999") == "999"
    assert normalise_helpline("0808 800 5000") == "0808 800 5000"
    assert normalise_helpline("123") == "123"  # the speaking clock is a real short number
    assert normalise_helpline("12") is None
    assert normalise_helpline("0000") is None


@pytest.mark.django_db
def test_support_service_phone_is_checked_and_normalised():
    service = SupportService(name="Helpline", description="Help", phone="+442079460000")
    service.full_clean()
    assert service.phone == "020 7946 0000"
    service.phone = "not a number"
    with pytest.raises(ValidationError) as raised:
        service.full_clean()
    assert "phone" in raised.value.message_dict


FORMAT_REQUEST = {
    "document": "Our strategy",
    "format": "easy_read",
    "name": "Jo Bloggs",
}


@pytest.mark.django_db
def test_accessible_format_request_stores_the_phone_number_one_way(client):
    response = client.post("/accessible-formats/", {**FORMAT_REQUEST, "contact": "+447911123456"})
    assert response.status_code == 302
    assert AccessibleFormatRequest.objects.get().contact == "07911 123456"


@pytest.mark.django_db
@pytest.mark.parametrize("contact", ["12345", "jo@", "ring me"])
def test_accessible_format_request_refuses_what_is_neither_email_nor_phone(client, contact):
    response = client.post("/accessible-formats/", {**FORMAT_REQUEST, "contact": contact})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_contact"' in body
    assert 'value="' + contact + '"' in body  # what was typed is kept
    assert AccessibleFormatRequest.objects.count() == 0
