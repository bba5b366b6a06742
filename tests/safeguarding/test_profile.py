"""The lead's flag page says who wrote the answer, as far as we know: age band, borough and
network for a consultation response; the equivalent fields for a booking or YPAG interest;
"Not given" for anything absent or for a source that no longer exists."""

import pytest

from django.contrib.auth.models import Group, User
from django.urls import reverse

from events.models import EventPage, Registration
from home.models import Borough, Network
from safeguarding import services
from safeguarding.models import SafeguardingCategory
from safeguarding.sources import respondent_profile
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.mfa import give_mfa
from ypag.models import YPAGInterest

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client):
    user = User.objects.create_user("lead", "lead@example.org", "pw-123456789")
    user.groups.add(Group.objects.get(name="Safeguarding lead"))
    give_mfa(user)
    client.force_login(user)
    return client


def flag_page(client, source, user=None):
    flag = services.flag_by_hand(
        source,
        {"Q": "text"},
        source_label="Something",
        user=user or User.objects.get(username="lead"),
        category_ids=[SafeguardingCategory.objects.first().pk],
    )
    return client.get(reverse("safeguarding:detail", args=[flag.pk])).content.decode(), flag


def facts(html):
    start = html.index("Who wrote it")
    return " ".join(html[start : html.index("What they wrote")].split())


def test_a_response_shows_age_band_borough_and_network(lead_client):
    borough = Borough.objects.get(slug="hackney")
    network = Network.objects.get(slug="parent-carer-champions-hackney")
    response = make_response(
        make_consultation(), age_band="16_17", borough=borough, networks=[network]
    )
    html, _ = flag_page(lead_client, response)
    section = facts(html)
    assert f"<dt>Age band</dt> <dd>{response.get_age_band_display()}</dd>" in section
    assert "<dt>Borough</dt> <dd>Hackney</dd>" in section
    assert f"<dt>Network</dt> <dd>{network.name}</dd>" in section


def test_what_was_not_given_says_so(lead_client):
    response = make_response(make_consultation(), age_band="")
    html, flag = flag_page(lead_client, response)
    section = facts(html)
    assert section.count("Not given") == 3
    # Deleted by retention or by the respondent: the flag still reads.
    response.delete()
    html = lead_client.get(reverse("safeguarding:detail", args=[flag.pk])).content.decode()
    assert facts(html).count("Not given") == 3


def test_bookings_and_ypag_interest_show_their_equivalents():
    borough = Borough.objects.get(slug="hackney")
    event = EventPage(title="Football", borough=borough)
    booking = Registration(event=event, first_name="A", email="a@example.org", under_16=True)
    assert respondent_profile(booking) == [
        ("Age", "Under 16"),
        ("Borough (of the event)", "Hackney"),
        ("Network (of the event)", "Not given"),
    ]
    interest = YPAGInterest(age=15, borough=borough, reason="x", contact_email="a@example.org")
    assert respondent_profile(interest) == [
        ("Age", "15"),
        ("Borough", "Hackney"),
        ("Network", "Not given"),
    ]
