"""Where the booker sees their reference and QR code: the manage page, the emails and the
calendar file (docs/decisions/0028-check-in-at-the-door.md)."""

import pytest

from django.core import mail

from events import services
from events.qr import qr_svg
from home.links import site_url

pytestmark = pytest.mark.django_db


def test_the_manage_page_shows_the_qr_code_and_reference(client, event, amara):
    html = client.get(amara.get_manage_path()).content.decode()
    assert amara.reference in html
    assert (
        qr_svg(site_url(amara.get_check_in_path()), label="x").split('aria-label="x"')[1][:200]
        in html
    )
    assert 'role="img" aria-label="QR code for booking reference' in html


def test_no_qr_code_without_a_confirmed_place(client, make_event):
    event = make_event(capacity=1)
    services.book_place(event, first_name="Amara", email="amara@example.org")
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    html = client.get(bola.get_manage_path()).content.decode()
    assert "<svg" not in html and bola.reference not in html


def test_the_email_and_calendar_carry_the_reference_and_link(client, event, amara):
    [message] = mail.outbox
    assert f"Your booking reference: {amara.reference}" in message.body
    assert site_url(amara.get_manage_path()) in message.body
    [(_name, ics, _type)] = message.attachments
    ics = ics.decode() if isinstance(ics, bytes) else ics
    unfolded = ics.replace("\r\n ", "")
    assert f"Your booking reference: {amara.reference}" in unfolded
    assert site_url(amara.get_check_in_path()) in unfolded.replace("\\", "")

    own = client.get(amara.get_calendar_path()).content.decode().replace("\r\n ", "")
    assert amara.reference in own
    public = client.get(f"/events/{event.pk}/calendar.ics").content.decode()
    assert amara.reference not in public.replace("\r\n ", "")
